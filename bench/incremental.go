package main

import (
	"fmt"
	"path/filepath"
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
	for i, st := range steps {
		project := writeVariant(dir, fmt.Sprintf("variant%d.yaml", i), st.extra)
		r, err := tryReel(reel, project, out, jobs, withCache...)
		if err != nil {
			fmt.Printf("%-28s skipped: %v\n", st.name, err)
			continue
		}
		ratio := r.wall.Seconds() / cold.wall.Seconds()
		switch {
		case st.target == 0:
			encodes := 0
			for _, j := range r.ran {
				if j != "mux" {
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
}
