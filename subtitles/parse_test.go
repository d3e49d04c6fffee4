package subtitles_test

import (
	"strings"
	"testing"
	"time"

	"github.com/reel-film/reel/subtitles"
)

func ms(n int64) time.Duration { return time.Duration(n) * time.Millisecond }

// TestParse reads the members of each format's class: BOM, CRLF and CR
// line ends, no final blank line, no index, WebVTT's settings, NOTE,
// STYLE and REGION blocks, identifiers, markup and references, literal
// text of every kind.
func TestParse(t *testing.T) {
	tests := []struct {
		name, format, in string
		want             []subtitles.Cue
	}{
		{"srt", ".srt", "1\n00:00:01,000 --> 00:00:02,500\nHello\n\n2\n00:00:03,001 --> 00:00:04,999\nTwo\nlines\n",
			[]subtitles.Cue{{ms(1000), ms(2500), "Hello", 2}, {ms(3001), ms(4999), "Two\nlines", 6}}},
		{"srt bom crlf no final newline", ".srt", "\uFEFF1\r\n00:00:01,000 --> 00:00:02,000\r\nA\r\n\r\n2\r\n00:00:02,000 --> 00:00:03,000\r\nB",
			[]subtitles.Cue{{ms(1000), ms(2000), "A", 2}, {ms(2000), ms(3000), "B", 6}}},
		{"srt cr only", ".srt", "1\r00:00:01,000 --> 00:00:02,000\rA\r\r",
			[]subtitles.Cue{{ms(1000), ms(2000), "A", 2}}},
		{"srt no index, full stop, coordinates, many blank lines", ".srt", "\n\n00:00:01.250 --> 00:00:02.000 X1:10 X2:20 Y1:1 Y2:2\nA\n\n\n\n",
			[]subtitles.Cue{{ms(1250), ms(2000), "A", 3}}},
		{"srt tags stripped, other markup literal", ".srt", "1\n00:00:00,000 --> 01:00:00,000\n<i>it</i> <B>b</B> <font color=\"red\">r</font> a < b <3 {\\an8} %{pts} \\N \"q\" 100%\n",
			[]subtitles.Cue{{0, ms(3600000), "it b r a < b <3 {\\an8} %{pts} \\N \"q\" 100%", 2}}},
		{"srt scripts", ".srt", "1\n00:00:01,000 --> 00:00:02,000\nشكرا جزيلا\nשלום\n日本語 café 🎬\n",
			[]subtitles.Cue{{ms(1000), ms(2000), "شكرا جزيلا\nשלום\n日本語 café 🎬", 2}}},
		{"srt empty cue dropped", ".srt", "1\n00:00:01,000 --> 00:00:02,000\n\n2\n00:00:03,000 --> 00:00:04,000\nB\n",
			[]subtitles.Cue{{ms(3000), ms(4000), "B", 5}}},
		{"srt overlap kept", ".srt", "1\n00:00:01,000 --> 00:00:05,000\nA\n\n2\n00:00:02,000 --> 00:00:03,000\nB\n",
			[]subtitles.Cue{{ms(1000), ms(5000), "A", 2}, {ms(2000), ms(3000), "B", 6}}},
		{"vtt", ".vtt", "WEBVTT - a title\nKind: captions\n\nNOTE a comment\nover lines\n\nSTYLE\n::cue { color: red }\n\nREGION\nid:r\n\nintro\n00:01.000 --> 00:02.500 align:start line:10%\n<v Ada>Hello</v> <c.yellow>&amp;</c> &lt;i&gt; <00:01.500>x &#233;&#xE9; &bogus; & ;\n\n01:00:00.000 --> 01:00:01.000\nlast",
			[]subtitles.Cue{{ms(1000), ms(2500), "Hello & <i> x éé &bogus; & ;", 14}, {ms(3600000), ms(3601000), "last", 17}}},
		{"vtt bom crlf", ".vtt", "\uFEFFWEBVTT\r\n\r\n00:00:00.000 --> 00:00:00.001\r\n{x} \\n\r\n",
			[]subtitles.Cue{{0, ms(1), "{x} \\n", 3}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := subtitles.Parse(strings.NewReader(tt.in), "subs"+tt.format, tt.format)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d cues %+v, want %d", len(got), got, len(tt.want))
			}
			for k := range got {
				if got[k] != tt.want[k] {
					t.Errorf("cue %d = %+v, want %+v", k, got[k], tt.want[k])
				}
			}
		})
	}
}

// TestParseErrors checks the messages of malformed files: each names the
// file and line and says how to write it.
func TestParseErrors(t *testing.T) {
	tests := []struct{ name, format, in, want string }{
		{"bad ms", ".srt", "1\n00:00:01,00 --> 00:00:02,000\nA\n", "s.srt:2: the start time \"00:00:01,00\" needs three digits of milliseconds: write hh:mm:ss,mmm"},
		{"no hours srt", ".srt", "1\n00:01,000 --> 00:00:02,000\nA\n", "s.srt:2: the start time \"00:01,000\" is not a time"},
		{"minutes over 59", ".srt", "1\n00:61:01,000 --> 01:00:02,000\nA\n", "s.srt:2: the start time \"00:61:01,000\" has minutes or seconds over 59"},
		{"end before start", ".srt", "1\n00:00:01,000 --> 00:00:02,000\nA\n\n2\n00:00:05,000 --> 00:00:04,000\nB\n", "s.srt:6: the cue ends at 00:00:04.000, not after it starts (00:00:05.000)"},
		{"end equals start", ".vtt", "WEBVTT\n\n00:05.000 --> 00:05.000\nB\n", "s.vtt:3: the cue ends at 00:00:05.000, not after it starts"},
		{"no arrow", ".srt", "1\n00:00:01,000 00:00:02,000\nA\n", "s.srt:2: expected a timing line"},
		{"missing blank line", ".srt", "1\n00:00:01,000 --> 00:00:02,000\nA\n2\n00:00:03,000 --> 00:00:04,000\nB\n", "s.srt:5: a timing line inside the cue of line 2: a blank line is missing before this cue"},
		{"vtt missing blank line", ".vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\nA\n00:03.000 --> 00:04.000\nB\n", "s.vtt:5: a timing line inside the cue of line 3"},
		{"stray text", ".srt", "1\n00:00:01,000 --> 00:00:02,000\nA\n\nstray\n", "s.srt:5: expected a timing line such as 00:00:01,000 --> 00:00:02,500 (is a blank line missing before it"},
		{"no end", ".srt", "1\n00:00:01,000 -->\nA\n", "s.srt:2: the end time is missing"},
		{"after 24h", ".srt", "1\n25:00:00,000 --> 25:00:01,000\nA\n", "is after 24 hours"},
		{"vtt no header", ".vtt", "00:01.000 --> 00:02.000\nA\n", "s.vtt:1: a WebVTT file starts with the line \"WEBVTT\""},
		{"vtt header WEBVTTX", ".vtt", "WEBVTTX\n\n00:01.000 --> 00:02.000\nA\n", "s.vtt:1:"},
		{"vtt comma", ".vtt", "WEBVTT\n\n00:01,000 --> 00:02.000\nA\n", "s.vtt:3: the start time \"00:01,000\" needs three digits of milliseconds: write [hh:]mm:ss.mmm"},
		{"vtt no blank after header", ".vtt", "WEBVTT\n00:01.000 --> 00:02.000\nA\n", "s.vtt:2: a blank line is needed between the WEBVTT header and the first cue"},
		{"empty", ".srt", "", "s.srt: no cues"},
		{"only blank cues", ".vtt", "WEBVTT\n\nNOTE x\n", "s.vtt: no cues"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := subtitles.Parse(strings.NewReader(tt.in), "s"+tt.format, tt.format)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want %q", err, tt.want)
			}
		})
	}
}

// TestRead checks the file errors: extension, missing file, directory.
func TestRead(t *testing.T) {
	dir := t.TempDir()
	for path, want := range map[string]string{
		dir + "/subs.ass":    "subs.ass: reel reads captions from SubRip (.srt) or WebVTT (.vtt) files",
		dir + "/missing.srt": "missing.srt: cannot read the captions: no such file or directory",
		dir:                  "",
	} {
		name := path[strings.LastIndex(path, "/")+1:]
		_, err := subtitles.Read(path, name)
		if err == nil || want != "" && err.Error() != want {
			t.Errorf("Read(%s) = %v, want %q", name, err, want)
		}
	}
}
