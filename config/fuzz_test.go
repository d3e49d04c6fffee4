package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/color"
	"github.com/reel-film/reel/internal/timecode"
)

// FuzzParse checks that the project parser never panics or hangs, reports
// every problem as Errors whose text stays short, and that a project it
// accepts holds only values FFmpeg will take. Seeds: the sample projects,
// the error cases, and testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	samples, _ := filepath.Glob("../samples/*/project.yaml")
	for _, s := range samples {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	for _, tc := range errorCases {
		f.Add([]byte(tc.src))
	}
	for _, tc := range badValues {
		f.Add([]byte(tc.src))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse(data, "project.yaml", dir, testOptions())
		if (p == nil) == (err == nil) {
			t.Fatalf("Parse returned project %v and error %v: want exactly one", p != nil, err)
		}
		if err != nil {
			checkReport(t, err)
			return
		}
		checkProject(t, p)
	})
}

// checkReport checks that err is Errors, each message bounded and the
// whole report at most MaxShown lines and a summary.
func checkReport(t *testing.T, err error) {
	var es Errors
	if !errors.As(err, &es) || len(es) == 0 {
		t.Fatalf("error %T %v, want a non-empty Errors", err, err)
	}
	for _, e := range es {
		if n := len(e.Error()); n > 1500 {
			t.Fatalf("a message of %d bytes: %.200s", n, e.Error())
		}
	}
	if lines := strings.Count(err.Error(), "\n") + 1; lines > MaxShown+1 {
		t.Fatalf("the report has %d lines, want at most %d", lines, MaxShown+1)
	}
}

// checkProject checks the values of an accepted project against FFmpeg's
// limits.
func checkProject(t *testing.T, p *Project) {
	o := p.Output
	if o.Width < minSide || o.Width > maxSide || o.Height < minSide || o.Height > maxSide || o.Width%2 != 0 || o.Height%2 != 0 {
		t.Fatalf("accepted size %dx%d", o.Width, o.Height)
	}
	if o.FPS.Den <= 0 || o.FPS.Num < minFPS*o.FPS.Den || o.FPS.Num > maxFPS*o.FPS.Den {
		t.Fatalf("accepted frame rate %v", o.FPS)
	}
	for _, s := range p.Scenes {
		if msg := nameProblem("id", s.ID); msg != "" {
			t.Fatalf("accepted %s", msg)
		}
		if s.Duration != nil && s.Duration.Frames(o.FPS) > timecode.MaxFrames {
			t.Fatalf("accepted duration %s", s.Duration)
		}
		if !(s.Volume.DB >= MinVolume && s.Volume.DB <= MaxVolume) {
			t.Fatalf("accepted gain %g dB", s.Volume.DB)
		}
		if s.Placeholder != nil && s.Placeholder.Color != "" {
			if _, err := color.Parse(s.Placeholder.Color); err != nil {
				t.Fatalf("accepted placeholder colour: %v", err)
			}
		}
		if tr := s.Transition; tr != nil {
			if _, err := color.Parse(tr.Color); err != nil {
				t.Fatalf("accepted transition colour: %v", err)
			}
		}
		if g := s.Grade; g != nil {
			for _, v := range []float64{g.Intensity, g.Vignette, g.Grain, g.Sharpen} {
				if !(v >= 0 && v <= 1) {
					t.Fatalf("accepted grade value %g", v)
				}
			}
		}
	}
}
