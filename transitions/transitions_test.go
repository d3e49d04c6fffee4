package transitions

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
)

func captured(t *testing.T) *Catalogue {
	t.Helper()
	help, err := os.ReadFile("testdata/xfade-help-5.1.txt")
	if err != nil {
		t.Fatal(err)
	}
	c, err := Parse(string(help))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestParseCaptured(t *testing.T) {
	c := captured(t)
	all := c.All()
	// cut + dip + the 46 xfade transitions of FFmpeg 5.1 (all but custom) + 4 aliases.
	if len(all) != 2+46+4 {
		t.Fatalf("%d entries, want 52", len(all))
	}
	if all[0].Name != "cut" || all[1].Name != "dip" || all[2].Name != "circleclose" {
		t.Errorf("order starts %s, %s, %s; want cut, dip, circleclose", all[0].Name, all[1].Name, all[2].Name)
	}
	xf := all[2:48]
	if !slices.IsSortedFunc(xf, func(a, b Transition) int { return strings.Compare(a.Name, b.Name) }) {
		t.Error("xfade entries are not sorted")
	}
	for _, tr := range all {
		if tr.Description == "" || strings.HasPrefix(tr.Description, "xfade ") || tr.Name == "custom" {
			t.Errorf("%s: description %q", tr.Name, tr.Description)
		}
		if tr.KindName != tr.Kind.String() {
			t.Errorf("%s: KindName %q, Kind %v", tr.Name, tr.KindName, tr.Kind)
		}
	}
	wantAliases := []string{"crossfade", "hardcut", "mix", "none"}
	for i, tr := range all[48:] {
		if tr.Name != wantAliases[i] || tr.AliasOf == "" {
			t.Errorf("alias %d = %+v, want %s", i, tr, wantAliases[i])
		}
	}
}

func TestParseHelpVariants(t *testing.T) {
	tests := []struct {
		name, help string
		want       []string // xfade names
		err        string
	}{
		{"future name", "xfade AVOptions:\n   transition  <int>  ..FV.. set\n     custom -1 ..FV.. c\n     fade 0 ..FV.. f\n     warp 99 ..FV.. w\n   duration <duration> ..FV.. d\n",
			[]string{"fade", "warp"}, ""},
		{"tabs and trailing text", "\ttransition <int>\n\t\twipeleft 1 x\n", []string{"wipeleft"}, ""},
		{"unknown filter", "Unknown filter 'xfade'.\n", nil, "lists no transitions"},
		{"no values", "   transition  <int>\n   duration <duration>\n", nil, "lists no transitions"},
	}
	for _, tt := range tests {
		c, err := Parse(tt.help)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: err = %v, want %q", tt.name, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if !slices.Equal(c.xfade, tt.want) {
			t.Errorf("%s: xfade %v, want %v", tt.name, c.xfade, tt.want)
		}
	}
	c, _ := Parse("transition <int>\n  warp 1 x\n")
	if tr, _ := c.Lookup("warp"); tr.Description != "xfade warp transition" {
		t.Errorf("unknown name described %q", tr.Description)
	}
	if _, err := c.Lookup("crossfade"); err == nil {
		t.Error("alias of a missing fade resolved")
	}
}

func TestLookup(t *testing.T) {
	c := captured(t)
	tests := []struct {
		in, name string
		kind     Kind
		err      string
	}{
		{"wipeleft", "wipeleft", XFade, ""},
		{"WipeLeft", "wipeleft", XFade, ""},
		{" fade ", "fade", XFade, ""},
		{"crossfade", "fade", XFade, ""},
		{"Mix", "fade", XFade, ""},
		{"none", "cut", Cut, ""},
		{"hardcut", "cut", Cut, ""},
		{"dip", "dip", Dip, ""},
		{"fadeblack", "fadeblack", XFade, ""},
		{"wipelfet", "", 0, `unknown transition "wipelfet" (did you mean "wipeleft"?)`},
		{"crosfade", "", 0, `unknown transition "crosfade" (did you mean "crossfade"?)`},
		{"custom", "", 0, `unknown transition "custom"`},
		{"zzzzzz", "", 0, `unknown transition "zzzzzz"`},
		{strings.Repeat("z", 5000), "", 0, `unknown transition "` + strings.Repeat("z", 39) + "…" + strings.Repeat("z", 20) + `"`},
	}
	for _, tt := range tests {
		tr, err := c.Lookup(tt.in)
		if tt.err != "" {
			var ue *UnknownError
			if err == nil || !strings.HasPrefix(err.Error(), tt.err) || !errors.As(err, &ue) {
				t.Errorf("Lookup(%q) err = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || tr.Name != tt.name || tr.Kind != tt.kind || tr.AliasOf != "" {
			t.Errorf("Lookup(%q) = %+v, %v; want %s (%v)", tt.in, tr, err, tt.name, tt.kind)
		}
		if tr.Kind == XFade && tr.XFade != tr.Name {
			t.Errorf("Lookup(%q).XFade = %q", tt.in, tr.XFade)
		}
	}
}

func TestCurves(t *testing.T) {
	if got := Curves(); len(got) != 20 || got[0] != "tri" {
		t.Errorf("Curves() = %v", got)
	}
	Curves()[0] = "changed"
	if Curves()[0] != "tri" {
		t.Error("Curves returns the shared slice")
	}
	tests := []struct{ in, err string }{
		{"tri", ""},
		{"nofade", ""},
		{"trii", `unknown audio curve "trii" (did you mean "tri"?)`},
		{"TRI", `unknown audio curve "TRI" (did you mean "tri"?)`},
		{"linear", `unknown audio curve "linear"`},
		{strings.Repeat("q", 5000), `unknown audio curve "` + strings.Repeat("q", 39) + "…" + strings.Repeat("q", 20) + `"`},
	}
	for _, tt := range tests {
		err := CheckCurve(tt.in)
		if (err == nil) != (tt.err == "") || (err != nil && err.Error() != tt.err) {
			t.Errorf("CheckCurve(%q) = %v, want %q", tt.in, err, tt.err)
		}
	}
}

// TestCurvesMatchFFmpeg checks the list against the installed acrossfade.
func TestCurvesMatchFFmpeg(t *testing.T) {
	out := ffmpegHelp(t, "filter=acrossfade")
	for _, c := range curves {
		if !strings.Contains(out, "\n     "+c+" ") {
			t.Errorf("acrossfade of this ffmpeg lacks curve %q", c)
		}
	}
}

func TestDiscover(t *testing.T) {
	ffmpegHelp(t, "filter=xfade") // skips without ffmpeg
	c, err := Discover(context.Background(), fftest.FFmpeg())
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"wipeleft", "dissolve", "fade", "cut", "dip", "crossfade"} {
		if _, err := c.Lookup(n); err != nil {
			t.Error(err)
		}
	}
	if _, err := Discover(context.Background(), "/nonexistent/ffmpeg"); err == nil || !strings.Contains(err.Error(), "/nonexistent/ffmpeg") {
		t.Errorf("missing ffmpeg: err = %v", err)
	}
}

// ffmpegHelp returns `ffmpeg -hide_banner -h <topic>`, skipping the test
// without ffmpeg (failing it in CI).
func ffmpegHelp(t *testing.T, topic string) string {
	t.Helper()
	fftest.Require(t)
	out, err := exec.Command(fftest.FFmpeg(), "-hide_banner", "-h", topic).Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// TestFFmpeg51MatchesCapturedHelp: the fixed catalogue is exactly what
// Parse makes of FFmpeg 5.1's captured help.
func TestFFmpeg51MatchesCapturedHelp(t *testing.T) {
	help, err := os.ReadFile("testdata/xfade-help-5.1.txt")
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := Parse(string(help))
	if err != nil {
		t.Fatal(err)
	}
	got, want := FFmpeg51().Names(), parsed.Names()
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("FFmpeg51 names:\n%v\nwant (parsed help):\n%v", got, want)
	}
	if len(FFmpeg51().XFadeNames()) != 46 {
		t.Errorf("FFmpeg51 has %d xfade transitions, want 46", len(FFmpeg51().XFadeNames()))
	}
}
