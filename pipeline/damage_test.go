package pipeline_test

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/pipeline/event"
	"github.com/reel-film/reel/pipeline/plan"
)

// corruptMiddle overwrites up to 20 KB of path at fraction of its length
// with other bytes, keeping its size and putting its modification time back:
// damage that no check of sizes, times or the file's ends can see.
func corruptMiddle(t *testing.T, path string, fraction float64) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	n := min(int64(20<<10), fi.Size()/4)
	off := int64(float64(fi.Size()) * fraction)
	off = max(0, min(off, fi.Size()-n))
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	old := make([]byte, n)
	if _, err := f.ReadAt(old, off); err != nil {
		t.Fatal(err)
	}
	for i := range old {
		old[i] ^= 0x5a
	}
	if _, err := f.WriteAt(old, off); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(path, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.Stat(path); after.Size() != fi.Size() || !after.ModTime().Equal(fi.ModTime()) {
		t.Fatalf("corrupting %s changed its size or time", path)
	}
}

// TestCorruptedEntryIsRedone damages the middle of stored files (same size,
// same time) of every kind (an encoded body, the audio mix, a transition
// window, the raw frames a transition reads) at several offsets. A damaged
// file that the render reads is found before it is read: a warning names the
// job and the file, that job is rendered again, and the film is the same as
// before, frame for frame. A damaged file that nothing reads (the raw frames
// of a transition whose own entry is a hit) costs nothing and changes nothing.
func TestCorruptedEntryIsRedone(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	clips(t, dir)
	ctx := context.Background()
	path := project(t, dir, "fade", "cover")
	cold, _, err := run(t, ctx, dir, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	ref := filepath.Join(dir, "reference.mp4")
	if err := os.Rename(cold.Output, ref); err != nil {
		t.Fatal(err)
	}
	type damage struct {
		job, suffix string
		fraction    float64
	}
	cases := []struct {
		name     string
		damage   []damage
		ran      string   // the jobs that run, sorted
		warnings []string // "job file" named by each warning, in order
	}{
		{"encoded body", []damage{{"s01-a", "-body.mp4", 0.5}}, "mux-out s01-a", []string{"s01-a s01-a-body.mp4"}},
		{"audio mix", []damage{{"audio", ".m4a", 0.4}}, "audio mux-out", []string{"audio audio.m4a"}},
		{"transition window", []damage{{"t-fade-a-b", ".mp4", 0.3}}, "mux-out t-fade-a-b", []string{"t-fade-a-b t-fade-a-b.mp4"}},
		{"raw tail read by a transition that runs", []damage{{"s02-b", "-tail.nut", 0.6}, {"t-fade-b-c", ".mp4", 0.5}},
			"mux-out s02-b t-fade-b-c", []string{"t-fade-b-c t-fade-b-c.mp4", "s02-b s02-b-tail.nut"}},
		{"raw head nothing reads", []damage{{"s02-b", "-head.nut", 0.8}}, "mux-out", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, d := range c.damage {
				corruptMiddle(t, output(t, cold, d.job, d.suffix), d.fraction)
			}
			var mu sync.Mutex
			var warnings []string
			p, ran, err := run(t, ctx, dir, path, func(ev event.Event) {
				if ev.State == "warning" {
					mu.Lock()
					warnings = append(warnings, ev.Job+": "+ev.Warning)
					mu.Unlock()
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(ran, " "); got != c.ran {
				t.Errorf("after damage ran [%s], want [%s]", got, c.ran)
			}
			if len(warnings) != len(c.warnings) {
				t.Errorf("warnings %q, want %d", warnings, len(c.warnings))
			}
			for i, w := range c.warnings {
				job, file, _ := strings.Cut(w, " ")
				if i < len(warnings) && (!strings.HasPrefix(warnings[i], job+": job "+job+": ") || !strings.Contains(warnings[i], file+" has changed since it was stored")) {
					t.Errorf("warning %d = %q, want one naming job %s and %s", i, warnings[i], job, file)
				}
			}
			assertStreams(t, p, 160, 90, "30")
			assertSameFilm(t, ref, p.Output)
		})
	}
}

// output is the stored file of job ending in suffix.
func output(t *testing.T, p *plan.Plan, job, suffix string) string {
	t.Helper()
	for _, o := range p.Job(job).Outputs {
		if strings.HasSuffix(o, suffix) {
			return o
		}
	}
	t.Fatalf("job %s has no output ending in %s: %v", job, suffix, p.Job(job).Outputs)
	return ""
}

// assertSameFilm compares a render with a reference: frame count, duration
// and the mean colour of frames spread over the film.
func assertSameFilm(t *testing.T, ref, got string) {
	t.Helper()
	n := fftest.FrameCount(t, ref)
	if g := fftest.FrameCount(t, got); g != n {
		t.Fatalf("%d frames, the reference has %d", g, n)
	}
	ri, gi := fftest.Info(t, ref), fftest.Info(t, got)
	if math.Abs(ri.Duration-gi.Duration) > 0.03 {
		t.Errorf("duration %.3fs, the reference %.3fs", gi.Duration, ri.Duration)
	}
	for _, f := range []int{0, n / 4, n / 2, 3 * n / 4, n - 1} {
		a, b := fftest.MeanRGB(t, ref, f), fftest.MeanRGB(t, got, f)
		for c := range a {
			if math.Abs(a[c]-b[c]) > 3 {
				t.Errorf("frame %d: mean RGB %v, the reference %v", f, b, a)
				break
			}
		}
	}
}
