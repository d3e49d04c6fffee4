package subtitles_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/reel-film/reel/subtitles"
)

// FuzzParse checks that Parse never panics, reports bad input as an
// *Error of bounded length with a line inside the file, and that whatever
// it accepts has ordered times within 24 hours, flattens into a sequence,
// and reads back the same from what SRT and VTT write. The first byte picks the format. Seeds:
// testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"s1\n00:00:01,000 --> 00:00:02,500\nHello <i>x</i> {\\an8}\n\n2\n00:00:03,000 --> 00:00:04,000\nB",
		"v\uFEFFWEBVTT\r\n\r\nNOTE x\r\n\r\nid\r\n00:01.000 --> 00:02.000 align:start\r\n<v A>&amp;&#x41;</v>\r\n",
		"s1\n00:00:05,000 --> 00:00:04,000\nA\n",
		"vWEBVTT\n00:01.000 --> 00:02.000\n",
		"s\r\r\r99:59:59,999 --> 99:59:59,999\r",
		"vWEBVTT\n\n00:01.000 --> 00:02.000\n00:00:01,000 --> 00:00:02,000\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		format := ".srt"
		if data[0] == 'v' {
			format = ".vtt"
		}
		cues, err := subtitles.Parse(bytes.NewReader(data[1:]), "f"+format, format)
		if err != nil {
			var se *subtitles.Error
			if !errors.As(err, &se) {
				t.Fatalf("error %T %v, want a *subtitles.Error", err, err)
			}
			if len(err.Error()) > 400 || se.Line < 0 || se.Line > bytes.Count(data, []byte("\n"))+bytes.Count(data, []byte("\r"))+1 {
				t.Fatalf("error %q at line %d", err, se.Line)
			}
			return
		}
		for _, c := range cues {
			if c.Start < 0 || c.End <= c.Start || c.End > subtitles.MaxTime || c.Line < 1 || strings.TrimSpace(c.Text) == "" {
				t.Fatalf("accepted %+v", c)
			}
		}
		flat := subtitles.Flatten(cues)
		for k, c := range flat {
			if c.End <= c.Start || k > 0 && flat[k-1].End > c.Start || c.Text == "" {
				t.Fatalf("Flatten(%+v) = %+v: not a sequence", cues, flat)
			}
		}
		for _, out := range []string{".srt", ".vtt"} {
			text := subtitles.VTT(cues)
			if out == ".srt" {
				text = subtitles.SRT(cues)
			}
			back, err := subtitles.Parse(strings.NewReader(text), "back"+out, out)
			if err != nil {
				t.Fatalf("%s of %+v does not read back: %v\n%s", out, cues, err, text)
			}
			if len(back) != len(cues) {
				t.Fatalf("%s: %d cues read back as %d\n%s", out, len(cues), len(back), text)
			}
			for k := range cues {
				want := cues[k].Text
				if out == ".srt" {
					want = subtitles.Guard(want)
				}
				if back[k].Start != cues[k].Start || back[k].End != cues[k].End || back[k].Text != want {
					t.Fatalf("%s: cue %+v read back as %+v", out, cues[k], back[k])
				}
			}
		}
	})
}
