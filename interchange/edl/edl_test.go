package edl

import (
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/frac"
)

var (
	ntsc30 = frac.New(30000, 1001)
	ntsc60 = frac.New(60000, 1001)
)

// TestTimecodeDropFrame checks SMPTE timecode both ways at the points
// drop-frame skips labels and where it does not (every tenth minute).
func TestTimecodeDropFrame(t *testing.T) {
	tests := []struct {
		fps    frac.Rational
		drop   bool
		frames int64
		tc     string
	}{
		{ntsc30, true, 0, "00:00:00;00"},
		{ntsc30, true, 1799, "00:00:59;29"},
		{ntsc30, true, 1800, "00:01:00;02"},
		{ntsc30, true, 3597, "00:01:59;29"},
		{ntsc30, true, 3598, "00:02:00;02"},
		{ntsc30, true, 17981, "00:09:59;29"},
		{ntsc30, true, 17982, "00:10:00;00"},
		{ntsc30, true, 107892, "01:00:00;00"},
		{ntsc30, false, 107892, "00:59:56:12"},
		{ntsc60, true, 3599, "00:00:59;59"},
		{ntsc60, true, 3600, "00:01:00;04"},
		{ntsc60, true, 35964, "00:10:00;00"},
		{ntsc60, true, 215784, "01:00:00;00"},
		{frac.New(25, 1), false, 90000, "01:00:00:00"},
		{frac.New(24, 1), false, 86399, "00:59:59:23"},
	}
	for _, tc := range tests {
		got := FromFrames(tc.frames, tc.fps, tc.drop).String()
		if got != tc.tc {
			t.Errorf("FromFrames(%d, %v, drop %v) = %s, want %s", tc.frames, tc.fps, tc.drop, got, tc.tc)
		}
		parsed, err := ParseTimecode(tc.tc)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parsed.Frames(tc.fps)
		if err != nil || f != tc.frames {
			t.Errorf("%s at %v = %d, %v; want %d", tc.tc, tc.fps, f, err, tc.frames)
		}
	}
}

// TestDropFrameIsOneToOne checks that every frame of two hours at 29.97
// and 59.94 gets its own label, in order, that reads back as that frame.
func TestDropFrameIsOneToOne(t *testing.T) {
	for _, fps := range []frac.Rational{ntsc30, ntsc60} {
		prev := ""
		for f := int64(0); f < 2*3600*fps.Num/fps.Den; f += 7 {
			tc := FromFrames(f, fps, true)
			back, err := tc.Frames(fps)
			if err != nil || back != f {
				t.Fatalf("%v: frame %d is %s, which reads back as %d (%v)", fps, f, tc, back, err)
			}
			if s := tc.String(); s <= prev {
				t.Fatalf("%v: frame %d is %s, not after %s", fps, f, s, prev)
			} else {
				prev = s
			}
		}
	}
}

// TestTimecodeErrors checks labels that do not exist.
func TestTimecodeErrors(t *testing.T) {
	tests := []struct {
		tc   string
		fps  frac.Rational
		want string
	}{
		{"00:01:00;00", ntsc30, "does not exist in drop-frame"},
		{"00:01:00;03", ntsc60, "does not exist in drop-frame"},
		{"00:00:00:30", frac.New(30, 1), "frame 30 at 30 fps"},
		{"00:00:01;00", frac.New(25, 1), "drop-frame, which 25 fps does not have"},
	}
	for _, tc := range tests {
		p, err := ParseTimecode(tc.tc)
		if err == nil {
			_, err = p.Frames(tc.fps)
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s at %v: error %v, want %q", tc.tc, tc.fps, err, tc.want)
		}
	}
	for _, bad := range []string{"1:00:00:00", "00:00:00", "00:61:00:00", "aa:00:00:00"} {
		if _, err := ParseTimecode(bad); err == nil {
			t.Errorf("ParseTimecode(%q) took it", bad)
		}
	}
}

// sample is a drop-frame EDL with a cut, a dissolve and a speed change.
const sample = `TITLE: Sample
FCM: DROP FRAME

001  AX       V     C        00:00:10;00 00:00:12;00 01:00:00;00 01:00:02;00
* FROM CLIP NAME: a.mov
* SOURCE FILE: /media/a.mov

002  AX       V     C        00:00:12;00 00:00:12;00 01:00:02;00 01:00:02;00
002  BX       V     D    015 00:00:20;00 00:00:23;00 01:00:02;00 01:00:05;00
M2   BX       059.9                00:00:20;00
* FROM CLIP NAME: a.mov
* TO CLIP NAME: b.mov

003  AX       A     C        00:00:00;00 00:00:01;00 01:00:05;00 01:00:06;00
AUD  3
FINAL RECORD DURATION: 00:00:06;00
`

// TestParseAndWrite reads an EDL and checks that writing it and reading
// it again gives the same events.
func TestParseAndWrite(t *testing.T) {
	l, err := Parse([]byte(sample), "s.edl")
	if err != nil {
		t.Fatal(err)
	}
	if l.Title != "Sample" || !l.Drop || len(l.Events) != 4 || len(l.Skipped) != 2 {
		t.Fatalf("list = %+v", l)
	}
	d := l.Events[2]
	if d.Kind != "D" || d.Dur != 15 || d.Reel != "BX" || d.ClipName != "b.mov" || d.Speed != 59.9 || d.Line != 9 {
		t.Errorf("dissolve = %+v", d)
	}
	if e := l.Events[0]; e.SourceFile != "/media/a.mov" || e.ClipName != "a.mov" || e.SrcIn.String() != "00:00:10;00" {
		t.Errorf("first event = %+v", e)
	}
	if l.Events[3].Video() {
		t.Error("an A event counts as picture")
	}
	again, err := Parse(Write(l), "s.edl")
	if err != nil {
		t.Fatalf("%v\n%s", err, Write(l))
	}
	for i, e := range l.Events {
		g := again.Events[i]
		if g.Num != e.Num || g.Kind != e.Kind || g.Dur != e.Dur || g.SrcIn != e.SrcIn || g.SrcOut != e.SrcOut || g.RecIn != e.RecIn || g.RecOut != e.RecOut || g.ClipName != e.ClipName || g.Speed != e.Speed {
			t.Errorf("event %d: wrote %+v, read back %+v", i, e, g)
		}
	}
}

// TestParseErrors checks that mistakes name their line.
func TestParseErrors(t *testing.T) {
	tests := []struct {
		doc, want string
	}{
		{"TITLE: x\nFCM: SOMETIMES\n", "s.edl:2: FCM: \"SOMETIMES\" is not a frame code mode"},
		{"TITLE: x\n\n001  AX  V  C  00:00:00:00 00:00:01:00 01:00:00:00\n", "s.edl:3:"},
		{"TITLE: x\n001  AX  V  D  00:00:00:00 00:00:01:00 01:00:00:00 01:00:01:00\n", "s.edl:2: event 001: a D event has a duration"},
		{"TITLE: x\n001  AX  V  C  00:00:00:00 00:00:01:0x 01:00:00:00 01:00:01:00\n", "s.edl:2: event 001: \"00:00:01:0x\" is not a timecode"},
		{"TITLE: x\n", "no events"},
	}
	for _, tc := range tests {
		_, err := Parse([]byte(tc.doc), "s.edl")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error = %v, want %q", err, tc.want)
		}
	}
}
