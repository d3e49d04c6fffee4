// Command bench measures reel against a hand-written one-pass ffmpeg command
// doing the same job, in the same run, and prints the ratios (make bench).
//
// The job: seven 4 s clips (six 1280x720 at 30 fps, one 1920x1080 at 24 fps,
// three of them silent) into a 1280x720 30 fps film with 0.5 s crossfades (xfade's fade on both
// sides: reel's `fade`), and the same film into three renditions.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"
)

// clip is one benchmark input.
type clip struct {
	name          string
	width, height int
	fps           int
	audio         bool
}

var clips = []clip{
	{"c1.mp4", 1280, 720, 30, true},
	{"c2.mp4", 1280, 720, 30, false},
	{"c3.mp4", 1920, 1080, 24, true},
	{"c4.mp4", 1280, 720, 30, true},
	{"c5.mp4", 1280, 720, 30, false},
	{"c6.mp4", 1280, 720, 30, true},
	{"c7.mp4", 1280, 720, 30, false},
}

// run is the cost of one command.
type run struct {
	wall, cpu time.Duration
	maxRSSKB  int64    // the largest single process
	reelRSSKB int64    // reel's own process (reel runs only)
	ran       []string // jobs that ran, not served from the cache (reel runs only)
}

func main() {
	reel := flag.String("reel", "bin/reel", "the reel binary")
	reps := flag.Int("reps", 2, "repetitions of each command (the fastest counts)")
	jobs := flag.Int("jobs", 2, "reel --jobs")
	keep := flag.Bool("keep", false, "keep the benchmark directory")
	rend := flag.Bool("renditions", true, "also measure three renditions from one render against three renders and one hand-written command")
	incr := flag.Bool("incremental", true, "also measure re-renders through the cache, 1 vs 2 jobs and the preview")
	grades := flag.Bool("grades", true, "also measure every grade preset's CPU against the ungraded render")
	film := flag.Bool("film", true, "measure the film against the hand-written one-pass command (false: only the sections asked for)")
	layers := flag.Bool("layers", true, "also measure a lower third and a logo against the same film without them, and a title's re-render")
	variants := flag.Int("batch", 20, "also measure a cold batch of this many titled variants against as many renders and one-pass commands; 0 skips it")
	serveN := flag.Int("serve", 20, "also measure this many small renders through reel serve's API with 1 and 2 workers, and a cached render's overhead; 0 skips it")
	distribute := flag.Bool("distribute", true, "also measure the bench film four times over through reel serve with its jobs spread over one, then two pinned workers")
	scenes := flag.Int("scale", 3200, "also measure planning a film of this many scenes (and a quarter of it); 0 skips it")
	flag.Parse()
	dir, err := os.MkdirTemp("", "reel-bench-")
	check(err)
	if !*keep {
		defer os.RemoveAll(dir)
	}
	fmt.Println("bench: making 7 clips of 4 s ...")
	for _, c := range clips {
		makeClip(dir, c)
	}
	project := writeProject(dir)
	if *film {
		var ref, rl []run
		for i := 0; i < *reps; i++ {
			ref = append(ref, timeCmd("ffmpeg", onePassArgs(dir, filepath.Join(dir, "onepass.mp4"))))
			rl = append(rl, timeReel(*reel, project, filepath.Join(dir, "reel.mp4"), *jobs))
		}
		report(best(ref), best(rl), *jobs)
	}
	if *rend {
		renditions(*reel, dir, *reps, *jobs)
	}
	if *incr {
		incremental(*reel, dir, *jobs)
	}
	if *grades {
		gradeBench(*reel, dir, *reps, *jobs)
	}
	if *layers {
		layersBench(*reel, dir, *reps, *jobs)
	}
	if *variants > 0 {
		batchBench(*reel, dir, min(*variants, len(batchNames)-1), *jobs)
	}
	if *serveN > 0 {
		serveBench(*reel, dir, *serveN, *jobs)
	}
	if *distribute {
		distBench(*reel, dir, *jobs)
	}
	if *scenes > 0 {
		scale(*reel, dir, *scenes)
	}
}

// makeClip renders a clip like a generator's output: detail and motion
// that make encoding real work, at a generator-like bitrate (about 5 Mbit/s
// at 720p, CABAC, deblocked), so decoding costs what it costs in practice.
func makeClip(dir string, c clip) {
	args := []string{"-hide_banner", "-loglevel", "error", "-y",
		"-f", "lavfi", "-i", fmt.Sprintf("testsrc2=s=%dx%d:r=%d:d=4,noise=alls=8:allf=t", c.width, c.height, c.fps)}
	if c.audio {
		args = append(args, "-f", "lavfi", "-i", "sine=f=330:d=4:r=48000", "-c:a", "aac", "-ac", "2")
	}
	args = append(args, "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p", filepath.Join(dir, c.name))
	out, err := exec.Command("ffmpeg", args...).CombinedOutput()
	if err != nil {
		fatal("make %s: %v\n%s", c.name, err, out)
	}
}

func writeProject(dir string) string {
	return writeVariant(dir, "project.yaml", nil)
}

// writeVariant writes the benchmark project with extra YAML appended to the
// scenes given by index (e.g. a transition or a grade).
func writeVariant(dir, name string, extra map[int]string) string {
	return writeFilm(dir, name, "", extra)
}

// writeFilm writes the benchmark project with top-level YAML (e.g. layers)
// and extra YAML appended to the scenes given by index.
func writeFilm(dir, name, top string, extra map[int]string) string {
	var b strings.Builder
	b.WriteString(top)
	b.WriteString("output: {path: reel.mp4, size: 1280x720, fps: 30, codec: h264, preset: veryfast, crf: 21}\n")
	// The hand-written reference does no loudness pass, so neither does the
	// project: both sides do the same work (loudness has its own tests).
	b.WriteString("audio: {loudness: off}\n")
	b.WriteString("transition: {type: fade, duration: 0.5s}\nscenes:\n")
	for i, c := range clips {
		fmt.Fprintf(&b, "  - {source: %s%s}\n", c.name, extra[i])
	}
	path := filepath.Join(dir, name)
	check(os.WriteFile(path, []byte(b.String()), 0o644))
	return path
}

// onePassArgs is the hand-written single ffmpeg command for the same film:
// every clip conformed, xfaded in one graph, audio crossfaded, one encode.
func onePassArgs(dir, out string) []string {
	args := []string{"-hide_banner", "-loglevel", "error", "-y"}
	for _, c := range clips {
		args = append(args, "-i", filepath.Join(dir, c.name))
	}
	g, v, a := filmGraph()
	return append(args, "-filter_complex", strings.Join(g, ";"), "-map", "["+v+"]", "-map", "["+a+"]",
		"-c:v", "libx264", "-preset", "veryfast", "-crf", "21", "-pix_fmt", "yuv420p",
		"-c:a", "aac", "-b:a", "192k", "-movflags", "+faststart", out)
}

// filmGraph is the hand-written filter graph of the film: every clip
// conformed, crossfaded (xfade's fade, audio acrossfade) in one graph. It
// returns the graph and the labels of its picture and sound.
func filmGraph() (g []string, v, a string) {
	for i, c := range clips {
		g = append(g, fmt.Sprintf("[%d:v]fps=30,scale=1280:720:force_original_aspect_ratio=increase,crop=1280:720,setsar=1,format=yuv420p,settb=1/30[v%d]", i, i))
		if c.audio {
			g = append(g, fmt.Sprintf("[%d:a]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo,apad,atrim=end_sample=192000[a%d]", i, i))
		} else {
			g = append(g, fmt.Sprintf("anullsrc=r=48000:cl=stereo,atrim=end_sample=192000[a%d]", i))
		}
	}
	v, a = "v0", "a0"
	for i := 1; i < len(clips); i++ {
		off := float64(i) * 3.5
		g = append(g, fmt.Sprintf("[%s][v%d]xfade=transition=fade:duration=0.5:offset=%.3f[x%d]", v, i, off, i))
		g = append(g, fmt.Sprintf("[%s][a%d]acrossfade=ns=24000[m%d]", a, i, i))
		v, a = fmt.Sprintf("x%d", i), fmt.Sprintf("m%d", i)
	}
	return g, v, a
}

// timeCmd runs a command and measures its wall time, its CPU time (its
// children included) and its peak memory.
func timeCmd(bin string, args []string) run {
	cmd := exec.Command(bin, args...)
	cmd.Stderr = os.Stderr
	start := time.Now()
	check(cmd.Run())
	return usageOf(cmd, time.Since(start))
}

func usageOf(cmd *exec.Cmd, wall time.Duration) run {
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	return run{wall: wall, cpu: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), maxRSSKB: ru.Maxrss}
}

// timeReel renders with reel and takes the per-process peaks from its report.
func timeReel(reel, project, out string, jobs int, extra ...string) run {
	r, err := tryReel(reel, project, out, jobs, extra...)
	check(err)
	return r
}

// tryReel is timeReel returning the failure (with reel's stderr).
func tryReel(reel, project, out string, jobs int, extra ...string) (run, error) {
	if len(extra) == 0 {
		extra = []string{"--no-cache"}
	}
	args := append([]string{"render", project, "-o", out, "--jobs", fmt.Sprint(jobs), "--progress", "none", "--json"}, extra...)
	cmd := exec.Command(reel, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	stdout, err := cmd.Output()
	wall := time.Since(start)
	if err != nil {
		return run{}, fmt.Errorf("%v: %s", err, strings.TrimSpace(stderr.String()))
	}
	var sum struct {
		Jobs []struct {
			Job      string `json:"job"`
			MaxRSSKB int64  `json:"max_rss_kb"`
			Cached   bool   `json:"cached"`
		} `json:"jobs"`
		ReelRSS int64 `json:"reel_max_rss_kb"`
	}
	if err := json.Unmarshal(stdout, &sum); err != nil {
		return run{}, err
	}
	r := run{wall: wall, cpu: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), reelRSSKB: sum.ReelRSS}
	for _, j := range sum.Jobs {
		r.maxRSSKB = max(r.maxRSSKB, j.MaxRSSKB)
		if !j.Cached {
			r.ran = append(r.ran, j.Job)
		}
	}
	return r, nil
}

// best is the fastest repetition.
func best(rs []run) run {
	sort.Slice(rs, func(i, j int) bool { return rs[i].wall < rs[j].wall })
	return rs[0]
}

func report(ref, rl run, jobs int) {
	fmt.Printf("\n%-28s %10s %10s %14s\n", "", "wall", "cpu", "peak process")
	fmt.Printf("%-28s %9.2fs %9.2fs %11.0f MB\n", "one-pass ffmpeg (reference)", ref.wall.Seconds(), ref.cpu.Seconds(), float64(ref.maxRSSKB)/1024)
	fmt.Printf("%-28s %9.2fs %9.2fs %11.0f MB   (reel itself: %.0f MB)\n", fmt.Sprintf("reel render --jobs %d", jobs), rl.wall.Seconds(), rl.cpu.Seconds(), float64(rl.maxRSSKB)/1024, float64(rl.reelRSSKB)/1024)
	wallR := rl.wall.Seconds() / ref.wall.Seconds()
	cpuR := rl.cpu.Seconds() / ref.cpu.Seconds()
	memR := float64(rl.maxRSSKB) / float64(ref.maxRSSKB)
	fmt.Printf("\nratios (reel / one-pass): wall %.3fx (target <= 1.0x) %s, cpu %.3fx (target <= 1.05x) %s, peak process memory %.3fx (target <= 0.4x) %s, reel RSS %.0f MB (target < 50 MB) %s\n",
		wallR, verdict(wallR <= 1.0), cpuR, verdict(cpuR <= 1.05), memR, verdict(memR <= 0.4), float64(rl.reelRSSKB)/1024, verdict(rl.reelRSSKB < 50*1024))
}

func verdict(ok bool) string {
	if ok {
		return "ok"
	}
	return "MISSED"
}

func check(err error) {
	if err != nil {
		fatal("%v", err)
	}
}

func fatal(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", a...)
	os.Exit(1)
}
