package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/internal/timecode"
	"github.com/reel-film/reel/pipeline/exec"
	"github.com/reel-film/reel/pipeline/plan"
)

// renderLayered renders the project yaml written in dir with the layers
// set adds (to the film as it renders, as the project file would), the
// text layers' fonts checked and measured as a render does; it returns
// the plan.
func renderLayered(t *testing.T, dir, yaml string, set func(p *config.Project)) *plan.Plan {
	t.Helper()
	path := filepath.Join(dir, "project.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	eng := NewEngine(Tools{FFmpeg: fftest.FFmpeg(), FFprobe: fftest.FFprobe()}, Cache{})
	prep, err := eng.Plan(ctx, Request{Path: path, WorkRoot: filepath.Join(dir, "work")})
	if err != nil {
		t.Fatal(err)
	}
	sp := *prep.Spec
	film := *sp.Film
	film.Scenes = append([]config.Scene(nil), film.Scenes...)
	set(&film)
	sp.Film = &film
	if sp.Fonts, err = MeasureLayers(ctx, &film, ""); err != nil {
		t.Fatalf("fonts: %v", err)
	}
	pl, err := plan.Build(plan.Input{Spec: &sp, WorkDir: filepath.Join(dir, "work", "w")})
	if err != nil {
		t.Fatalf("plan: %v", err)
	}
	if _, err := exec.Run(ctx, pl, exec.Options{FFmpeg: fftest.FFmpeg(), Jobs: 2, Cores: 2}); err != nil {
		t.Fatalf("render: %v", err)
	}
	return pl
}

// rect is a region of a frame: [x0,x1) x [y0,y1).
type rect struct{ x0, y0, x1, y1 int }

// mean is the mean grey level of r in frame f of width w.
func mean(f []byte, w int, r rect) float64 {
	sum, n := 0.0, 0
	for y := r.y0; y < r.y1; y++ {
		for x := r.x0; x < r.x1; x++ {
			sum += float64(f[y*w+x])
			n++
		}
	}
	return sum / float64(n)
}

// diff is the mean absolute difference of frames a and b inside r.
func diff(a, b []byte, w int, r rect) float64 {
	sum, n := 0.0, 0
	for y := r.y0; y < r.y1; y++ {
		for x := r.x0; x < r.x1; x++ {
			d := float64(a[y*w+x]) - float64(b[y*w+x])
			if d < 0 {
				d = -d
			}
			sum += d
			n++
		}
	}
	return sum / float64(n)
}

// bounds is the bounding box of the pixels of f differing from level by
// more than 40 (the drawn text or box); ok is false when there are none.
func bounds(f []byte, w, h int, level float64) (r rect, ok bool) {
	r = rect{w, h, -1, -1}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if d := float64(f[y*w+x]) - level; d > 40 || d < -40 {
				r.x0, r.y0, r.x1, r.y1 = min(r.x0, x), min(r.y0, y), max(r.x1, x+1), max(r.y1, y+1)
				ok = true
			}
		}
	}
	return r, ok
}

// frames is n frames as a duration.
func frames(t *testing.T, n int) *timecode.Duration {
	t.Helper()
	d, err := timecode.Parse(strconv.Itoa(n) + "f")
	if err != nil {
		t.Fatal(err)
	}
	return &d
}

// px and pct are lengths.
func px(v float64) *config.Length  { return &config.Length{Value: v} }
func pct(v float64) *config.Length { return &config.Length{Value: v, Percent: true} }

// boxLayer is a text layer in a white box with black text, its top-left
// corner at (x, y) px, on film frames [from, to).
func boxLayer(t *testing.T, txt string, x, y float64, from, to int) config.Layer {
	return config.Layer{Kind: config.LayerText, Text: txt, Size: px(16), Color: "black",
		Box: &config.Box{Color: "white", Padding: 4}, Position: config.Position{X: px(x), Y: px(y)},
		Start: *frames(t, from), End: frames(t, to), Opacity: 1}
}
