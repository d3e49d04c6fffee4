package pipeline_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/pipeline"
	"github.com/reel-film/reel/pipeline/plan"
	"github.com/reel-film/reel/transitions"
)

// cardProject is a one-card project with the given text.
func cardProject(text string) string {
	return "output: {size: 320x180, fps: 24}\nscenes:\n  - id: card\n    placeholder: {text: '" + text + "'}\n    duration: 0.5s\n"
}

// cardJob prepares a project with the cache on and returns its card job.
func cardJob(t *testing.T, dir, work, text string) plan.Job {
	t.Helper()
	req := pipeline.Request{Path: writeProject(t, dir, cardProject(text)), WorkRoot: work}
	prep, err := pipeline.NewEngine(tools(), pipeline.Cache{Dir: filepath.Join(dir, "cache")}).Plan(context.Background(), req)
	if err != nil {
		t.Fatalf("prepare: %v", err)
	}
	return prep.Plan.Jobs[0]
}

// TestCardTextReachesFFmpegThroughAFile: the card's text is in a file
// written for the job, never in its arguments, and the job's key follows
// what the file says, not where it is.
func TestCardTextReachesFFmpegThroughAFile(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	const text = `Scene: 1, it''s [fine]; 100% {\N}`
	a := cardJob(t, dir, filepath.Join(dir, "w1"), text)
	if len(a.Files) != 1 || !strings.HasSuffix(a.Files[0].Path, "-card.ass") {
		t.Fatalf("files = %+v, want the card's script", a.Files)
	}
	if !strings.Contains(a.Files[0].Content, `Scene: 1, it's [fine]; 100% \{\`+"\u2060"+`N\}`) {
		t.Errorf("script does not hold the escaped text:\n%s", a.Files[0].Content)
	}
	args := strings.Join(a.Args, " ")
	if strings.Contains(args, "fine") || !strings.Contains(args, "ass=filename=") {
		t.Errorf("the text reached the arguments, or the ass filter is missing: %s", args)
	}
	b := cardJob(t, dir, filepath.Join(dir, "w2"), text)
	c := cardJob(t, dir, filepath.Join(dir, "w1"), text+"!")
	if a.Key == "" || a.Key != b.Key {
		t.Errorf("same text, other work directory: keys %q and %q, want equal", a.Key, b.Key)
	}
	if c.Key == a.Key {
		t.Errorf("other text, same key %q", a.Key)
	}
}

// TestRenderCardWrapsAndWarns renders cards at 320x180: a long line is
// drawn on several lines inside the margins, and a word too wide for any
// line gives a warning naming the scene.
func TestRenderCardWrapsAndWarns(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	p := render(t, dir, `output: {size: 320x180, fps: 24}
scenes:
  - id: long-line
    placeholder: {text: "A long placeholder line that would run off both edges of the card if it were not wrapped"}
    duration: 0.5s
    transition: cut
  - id: long-word
    placeholder: {text: "PneumonoultramicroscopicsilicovolcanoconiosisSupercalifragilisticexpialidocious"}
    duration: 0.5s
`)
	var warned bool
	for _, w := range p.Warnings {
		if strings.Contains(w, "scene long-word") && strings.Contains(w, "too wide for the card") && strings.Contains(w, "scenes[1].placeholder") {
			warned = true
		}
		if strings.Contains(w, "long-line") {
			t.Errorf("unexpected warning for the long line: %s", w)
		}
	}
	if !warned {
		t.Errorf("warnings %q, want one for scene long-word", p.Warnings)
	}
	for _, frame := range []int{6, 18} { // one in each scene
		img := fftest.Frame(t, p.Output, frame)
		rows, edge, top, bottom := map[int]bool{}, 0, 180, -1
		for y := 0; y < 180; y++ {
			for x := 0; x < 320; x++ {
				if c := img.RGBAAt(x, y); c.R > 140 && c.G > 140 { // white text; the gradient is dark and blue
					rows[y/4] = true
					top, bottom = min(top, y), max(bottom, y)
					if x < 8 || x >= 312 {
						edge++
					}
				}
			}
		}
		if edge > 0 {
			t.Errorf("frame %d: %d text pixels within 8 px of the left or right edge", frame, edge)
		}
		// One line of 8 px text (the smallest size) spans at most 8 rows,
		// 10 with the shadow and the encoder's blur: two span more.
		if bottom-top+1 < 11 || (frame == 6 && bandsOf(rows) < 2) {
			t.Errorf("frame %d: text in rows %d-%d, on %d bands, want several lines", frame, top, bottom, bandsOf(rows))
		}
	}
}

// bandsOf counts runs of 4-pixel row groups holding text.
func bandsOf(rows map[int]bool) int {
	n := 0
	for y := 0; y < 45; y++ {
		if rows[y] && !rows[y-1] {
			n++
		}
	}
	return n
}

// TestCardsNeedLibass: with an FFmpeg that lacks the ass filter (a fake
// that knows no filter), preparing a project with a card fails before any
// job runs, saying what is missing; without cards it does not ask.
func TestCardsNeedLibass(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	cat, err := transitions.Discover(context.Background(), fftest.FFmpeg())
	if err != nil {
		t.Fatal(err)
	}
	fake := filepath.Join(dir, "ffmpeg")
	if err := os.WriteFile(fake, []byte("#!/bin/sh\necho \"Unknown filter 'ass'.\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	eng := pipeline.NewEngine(pipeline.Tools{FFmpeg: fake, FFprobe: fftest.FFprobe(), Catalogue: cat}, pipeline.Cache{Off: true})
	_, err = eng.Plan(context.Background(), request(dir, writeProject(t, dir, cardProject("hello"))))
	if err == nil || !strings.Contains(err.Error(), "ass filter (libass)") {
		t.Errorf("prepare with an FFmpeg without libass: %v, want an error naming libass", err)
	}
}

// TestCardsWithoutFontconfig: without fc-list the cards are still laid out
// (by estimate), and the plan warns once that glyphs cannot be checked.
func TestCardsWithoutFontconfig(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	tl := tools()
	tl.FCList = filepath.Join(dir, "fc-list")
	proj := writeProject(t, dir, "output: {size: 320x180, fps: 24}\nscenes:\n  - {placeholder: {text: one}, duration: 0.5s}\n  - {placeholder: {text: two}, duration: 0.5s}\n")
	prep, err := pipeline.NewEngine(tl, pipeline.Cache{Off: true}).Plan(context.Background(), request(dir, proj))
	if err != nil {
		t.Fatalf("prepare: %v", err)
	}
	var n int
	for _, w := range prep.Plan.Warnings {
		if strings.Contains(w, "cannot check that the cards' characters can be drawn") {
			n++
		}
	}
	if n != 1 || len(prep.Plan.Jobs[0].Files) != 1 {
		t.Errorf("warnings %q, files %d; want the fontconfig warning once and the card's script", prep.Plan.Warnings, len(prep.Plan.Jobs[0].Files))
	}
}
