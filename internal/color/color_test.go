package color

import (
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
)

// cases are colours with what FFmpeg makes of them (ok false: it refuses
// them, or reel does: "random").
var cases = []struct {
	in   string
	want RGBA
	ok   bool
}{
	{"black", RGBA{0, 0, 0, 255}, true},
	{"White", RGBA{255, 255, 255, 255}, true},
	{"DarkSlateGray", RGBA{0x2f, 0x4f, 0x4f, 255}, true},
	{"lightgoldenrodyellow", RGBA{0xfa, 0xfa, 0xd2, 255}, true},
	{"#203040", RGBA{0x20, 0x30, 0x40, 255}, true},
	{"0x203040", RGBA{0x20, 0x30, 0x40, 255}, true},
	{"203040", RGBA{0x20, 0x30, 0x40, 255}, true},
	{"#AbCdEf", RGBA{0xab, 0xcd, 0xef, 255}, true},
	{"0x11223344", RGBA{0x11, 0x22, 0x33, 0x44}, true},
	{"#11223344", RGBA{0x11, 0x22, 0x33, 0x44}, true},
	{"red@0.5", RGBA{255, 0, 0, 127}, true},
	{"red@1", RGBA{255, 0, 0, 255}, true},
	{"red@0", RGBA{255, 0, 0, 0}, true},
	{"red@.25", RGBA{255, 0, 0, 63}, true},
	{"red@0x80", RGBA{255, 0, 0, 0x80}, true},
	{"#102030@0.5", RGBA{0x10, 0x20, 0x30, 127}, true},
	{"#12345", RGBA{}, false},
	{"#1234567", RGBA{}, false},
	{"#123", RGBA{}, false},
	{"0x12345", RGBA{}, false},
	{"12345", RGBA{}, false},
	{"#gg0000", RGBA{}, false},
	{"blurple", RGBA{}, false},
	{"reds", RGBA{}, false},
	{"red@1.5", RGBA{}, false},
	{"red@-0.5", RGBA{}, false},
	{"red@", RGBA{}, false},
	{"red@0x100", RGBA{}, false},
	{"red@half", RGBA{}, false},
	{"@0.5", RGBA{}, false},
	{"#", RGBA{}, false},
	{"random", RGBA{}, false},
}

func TestParse(t *testing.T) {
	for _, tt := range cases {
		got, err := Parse(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("Parse(%q) error = %v, want ok %v", tt.in, err, tt.ok)
			continue
		}
		if tt.ok && got != tt.want {
			t.Errorf("Parse(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// TestParseAgreesWithFFmpeg checks that FFmpeg paints the colours Parse
// accepts as Parse reads them (all in one run: one pixel each, side by
// side), and refuses each colour Parse refuses.
func TestParseAgreesWithFFmpeg(t *testing.T) {
	fftest.Require(t)
	var graph []string
	var stack string
	var good []int
	for i, tt := range cases {
		if tt.ok {
			graph = append(graph, fmt.Sprintf("color=c=%s:s=1x1:d=0.04,format=rgba[c%d]", tt.in, i))
			stack += fmt.Sprintf("[c%d]", i)
			good = append(good, i)
		}
	}
	graph = append(graph, fmt.Sprintf("%shstack=inputs=%d,format=rgba", stack, len(good)))
	out, err := exec.Command(fftest.FFmpeg(), "-hide_banner", "-loglevel", "error", "-filter_complex", strings.Join(graph, ";"),
		"-frames:v", "1", "-f", "rawvideo", "-").Output()
	if err != nil || len(out) != 4*len(good) {
		t.Fatalf("ffmpeg refused the valid colours: %v (%d bytes)", err, len(out))
	}
	for k, i := range good {
		if got := (RGBA{out[4*k], out[4*k+1], out[4*k+2], out[4*k+3]}); got != cases[i].want {
			t.Errorf("ffmpeg painted %q as %v, Parse says %v", cases[i].in, got, cases[i].want)
		}
	}
	for _, tt := range cases {
		if tt.ok || tt.in == "random" { // FFmpeg takes random; reel refuses it on purpose
			continue
		}
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			err := exec.Command(fftest.FFmpeg(), "-hide_banner", "-loglevel", "quiet", "-f", "lavfi",
				"-i", "color=c="+tt.in+":s=2x2:d=0.04", "-frames:v", "1", "-f", "null", "-").Run()
			if err == nil {
				t.Errorf("ffmpeg accepted %q, which Parse refuses", tt.in)
			}
		})
	}
}

func TestParseMessages(t *testing.T) {
	tests := []struct{ in, want string }{
		{"#12345", "write 6 hex digits (#rrggbb), or 8 with alpha (#rrggbbaa); found 5"},
		{"blurple", `unknown colour "blurple" (did you mean "purple"?)`},
		{"Balck", `(did you mean "black"?)`},
		{"qqqqqqqqqqqq", "`ffmpeg -colors` lists the names"},
		{"red@2", "alpha \"@2\" is not a number from 0 (transparent) to 1 (opaque)"},
		{"random", "different colour at every render"},
		{strings.Repeat("x", 100_000), "is not a colour"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%.20q) = %v, want a message with %q", tt.in, err, tt.want)
		}
		if err != nil && len(err.Error()) > 300 {
			t.Errorf("Parse(%.20q): message of %d bytes", tt.in, len(err.Error()))
		}
	}
}

func TestNames(t *testing.T) {
	n := Names()
	if len(n) != 140 || n[0] != "aliceblue" || n[len(n)-1] != "yellowgreen" {
		t.Errorf("Names() has %d names from %q to %q, want FFmpeg's 140", len(n), n[0], n[len(n)-1])
	}
}
