package edl

import (
	"testing"

	"github.com/reel-film/reel/internal/frac"
)

// FuzzParse feeds Parse arbitrary text: it never panics, a list it reads
// is written and read again with the same events, and every timecode
// that converts to a frame converts back to itself.
func FuzzParse(f *testing.F) {
	f.Add([]byte(sample))
	f.Add([]byte("TITLE: x\nFCM: NON-DROP FRAME\n001  AX  V  C  00:00:00:00 00:00:01:00 01:00:00:00 01:00:01:00\n* FROM CLIP NAME: a.mov\n"))
	f.Add([]byte("001 BL V W001 010 00:00:00;00 00:00:01;00 01:00:00;00 01:00:01;00\nM2 BL -30.0 00:00:00;00\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := Parse(data, "f.edl")
		if err != nil {
			return
		}
		again, err := Parse(Write(l), "f.edl")
		if err != nil {
			t.Fatalf("reading back what Write wrote: %v\n%s", err, Write(l))
		}
		if len(again.Events) != len(l.Events) {
			t.Fatalf("%d events, read back %d\n%s", len(l.Events), len(again.Events), Write(l))
		}
		for _, e := range l.Events {
			for _, fps := range []frac.Rational{frac.New(30000, 1001), frac.New(60000, 1001), frac.New(25, 1)} {
				for _, tc := range []Timecode{e.SrcIn, e.RecOut} {
					n, err := tc.Frames(fps)
					if err != nil {
						continue
					}
					if back := FromFrames(n, fps, tc.Drop); back != tc {
						t.Fatalf("%s at %v is frame %d, which is %s", tc, fps, n, back)
					}
				}
			}
		}
	})
}
