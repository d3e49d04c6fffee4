package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// rendition is one output of the renditions benchmark, with the encoder
// arguments the hand-written command uses for it: the settings reel's
// quality table gives that output (docs/project-file.md#outputs).
type rendition struct {
	name, file, yaml string
	video, audio     []string
}

var renditionSet = []rendition{
	{"master", "master.mp4", "{path: master.mp4, size: 1280x720, fps: 30, codec: h264, preset: veryfast, crf: 21}",
		[]string{"-c:v", "libx264", "-preset", "veryfast", "-crf", "21", "-pix_fmt", "yuv420p"},
		[]string{"-c:a", "aac", "-b:a", "192k", "-movflags", "+faststart"}},
	{"vertical", "vertical.mp4", "{path: vertical.mp4, size: 720x1280, fit: blur}",
		[]string{"-c:v", "libx264", "-preset", "veryfast", "-crf", "21", "-pix_fmt", "yuv420p"},
		[]string{"-c:a", "aac", "-b:a", "192k", "-movflags", "+faststart"}},
	{"small", "small.webm", "{path: small.webm, codec: vp9, size: 640x360}",
		vp9Args,
		[]string{"-c:a", "libopus", "-b:a", "160k"}},
}

// vp9Args are reel's VP9 settings at the standard quality.
var vp9Args = []string{"-c:v", "libvpx-vp9", "-b:v", "0", "-crf", "33", "-deadline", "good", "-cpu-used", "4", "-row-mt", "1", "-pix_fmt", "yuv420p"}

// renditions measures the bench film rendered into three renditions
// (1280x720 H.264, 720x1280 H.264 with a blurred fill, 640x360 VP9): one
// cold reel render writing all three, against three separate cold renders
// (one rendition each, --output NAME) and against one hand-written ffmpeg
// command that conforms and crossfades once and writes the three outputs.
func renditions(reel, dir string, reps, jobs int) {
	fmt.Println("\nbench: three renditions from one render ...")
	project := writeRenditions(dir)
	var one, sep, ref []run
	for i := 0; i < reps; i++ {
		ref = append(ref, timeCmd("ffmpeg", threeOutputArgs(dir)))
		one = append(one, timeReelArgs(reel, "render", project, "--no-cache", "--jobs", fmt.Sprint(jobs), "--progress", "none", "--json"))
		var sum run
		for _, r := range renditionSet {
			x := timeReelArgs(reel, "render", project, "--output", r.name, "--no-cache", "--jobs", fmt.Sprint(jobs), "--progress", "none", "--json")
			sum.wall += x.wall
			sum.cpu += x.cpu
			sum.maxRSSKB = max(sum.maxRSSKB, x.maxRSSKB)
		}
		sep = append(sep, sum)
	}
	// What sharing the decode can save at best, whatever the tool: the
	// hand-written three-output command against three hand-written
	// one-output commands. The encodes each rendition needs anyway bound
	// the ratio against three renders from below.
	var floor run
	for i := range renditionSet {
		x := timeCmd("ffmpeg", handArgs(dir, i))
		floor.wall += x.wall
		floor.cpu += x.cpu
	}
	o, s, r := best(one), best(sep), best(ref)
	fmt.Printf("%-34s %9.2fs %9.2fs\n", "hand-written 3-output ffmpeg", r.wall.Seconds(), r.cpu.Seconds())
	fmt.Printf("%-34s %9.2fs %9.2fs\n", "three hand-written 1-output ffmpeg", floor.wall.Seconds(), floor.cpu.Seconds())
	fmt.Printf("%-34s %9.2fs %9.2fs\n", "three reel renders (one each)", s.wall.Seconds(), s.cpu.Seconds())
	fmt.Printf("%-34s %9.2fs %9.2fs\n", "reel: one render, three outputs", o.wall.Seconds(), o.cpu.Seconds())
	sepR := o.wall.Seconds() / s.wall.Seconds()
	wallR, cpuR := o.wall.Seconds()/r.wall.Seconds(), o.cpu.Seconds()/r.cpu.Seconds()
	fmt.Printf("ratios: against three renders, wall %.3fx (target <= 0.6x) %s; against the hand-written command, wall %.3fx (target <= 1.0x) %s, cpu %.3fx (target <= 1.05x) %s\n",
		sepR, verdict(sepR <= 0.6), wallR, verdict(wallR <= 1.0), cpuR, verdict(cpuR <= 1.05))
	fmt.Printf("limit: the hand-written commands share the decode at %.3fx wall, %.3fx cpu (three outputs from one command against one command per output): no tool sharing only the decode goes under it\n",
		r.wall.Seconds()/floor.wall.Seconds(), r.cpu.Seconds()/floor.cpu.Seconds())
}

// writeRenditions writes the bench project with the three outputs.
func writeRenditions(dir string) string {
	var b strings.Builder
	b.WriteString("outputs:\n")
	for _, r := range renditionSet {
		b.WriteString("  - " + r.yaml + "\n")
	}
	b.WriteString("audio: {loudness: off}\ntransition: {type: fade, duration: 0.5s}\nscenes:\n")
	for _, c := range clips {
		fmt.Fprintf(&b, "  - {source: %s}\n", c.name)
	}
	path := filepath.Join(dir, "renditions.yaml")
	check(os.WriteFile(path, []byte(b.String()), 0o644))
	return path
}

// threeOutputArgs is the hand-written command for the three renditions: the
// film's graph once, its picture split three ways (as is; fitted with a
// blurred fill into 720x1280 the way reel's blur fit does it; scaled to
// 640x360), its sound split three ways, three encodes.
func threeOutputArgs(dir string) []string { return handArgs(dir, 0, 1, 2) }

// handArgs is the hand-written command writing the renditions of
// renditionSet at the given indexes from one decode of the clips.
func handArgs(dir string, which ...int) []string {
	args := []string{"-hide_banner", "-loglevel", "error", "-y"}
	for _, c := range clips {
		args = append(args, "-i", filepath.Join(dir, c.name))
	}
	g, v, a := filmGraph()
	n := len(which)
	vs, as := make([]string, n), make([]string, n)
	for k := range which {
		vs[k], as[k] = fmt.Sprintf("[s%d]", k), fmt.Sprintf("[a%d]", k)
	}
	g = append(g, fmt.Sprintf("[%s]split=%d%s", v, n, strings.Join(vs, "")), fmt.Sprintf("[%s]asplit=%d%s", a, n, strings.Join(as, "")))
	for k, i := range which {
		switch i {
		case 1: // the blur fit, as reel's conform.Fit writes it
			g = append(g, fmt.Sprintf("[s%d]split=2[bsrc][fsrc]", k),
				"[bsrc]scale=w=180:h=320:force_original_aspect_ratio=increase,crop=w=180:h=320,boxblur=luma_radius=10:chroma_radius=10:luma_power=2,scale=w=720:h=1280[bg]",
				"[fsrc]scale=w=720:h=1280:force_original_aspect_ratio=decrease:force_divisible_by=2[fg]",
				fmt.Sprintf("[bg][fg]overlay=x=(W-w)/2:y=(H-h)/2,format=yuv420p[r%d]", k))
		case 2:
			g = append(g, fmt.Sprintf("[s%d]scale=w=640:h=360[r%d]", k, k))
		default:
			g = append(g, fmt.Sprintf("[s%d]null[r%d]", k, k))
		}
	}
	args = append(args, "-filter_complex", strings.Join(g, ";"))
	for k, i := range which {
		r := renditionSet[i]
		args = append(args, "-map", fmt.Sprintf("[r%d]", k), "-map", fmt.Sprintf("[a%d]", k))
		args = append(args, r.video...)
		args = append(args, r.audio...)
		args = append(args, filepath.Join(dir, "hand-"+r.file))
	}
	return args
}

// timeReelArgs runs reel with the given arguments and measures it.
func timeReelArgs(reel string, args ...string) run {
	cmd := exec.Command(reel, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		fatal("%s %s: %v: %s", reel, strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return usageOf(cmd, time.Since(start))
}
