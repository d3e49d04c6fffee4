package timeline

import (
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/frac"
)

func TestBuild(t *testing.T) {
	ntsc := frac.New(30000, 1001)
	tests := []struct {
		name        string
		fps         frac.Rational
		frames      []int64
		trans       []int64
		wantTotal   int64
		wantStarts  []int64
		wantTrans   []int64
		wantWarns   int
		wantSamples int64
	}{
		{"cuts", frac.New(30, 1), []int64{30, 45, 15}, []int64{0, 0}, 90, []int64{0, 30, 75}, []int64{0, 0}, 0, 144000},
		{"dissolves", frac.New(30, 1), []int64{120, 120, 120}, []int64{15, 15}, 330, []int64{0, 105, 210}, []int64{15, 15}, 0, 528000},
		{"mixed lengths ntsc", ntsc, []int64{100, 90, 80, 70}, []int64{24, 0, 10}, 306, []int64{0, 76, 166, 236}, []int64{24, 0, 10}, 0, 490090},
		{"clamped to half the shorter", frac.New(25, 1), []int64{100, 11, 100}, []int64{40, 40}, 201, []int64{0, 95, 101}, []int64{5, 5}, 2, 385920},
		{"single scene", frac.New(24, 1), []int64{48}, []int64{}, 48, []int64{0}, []int64{}, 0, 96000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ids := make([]string, len(tt.frames))
			for i := range ids {
				ids[i] = string(rune('a' + i))
			}
			tl, warns, err := Build(tt.fps, ids, tt.frames, tt.trans)
			if err != nil {
				t.Fatal(err)
			}
			var sumF, sumT int64
			for _, f := range tt.frames {
				sumF += f
			}
			for _, tr := range tl.Transitions {
				sumT += tr.Frames
			}
			if tl.Frames != tt.wantTotal || tl.Frames != sumF-sumT {
				t.Errorf("total = %d, want %d (= %d - %d)", tl.Frames, tt.wantTotal, sumF, sumT)
			}
			for i, s := range tl.Scenes {
				if s.Start != tt.wantStarts[i] {
					t.Errorf("scene %d start = %d, want %d", i, s.Start, tt.wantStarts[i])
				}
				if from, to := s.Body(); to < from {
					t.Errorf("scene %d body [%d,%d) is negative", i, from, to)
				}
			}
			for i, tr := range tl.Transitions {
				if tr.Frames != tt.wantTrans[i] {
					t.Errorf("transition %d = %d frames, want %d", i, tr.Frames, tt.wantTrans[i])
				}
				if tr.Start != tl.Scenes[i+1].Start {
					t.Errorf("transition %d starts at %d, scene %d at %d", i, tr.Start, i+1, tl.Scenes[i+1].Start)
				}
			}
			if len(warns) != tt.wantWarns {
				t.Errorf("warnings = %q, want %d", warns, tt.wantWarns)
			}
			if got := tl.Samples(); got != tt.wantSamples {
				t.Errorf("samples = %d, want %d", got, tt.wantSamples)
			}
		})
	}
}

func TestSceneSamplesTile(t *testing.T) {
	// Scene audio spans minus overlaps must add up to the timeline exactly,
	// for an awkward rate where a frame is 1601.6 samples.
	tl, _, err := Build(frac.New(30000, 1001), []string{"a", "b", "c", "d"}, []int64{37, 53, 41, 29}, []int64{7, 0, 13})
	if err != nil {
		t.Fatal(err)
	}
	var total int64
	for i := range tl.Scenes {
		from, to := tl.SceneSamples(i)
		total += to - from
		if i > 0 {
			_, prevTo := tl.SceneSamples(i - 1)
			total -= prevTo - from
		}
	}
	if total != tl.Samples() {
		t.Fatalf("scene samples sum to %d, timeline has %d", total, tl.Samples())
	}
}

func TestBuildErrors(t *testing.T) {
	if _, _, err := Build(frac.New(30, 1), []string{"a"}, []int64{0}, nil); err == nil || !strings.Contains(err.Error(), `scene "a" has 0 frames`) {
		t.Errorf("zero-length scene: err = %v", err)
	}
	if _, _, err := Build(frac.New(30, 1), []string{"a", "b"}, []int64{1, 2}, nil); err == nil {
		t.Error("mismatched transitions: no error")
	}
}

// TestClampWarnings checks the texts of the clamp warnings, including a
// transition beside a one-frame scene, which clamps to a cut.
func TestClampWarnings(t *testing.T) {
	_, warns, err := Build(frac.New(30, 1), []string{"a", "b", "c"}, []int64{1, 30, 8}, []int64{10, 6})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"transition a → b: 10 frames clamped to 0 (at most half of either scene), so it is a cut",
		"transition b → c: 6 frames clamped to 4 (at most half of either scene)",
	}
	if strings.Join(warns, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings\n%s\nwant\n%s", strings.Join(warns, "\n"), strings.Join(want, "\n"))
	}
}
