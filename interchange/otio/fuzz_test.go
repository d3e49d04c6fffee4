package otio

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzDecode feeds Decode arbitrary bytes: it never panics, and a timeline
// it reads is written and read again with the same tracks and items.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(clip1))
	f.Add([]byte(`{"OTIO_SCHEMA": "Timeline.1", "tracks": {"OTIO_SCHEMA": "Stack.1", "children": []}}`))
	f.Add([]byte(`[NaN, -Infinity, "\ud83d\udc4d", 1e400]`))
	if files, _ := filepath.Glob(filepath.Join("..", "..", "..", "..", "shared", "otio-samples", "*.otio")); len(files) > 0 {
		for _, p := range files[:min(2, len(files))] {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tl, err := Decode(data, "f.otio")
		if err != nil {
			return
		}
		out, err := Encode(tl)
		if err != nil {
			return // metadata may hold what JSON cannot (it came from JSON: it can)
		}
		again, err := Decode(out, "f.otio")
		if err != nil {
			t.Fatalf("reading back what Encode wrote: %v\n%s", err, out)
		}
		if len(again.Tracks) != len(tl.Tracks) {
			t.Fatalf("%d tracks, read back %d", len(tl.Tracks), len(again.Tracks))
		}
		for i, tr := range tl.Tracks {
			if len(again.Tracks[i].Items) != len(tr.Items) {
				t.Fatalf("track %d: %d items, read back %d", i, len(tr.Items), len(again.Tracks[i].Items))
			}
		}
	})
}
