package plan

import (
	"path/filepath"
	"testing"
)

// filmPlan is a hand-made plan: a segment job, the film's join (into a
// temporary named with tag, or into the work directory as mux-reel-film)
// and a poster made from the film, delivered from the work directory.
func filmPlan(tag, segArg string, workFilm bool) *Plan {
	work := "/work/" + tag
	seg := filepath.Join(work, "s01-a-body.mp4")
	film, mux := TempOutput("/out/film.mp4", tag), "mux-film"
	if workFilm {
		film, mux = filepath.Join(work, "film.mp4"), "mux-reel-film"
	}
	list := "ffconcat version 1.0\n" + InConcat(0) + "\nduration 1.000000\n"
	return &Plan{WorkDir: work, Jobs: []Job{
		{ID: "s01-a", Kind: KindVideo, Args: []string{"-i", In(0), segArg, Out(0)}, Inputs: []string{"/src/a.mp4"}, Outputs: []string{seg}},
		{ID: mux, Kind: KindMux, Args: []string{"-f", "concat", "-i", FileRef(0), "-c", "copy", Out(0)}, Inputs: []string{seg}, Outputs: []string{film},
			Files: []File{{Path: filepath.Join(work, "segments-"+mux+".txt"), Content: list}}},
		{ID: "poster", Kind: KindDerived, Args: []string{"-i", In(0), "-frames:v", "1", Out(0)}, Inputs: []string{film},
			Outputs: []string{filepath.Join(work, "poster.jpg")}, Deps: []string{mux}},
	}, Deliver: []Final{{Path: "/out/poster.jpg", Temp: TempOutput("/out/poster.jpg", tag), Job: "poster", From: filepath.Join(work, "poster.jpg")}}}
}

// TestFilmKey: the film's join gets a content key but no entry; the job
// made from the film is keyed on it and delivered from its entry. The keys
// do not depend on the render's tag, the work directory, or whether the
// film is the delivered one or mux-reel-film's copy; they change with
// what the segments are made of.
func TestFilmKey(t *testing.T) {
	keys := func(tag, segArg string, workFilm bool) (film, poster string) {
		t.Helper()
		p := filmPlan(tag, segArg, workFilm)
		if err := p.ApplyCache(Cache{Dir: "/cache", FFmpegVersion: "ffmpeg 5.1", FileKeys: map[string]string{"/src/a.mp4": "aaaa"}}); err != nil {
			t.Fatal(err)
		}
		mux, post := &p.Jobs[1], &p.Jobs[2]
		if mux.Key == "" || mux.Cached() || !post.Cached() {
			t.Fatalf("join key %q cached %v; poster cached %v", mux.Key, mux.Cached(), post.Cached())
		}
		if d := p.Deliver[0]; filepath.Dir(d.From) != post.Parts[0].CacheDir || filepath.Base(d.From) != "poster.jpg" {
			t.Errorf("the poster is delivered from %s, not its entry %s", d.From, post.Parts[0].CacheDir)
		}
		return mux.Key, post.Parts[0].Key
	}
	f1, p1 := keys("7", "-crf", false)
	f2, p2 := keys("8", "-crf", false)
	f3, p3 := keys("9", "-crf", true)
	f4, p4 := keys("7", "-qp", false)
	if f1 != f2 || p1 != p2 {
		t.Errorf("the keys depend on the render's tag and work directory")
	}
	if f1 != f3 || p1 != p3 {
		t.Errorf("the film joined into the work directory has another key than the delivered one")
	}
	if f4 == f1 || p4 == p1 {
		t.Errorf("a change in a segment's arguments left the film's or the poster's key")
	}
}
