package config

import (
	"path/filepath"
	"slices"
	"strings"

	"github.com/reel-film/reel/internal/suggest"
	"gopkg.in/yaml.v3"
)

// outputKeys are the keys of an output map, in the order Output.Set lists
// them.
var outputKeys = []string{"path", "name", "size", "fps", "codec", "quality", "preset", "crf", "bitrate", "profile", "fit", "range"}

// pictureKeys describe the picture: an audio-only output takes none.
var pictureKeys = []string{"size", "fps", "codec", "quality", "preset", "crf", "bitrate", "profile", "fit"}

// Limits of the output format.
const (
	minSide = 32 // libx265 refuses sides under 16, and a preview halves them
	maxSide = 8192
	minFPS  = 1
	maxFPS  = 240
	maxCRF  = 51
	// maxRateTerm is the largest numerator or denominator FFmpeg keeps in a
	// frame rate (av_parse_video_rate reduces to at most 1001000): past it,
	// FFmpeg's rate would differ from the one reel plans with.
	maxRateTerm = 1001000
)

// output decodes the output map (f.val is nil when it is absent).
func (d *decoder) output(f field) Output {
	return d.rendition(f.key, f.val, "output", nil)
}

// rendition decodes one output map at path (val is nil when the project
// gives none). first is the first output, whose values the keys left out
// take; nil when this is the first.
func (d *decoder) rendition(key, val *yaml.Node, path string, first *Output) (o Output) {
	o = d.defaultOutput()
	if first != nil {
		o = inherit(*first)
	}
	o.Pos = Pos{File: d.name, Path: path}
	o.PathPos = Pos{File: d.name, Path: join(path, "path")}
	if first == nil {
		o.Path = d.outputAbs(filepath.Join("out", baseName(d.name)+".mp4"), o.PathPos)
	}
	defer func() {
		if o.Name == "" {
			o.Name = outputName(o.Path)
		}
		o.Container = containerOf(o.Path)
		o.Audio = AudioCodec(o.Container, o.Codec)
	}()
	if val == nil {
		return o
	}
	o.Pos = d.pos(key, path)
	o.PathPos.Line = o.Pos.Line
	m, ok := d.mapping(val, path, outputKeys)
	if !ok {
		return o
	}
	for _, k := range outputKeys {
		if _, ok := m[k]; ok {
			o.Set = append(o.Set, k)
		}
	}
	if v, ok := m["path"]; ok {
		d.outputPath(v, &o)
	} else if first != nil {
		d.errorf(val, path, `missing key "path" (each output names its file, e.g. path: out/vertical.mp4)`)
	}
	if v, ok := m["name"]; ok {
		d.outputNameKey(v, &o)
	}
	format, known := FormatOf(containerOf(o.Path))
	d.codec(m, &o, first, format, known)
	if known && format.Default == "" {
		d.audioOnly(m, &o, format)
	} else {
		d.picture(m, &o, first)
	}
	if first == nil {
		d.fps = o.FPS // frames in this output's range count at the film's rate
	}
	if v, ok := m["range"]; ok {
		o.Range = d.outRange(v)
	}
	return o
}

// inherit is what a rendition takes from the first output before its own
// keys: everything but its name, path, range and fit (which defaults to
// the project's).
func inherit(first Output) Output {
	o := first
	o.Name, o.Path, o.Fit, o.Range, o.Set = "", "", "", nil, nil
	return o
}

// containerOf is the container of a path: its extension, lower case,
// without the dot.
func containerOf(path string) string {
	return strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
}

// outputNameKey decodes an output's name (what --output NAME matches).
func (d *decoder) outputNameKey(f field, o *Output) {
	s, ok := d.nonEmpty(f)
	if !ok {
		return
	}
	if msg := nameProblem("name", s); msg != "" {
		d.errorf(f.val, f.path, "%s", msg)
		return
	}
	o.Name = s
}

// MinSideH265 is the smallest side of an h265 film. libx265 3.5 (in
// FFmpeg 5.1) aborts with heap corruption ("free(): invalid next size") on
// some frames under its 64-pixel coding tree unit, e.g. 34x64, 44x64 and
// 34x32, on some runs only; every size tried from 64 up encodes.
const MinSideH265 = 64

// MinSideAV1 is the smallest side of an av1 output: SVT-AV1 1.4 refuses
// smaller frames ("Source Height must be at least 64").
const MinSideAV1 = 64

// minSideOf is the smallest side a codec encodes (0: the general minimum).
func minSideOf(codec string) int {
	switch codec {
	case "h265":
		return MinSideH265
	case "av1":
		return MinSideAV1
	}
	return 0
}

// outputPath decodes the output file path and checks its extension.
func (d *decoder) outputPath(f field, o *Output) {
	s, ok := d.nonEmpty(f)
	if !ok {
		return
	}
	o.PathPos = d.pos(f.val, f.path)
	o.Path = d.outputAbs(s, o.PathPos)
	ext := strings.ToLower(filepath.Ext(s))
	if !slices.Contains(OutputExts, ext) {
		d.errorf(f.val, f.path, "unsupported extension %q%s", filepath.Ext(s), extHint(ext))
	}
}

// abs resolves a path written in the project against its directory.
func (d *decoder) abs(p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(d.dir, p)
}

// baseName is the file name of name without directory and extension.
func baseName(name string) string {
	b := filepath.Base(name)
	b = strings.TrimSuffix(b, filepath.Ext(b))
	if b == "" || b == "." || b == "-" || b == string(filepath.Separator) {
		return "film"
	}
	return b
}

// outputName is an output's default name: its file name without the
// extension.
func outputName(path string) string {
	b := filepath.Base(path)
	return strings.TrimSuffix(b, filepath.Ext(b))
}

// extHint suggests a video extension for a mistyped one, or lists them all.
func extHint(ext string) string {
	if h := suggest.Hint(ext, VideoExts); h != "" {
		return h
	}
	return " (expected a video file: " + strings.Join(VideoExts, ", ") + "; or sound only: " + strings.Join(AudioExts, ", ") + ")"
}
