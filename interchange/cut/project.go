package cut

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/interchange/otio"
	"github.com/reel-film/reel/internal/frac"
)

// Options say where a cut's project lives and how its media is found.
type Options struct {
	// Dir is the directory the project's relative paths resolve against:
	// where it is written (reel import -o), or the cut file's (reel render).
	Dir string
	// Base is the cut file's directory: relative media paths in the file
	// resolve here.
	Base string
	// MediaDirs relink media that is not where the file says: a file of
	// the same name in one of them is taken (the first found).
	MediaDirs []string
	// Output and Size set the output's path and size of a project made
	// from a foreign file (default out/<name>.mp4, reel's default size).
	Output, Size string
	// FPS is an EDL's frame rate (zero: the file's `* FPS:` comment, else
	// a guess, with a warning).
	FPS frac.Rational
}

// projectKeys are the top-level keys of a project in the order written
// (any other key after them, scenes last).
var projectKeys = []string{"fields", "output", "outputs", "poster", "thumbnails", "transition", "fit", "generators", "grade", "grades", "audio", "fade_in", "fade_out", "layers", "captions"}

// sceneKeys are a scene's keys in the order written.
var sceneKeys = []string{"id", "source", "placeholder", "prompt", "generator", "seed", "background", "trim", "duration", "speed", "freeze", "fit", "volume", "deinterlace", "grade", "motion", "layers", "transition"}

// Project writes the cut as a reel project (YAML). Each clip is a scene of
// its file, trimmed to its range (widened by the handles its transitions
// play), each gap a black card; a clip whose media cannot be found is a
// placeholder card named after it, with a warning. A shot that reel
// exported and nobody changed is its scene as written.
func Project(c *Cut, o Options) ([]byte, []Warning, error) {
	b := &builder{c: c, o: o, ids: map[string]bool{}}
	b.fitTransitions()
	root := mapping()
	b.checkDir()
	if c.Project != nil {
		// Every key of the project as written comes back (a key this list
		// does not know, such as disclosure, after the known ones): a cut
		// round trip must not drop what the film declares.
		top := make(map[string]any, len(c.Project))
		for k, v := range c.Project {
			if k != "scenes" {
				top[k] = v
			}
		}
		root = ordered(top, projectKeys)
	} else {
		out := mapping()
		path := o.Output
		if path == "" {
			path = "out/" + slug(strings.TrimSuffix(filepath.Base(c.File), filepath.Ext(c.File)), "film") + ".mp4"
		}
		add(out, "path", path)
		if o.Size != "" {
			add(out, "size", o.Size)
		}
		if c.FPS.Den == 1 {
			add(out, "fps", c.FPS.Num)
		} else {
			add(out, "fps", c.FPS.String())
		}
		add(root, "output", out)
		if c.FadeIn > 0 {
			add(root, "fade_in", frames(c.FadeIn))
		}
		if c.FadeOut > 0 {
			add(root, "fade_out", frames(c.FadeOut))
		}
		if vo := b.sounds(); len(vo.Content) > 0 {
			audio := mapping()
			add(audio, "voiceover", vo)
			add(root, "audio", audio)
		}
	}
	scenes := &yaml.Node{Kind: yaml.SequenceNode}
	for i, s := range c.Shots {
		scenes.Content = append(scenes.Content, b.scene(i, s))
	}
	add(root, "scenes", scenes)
	doc := &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}}
	doc.HeadComment = fmt.Sprintf("made by reel from %s", filepath.Base(c.File))
	data, err := yaml.Marshal(doc)
	if err != nil {
		return nil, nil, fmt.Errorf("write the project of %s: %w", c.File, err)
	}
	return data, append(append([]Warning(nil), c.Warnings...), b.warnings...), nil
}

type builder struct {
	c        *Cut
	o        Options
	ids      map[string]bool
	warnings []Warning
}

func (b *builder) warnf(line int, path, format string, a ...any) {
	b.warnings = append(b.warnings, Warning{File: b.c.File, Line: line, Path: path, Msg: fmt.Sprintf(format, a...)})
}

// scene writes shot i.
func (b *builder) scene(i int, s *Shot) *yaml.Node {
	c := b.c
	var prev *Transition
	if i > 0 {
		prev = c.Shots[i-1].Next
	}
	id, _ := s.Scene["id"].(string)
	if s.Unchanged && (i == 0 || c.Shots[i-1].Unchanged) && !b.ids[id] { // a shot the editor copied gets a new id
		sc := copyMap(s.Scene)
		offline := false
		if src, ok := sc["source"].(string); ok && !isURL(src) {
			path, found := b.find(s.Media)
			sc["source"], offline = path, !found
		}
		if !offline {
			if id != "" {
				b.use(id)
			}
			return ordered(sc, sceneKeys)
		}
	}
	var in, out int64
	if prev != nil {
		in = prev.In
	}
	if s.Next != nil {
		out = s.Next.Out
	}
	sc := map[string]any{}
	for k, v := range s.Scene {
		switch k {
		case "source", "placeholder", "prompt", "generator", "seed", "trim", "duration", "transition", "freeze", "speed":
		default:
			sc[k] = v
		}
	}
	if id == "" || b.ids[id] {
		prefix := "shot"
		if s.Gap {
			prefix = "gap"
		}
		id = b.newID(slug(s.Name, prefix), i)
	}
	b.use(id)
	sc["id"] = id
	sc["duration"] = frames(s.Frames + in + out)
	switch {
	case s.Gap:
		if s.Scene != nil && s.Scene["source"] == nil {
			// reel's card, placeholder or prompt with no clip yet
			for _, k := range []string{"placeholder", "background", "prompt", "generator", "seed"} {
				if v, ok := s.Scene[k]; ok {
					sc[k] = v
				}
			}
		}
		if sc["placeholder"] == nil && sc["background"] == nil && sc["prompt"] == nil {
			sc["background"] = "black"
		}
	default:
		path, found := b.find(s.Media)
		if !found {
			why := s.Offline
			if why == "" {
				why = fmt.Sprintf("its media %s is not found", s.Media)
				if len(b.o.MediaDirs) == 0 {
					why += " (relink with --media-dir DIR)"
				}
			}
			b.warnf(s.Line, s.Path, "clip %q is offline: %s; a placeholder card stands in for it", s.Name, why)
			text := s.Name
			if text == "" {
				text = "offline media"
			}
			for _, k := range []string{"fit", "deinterlace", "volume", "background"} {
				delete(sc, k)
			}
			sc["placeholder"] = map[string]any{"text": text}
			break
		}
		sc["source"] = path
		start := s.Start.Seconds() - float64(in)*s.Speed/c.FPS.Float()
		if start < -1e-9 {
			b.warnf(s.Line, s.Path, "clip %q has %s of media before its range, less than the transition before it plays: it starts at the media's start", s.Name, seconds(s.Start.Seconds()))
			start = 0
		}
		if start > 1e-9 {
			trim := map[string]any{"start": b.sourceTime(start, s.Start)}
			sc["trim"] = trim
		}
		if s.Speed != 1 {
			sc["speed"] = s.Speed
		}
	}
	switch {
	case s.Next != nil:
		t := map[string]any{"type": "fade"}
		switch v := s.Next.Value.(type) {
		case string:
			t["type"] = v
		case map[string]any:
			t = copyMap(v)
		}
		if s.Next.Type != "" {
			t["type"] = s.Next.Type
		}
		t["duration"] = frames(s.Next.Frames())
		sc["transition"] = ordered(t, []string{"type", "duration", "color", "curve"})
	case i < len(c.Shots)-1 && c.Project != nil && c.Project["transition"] != nil:
		sc["transition"] = "cut"
	}
	return ordered(sc, sceneKeys)
}

// fitTransitions shortens transitions reel would clamp: a reel transition
// takes at most half of either scene it joins, and a scene is its range
// with the handles its transitions play. An editor's transition may take
// more of a shot; it is shortened to the longest that fits (neither side
// longer than it was), so the film keeps the timeline's length, with a
// warning.
func (b *builder) fitTransitions() {
	shots := b.c.Shots
	frames := func(i int) int64 {
		n := shots[i].Frames
		if i > 0 && shots[i-1].Next != nil {
			n += shots[i-1].Next.In
		}
		if shots[i].Next != nil {
			n += shots[i].Next.Out
		}
		return n
	}
	was := map[int][2]int64{}
	for changed := true; changed; {
		changed = false
		for i := 0; i+1 < len(shots); i++ {
			t := shots[i].Next
			if t == nil {
				continue
			}
			if t.Frames() <= frames(i)/2 && t.Frames() <= frames(i+1)/2 {
				continue
			}
			if _, ok := was[i]; !ok {
				was[i] = [2]int64{t.In, t.Out}
			}
			// The longest In+Out that fits, In and Out at most as long as
			// they were: the scene before is its shot, its head and Out;
			// the one after its shot, In and its tail.
			a, b := frames(i)-t.Out, frames(i+1)-t.In
			in0, out0 := t.In, t.Out
			best, bi, bo := int64(-1), int64(0), int64(0)
			for in := in0; in >= 0 && in0-in <= 4096; in-- {
				for out := out0; out >= 0 && out0-out <= 4096 && in+out > best; out-- {
					if 2*(in+out) <= a+out && 2*(in+out) <= b+in {
						best, bi, bo = in+out, in, out
						break // shorter outs only shorten it
					}
				}
			}
			t.In, t.Out = bi, bo
			changed = true
		}
	}
	for i, s := range shots {
		if w, ok := was[i]; ok {
			t := s.Next
			b.warnf(s.Line, s.Path, "the transition after %q, %d frames (%d before the cut, %d after), is shortened to %d (%d, %d): a reel transition takes at most half of either scene it joins",
				s.Name, w[0]+w[1], w[0], w[1], t.Frames(), t.In, t.Out)
			if t.Frames() == 0 {
				s.Next = nil
			}
		}
	}
}

// checkDir warns when a project reel exported is made in another
// directory than its own: the paths it keeps in the metadata (layers,
// captions, audio, looks) are relative to its own.
func (b *builder) checkDir() {
	c := b.c
	if c.Project == nil || c.ProjectDir == "" || b.o.Dir == "" {
		return
	}
	was := c.ProjectDir
	if !filepath.IsAbs(was) {
		was = filepath.Join(b.o.Base, was)
	}
	was, err1 := filepath.Abs(was)
	now, err2 := filepath.Abs(b.o.Dir)
	if err1 == nil && err2 == nil && was != now {
		b.warnf(0, "metadata.reel.dir", "the project was in %s: its own paths (layers, captions, audio, looks) count from there, this one from %s; write it there (or move those files) if it names any", was, now)
	}
}

// sounds writes the cut's sounds as voice-over.
func (b *builder) sounds() *yaml.Node {
	list := &yaml.Node{Kind: yaml.SequenceNode}
	for _, s := range b.c.Sounds {
		path, ok := b.find(s.Media)
		if !ok {
			b.warnf(s.Line, s.Path, "audio clip %q is left out: its media %s is not found", s.Name, s.Media)
			continue
		}
		vo := mapping()
		add(vo, "source", path)
		add(vo, "at", frames(s.At))
		if start := s.Start.Seconds(); start > 0 {
			add(vo, "trim", map[string]any{"start": b.sourceTime(start, s.Start)})
		}
		add(vo, "duration", frames(s.Frames))
		list.Content = append(list.Content, vo)
	}
	return list
}

// sourceTime writes a time in a clip: frames when the clip counts at the
// film's rate, else seconds.
func (b *builder) sourceTime(sec float64, t SourceTime) string {
	if r, ok := Rate(t.Rate); ok && r == b.c.FPS {
		f := sec * b.c.FPS.Float()
		if math.Abs(f-math.Round(f)) < 1e-6 {
			return frames(int64(math.Round(f)))
		}
	}
	return seconds(sec)
}

// find locates a clip's media: the file the cut names (relative to the
// cut's directory), else a file of its name in a media directory. The
// path is written relative to the project's directory when it is below
// it. A URL is kept as is.
func (b *builder) find(media string) (string, bool) {
	p := otio.URLPath(media)
	if p == "" {
		return "", false
	}
	if isURL(p) {
		return p, true
	}
	var found string
	cand := p
	if !filepath.IsAbs(cand) && b.o.Base != "" {
		cand = filepath.Join(b.o.Base, cand)
	}
	if isFile(cand) {
		found = cand
	} else {
		name := baseName(p)
		for _, d := range b.o.MediaDirs {
			if c := filepath.Join(d, name); isFile(c) {
				found = c
				break
			}
		}
	}
	if found == "" {
		return "", false
	}
	abs, err := filepath.Abs(found)
	if err != nil {
		return found, true
	}
	if b.o.Dir != "" {
		if dir, err := filepath.Abs(b.o.Dir); err == nil {
			if rel, err := filepath.Rel(dir, abs); err == nil && !strings.HasPrefix(rel, "..") {
				return filepath.ToSlash(rel), true
			}
		}
	}
	return abs, true
}

// baseName is a path's last element, with / or \ as separators (a
// Windows path read on Linux).
func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}

func isFile(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}

func isURL(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}

func (b *builder) use(id string) { b.ids[id] = true }

// newID returns base, or base-2, base-3... when it is taken.
func (b *builder) newID(base string, i int) string {
	if base == "" {
		base = fmt.Sprintf("shot-%d", i+1)
	}
	id := base
	for n := 2; b.ids[id]; n++ {
		suffix := fmt.Sprintf("-%d", n)
		id = base[:min(len(base), config.MaxName-len(suffix))] + suffix
	}
	return id
}

var unsafeID = regexp.MustCompile(`[^A-Za-z0-9_.-]+`)

// slug makes a scene id of a clip's name ("tech.fux (loop)-HD.mp4" is
// tech.fux-loop-HD.mp4); fallback when nothing is left.
func slug(name, fallback string) string {
	s := strings.Trim(unsafeID.ReplaceAllString(name, "-"), "-.")
	if len(s) > config.MaxName {
		s = strings.Trim(s[:config.MaxName], "-.")
	}
	if s == "" {
		return fallback
	}
	return s
}

// frames writes a frame count as a duration.
func frames(n int64) string { return strconv.FormatInt(n, 10) + "f" }

// seconds writes seconds as a duration, to the nanosecond.
func seconds(s float64) string {
	t := strconv.FormatFloat(s, 'f', 9, 64)
	t = strings.TrimRight(strings.TrimRight(t, "0"), ".")
	return t + "s"
}

func copyMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func mapping() *yaml.Node { return &yaml.Node{Kind: yaml.MappingNode} }

// add appends key: value to a mapping node.
func add(m *yaml.Node, key string, v any) {
	k := &yaml.Node{Kind: yaml.ScalarNode, Value: key}
	val, ok := v.(*yaml.Node)
	if !ok {
		val = &yaml.Node{}
		if err := val.Encode(v); err != nil {
			val = &yaml.Node{Kind: yaml.ScalarNode, Value: fmt.Sprint(v)}
		}
	}
	m.Content = append(m.Content, k, val)
}

// ordered writes a map with the keys of order first, in that order, then
// the others sorted.
func ordered(m map[string]any, order []string) *yaml.Node {
	n := mapping()
	done := map[string]bool{}
	for _, k := range order {
		if v, ok := m[k]; ok {
			add(n, k, v)
			done[k] = true
		}
	}
	var rest []string
	for k := range m {
		if !done[k] {
			rest = append(rest, k)
		}
	}
	sortStrings(rest)
	for _, k := range rest {
		add(n, k, m[k])
	}
	return n
}
