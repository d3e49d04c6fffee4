package plan

// Chunks (Input.ChunkFrames): a scene body much longer than the chunk
// length is rendered by several jobs, each encoding a window of whole
// frames, so that the jobs spread over job slots or workers end close
// together instead of waiting on one long scene. A chunk's job builds the
// scene's picture as the scene's job does (the same filters, timed by the
// scene's own frame numbers) and writes only its window as a segment with
// the same encoder settings; the mux joins the chunks in order by stream
// copy like any other segments. The first chunk's job also writes the raw
// head, the last one's the raw tail.

// chunkWin is a body chunk: scene-local frames [from, to).
type chunkWin struct{ from, to int64 }

// chunkWindows splits the body [from, to) into chunks of about chunk
// frames: none (one job) when chunk is 0 or the body is no longer than
// 1.5 chunks; otherwise round(body/chunk) windows whose lengths differ by
// at most one frame (the boundaries at from + ⌊i·body/k⌋).
func chunkWindows(from, to, chunk int64) []chunkWin {
	body := to - from
	if chunk <= 0 || 2*body <= 3*chunk {
		return nil
	}
	k := (2*body + chunk) / (2 * chunk) // round half up; at least 2
	wins := make([]chunkWin, k)
	for i := range k {
		wins[i] = chunkWin{from + i*body/k, from + (i+1)*body/k}
	}
	return wins
}

// seekable says whether the picture of scene s can be built from any of
// its frames on (branch's from): a clip (opened at a seek and timed by
// the scene's frame numbers) or a still, without temporal grain (whose
// noise follows from the frames before). A card or placeholder card (its
// text timed over the whole scene) or a grained scene is built from its
// first frame and trimmed.
func (s scene) seekable() bool {
	if s.kind != srcClip && s.kind != srcStill {
		return false
	}
	return s.cfg.Grade == nil || s.cfg.Grade.Grain == 0
}

// partsWindow is the frames [lo, hi) that the parts listed in sel (all
// when sel is nil) cover together.
func partsWindow(parts []scenePart, sel []int) (lo, hi int64) {
	if sel == nil {
		sel = make([]int, len(parts))
		for k := range sel {
			sel[k] = k
		}
	}
	lo, hi = parts[sel[0]].from, parts[sel[0]].to
	for _, k := range sel[1:] {
		lo, hi = min(lo, parts[k].from), max(hi, parts[k].to)
	}
	return lo, hi
}
