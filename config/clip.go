package config

import (
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/internal/quote"
	"github.com/reel-film/reel/internal/timecode"
)

// Keys of the maps inside a scene.
var (
	trimKeys        = []string{"start", "end", "duration"}
	placeholderKeys = []string{"text", "color"}
)

// trim decodes {start, end} or {start, duration}.
func (d *decoder) trim(f field) *Trim {
	t := &Trim{Pos: d.pos(f.key, f.path)}
	if sp, ok := d.span(f, trimKeys); ok {
		t.Start, t.End, t.Duration = sp.start, sp.end, sp.duration
	}
	return t
}

// span is a part of a timeline as written: a trim, or an output's range.
type span struct {
	start         *timecode.Duration // 0 when not written; nil when invalid
	end, duration *timecode.Duration // at most one is set
}

// span decodes the map {start, end} or {start, duration} at f with the
// given keys: start defaults to 0; end and duration together, or an end
// not after the start, are errors. ok is false when f is not a map.
func (d *decoder) span(f field, keys []string) (sp span, ok bool) {
	m, ok := d.mapping(f.val, f.path, keys)
	if !ok {
		return sp, false
	}
	sp.start = timecodePtr(timecode.MustParse("0s"))
	if v, ok := m["start"]; ok {
		sp.start, _ = d.duration(v)
	}
	if v, ok := m["duration"]; ok {
		sp.duration, _ = d.length(v)
	}
	end, hasEnd := m["end"]
	if hasEnd {
		sp.end, _ = d.duration(end)
	}
	if dur, ok := m["duration"]; ok && hasEnd {
		d.errorf(dur.key, f.path, "give either end or duration, not both (end at line %d)", end.key.Line)
	}
	if sp.start != nil && sp.end != nil && !d.before(*sp.start, *sp.end) {
		d.errorf(end.val, end.path, "end %s must be after start %s", sp.end, sp.start)
	}
	return sp, true
}

// before reports whether a < b, reading frame counts at the output rate.
func (d *decoder) before(a, b timecode.Duration) bool {
	return seconds(a, d.fps).Cmp(seconds(b, d.fps)) < 0
}

// seconds returns d in exact seconds at fps.
func seconds(d timecode.Duration, fps frac.Rational) *big.Rat {
	if d.InFrames {
		return big.NewRat(d.FrameCount*fps.Den, fps.Num)
	}
	if d.Sec.Den == 0 {
		return new(big.Rat)
	}
	return big.NewRat(d.Sec.Num, d.Sec.Den)
}

// placeholder decodes {text, color}; text defaults to the scene id. An unset
// color stays "": the source package owns the per-scene palette.
func (d *decoder) placeholder(f field, s *Scene) *Placeholder {
	p := &Placeholder{Text: s.ID, Pos: d.pos(f.key, f.path)}
	m, _ := d.mapping(f.val, f.path, placeholderKeys)
	if v, ok := m["text"]; ok {
		if txt, ok := d.str(v); ok && d.cardText(v, txt) {
			p.Text = txt
		}
	}
	if v, ok := m["color"]; ok {
		if c, ok := d.color(v); ok {
			p.Color = c
		}
	}
	return p
}

// MaxPlaceholderText is the most characters a placeholder card's text may
// have: a card holds a title or a short paragraph, not a script.
const MaxPlaceholderText = 2000

// cardText checks a placeholder's text: not too long, and no control
// characters but newlines and tabs (nothing to draw).
func (d *decoder) cardText(f field, s string) bool {
	if n := utf8.RuneCountInString(s); n > MaxPlaceholderText {
		d.errorf(f.val, f.path, "the text is %d characters long; a placeholder card holds at most %d (shorten it: a card shows a title or a short paragraph)", n, MaxPlaceholderText)
		return false
	}
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size <= 1 {
				d.errorf(f.val, f.path, "the text is not valid UTF-8 (at byte %d)", i)
				return false
			}
		}
		if unicode.IsControl(r) && r != '\n' && r != '\t' && r != '\r' {
			d.errorf(f.val, f.path, "the text holds the control character U+%04X at character %d (remove it; only newlines and tabs are allowed)", r, utf8.RuneCountInString(s[:i])+1)
			return false
		}
	}
	return true
}

var dbRe = regexp.MustCompile(`^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))\s*[dD][bB]$`)

// volume decodes a gain such as -6dB, +3dB, 0dB, or the word mute.
func (d *decoder) volume(f field) Volume {
	v := Volume{Pos: d.pos(f.val, f.path)}
	s, ok := d.text(f, "a volume like -6dB or mute")
	if !ok {
		return v
	}
	t := strings.TrimSpace(s)
	if t == "mute" {
		v.Mute = true
		return v
	}
	m := dbRe.FindStringSubmatch(t)
	if m == nil {
		d.errorf(f.val, f.path, "%s is not a volume (write a gain in dB like -6dB, +3dB or 0dB, or mute)", quote.Q(s))
		return v
	}
	v.DB, _ = strconv.ParseFloat(m[1], 64)
	if !(v.DB >= MinVolume && v.DB <= MaxVolume) {
		d.errorf(f.val, f.path, "%s is out of range (%gdB to %+gdB; write mute for silence)", quote.Short(t, quote.MaxValue), MinVolume, MaxVolume)
		v.DB = 0
	}
	return v
}

// The range of a volume: beyond it a gain is no longer a level (a sound
// 100 dB down is silence, 60 dB up turns the quietest recording into a
// full-scale one; the loudness stage sets the level of the whole).
const (
	MinVolume = -100.0
	MaxVolume = 60.0
)

// timecodePtr returns a pointer to a copy of d.
func timecodePtr(d timecode.Duration) *timecode.Duration { return &d }
