package plan

import (
	"strings"
	"testing"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/internal/timecode"
)

// TestDerived: which renditions are made from the finished film.
func TestDerived(t *testing.T) {
	film := config.Output{Codec: "h264", FPS: frac.New(30, 1)}
	d := timecode.MustParse("2s")
	for _, tc := range []struct {
		name string
		o    config.Output
		want bool
	}{
		{"the film's own rate", config.Output{Codec: "vp9", FPS: frac.New(30, 1)}, false},
		{"rate unset", config.Output{Codec: "h264"}, false},
		{"the same rate written 60/2", config.Output{Codec: "h264", FPS: frac.Rational{Num: 60, Den: 2}}, false},
		{"another rate", config.Output{Codec: "h264", FPS: frac.New(24, 1)}, true},
		{"a GIF", config.Output{Codec: "gif", FPS: frac.New(30, 1)}, true},
		{"a range", config.Output{Codec: "h264", Range: &config.Range{Duration: &d}}, true},
		{"sound only", config.Output{FPS: frac.New(24, 1)}, false},
		{"sound only, a range", config.Output{Range: &config.Range{Duration: &d}}, true},
	} {
		if got := Derived(tc.o, film); got != tc.want {
			t.Errorf("%s: Derived %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestDerivedErrors: what a film cannot give is an error at the line of
// the range (or the output), naming the film's length and the fix.
func TestDerivedErrors(t *testing.T) {
	film := filmFile{Path: "/w/.film.mp4.partial", Job: "mux-film", Frames: 150, FPS: frac.New(30, 1), Width: 160, Height: 90, Audio: true}
	pos := config.Pos{File: "p.yaml", Line: 9, Path: "outputs[2].range"}
	rng := func(start, end, duration string) *config.Range {
		r := &config.Range{Start: timecode.MustParse(start), Pos: pos}
		if end != "" {
			e := timecode.MustParse(end)
			r.End = &e
		}
		if duration != "" {
			d := timecode.MustParse(duration)
			r.Duration = &d
		}
		return r
	}
	for _, tc := range []struct {
		name string
		o    config.Output
		want []string
	}{
		{"starts at the end", config.Output{Codec: "h264", Range: rng("5s", "", "")},
			[]string{"p.yaml:9: outputs[2].range: range starts at 5s, at or after the end of the film (5s long)"}},
		{"starts after the end, in frames", config.Output{Codec: "h264", Range: rng("151f", "", "")},
			[]string{"range starts at 151f, at or after the end"}},
		{"duration past the end", config.Output{Codec: "h264", Range: rng("3s", "", "4s")},
			[]string{"range ends at 7s, after the end of the film (5s long)", "from 3s the film has 2s left: use duration: 2s"}},
		{"end past the end", config.Output{Codec: "h264", Range: rng("1s", "00:00:06", "")},
			[]string{"range ends at 6s", "4s left"}},
		{"end before start", config.Output{Codec: "h264", Range: rng("2s", "1s", "")},
			[]string{"range ends at 1s, not after its start (2s)"}},
		{"shorter than a frame", config.Output{Codec: "gif", FPS: frac.New(10, 1), Range: rng("1s", "", "50ms")},
			[]string{"1s to 1.05s is shorter than one frame at 10 fps (0.1s)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := testBuilder(t.TempDir()).derivedJob(film, tc.o, "/out/.x.partial")
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

// TestDerivedJobs: the jobs made from the film wait for its mux and read
// only it; each writes into the work directory under its job's name
// (never the output's path nor the render's tag, so that the cache can
// key it), and every file is delivered from there to its temporary name
// (the thumbnails' VTT is the job's second output, written by the
// executor for the job); the problems of several outputs come back
// together.
func TestDerivedJobs(t *testing.T) {
	film := filmFile{Path: "/out/.master.mp4.7.partial", Job: "mux-master", Frames: 150, FPS: frac.New(30, 1), Width: 160, Height: 90, Audio: true}
	b := testBuilder("/w")
	b.project.Output = config.Output{Codec: "h264", FPS: frac.New(30, 1), Width: 160, Height: 90}
	d := timecode.MustParse("2s")
	outs := []config.Output{
		b.project.Output,
		{Name: "teaser", Path: "/out/teaser.gif", Container: "gif", Codec: "gif", FPS: frac.New(12, 1), Width: 80, Height: 44, Range: &config.Range{Start: timecode.MustParse("1s"), Duration: &d}},
		{Name: "web", Path: "/out/web.webm", Container: "webm", Codec: "vp9", FPS: frac.New(30, 1)},
		{Name: "slow", Path: "/out/slow.mp4", Container: "mp4", Codec: "h264", CRF: -1, FPS: frac.New(24, 1)},
	}
	poster := &config.Poster{At: timecode.MustParse("3s"), Path: "/out/poster.jpg"}
	thumbs := &config.Thumbnails{Every: timecode.MustParse("1s"), Width: 40, Columns: 5, Path: "/out/thumbs.jpg", VTT: "/out/thumbs.vtt"}
	temp := func(p string) string { return TempOutput(p, "7") }
	jobs, finals, err := b.derivedJobs(film, outs, poster, thumbs, temp)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, j := range jobs {
		ids = append(ids, j.ID)
		if j.Kind != KindDerived || strings.Join(j.Deps, ",") != "mux-master" || strings.Join(j.Inputs, ",") != film.Path {
			t.Errorf("job %s: kind %s, deps %v, inputs %v", j.ID, j.Kind, j.Deps, j.Inputs)
		}
	}
	if got := strings.Join(ids, " "); got != "derived-teaser derived-slow poster thumbnails" {
		t.Errorf("jobs %s", got)
	}
	var got []string
	for _, f := range finals {
		got = append(got, f.Job+":"+f.From+">"+f.Temp+">"+f.Path)
	}
	want := []string{
		"derived-teaser:/w/derived-teaser.gif>/out/.teaser.gif.7.partial>/out/teaser.gif",
		"derived-slow:/w/derived-slow.mp4>/out/.slow.mp4.7.partial>/out/slow.mp4",
		"poster:/w/poster.jpg>/out/.poster.jpg.7.partial>/out/poster.jpg",
		"thumbnails:/w/thumbnails.jpg>/out/.thumbs.jpg.7.partial>/out/thumbs.jpg",
		"thumbnails:/w/thumbnails.vtt>/out/.thumbs.vtt.7.partial>/out/thumbs.vtt",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("delivered:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	th := jobs[3]
	if len(th.Files) != 1 || th.Files[0].Path != Out(1) || !strings.HasPrefix(th.Files[0].Content, "WEBVTT\n") {
		t.Errorf("the thumbnails job's files: %+v", th.Files)
	}
	// Problems in several outputs come back together.
	poster.At = timecode.MustParse("9s")
	outs[1].Range.Start = timecode.MustParse("6s")
	_, _, err = b.derivedJobs(film, outs, poster, thumbs, temp)
	if errs, ok := err.(config.Errors); !ok || len(errs) != 2 {
		t.Errorf("error %v, want the range's and the poster's", err)
	}
}
