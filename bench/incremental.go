package main

import (
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
)

// incremental measures what the cache buys on the benchmark project: a cold
// render into an empty cache, the same render again, a render with one
// transition changed and one with one scene's grade changed, each as a
// ratio of the cold render's wall time; then 1 against 2 jobs and the preview
// against the full render (both without the cache).
func incremental(reel, dir string, jobs int) {
	cacheDir := filepath.Join(dir, "cache")
	withCache := []string{"--cache-dir", cacheDir}
	out := filepath.Join(dir, "incremental.mp4")
	fmt.Println("\nbench: incremental renders through the cache ...")
	cold := timeReel(reel, writeProject(dir), out, jobs, withCache...)
	steps := []struct {
		name   string
		extra  map[int]string
		target float64
	}{
		{"nothing changed", nil, 0},
		{"one transition changed", map[int]string{2: ", transition: {type: wipeleft, duration: 0.5s}"}, 0.25},
		{"one scene's grade changed", map[int]string{2: ", transition: {type: wipeleft, duration: 0.5s}", 4: ", grade: warm"}, 0.35},
	}
	fmt.Printf("%-28s %9.2fs  (cold: every job rendered into an empty cache)\n", "cold render", cold.wall.Seconds())
	var lastEdit float64 // the full render after the last step's edit
	for i, st := range steps {
		project := writeVariant(dir, fmt.Sprintf("variant%d.yaml", i), st.extra)
		r, err := tryReel(reel, project, out, jobs, withCache...)
		if err != nil {
			fmt.Printf("%-28s skipped: %v\n", st.name, err)
			continue
		}
		ratio := r.wall.Seconds() / cold.wall.Seconds()
		lastEdit = r.wall.Seconds()
		switch {
		case st.target == 0:
			encodes := 0
			for _, j := range r.ran {
				if !strings.HasPrefix(j, "mux") {
					encodes++
				}
			}
			fmt.Printf("%-28s %9.2fs  %.3fx of cold, %d encoding jobs ran (target: under 1 s, none) %s\n",
				st.name, r.wall.Seconds(), ratio, encodes, verdict(r.wall.Seconds() < 1 && encodes == 0))
		default:
			fmt.Printf("%-28s %9.2fs  %.3fx of cold (target <= %.2fx) %s; ran %s\n",
				st.name, r.wall.Seconds(), ratio, st.target, verdict(ratio <= st.target), strings.Join(r.ran, " "))
		}
	}
	one := timeReel(reel, writeProject(dir), out, 1)
	two := timeReel(reel, writeProject(dir), out, 2)
	fmt.Printf("%-28s %9.2fs with 1 job, %.2fs with 2: speed-up %.2fx\n", "parallel jobs (no cache)", one.wall.Seconds(), two.wall.Seconds(), one.wall.Seconds()/two.wall.Seconds())
	full := two
	prev := timeReel(reel, writeProject(dir), out, jobs, "--no-cache", "--preview")
	fmt.Printf("%-28s %9.2fs against %.2fs full: %.2fx faster (target >= 4x) %s\n", "preview (no cache)", prev.wall.Seconds(), full.wall.Seconds(),
		full.wall.Seconds()/prev.wall.Seconds(), verdict(full.wall.Seconds()/prev.wall.Seconds() >= 4))
	previewEdit(reel, dir, jobs, steps[len(steps)-2].extra, steps[len(steps)-1].extra, lastEdit)
	previewFloor(dir, full.wall.Seconds())
}

// previewEdit measures the editor's loop: the preview of the project before
// the last incremental step (through the cache), then the preview after that
// step's edit, against the full render after the same edit.
func previewEdit(reel, dir string, jobs int, before, edit map[int]string, fullEdit float64) {
	withCache := []string{"--preview", "--cache-dir", filepath.Join(dir, "preview-cache")}
	out := filepath.Join(dir, "edit.mp4")
	timeReel(reel, writeVariant(dir, "preview-before.yaml", before), out, jobs, withCache...)
	r := timeReel(reel, writeVariant(dir, "preview-edit.yaml", edit), out, jobs, withCache...)
	if fullEdit == 0 {
		return
	}
	fmt.Printf("%-28s %9.2fs against %.2fs full after the same edit: %.2fx faster; ran %s\n", "preview after an edit", r.wall.Seconds(), fullEdit,
		fullEdit/r.wall.Seconds(), strings.Join(r.ran, " "))
}

// previewFloor measures what no preview can avoid: decoding every source at
// its full size (H.264 has no reduced-size decoding), as a preview decodes
// it (one thread per job, no deblocking), on all of this machine's cores
// at once; and the same for reference frames only (half the motion).
func previewFloor(dir string, full float64) {
	cores := float64(runtime.NumCPU())
	decode := func(extra ...string) float64 {
		var cpu float64
		for _, c := range clips {
			args := append([]string{"-hide_banner", "-loglevel", "error", "-threads", "1", "-skip_loop_filter", "all"}, extra...)
			r := timeCmd("ffmpeg", append(args, "-i", filepath.Join(dir, c.name), "-an", "-f", "null", "-"))
			cpu += r.cpu.Seconds()
		}
		return cpu
	}
	all, ref := decode(), decode("-skip_frame", "noref")
	start := timeCmd("ffmpeg", []string{"-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "nullsrc=s=16x16:d=0.04", "-f", "null", "-"})
	budget := full / 4
	fmt.Printf("%-28s decoding the sources alone: %.2fs CPU = %.2fs on %d cores (reference frames only: %.2fs); 4x needs the whole preview in %.2fs, which leaves %.2fs for probing, scaling, encoding, transitions, audio, the join and about 25 process start-ups of %.0f ms\n",
		"preview floor", all, all/cores, int(cores), ref/cores, budget, budget-all/cores, start.cpu.Seconds()*1000)
}
