package timecode

import (
	"testing"

	"github.com/reel-film/reel/internal/frac"
)

// FuzzParse checks that Parse never panics, and that whatever it accepts is
// a duration within the limits that converts to frames without overflow and
// reads back the same from its text. Seeds: testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"1.5s", "1500ms", "00:00:01.500", "45f", "01:30", "24h", "00:99:00", "999999999999h", ".5 s", "1:00:00"} {
		f.Add(s)
	}
	fastest, ntsc := frac.New(240, 1), frac.New(30000, 1001)
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s)
		if err != nil {
			if len(err.Error()) > 300 {
				t.Errorf("Parse(%.40q): a message of %d bytes", s, len(err.Error()))
			}
			return
		}
		if !d.InFrames && (d.Sec.Den <= 0 || d.Sec.Num < 0) {
			t.Fatalf("Parse(%q) = %v s, want a non-negative fraction", s, d.Sec)
		}
		if n := d.Frames(fastest); n < 0 || n > MaxFrames {
			t.Fatalf("Parse(%q).Frames(240) = %d, want 0..%d", s, n, MaxFrames)
		}
		if n := d.Frames(ntsc); n < 0 || n > MaxFrames {
			t.Fatalf("Parse(%q).Frames(30000/1001) = %d", s, n)
		}
		again, err := Parse(d.String())
		if err != nil || again.Sec != d.Sec || again.FrameCount != d.FrameCount || again.InFrames != d.InFrames {
			t.Fatalf("Parse(%q) = %v, but its text %q reads back as %v, %v", s, d, d.String(), again, err)
		}
	})
}
