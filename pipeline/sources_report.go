package pipeline

import (
	"fmt"
	"sort"
)

// SourceScene says where one downloaded or generated scene's pictures come
// from. State is one of: cached (from the source cache), downloaded,
// generate (a generator call: made by render, to be made after plan),
// regenerate (the same, forced by --regenerate), placeholder (a card
// showing the prompt).
type SourceScene struct {
	Scene     string `json:"scene"`
	Kind      string `json:"kind"` // url | prompt
	Generator string `json:"generator,omitempty"`
	State     string `json:"state"`
	Path      string `json:"path,omitempty"` // the clip in the source cache
	index     int
}

// SourceReport is what the sources stage did or, for plan, would do.
type SourceReport struct {
	Scenes    []SourceScene `json:"scenes"`
	Calls     int           `json:"generator_calls"` // distinct clips to generate
	Hits      int           `json:"cache_hits"`      // generated clips found in the cache
	Misses    int           `json:"cache_misses"`    // generated clips not found (or forced)
	Downloads int           `json:"downloads"`
	Warnings  []string      `json:"warnings,omitempty"` // e.g. a damaged cached clip, discarded
}

// add records a scene; downloaded and hit count it.
func (st *sourceStage) add(row SourceScene, downloaded, hit bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	r := st.report
	r.Scenes = append(r.Scenes, row)
	sort.SliceStable(r.Scenes, func(i, j int) bool { return r.Scenes[i].index < r.Scenes[j].index })
	switch {
	case downloaded:
		r.Downloads++
	case hit:
		r.Hits++
	case row.Kind == "prompt" && row.State != "placeholder":
		r.Misses++
	}
}

// Summary describes the report for people, one line each, for `reel plan`:
// which scenes are generated, which come from the cache, and how many
// generator calls a render makes. Nil when no scene is downloaded or
// generated.
func (r *SourceReport) Summary(rendering bool) []string {
	if r == nil || len(r.Scenes) == 0 {
		return nil
	}
	calls := fmt.Sprintf("a render makes %d generator call(s)", r.Calls)
	if rendering {
		calls = fmt.Sprintf("%d generator call(s)", r.Calls)
	}
	out := []string{fmt.Sprintf("sources: %s; %d clip(s) from the cache, %d download(s)", calls, r.Hits, r.Downloads)}
	for _, s := range r.Scenes {
		line := fmt.Sprintf("  %-16s %-6s %-11s", s.Scene, s.Kind, s.State)
		if s.Generator != "" {
			line += " generator " + s.Generator
		}
		if s.Path != "" {
			line += " " + s.Path
		}
		out = append(out, line)
	}
	return out
}
