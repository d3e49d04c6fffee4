package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// gradeClips are the clips of the grading benchmark: three 4 s scenes
// (two 720p30, one 1080p24) cut together into 12 s of 720p30.
var gradeClips = clips[:3]

// gradePresets are the shipped presets (kept in step with reel grades).
var gradePresets = []string{"natural", "cinematic", "warm", "cool", "noir", "vintage", "bleach-bypass", "vivid", "matte", "moonlight"}

// gradeBench renders the same film ungraded and under every preset, each
// without the cache, and prints each preset's CPU ratio graded/ungraded
// (target <= 1.15x). The renders go in rounds (ungraded, then every preset)
// so that load from other processes falls on all of them alike; the least
// CPU of the reps rounds counts.
func gradeBench(reel, dir string, reps, jobs int) {
	fmt.Printf("\ngrades: %d presets, each against the ungraded render (12 s of 720p30, --jobs %d, best of %d rounds)\n", len(gradePresets), jobs, reps)
	names := append([]string{"none"}, gradePresets...)
	best := map[string]time.Duration{}
	for i := 0; i < reps; i++ {
		for _, p := range names {
			cpu := renderCPU(reel, writeGradeProject(dir, p), dir, jobs)
			if b, ok := best[p]; !ok || cpu < b {
				best[p] = cpu
			}
		}
	}
	base := best["none"]
	fmt.Printf("%-14s %9.2fs cpu\n", "ungraded", base.Seconds())
	worst := 0.0
	for _, p := range gradePresets {
		r := best[p].Seconds() / base.Seconds()
		worst = max(worst, r)
		fmt.Printf("%-14s %9.2fs cpu  ratio %.3fx (target <= 1.15x) %s\n", p, best[p].Seconds(), r, verdict(r <= 1.15))
	}
	fmt.Printf("worst preset ratio %.3fx %s\n", worst, verdict(worst <= 1.15))
}

// writeGradeProject writes the benchmark film graded with preset.
func writeGradeProject(dir, preset string) string {
	var b strings.Builder
	b.WriteString("output: {path: graded.mp4, size: 1280x720, fps: 30, codec: h264, preset: veryfast, crf: 21}\n")
	// No loudness pass: its cost would dilute every ratio alike.
	b.WriteString("audio: {loudness: off}\n")
	fmt.Fprintf(&b, "grade: %s\nscenes:\n", preset)
	for _, c := range gradeClips {
		fmt.Fprintf(&b, "  - source: %s\n", c.name)
	}
	path := filepath.Join(dir, "grade-"+preset+".yaml")
	check(os.WriteFile(path, []byte(b.String()), 0o644))
	return path
}

// renderCPU renders project once without the cache and returns its CPU
// time (reel and its ffmpeg children).
func renderCPU(reel, project, dir string, jobs int) time.Duration {
	cmd := exec.Command(reel, "render", project, "-o", filepath.Join(dir, "graded.mp4"),
		"--jobs", fmt.Sprint(jobs), "--progress", "none", "--no-cache")
	cmd.Stderr = os.Stderr
	check(cmd.Run())
	return cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
}
