package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// scale measures how planning grows with the number of scenes: `reel plan`
// (cold cache, then warm), `reel validate`, and the time from starting
// `reel render` to its first progress event, for films of n/4 and n scenes
// cut from the benchmark clips. Each must stay linear; the plan of n scenes
// through the cache has a target (under 2 s for 3,200 scenes here). The
// cold plan also probes each clip for the first time, a cost per clip, not
// per scene.
func scale(reel, dir string, n int) {
	fmt.Printf("\nbench: planning films of many scenes (%d and %d) ...\n", n/4, n)
	fmt.Printf("%-34s %10s %10s %10s\n", "", fmt.Sprintf("%d", n/4), fmt.Sprintf("%d", n), "growth")
	small, large := scaleProject(dir, n/4), scaleProject(dir, n)
	cache := func(name string) []string { return []string{"--cache-dir", filepath.Join(dir, "scale-cache-"+name)} }
	steps := []struct {
		name string
		run  func(project string, size int) time.Duration
	}{
		{"reel plan, cold cache", func(p string, size int) time.Duration {
			return timeQuiet(reel, append([]string{"plan", p}, cache(fmt.Sprint(size))...))
		}},
		{"reel plan, warm cache", func(p string, size int) time.Duration {
			return timeQuiet(reel, append([]string{"plan", p}, cache(fmt.Sprint(size))...))
		}},
		{"reel validate", func(p string, _ int) time.Duration {
			return timeQuiet(reel, []string{"validate", p})
		}},
		{"render: first progress event", func(p string, size int) time.Duration {
			return firstEvent(reel, p, filepath.Join(dir, "scale.mp4"), cache(fmt.Sprint(size)))
		}},
	}
	for _, st := range steps {
		a, b := st.run(small, n/4), st.run(large, n)
		growth := b.Seconds() / a.Seconds()
		// Four times the scenes: linear work grows about 4x; quadratic, 16x.
		fmt.Printf("%-34s %9.2fs %9.2fs %9.1fx  (4x the scenes; linear %s)\n", st.name, a.Seconds(), b.Seconds(), growth, verdict(growth < 8))
		switch st.name {
		case "reel plan, cold cache":
			fmt.Printf("%-34s %21s  (includes probing the %d clips for the first time: 3 ffprobe runs each)\n", "", "", len(clips))
		case "reel plan, warm cache":
			fmt.Printf("%-34s %21s  target < 2 s for %d scenes %s\n", "", "", n, verdict(b < 2*time.Second))
		}
	}
}

// scaleProject writes a film of n one-second scenes cycling through the
// benchmark clips, with a short fade between each two.
func scaleProject(dir string, n int) string {
	var b strings.Builder
	b.WriteString("output: {path: scale.mp4, size: 640x360, fps: 30, preset: veryfast}\n")
	b.WriteString("transition: {type: fade, duration: 0.2s}\nscenes:\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "  - {source: %s, trim: {start: %dms, duration: 1s}}\n", clips[i%len(clips)].name, (i/len(clips))%3*500)
	}
	path := filepath.Join(dir, fmt.Sprintf("scale-%d.yaml", n))
	check(os.WriteFile(path, []byte(b.String()), 0o644))
	return path
}

// timeQuiet runs reel with its output discarded and returns the wall time.
func timeQuiet(bin string, args []string) time.Duration {
	cmd := exec.Command(bin, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		fatal("%s %s: %v: %s", bin, strings.Join(args, " "), err, stderr.String())
	}
	return time.Since(start)
}

// firstEvent starts a render, waits for its first JSON progress event,
// then interrupts it (Ctrl-C) and waits for it to clean up.
func firstEvent(reel, project, out string, extra []string) time.Duration {
	args := append([]string{"render", project, "-o", out, "--progress", "json"}, extra...)
	cmd := exec.Command(reel, args...)
	stderr, err := cmd.StderrPipe()
	check(err)
	start := time.Now()
	check(cmd.Start())
	sc := bufio.NewScanner(stderr)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var took time.Duration
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "{") {
			took = time.Since(start)
			break
		}
	}
	_ = cmd.Process.Signal(syscall.SIGINT)
	go func() { _, _ = io.Copy(io.Discard, stderr) }()
	_ = cmd.Wait()
	if took == 0 {
		fatal("reel render %s printed no progress event", project)
	}
	return took
}
