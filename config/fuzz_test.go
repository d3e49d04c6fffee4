package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/color"
	"github.com/reel-film/reel/internal/frac"
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
	for _, tc := range outputErrors {
		f.Add([]byte(tc.src))
	}
	f.Add([]byte(issueOutputs))
	for _, s := range fuzzFieldSeeds {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse(data, "project.yaml", dir, testOptions())
		if (p == nil) == (err == nil) {
			t.Fatalf("Parse returned project %v and error %v: want exactly one", p != nil, err)
		}
		fuzzValues(t, data, dir, err)
		if err != nil {
			checkReport(t, err)
			return
		}
		checkProject(t, p)
	})
}

// fuzzFieldSeeds are projects with merge fields.
var fuzzFieldSeeds = []string{
	"fields: {name: {default: friend}, len: {default: 2s}, n: {}}\nscenes:\n  - placeholder: {text: 'Hi {{ name }} \\{{ n }}'}\n    duration: \"{{ len }}\"\n",
	"fields:\n  crf: {default: 23, description: quality}\n  t: {default: true}\noutput: {crf: \"{{crf}}\", path: \"out/{{ t }}.mp4\"}\nscenes:\n  - &s {source: \"{{ t }}.mp4\"}\n  - *s\n",
	`{"fields": {"a": null, "b": {"default": 1.5}}, "scenes": [{"placeholder": {"text": "{{ a }}{{b}}"}, "duration": "1s"}]}`,
}

// fuzzRowValues are the values fuzzValues gives the declared fields in
// turn: typed and untyped, and text that would break the YAML if it were
// pasted into it.
var fuzzRowValues = []Value{{Text: "48"}, {Text: "2.5s"}, {Text: "a: b\n- {{ x }} \\{{"}, {Text: "true", Tag: "!!bool"}, {Text: ""}, {Text: "3", Tag: "!!float"}}

// fuzzValues loads data again with a value for each field it declares, and
// checks that ReadFields agrees with Parse and that every error names the
// row.
func fuzzValues(t *testing.T, data []byte, dir string, plain error) {
	fs, ferr := ReadFields(data, "project.yaml")
	if ferr != nil {
		if plain == nil {
			t.Fatalf("ReadFields failed on a project Parse accepts: %v", ferr)
		}
		checkReport(t, ferr)
		return
	}
	if len(fs) == 0 {
		return
	}
	opts := testOptions()
	opts.Row, opts.Values = "rows.csv:2 (row 1)", Values{}
	for i, f := range fs {
		opts.Values[f.Name] = fuzzRowValues[i%len(fuzzRowValues)]
	}
	p, err := Parse(data, "project.yaml", dir, opts)
	if (p == nil) == (err == nil) {
		t.Fatalf("Parse with values returned project %v and error %v: want exactly one", p != nil, err)
	}
	if err != nil {
		checkReport(t, err)
		for _, e := range err.(Errors) {
			if e.Row != opts.Row {
				t.Fatalf("an error without the row: %v", e)
			}
		}
		return
	}
	if len(p.Values) != len(fs) {
		t.Fatalf("Values %v for %d fields", p.Values, len(fs))
	}
	checkProject(t, p)
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
	if len(p.Outputs) == 0 || !reflect.DeepEqual(p.Outputs[0], o) {
		t.Fatalf("Output is not the first of %d Outputs", len(p.Outputs))
	}
	if o.AudioOnly() || o.Codec == "gif" || o.Range != nil {
		t.Fatalf("accepted a first output of codec %q with range %v", o.Codec, o.Range)
	}
	checkWrites(t, p)
	for _, r := range p.Outputs {
		checkOutput(t, r, o.FPS)
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

// checkOutput checks one accepted output against its encoder's and
// container's limits; film is the film's frame rate (frames in a range).
func checkOutput(t *testing.T, o Output, film frac.Rational) {
	format, ok := FormatOf(o.Container)
	if !ok {
		t.Fatalf("accepted container %q", o.Container)
	}
	if o.Audio != AudioCodec(o.Container, o.Codec) {
		t.Fatalf("output %s: audio %q, want %q", o.Name, o.Audio, AudioCodec(o.Container, o.Codec))
	}
	if o.AudioOnly() {
		if format.Default != "" || o.Width != 0 || o.Height != 0 || o.CRF != -1 || o.Bitrate != 0 || o.Preset != "" || o.Profile != "" {
			t.Fatalf("accepted audio-only output %+v", o)
		}
		return
	}
	if !slices.Contains(format.Codecs, o.Codec) {
		t.Fatalf("accepted %s in .%s", o.Codec, o.Container)
	}
	if o.Width < max(minSide, minSideOf(o.Codec)) || o.Width > maxSide || o.Height < max(minSide, minSideOf(o.Codec)) || o.Height > maxSide || o.Width%2 != 0 || o.Height%2 != 0 {
		t.Fatalf("accepted size %dx%d for %s", o.Width, o.Height, o.Codec)
	}
	if o.FPS.Den <= 0 || o.FPS.Num < minFPS*o.FPS.Den || o.FPS.Num > maxFPS*o.FPS.Den || o.Codec == "gif" && o.FPS.Num > maxGIFFPS*o.FPS.Den {
		t.Fatalf("accepted frame rate %v for %s", o.FPS, o.Codec)
	}
	if o.CRF > maxCRFOf(o.Codec) || o.CRF >= 0 && o.Bitrate > 0 || (o.Codec == "prores" || o.Codec == "gif") && (o.CRF >= 0 || o.Bitrate > 0 || o.Preset != "") {
		t.Fatalf("accepted crf %d, bitrate %d, preset %q for %s", o.CRF, o.Bitrate, o.Preset, o.Codec)
	}
	if o.Bitrate != 0 && (o.Bitrate < MinBitrate || o.Bitrate > MaxBitrate) {
		t.Fatalf("accepted bitrate %d", o.Bitrate)
	}
	if (o.Codec == "prores") != (o.Profile != "") {
		t.Fatalf("accepted profile %q for %s", o.Profile, o.Codec)
	}
	if r := o.Range; r != nil && r.End != nil && seconds(*r.End, film).Cmp(seconds(r.Start, film)) <= 0 {
		t.Fatalf("accepted range %s..%s", r.Start, r.End)
	}
}

// checkWrites checks that no two files a render writes share a path (or a
// path up to case) and no two outputs a name.
func checkWrites(t *testing.T, p *Project) {
	paths, names := map[string]bool{}, map[string]bool{}
	for _, w := range p.Writes() {
		k := strings.ToLower(w.Path)
		if paths[k] || w.Kind == WriteRendition && names[w.Name] {
			t.Fatalf("accepted a second write of %s (%s)", w.Path, w.Name)
		}
		paths[k], names[w.Name] = true, w.Kind == WriteRendition || names[w.Name]
	}
}
