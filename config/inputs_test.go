package config

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestInputsListsEveryFile loads a project naming one file of every kind
// and checks that Project.Inputs lists each, resolved, with its kind and
// the field that names it.
func TestInputsListsEveryFile(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"in.mp4", "bed.m4a", "vo.wav", "still.png", "flow.json"} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	src := `scenes:
  - {source: ./sub/../in.mp4, grade: {lut: looks/warm.cube}}
  - {prompt: p, generator: zoom, duration: 1s}
generators:
  zoom: {kind: command, run: [zoomer, --still=still.png, "{prompt}", "{output}", missing.png]}
audio:
  beds: [{source: bed.m4a}]
  voiceover: [{source: vo.wav, at: 0s}]
captions: {file: subs/en.srt}
`
	// File checks on (generator arguments need them); the missing LUT is an
	// error, but it is still listed as an input.
	opts := testOptions()
	opts.SkipFileChecks, opts.Partial = false, true
	p, _ := Parse([]byte(src), "p.yaml", dir, opts)
	if p == nil {
		t.Fatal("no project")
	}
	want := map[string]string{
		filepath.Join(dir, "in.mp4"):             InputSource + " scenes[0].source",
		filepath.Join(dir, "looks", "warm.cube"): InputLUT + " scenes[0].grade.lut",
		filepath.Join(dir, "bed.m4a"):            InputAudio + " audio.beds[0].source",
		filepath.Join(dir, "vo.wav"):             InputAudio + " audio.voiceover[0].source",
		filepath.Join(dir, "still.png"):          InputGenerator + " generators.zoom.run[1]",
		filepath.Join(dir, "subs", "en.srt"):     InputCaptions + " captions.file",
	}
	got := map[string]string{}
	for _, in := range p.Inputs {
		got[in.Path] = in.Kind + " " + in.Pos.Path
	}
	for path, w := range want {
		if got[path] != w {
			t.Errorf("input %s: %q, want %q", path, got[path], w)
		}
	}
	if _, ok := got[filepath.Join(dir, "missing.png")]; ok {
		t.Error("a generator argument naming no existing file is listed")
	}
}

// TestEveryPathGoesThroughInputFile keeps new file keys honest: outside the
// output and the project file itself, a path written in a project is
// resolved only by inputFile, which records it as an input (so that the
// output checks see every kind).
func TestEveryPathGoesThroughInputFile(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	allowed := map[string]bool{"inputs.go": true, "output.go": true, "project.go": true, "stills.go": true, "confine.go": true} // stills.go: the poster and thumbnails are written (Project.Writes); confine.go: outputAbs, every written path
	call := regexp.MustCompile(`\bd\.abs\(`)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || allowed[f] {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if call.Match(b) {
			t.Errorf("%s resolves a project path with d.abs: use d.inputFile so the file is one of Project.Inputs", f)
		}
	}
}
