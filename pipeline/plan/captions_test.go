package plan

import (
	"fmt"
	"strings"
	"testing"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/pipeline/timeline"
	"github.com/reel-film/reel/subtitles"
	"github.com/reel-film/reel/transitions"
)

// cuesOf reads SubRip text into the project's cues.
func cuesOf(t *testing.T, srt string) []config.Cue {
	t.Helper()
	cues, err := subtitles.Parse(strings.NewReader(srt), "subs.srt", ".srt")
	if err != nil {
		t.Fatal(err)
	}
	return config.CaptionCues(cues)
}

// TestCaptionLayers converts burned cues to text layers: literal text, the
// captions' style (caption by default), the cue's start and end; captions
// that are not burned give none.
func TestCaptionLayers(t *testing.T) {
	cues := cuesOf(t, "1\n00:00:01,000 --> 00:00:02,500\n\"q\" 100% {x}\\n\nשלום\n\n2\n00:00:03,001 --> 00:00:04,000\nB\n")
	pos := config.Pos{File: "project.yaml", Line: 7, Path: "captions"}
	for _, style := range []string{"", "lower-third"} {
		ls := captionLayers(&config.Captions{Burn: true, Style: style, Cues: cues, Pos: pos})
		want := style
		if want == "" {
			want = "caption"
		}
		if len(ls) != 2 {
			t.Fatalf("%d layers", len(ls))
		}
		for k, l := range ls {
			if l.Kind != config.LayerText || l.Text != cues[k].Text || l.Style != want || l.Start != cues[k].Start ||
				l.End == nil || *l.End != cues[k].End || l.Duration != nil || l.Opacity != 1 || l.Pos != pos {
				t.Errorf("layer %d = %+v", k, l)
			}
		}
		if ls[0].Text != "\"q\" 100% {x}\\n\nשלום" {
			t.Errorf("text %q", ls[0].Text)
		}
	}
	if ls := captionLayers(&config.Captions{Cues: cues}); ls != nil {
		t.Errorf("soft captions gave layers %v", ls)
	}
	if ls := captionLayers(nil); ls != nil {
		t.Errorf("no captions gave layers %v", ls)
	}
}

// TestResolveCaptions places burned cues on the film's frames after the
// film's layers: rounding to frames, a cue shorter than a frame on one
// frame, one in the last half frame on the last, one past the end cut;
// overlapping cues are cut into stretches, each showing the texts over it
// (file order), so no two captions are drawn at once.
func TestResolveCaptions(t *testing.T) {
	p := captionProject(t, "captions: {file: subs.srt, burn: true}\nlayers: [{text: film}]\n")
	p.Captions.Cues = cuesOf(t, "1\n00:00:00,000 --> 00:00:01,000\na\n\n"+
		"9\n00:00:00,500 --> 00:00:00,800\nover\n\n"+
		"2\n00:00:01,010 --> 00:00:01,020\nshort\n\n"+
		"3\n00:00:01,017 --> 00:00:02,983\nrounded\n\n"+
		"4\n00:00:05,990 --> 00:00:05,999\nlast\n\n"+
		"5\n00:00:05,000 --> 00:01:00,000\nlong\n")
	tl := filmTimeline(t, 180) // 6 s at 30 fps
	ls, errs := resolveLayers(p, tl)
	if errs != nil {
		t.Fatal(errs)
	}
	var got []string
	for _, l := range ls {
		got = append(got, fmt.Sprintf("%s:%d-%d", strings.ReplaceAll(l.cfg.Text, "\n", "+"), l.from, l.to))
	}
	want := "film:0-180 a:0-15 a+over:15-24 a:24-30 short:30-31 rounded:31-89 long:150-179 last+long:179-180"
	if g := strings.Join(got, " "); g != want {
		t.Errorf("got  %s\nwant %s", g, want)
	}
}

// TestCaptionsAfterTheEnd refuses cues that start at or after the film's
// end, burned or not, naming the caption file's line and how many more.
func TestCaptionsAfterTheEnd(t *testing.T) {
	for _, burn := range []string{"true", "false"} {
		p := captionProject(t, "captions: {file: subs/en.srt, burn: "+burn+"}\n")
		p.Captions.Cues = cuesOf(t, "1\n00:00:01,000 --> 00:00:02,000\na\n\n2\n00:00:06,000 --> 00:00:07,000\nb\n\n3\n00:00:09,000 --> 00:00:10,000\nc\n")
		_, errs := resolveLayers(p, filmTimeline(t, 180))
		want := "project.yaml:1: captions.file: subs/en.srt:6: the cue starts at 00:00:06.000, at or after the end of the film (6s long) (and 1 more cues after it); take it out of the caption file, or lengthen the film"
		if errs.Error() != want {
			t.Errorf("burn %s: errors\n%v\nwant\n%s", burn, errs, want)
		}
	}
}

// captionProject parses src (plus one placeholder scene) without reading
// files: the test sets the cues.
func captionProject(t *testing.T, src string) *config.Project {
	t.Helper()
	cat, err := transitions.FromXFadeNames([]string{"fade"})
	if err != nil {
		t.Fatal(err)
	}
	p, err := config.Parse([]byte(src+"scenes:\n  - {placeholder: {text: a}, duration: 6s}\n"), "project.yaml", "/project",
		config.Options{Transitions: cat, SkipFileChecks: true})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// filmTimeline is a film of one scene of frames at 30 fps.
func filmTimeline(t *testing.T, frames int64) timeline.Timeline {
	t.Helper()
	tl, _, err := timeline.Build(frac.New(30, 1), []string{"scene-1"}, []int64{frames}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return tl
}
