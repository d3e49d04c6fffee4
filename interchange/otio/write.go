package otio

import (
	"encoding/json"
	"fmt"
)

// Encode writes tl as OpenTimelineIO JSON, as OTIO's own serializer does:
// keys sorted (OTIO_SCHEMA first), four-space indentation. Clips are
// written as Clip.2 with their one reference under DEFAULT_MEDIA, tracks as
// Track.1, and times as RationalTime.1.
func Encode(tl *Timeline) ([]byte, error) {
	tracks := make([]any, len(tl.Tracks))
	for i, t := range tl.Tracks {
		tracks[i] = encodeTrack(t)
	}
	root := map[string]any{
		"OTIO_SCHEMA": "Timeline.1",
		"name":        tl.Name,
		"metadata":    meta(tl.Metadata),
		"tracks": map[string]any{
			"OTIO_SCHEMA":  "Stack.1",
			"name":         "tracks",
			"children":     tracks,
			"effects":      []any{},
			"markers":      encodeMarkers(tl.Markers),
			"enabled":      true,
			"metadata":     map[string]any{},
			"source_range": nil,
		},
		"global_start_time": nil,
	}
	if tl.GlobalStart != nil {
		root["global_start_time"] = encodeTime(*tl.GlobalStart)
	}
	b, err := json.MarshalIndent(root, "", "    ")
	if err != nil {
		return nil, fmt.Errorf("encode the timeline: %w", err)
	}
	return append(b, '\n'), nil
}

func meta(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

func encodeTime(t Time) map[string]any {
	return map[string]any{"OTIO_SCHEMA": "RationalTime.1", "rate": t.Rate, "value": t.Value}
}

func encodeRange(r *Range) any {
	if r == nil {
		return nil
	}
	return map[string]any{"OTIO_SCHEMA": "TimeRange.1", "start_time": encodeTime(r.Start), "duration": encodeTime(r.Duration)}
}

func encodeTrack(t *Track) map[string]any {
	items := make([]any, len(t.Items))
	for i, it := range t.Items {
		items[i] = encodeItem(it)
	}
	return map[string]any{
		"OTIO_SCHEMA":  "Track.1",
		"name":         t.Name,
		"kind":         t.Kind,
		"children":     items,
		"effects":      []any{},
		"markers":      []any{},
		"enabled":      true,
		"metadata":     meta(t.Metadata),
		"source_range": encodeRange(t.SourceRange),
	}
}

func encodeMarkers(ms []Marker) []any {
	out := make([]any, len(ms))
	for i, m := range ms {
		color := m.Color
		if color == "" {
			color = "GREEN"
		}
		out[i] = map[string]any{
			"OTIO_SCHEMA":  "Marker.2",
			"name":         m.Name,
			"color":        color,
			"comment":      m.Comment,
			"marked_range": encodeRange(&m.Range),
			"metadata":     meta(m.Metadata),
		}
	}
	return out
}

func encodeItem(it *Item) map[string]any {
	switch it.Schema {
	case "Transition":
		return map[string]any{
			"OTIO_SCHEMA":     "Transition.1",
			"name":            it.Name,
			"transition_type": it.TransitionType,
			"in_offset":       encodeTime(it.In),
			"out_offset":      encodeTime(it.Out),
			"metadata":        meta(it.Metadata),
		}
	case "Gap":
		return map[string]any{
			"OTIO_SCHEMA":  "Gap.1",
			"name":         it.Name,
			"source_range": encodeRange(it.SourceRange),
			"effects":      []any{},
			"markers":      encodeMarkers(it.Markers),
			"enabled":      true,
			"metadata":     meta(it.Metadata),
		}
	}
	effects := make([]any, len(it.Effects))
	for i, e := range it.Effects {
		ef := map[string]any{"OTIO_SCHEMA": e.Schema + ".1", "name": e.Name, "effect_name": e.Schema, "metadata": meta(e.Metadata)}
		if e.Schema == "LinearTimeWarp" {
			ef["time_scalar"] = e.TimeScalar
		}
		effects[i] = ef
	}
	clip := map[string]any{
		"OTIO_SCHEMA":                "Clip.2",
		"name":                       it.Name,
		"source_range":               encodeRange(it.SourceRange),
		"effects":                    effects,
		"markers":                    encodeMarkers(it.Markers),
		"enabled":                    it.Enabled,
		"metadata":                   meta(it.Metadata),
		"active_media_reference_key": "DEFAULT_MEDIA",
		"media_references":           map[string]any{},
	}
	if m := it.Media; m != nil {
		ref := map[string]any{
			"OTIO_SCHEMA":     m.Schema + ".1",
			"name":            m.Name,
			"available_range": encodeRange(m.Available),
			"metadata":        meta(m.Metadata),
		}
		switch m.Schema {
		case "ExternalReference":
			ref["target_url"] = m.URL
		case "GeneratorReference":
			ref["generator_kind"] = m.GeneratorKind
			ref["parameters"] = map[string]any{}
		}
		clip["media_references"] = map[string]any{"DEFAULT_MEDIA": ref}
	}
	return clip
}
