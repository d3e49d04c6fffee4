package main

import (
	"encoding/json"
	"testing"
)

func TestParseSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"10GB", 10 << 30, true},
		{"1.5G", 3 << 29, true},
		{"500MB", 500 << 20, true},
		{"800k", 800 << 10, true},
		{"0", 0, true},
		{"123", 123, true},
		{"ten", 0, false},
		{"-1GB", 0, false},
	}
	for _, tt := range tests {
		got, err := parseSize(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parseSize(%q) = %d, %v; want %d (ok %v)", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

// TestCacheCommands renders twice (the second time entirely from the cache),
// then reads the statistics and prunes the cache to nothing.
func TestCacheCommands(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "project.yaml", placeholderProject(2, "0.5s", "160x90"))
	wantExit(t, reel(t, dir, nil, "render", "project.yaml", "--progress", "none"), 0)
	r := reel(t, dir, nil, "render", "project.yaml", "--progress", "none")
	wantExit(t, r, 0)
	wantContains(t, "stdout", r.stdout, "(4 of 5 jobs from the cache)")
	var st struct {
		Entries int   `json:"entries"`
		Bytes   int64 `json:"bytes"`
	}
	r = reel(t, dir, nil, "cache", "stats", "project.yaml", "--json")
	wantExit(t, r, 0)
	// Two scene jobs of two parts each (the body, the raw frames the
	// transition reads), the transition and the audio mix.
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil || st.Entries != 6 || st.Bytes == 0 {
		t.Fatalf("cache stats = %+v (%v), want 6 entries\n%s", st, err, r)
	}
	wantExit(t, reel(t, dir, nil, "cache", "prune", "--max-size", "0"), 0)
	r = reel(t, dir, nil, "cache", "stats", "--json")
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil || st.Entries != 0 {
		t.Errorf("after prune: %+v (%v)", st, err)
	}
	wantExit(t, reel(t, dir, nil, "cache", "prune", "--max-size", "lots"), 2)
	r = reel(t, dir, nil, "render", "project.yaml", "--progress", "none", "--no-cache")
	wantExit(t, r, 0)
	wantContains(t, "stdout", r.stdout, "(0 of 5 jobs from the cache)")
}
