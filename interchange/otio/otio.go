// Package otio reads and writes OpenTimelineIO's JSON (.otio): the subset
// of its schema an edit of one film needs (Timeline.1, Stack.1, Track.1 and
// the older Sequence.1, Clip.1 and Clip.2, Gap.1, Transition.1, Marker,
// ExternalReference, MissingReference, GeneratorReference, LinearTimeWarp).
// Reading keeps each object's line, so problems name their place; it
// accepts NaN and Infinity, which OTIO's JSON allows in metadata.
package otio

import (
	"fmt"
	"math"
	"net/url"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/reel-film/reel/config"
)

// Time is OTIO's RationalTime.1: Value units of 1/Rate seconds.
type Time struct {
	Value float64
	Rate  float64
}

// Seconds returns t in seconds (0 for a zero rate).
func (t Time) Seconds() float64 {
	if t.Rate == 0 {
		return 0
	}
	return t.Value / t.Rate
}

// Range is OTIO's TimeRange.1.
type Range struct {
	Start    Time
	Duration Time
}

// Timeline is a Timeline.1: its tracks, bottom first.
type Timeline struct {
	Name        string
	GlobalStart *Time
	Tracks      []*Track
	Markers     []Marker
	Metadata    map[string]any
	File        string // the file as the user named it, for messages
}

// Track is a Track.1 (or Sequence.1) of the timeline's Stack.
type Track struct {
	Name        string
	Kind        string // Video | Audio (as written)
	SourceRange *Range // nil: all of its items
	Items       []*Item
	Metadata    map[string]any
	Line        int
	Path        string // where it is, e.g. tracks.children[0]
}

// Item is one child of a track.
type Item struct {
	Schema      string // Clip | Gap | Transition | Stack | Track (nested: reel refuses them) | the schema as written otherwise
	Version     int    // the schema's version (Clip.2 is 2)
	Name        string
	Enabled     bool
	SourceRange *Range // nil when not written
	Media       *Media // a clip's active media reference; nil for none
	// A transition's kind (SMPTE_Dissolve, Custom_Transition) and offsets:
	// In is how far it reaches into the item before it, Out into the one
	// after.
	TransitionType string
	In, Out        Time
	Effects        []Effect
	Markers        []Marker
	Metadata       map[string]any
	Line           int
	Path           string
}

// Label names the item in messages: its schema, place and name.
func (it *Item) Label() string {
	if it.Name == "" {
		return it.Schema
	}
	return fmt.Sprintf("%s %q", it.Schema, it.Name)
}

// Media is a clip's media reference.
type Media struct {
	Schema        string // ExternalReference | MissingReference | GeneratorReference | ImageSequenceReference | ...
	Name          string
	URL           string // an ExternalReference's target_url
	Available     *Range
	GeneratorKind string
	Metadata      map[string]any
}

// Effect is an effect on an item; TimeScalar is a LinearTimeWarp's speed.
type Effect struct {
	Schema     string // LinearTimeWarp | FreezeFrame | Effect | ...
	Name       string
	TimeScalar float64
	Metadata   map[string]any
}

// Marker is a named, coloured range on an item or the timeline.
type Marker struct {
	Name     string
	Range    Range
	Color    string
	Comment  string
	Metadata map[string]any
}

// schemaName splits "Clip.2" into "Clip" and 2.
func schemaName(s string) (string, int) {
	name, ver, _ := strings.Cut(s, ".")
	n := 0
	fmt.Sscan(ver, &n)
	return name, n
}

// reader turns parsed JSON into the model, collecting problems.
type reader struct {
	file string
	errs config.Errors
}

func (r *reader) errorf(v *Value, path, format string, a ...any) {
	line := 0
	if v != nil {
		line = v.Line
	}
	r.errs = append(r.errs, &config.Error{File: r.file, Line: line, Path: path, Msg: fmt.Sprintf(format, a...)})
}

// Decode reads an .otio file's bytes; name is the file as the user named
// it. Problems come as config.Errors naming the line and the place in the
// timeline (tracks.children[0].children[3]).
func Decode(data []byte, name string) (*Timeline, error) {
	root, err := ParseJSON(data)
	if err != nil {
		line := 0
		if se, ok := err.(*SyntaxError); ok {
			line, err = se.Line, fmt.Errorf("%s", se.Msg)
		}
		return nil, config.Errors{&config.Error{File: name, Line: line, Msg: fmt.Sprintf("not OpenTimelineIO JSON: %v", err)}}
	}
	r := &reader{file: name}
	tl := r.timeline(root)
	if len(r.errs) > 0 {
		return nil, r.errs
	}
	tl.File = name
	return tl, nil
}

func (r *reader) schema(v *Value) string {
	s := v.Get("OTIO_SCHEMA")
	if s == nil || s.Kind != String {
		return ""
	}
	return s.Str
}

func (r *reader) str(v *Value, key string) string {
	if s := v.Get(key); s != nil && s.Kind == String {
		return s.Str
	}
	return ""
}

func (r *reader) meta(v *Value) map[string]any {
	m, _ := v.Get("metadata").Any().(map[string]any)
	return m
}

func (r *reader) timeline(root *Value) *Timeline {
	sch, _ := schemaName(r.schema(root))
	if root.Kind != Object || sch != "Timeline" {
		got := r.schema(root)
		if got == "" {
			got = "no OTIO_SCHEMA"
		}
		fix := ""
		if sch == "SerializableCollection" {
			fix = "; export one timeline from the editor"
		}
		r.errorf(root, "", "expected a Timeline.1 at the top, found %s%s", got, fix)
		return nil
	}
	tl := &Timeline{Name: r.str(root, "name"), Metadata: r.meta(root)}
	if g := root.Get("global_start_time"); g != nil && g.Kind == Object {
		t := r.time(g, "global_start_time")
		tl.GlobalStart = &t
	}
	stack := root.Get("tracks")
	if s, _ := schemaName(r.schema(stack)); s != "Stack" {
		r.errorf(stack, "tracks", "expected a Stack.1 of tracks")
		return tl
	}
	tl.Markers = r.markers(stack, "tracks")
	children := stack.Get("children")
	for i, c := range r.list(children, "tracks.children") {
		path := fmt.Sprintf("tracks.children[%d]", i)
		sch, _ := schemaName(r.schema(c))
		if sch != "Track" && sch != "Sequence" {
			r.errorf(c, path, "expected a Track.1, found %s: reel reads a stack of tracks", describe(r.schema(c), c))
			continue
		}
		tl.Tracks = append(tl.Tracks, r.track(c, path))
	}
	return tl
}

func describe(schema string, v *Value) string {
	if schema != "" {
		return schema
	}
	return v.Kind.String()
}

func (r *reader) list(v *Value, path string) []*Value {
	if v == nil || v.Kind == Null {
		return nil
	}
	if v.Kind != Array {
		r.errorf(v, path, "expected a list, found %s", v.Kind)
		return nil
	}
	return v.Arr
}

func (r *reader) track(v *Value, path string) *Track {
	t := &Track{Name: r.str(v, "name"), Kind: r.str(v, "kind"), Line: v.Line, Path: path, Metadata: r.meta(v)}
	if t.Kind == "" {
		t.Kind = "Video"
	}
	t.SourceRange = r.optRange(v.Get("source_range"), path+".source_range")
	for i, c := range r.list(v.Get("children"), path+".children") {
		t.Items = append(t.Items, r.item(c, fmt.Sprintf("%s.children[%d]", path, i)))
	}
	return t
}

func (r *reader) item(v *Value, path string) *Item {
	full := r.schema(v)
	sch, ver := schemaName(full)
	it := &Item{Schema: sch, Version: ver, Name: r.str(v, "name"), Enabled: true, Line: v.Line, Path: path, Metadata: r.meta(v)}
	if e := v.Get("enabled"); e != nil && e.Kind == Bool {
		it.Enabled = e.Bool
	}
	switch sch {
	case "Sequence":
		it.Schema = "Track"
	case "Filler":
		it.Schema = "Gap"
	case "":
		it.Schema = "an item with no OTIO_SCHEMA"
	}
	it.SourceRange = r.optRange(v.Get("source_range"), path+".source_range")
	it.Markers = r.markers(v, path)
	for i, e := range r.list(v.Get("effects"), path+".effects") {
		es, _ := schemaName(r.schema(e))
		ef := Effect{Schema: es, Name: r.str(e, "name"), Metadata: r.meta(e)}
		if ts := e.Get("time_scalar"); ts != nil && ts.Kind == Number {
			ef.TimeScalar = ts.Num
		}
		_ = i
		it.Effects = append(it.Effects, ef)
	}
	switch it.Schema {
	case "Clip":
		it.Media = r.media(v, path)
	case "Transition":
		it.TransitionType = r.str(v, "transition_type")
		it.In = r.time(v.Get("in_offset"), path+".in_offset")
		it.Out = r.time(v.Get("out_offset"), path+".out_offset")
	}
	return it
}

// media returns a clip's active media reference: Clip.2's
// media_references[active_media_reference_key] (default "DEFAULT_MEDIA"),
// Clip.1's media_reference.
func (r *reader) media(v *Value, path string) *Media {
	ref := v.Get("media_reference")
	refPath := path + ".media_reference"
	if refs := v.Get("media_references"); refs != nil && refs.Kind == Object {
		key := r.str(v, "active_media_reference_key")
		if key == "" {
			key = "DEFAULT_MEDIA"
		}
		ref = refs.Get(key)
		refPath = fmt.Sprintf("%s.media_references[%q]", path, key)
		if ref == nil && len(refs.Keys) > 0 {
			r.errorf(refs, path+".active_media_reference_key", "no media reference %q (the clip has %s)", key, strings.Join(refs.Keys, ", "))
			return nil
		}
	}
	if ref == nil || ref.Kind != Object {
		return nil
	}
	sch, _ := schemaName(r.schema(ref))
	m := &Media{Schema: sch, Name: r.str(ref, "name"), URL: r.str(ref, "target_url"), Metadata: r.meta(ref),
		GeneratorKind: r.str(ref, "generator_kind")}
	m.Available = r.optRange(ref.Get("available_range"), refPath+".available_range")
	return m
}

func (r *reader) markers(v *Value, path string) []Marker {
	var out []Marker
	for i, m := range r.list(v.Get("markers"), path+".markers") {
		mp := fmt.Sprintf("%s.markers[%d]", path, i)
		mk := Marker{Name: r.str(m, "name"), Comment: r.str(m, "comment"), Metadata: r.meta(m)}
		if c := m.Get("color"); c != nil {
			if c.Kind == String {
				mk.Color = c.Str
			} else {
				mk.Color = r.str(c, "name")
			}
		}
		if rg := r.optRange(m.Get("marked_range"), mp+".marked_range"); rg != nil {
			mk.Range = *rg
		}
		out = append(out, mk)
	}
	return out
}

func (r *reader) optRange(v *Value, path string) *Range {
	if v == nil || v.Kind == Null {
		return nil
	}
	if v.Kind != Object {
		r.errorf(v, path, "expected a TimeRange.1, found %s", v.Kind)
		return nil
	}
	return &Range{Start: r.time(v.Get("start_time"), path+".start_time"), Duration: r.time(v.Get("duration"), path+".duration")}
}

func (r *reader) time(v *Value, path string) Time {
	if v == nil || v.Kind != Object {
		r.errorf(v, path, "expected a RationalTime.1 {value, rate}")
		return Time{}
	}
	var t Time
	for _, k := range []string{"value", "rate"} {
		n := v.Get(k)
		if n == nil || n.Kind != Number || math.IsNaN(n.Num) || math.IsInf(n.Num, 0) {
			r.errorf(v, path+"."+k, "expected a finite number")
			continue
		}
		if k == "value" {
			t.Value = n.Num
		} else {
			t.Rate = n.Num
		}
	}
	if t.Rate < 0 {
		r.errorf(v, path+".rate", "a rate of %v is negative", t.Rate)
	}
	return t
}

// URLPath returns the local file a target_url names: a file:// URL's path
// (file://localhost/D%3a/media/a.mov is D:/media/a.mov), or a plain path
// as written; "" for another scheme (http is returned whole, as reel
// downloads it).
func URLPath(target string) string {
	if target == "" {
		return ""
	}
	u, err := url.Parse(target)
	if err != nil || u.Scheme == "" || len(u.Scheme) == 1 { // C:\media\a.mov
		return target
	}
	switch u.Scheme {
	case "file":
		p := u.Path
		if len(p) >= 3 && p[0] == '/' && p[2] == ':' { // /D:/media/a.mov
			p = p[1:]
		}
		if runtime.GOOS == "windows" {
			p = filepath.FromSlash(p)
		}
		return p
	case "http", "https":
		return target
	}
	return ""
}

// FileURL returns the file:// URL of an absolute path.
func FileURL(path string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}
