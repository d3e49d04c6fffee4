package subtitles_test

import (
	"strings"
	"testing"
	"time"

	"github.com/reel-film/reel/subtitles"
)

// TestWriteRoundTrip writes cues of every kind of text as SubRip and
// WebVTT and reads them back: the same times, the same text (SubRip's
// with the guard's joiners, which removed give the text).
func TestWriteRoundTrip(t *testing.T) {
	cues := []subtitles.Cue{
		{ms(0), ms(1), `He said "hi": 100% {x} %{pts} a\nb \N {\an8} C:\path\ <i>not</i> & &amp; a < b -->`, 0},
		{ms(999), ms(3_600_000 + 61_001), "شكرا جزيلا\nשלום\n日本語 café 🎬", 0},
	}
	for _, format := range []string{".srt", ".vtt"} {
		text := subtitles.SRT(cues)
		if format == ".vtt" {
			text = subtitles.VTT(cues)
		}
		got, err := subtitles.Parse(strings.NewReader(text), "x"+format, format)
		if err != nil {
			t.Fatalf("%s: %v\n%s", format, err, text)
		}
		for k := range cues {
			want := cues[k].Text
			if format == ".srt" {
				want = subtitles.Guard(want)
				if strings.ReplaceAll(got[k].Text, subtitles.Joiner, "") != cues[k].Text {
					t.Errorf("%s cue %d without joiners = %q", format, k, got[k].Text)
				}
			}
			if got[k].Start != cues[k].Start || got[k].End != cues[k].End || got[k].Text != want {
				t.Errorf("%s cue %d = %+v, want %+v (text %q)", format, k, got[k], cues[k], want)
			}
		}
	}
}

// TestGuard checks where the joiners go.
func TestGuard(t *testing.T) {
	j := subtitles.Joiner
	for in, want := range map[string]string{
		`a\nb`:        `a\` + j + `nb`,
		`\N`:          `\` + j + `N`,
		`{\b1}`:       `{` + j + `\b1}`,
		`{\n}`:        `{` + j + `\` + j + `n}`,
		`<i></I>`:     `<` + j + `i><` + j + `/I>`,
		`<font x>`:    `<` + j + `font x>`,
		`a < b <3 \h`: `a < b <3 \h`,
		`C:\path\`:    `C:\path\`,
	} {
		if got := subtitles.Guard(in); got != want {
			t.Errorf("Guard(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestWindow cuts cues to a range and times them from its start, at whole
// and at uneven starts.
func TestWindow(t *testing.T) {
	cues := []subtitles.Cue{{ms(0), ms(1000), "a", 1}, {ms(1500), ms(2500), "b", 2}, {ms(3000), ms(4000), "c", 3}}
	got := subtitles.Window(cues, ms(2000), ms(3500))
	want := []subtitles.Cue{{0, ms(500), "b", 2}, {ms(1000), ms(1500), "c", 3}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("Window = %+v, want %+v", got, want)
	}
	third := time.Second / 3 // a range starting at frame 10 of 30 fps
	got = subtitles.Window(cues, third, ms(1000))
	if len(got) != 1 || got[0].End-got[0].Start != ms(1000)-third || !strings.Contains(subtitles.SRT(got), "00:00:00,000 --> 00:00:00,667") {
		t.Errorf("Window from 1/3 s = %+v\n%s", got, subtitles.SRT(got))
	}
	if got := subtitles.Window(cues, ms(4000), ms(5000)); len(got) != 0 {
		t.Errorf("Window after the cues = %+v", got)
	}
}

// TestFlatten turns overlapping cues into a sequence.
func TestFlatten(t *testing.T) {
	cues := []subtitles.Cue{{ms(1000), ms(5000), "A", 1}, {ms(2000), ms(3000), "B", 5}, {ms(5000), ms(6000), "A", 9}, {ms(7000), ms(8000), "C", 13}}
	got := subtitles.Flatten(cues)
	want := []subtitles.Cue{{ms(1000), ms(2000), "A", 1}, {ms(2000), ms(3000), "A\nB", 1}, {ms(3000), ms(6000), "A", 1}, {ms(7000), ms(8000), "C", 13}}
	if len(got) != len(want) {
		t.Fatalf("Flatten = %+v", got)
	}
	for k := range got {
		if got[k] != want[k] {
			t.Errorf("cue %d = %+v, want %+v", k, got[k], want[k])
		}
	}
}
