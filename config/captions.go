package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/internal/timecode"
	"github.com/reel-film/reel/subtitles"
	"gopkg.in/yaml.v3"
)

// InputCaptions is the kind of a caption file among Project.Inputs.
const InputCaptions = "caption file"

// captionKeys are the keys of the captions map.
var captionKeys = []string{"file", "burn", "style", "language"}

// DefaultCaptionStyle is the style of burned captions when none is given.
const DefaultCaptionStyle = "caption"

// languageRe matches an ISO 639-2 language code (eng, fra, deu, ara).
var languageRe = regexp.MustCompile(`^[a-z]{3}$`)

// captions decodes the top-level captions key: a file name (`captions:
// subs.srt`) or a map {file, burn, style, language}. The file is read and
// its cues checked at load, as a LUT is.
func (d *decoder) captions(p *Project, m fields) {
	f, ok := m["captions"]
	if !ok {
		return
	}
	c := &Captions{Style: DefaultCaptionStyle, Pos: d.pos(f.key, f.path)}
	n := deref(f.val)
	file := f
	if n.Kind == yaml.MappingNode {
		cm, _ := d.mapping(n, f.path, captionKeys)
		v, ok := cm["file"]
		if !ok {
			d.errorf(f.key, f.path, `missing key "file" (the captions' .srt or .vtt file, e.g. file: subs.srt)`)
			return
		}
		file = v
		d.captionOptions(cm, c, p)
	} else if n.Kind != yaml.ScalarNode || isNull(n) {
		d.errorf(n, f.path, "expected a caption file (e.g. subs.srt) or a map {file, burn, style, language}, found %s", describe(n))
		return
	}
	if d.captionFile(file, c) {
		p.Captions = c
	}
}

// captionOptions decodes burn, style and language.
func (d *decoder) captionOptions(m fields, c *Captions, p *Project) {
	if v, ok := m["burn"]; ok {
		c.Burn = d.audioBool(v)
	}
	if v, ok := m["style"]; ok {
		if s, ok := d.enum(v, "caption style", TextStyles); ok {
			c.Style = s
		}
		if !c.Burn {
			p.Warnings = append(p.Warnings, d.pos(v.key, v.path).Errorf(
				"the style is for burned captions; these go to a subtitle stream, which players style themselves (add burn: true to draw them)"))
		}
	}
	if v, ok := m["language"]; ok {
		if s, ok := d.nonEmpty(v); ok {
			if !languageRe.MatchString(s) {
				d.errorf(v.val, v.path, "%q is not an ISO 639-2 language code: write three lower-case letters, e.g. eng, fra, deu, spa, ara", s)
			} else {
				c.Language = s
			}
		}
	}
}

// captionFile reads the file key: the path, listed as an input, then (file
// checks on) its cues. It reports whether the captions are usable.
func (d *decoder) captionFile(f field, c *Captions) bool {
	written, ok := d.nonEmpty(f)
	if !ok {
		return false
	}
	c.File = d.inputFile(f, InputCaptions, written)
	ext := strings.ToLower(filepath.Ext(written))
	if ext != ".srt" && ext != ".vtt" {
		d.errorf(f.val, f.path, "%s: reel reads captions from SubRip (.srt) or WebVTT (.vtt) files", written)
		return false
	}
	if d.opts.SkipFileChecks {
		return true
	}
	if _, err := os.Stat(c.File); errors.Is(err, fs.ErrNotExist) {
		d.errorf(f.val, f.path, "file not found: %s (looked in %s)", written, filepath.Dir(c.File))
		return false
	}
	cues, err := subtitles.Read(c.File, written)
	if err != nil {
		d.errorf(f.val, f.path, "%v", err)
		return false
	}
	c.Cues = CaptionCues(cues)
	return true
}

// CaptionCues converts a caption file's cues to the project's (exact
// times on the film's timeline).
func CaptionCues(cues []subtitles.Cue) []Cue {
	out := make([]Cue, 0, len(cues))
	for _, cue := range cues {
		out = append(out, Cue{Start: msDuration(cue.Start), End: msDuration(cue.End), Text: cue.Text, Line: cue.Line})
	}
	return out
}

// msDuration is t (whole milliseconds) as an exact Duration.
func msDuration(t time.Duration) timecode.Duration {
	ms := t.Milliseconds()
	return timecode.Duration{Sec: frac.New(ms, 1000), Text: CueClock(t)}
}

// CueClock writes t as a caption file's time, hh:mm:ss.mmm.
func CueClock(t time.Duration) string {
	ms := t.Round(time.Millisecond).Milliseconds()
	return fmt.Sprintf("%02d:%02d:%02d.%03d", ms/3600000, ms/60000%60, ms/1000%60, ms%1000)
}
