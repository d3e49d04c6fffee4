package otio

import (
	"math"
	"strings"
	"testing"
)

// clip1 is a Clip.1 with its media_reference, in an older Sequence.1, with
// NaN and the infinities in metadata, as OTIO's Python writes them.
const clip1 = `{
  "OTIO_SCHEMA": "Timeline.1",
  "name": "quirks",
  "metadata": {"a": NaN, "b": Infinity, "c": -Infinity, "d": [1, -2.5e3, "x\u00e9"]},
  "tracks": {
    "OTIO_SCHEMA": "Stack.1",
    "children": [
      {
        "OTIO_SCHEMA": "Sequence.1",
        "kind": "Video",
        "children": [
          {
            "OTIO_SCHEMA": "Clip.1",
            "name": "one",
            "media_reference": {"OTIO_SCHEMA": "ExternalReference.1", "target_url": "file:///m/one.mov"},
            "source_range": {"OTIO_SCHEMA": "TimeRange.1",
              "start_time": {"OTIO_SCHEMA": "RationalTime.1", "value": 3, "rate": 24},
              "duration": {"OTIO_SCHEMA": "RationalTime.1", "value": 5, "rate": 24}}
          },
          {"OTIO_SCHEMA": "Transition.1", "transition_type": "SMPTE_Dissolve",
           "in_offset": {"OTIO_SCHEMA": "RationalTime.1", "value": 2, "rate": 24},
           "out_offset": {"OTIO_SCHEMA": "RationalTime.1", "value": 1, "rate": 24}},
          {
            "OTIO_SCHEMA": "Clip.2",
            "name": "two",
            "active_media_reference_key": "HIGH",
            "media_references": {
              "DEFAULT_MEDIA": {"OTIO_SCHEMA": "ExternalReference.1", "target_url": "low.mov"},
              "HIGH": {"OTIO_SCHEMA": "ExternalReference.1", "target_url": "high.mov"}
            },
            "source_range": null,
            "effects": [{"OTIO_SCHEMA": "LinearTimeWarp.1", "time_scalar": 2.0}]
          },
          {"OTIO_SCHEMA": "Filler.1", "source_range": {"OTIO_SCHEMA": "TimeRange.1",
              "start_time": {"OTIO_SCHEMA": "RationalTime.1", "value": 0, "rate": 24},
              "duration": {"OTIO_SCHEMA": "RationalTime.1", "value": 4, "rate": 24}}}
        ]
      }
    ]
  }
}`

// TestDecodeReadsOTIOVariants checks Clip.1 and Clip.2 (with the active
// reference), Sequence.1, Filler, transitions' offsets, time warps, and
// NaN and Infinity in metadata.
func TestDecodeReadsOTIOVariants(t *testing.T) {
	tl, err := Decode([]byte(clip1), "q.otio")
	if err != nil {
		t.Fatal(err)
	}
	if v := tl.Metadata["a"]; v != nil {
		t.Errorf("NaN in metadata = %v, want nil", v)
	}
	if d, ok := tl.Metadata["d"].([]any); !ok || len(d) != 3 || d[0] != int64(1) || d[1] != int64(-2500) || d[2] != "xé" {
		t.Errorf("metadata list = %#v", tl.Metadata["d"])
	}
	if len(tl.Tracks) != 1 || tl.Tracks[0].Kind != "Video" || len(tl.Tracks[0].Items) != 4 {
		t.Fatalf("tracks = %+v", tl.Tracks)
	}
	items := tl.Tracks[0].Items
	tests := []struct {
		i      int
		schema string
		ver    int
		url    string
	}{
		{0, "Clip", 1, "file:///m/one.mov"},
		{1, "Transition", 1, ""},
		{2, "Clip", 2, "high.mov"},
		{3, "Gap", 1, ""},
	}
	for _, tc := range tests {
		it := items[tc.i]
		if it.Schema != tc.schema || it.Version != tc.ver {
			t.Errorf("item %d is %s.%d, want %s.%d", tc.i, it.Schema, it.Version, tc.schema, tc.ver)
		}
		if tc.url != "" && (it.Media == nil || it.Media.URL != tc.url) {
			t.Errorf("item %d media = %+v, want %s", tc.i, it.Media, tc.url)
		}
	}
	if r := items[0].SourceRange; r == nil || r.Start != (Time{3, 24}) || r.Duration != (Time{5, 24}) {
		t.Errorf("range = %+v", r)
	}
	if tr := items[1]; tr.In != (Time{2, 24}) || tr.Out != (Time{1, 24}) || tr.TransitionType != "SMPTE_Dissolve" {
		t.Errorf("transition = %+v", tr)
	}
	if e := items[2].Effects; len(e) != 1 || e[0].Schema != "LinearTimeWarp" || e[0].TimeScalar != 2 {
		t.Errorf("effects = %+v", e)
	}
}

// TestDecodeErrors checks that a broken file is refused with its line and
// the place in the timeline.
func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name, doc, want string
	}{
		{"syntax", "{\n  \"OTIO_SCHEMA\": \"Timeline.1\",\n  \"name\": x\n}", "f.otio:3: not OpenTimelineIO JSON: unexpected 'x'"},
		{"not a timeline", `{"OTIO_SCHEMA": "SerializableCollection.1"}`, "expected a Timeline.1 at the top, found SerializableCollection.1; export one timeline"},
		{"bad time", "{\"OTIO_SCHEMA\": \"Timeline.1\", \"tracks\": {\"OTIO_SCHEMA\": \"Stack.1\", \"children\": [\n{\"OTIO_SCHEMA\": \"Track.1\", \"children\": [\n{\"OTIO_SCHEMA\": \"Gap.1\", \"source_range\": {\"start_time\": {\"value\": 0, \"rate\": 24},\n \"duration\": {\"value\": \"4\", \"rate\": 24}}}]}]}}",
			"f.otio:4: tracks.children[0].children[0].source_range.duration.value: expected a finite number"},
		{"not utf-8", "{\"name\": \"\xff\"}", "not UTF-8"},
		{"unclosed", `{"a": [1, 2`, "a list is not closed"},
		{"deep", strings.Repeat("[", 300), "nested more than"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode([]byte(tc.doc), "f.otio")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v, want %q", err, tc.want)
			}
		})
	}
}

// TestParseJSONNumbers checks the bare NaN and infinities and ordinary
// numbers.
func TestParseJSONNumbers(t *testing.T) {
	v, err := ParseJSON([]byte(`[NaN, Infinity, -Infinity, -0.5, 1e2]`))
	if err != nil {
		t.Fatal(err)
	}
	got := v.Arr
	if !math.IsNaN(got[0].Num) || !math.IsInf(got[1].Num, 1) || !math.IsInf(got[2].Num, -1) || got[3].Num != -0.5 || got[4].Num != 100 {
		t.Errorf("numbers = %v %v %v %v %v", got[0].Num, got[1].Num, got[2].Num, got[3].Num, got[4].Num)
	}
}

// TestEncodeReadsBack writes a timeline and reads it again: schema names,
// ranges, offsets, media and markers survive.
func TestEncodeReadsBack(t *testing.T) {
	rt := func(v float64) Time { return Time{v, 25} }
	in := &Timeline{Name: "cut", Metadata: map[string]any{"reel": map[string]any{"fps": "25"}}, Markers: []Marker{{Name: "m", Range: Range{rt(3), rt(4)}, Color: "RED"}},
		Tracks: []*Track{{Name: "V1", Kind: "Video", Items: []*Item{
			{Schema: "Clip", Name: "a", Enabled: true, SourceRange: &Range{rt(10), rt(50)}, Media: &Media{Schema: "ExternalReference", URL: "file:///a.mp4", Available: &Range{rt(0), rt(100)}},
				Effects: []Effect{{Schema: "LinearTimeWarp", TimeScalar: 0.5}}},
			{Schema: "Transition", Name: "Dissolve", TransitionType: "SMPTE_Dissolve", In: rt(6), Out: rt(4)},
			{Schema: "Gap", Enabled: true, SourceRange: &Range{rt(0), rt(25)}},
		}}}}
	data, err := Encode(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`"OTIO_SCHEMA": "Timeline.1"`, `"OTIO_SCHEMA": "Stack.1"`, `"OTIO_SCHEMA": "Track.1"`, `"OTIO_SCHEMA": "Clip.2"`,
		`"OTIO_SCHEMA": "Transition.1"`, `"OTIO_SCHEMA": "Gap.1"`, `"OTIO_SCHEMA": "ExternalReference.1"`, `"OTIO_SCHEMA": "RationalTime.1"`,
		`"OTIO_SCHEMA": "TimeRange.1"`, `"OTIO_SCHEMA": "LinearTimeWarp.1"`, `"OTIO_SCHEMA": "Marker.2"`, `"active_media_reference_key": "DEFAULT_MEDIA"`} {
		if !strings.Contains(string(data), s) {
			t.Errorf("the file lacks %s", s)
		}
	}
	out, err := Decode(data, "cut.otio")
	if err != nil {
		t.Fatal(err)
	}
	items := out.Tracks[0].Items
	if len(items) != 3 || items[0].Schema != "Clip" || items[0].Version != 2 || items[1].Schema != "Transition" || items[2].Schema != "Gap" {
		t.Fatalf("items = %+v", items)
	}
	if r := items[0].SourceRange; *r != (Range{rt(10), rt(50)}) {
		t.Errorf("range = %+v", r)
	}
	if m := items[0].Media; m.URL != "file:///a.mp4" || *m.Available != (Range{rt(0), rt(100)}) {
		t.Errorf("media = %+v", m)
	}
	if items[1].In != rt(6) || items[1].Out != rt(4) {
		t.Errorf("offsets = %v %v", items[1].In, items[1].Out)
	}
	if len(out.Markers) != 1 || out.Markers[0].Color != "RED" || out.Markers[0].Range != (Range{rt(3), rt(4)}) {
		t.Errorf("markers = %+v", out.Markers)
	}
	if out.Metadata["reel"].(map[string]any)["fps"] != "25" {
		t.Errorf("metadata = %v", out.Metadata)
	}
}
