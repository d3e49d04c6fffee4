package plan_test

import (
	"strings"
	"testing"

	"github.com/reel-film/reel/pipeline/plan"
	"github.com/reel-film/reel/pipeline/plan/plantest"
	"github.com/reel-film/reel/pipeline/probe"
)

// keyedPlan builds project from fixed media into workDir and
// gives its jobs content keys from the file keys; it returns the keys of
// the scene jobs (by scene), the transition and the audio.
func keyedPlan(t *testing.T, project, workDir string, files map[string]string, ffmpeg string) (*plan.Plan, map[string]string) {
	t.Helper()
	media := map[string]*probe.Info{"a.mp4": clip(fps30, 2, withSound), "b.mp4": clip(fps30, 2, withSound)}
	sp, err := plantest.Spec([]byte(project), media, nil)
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Build(plan.Input{Spec: sp, WorkDir: workDir})
	if err != nil {
		t.Fatal(err)
	}
	fk := map[string]string{}
	for name, k := range files {
		fk[plantest.Dir+"/"+name] = k
	}
	if err := p.ApplyCache(plan.Cache{Dir: "/cache", FFmpegVersion: ffmpeg, FileKeys: fk}); err != nil {
		t.Fatal(err)
	}
	keys := map[string]string{}
	for _, j := range p.Jobs {
		switch {
		case j.Kind == plan.KindVideo:
			keys[strings.Join(j.Scenes, "→")] = j.Key
		case j.Kind == plan.KindAudio:
			keys["audio"] = j.Key
		}
	}
	return p, keys
}

// TestContentKeys: a job's key is a hash of what makes its outputs, so it
// changes exactly when they would. The same project keys the same whatever
// the work directory; a changed source redoes the jobs that
// read it and those after them; a changed film fade on a body redoes that
// body's job but not the transition that reads the job's raw head; another
// FFmpeg redoes everything. Each part's outputs move into its entry; a file
// without a key is an error naming the job.
func TestContentKeys(t *testing.T) {
	const base = film30 + `fade_out: 10f
scenes:
  - {id: a, source: a.mp4, transition: {type: fade, duration: 10f}}
  - {id: b, source: b.mp4}
`
	files := map[string]string{"a.mp4": "ka", "b.mp4": "kb"}
	p, want := keyedPlan(t, base, "/work", files, "ffmpeg version 5.1.6")
	if len(want) != 4 {
		t.Fatalf("keys %v, want the jobs of a, b, a→b and the audio", want)
	}
	for _, j := range p.Jobs {
		if j.Kind == plan.KindMux {
			if len(j.Key) != 64 || j.Cached() { // its film's key, which the jobs made from it hash; no entry
				t.Errorf("the mux: key %q, cached %v; want its film's key and no entry", j.Key, j.Cached())
			}
			for _, in := range j.Inputs {
				if !strings.HasPrefix(in, "/cache/jobs/") {
					t.Errorf("the mux reads %s, not from the cache", in)
				}
			}
			continue
		}
		if len(j.Key) != 64 || len(j.Parts) == 0 {
			t.Errorf("job %s: key %q, %d parts", j.ID, j.Key, len(j.Parts))
		}
		for _, pt := range j.Parts {
			if len(pt.Key) != 64 || pt.CacheDir != "/cache/jobs/"+pt.Key[:2]+"/"+pt.Key {
				t.Errorf("job %s, part %s: key %q, entry %q", j.ID, pt.Name, pt.Key, pt.CacheDir)
			}
			for _, o := range pt.Outputs {
				if !strings.HasPrefix(j.Outputs[o], pt.CacheDir+"/") {
					t.Errorf("job %s writes %s outside its part's entry", j.ID, j.Outputs[o])
				}
			}
		}
	}
	for _, s := range p.Segments {
		if !strings.HasPrefix(s.Path, "/cache/jobs/") {
			t.Errorf("segment %s is not in the cache", s.Path)
		}
	}

	tests := []struct {
		name, project, workDir string
		files                  map[string]string
		ffmpeg                 string
		changed                []string // the jobs whose keys change
	}{
		{"same project elsewhere", base, "/tmp/reel-other", files, "ffmpeg version 5.1.6", nil},
		{"b's source changed", base, "/work", map[string]string{"a.mp4": "ka", "b.mp4": "kb2"}, "ffmpeg version 5.1.6", []string{"b", "a→b", "audio"}},
		{"a's source changed", base, "/work", map[string]string{"a.mp4": "ka2", "b.mp4": "kb"}, "ffmpeg version 5.1.6", []string{"a", "a→b", "audio"}},
		{"the fade on b's body changed", strings.Replace(base, "fade_out: 10f", "fade_out: 12f", 1), "/work", files, "ffmpeg version 5.1.6", []string{"b", "audio"}},
		{"b's sound made quieter", strings.Replace(base, "source: b.mp4}", "source: b.mp4, volume: -3dB}", 1), "/work", files, "ffmpeg version 5.1.6", []string{"audio"}},
		{"another FFmpeg", base, "/work", files, "ffmpeg version 6.0", []string{"a", "b", "a→b", "audio"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := keyedPlan(t, tt.project, tt.workDir, tt.files, tt.ffmpeg)
			changed := map[string]bool{}
			for _, c := range tt.changed {
				changed[c] = true
			}
			for job, k := range want {
				if (got[job] != k) != changed[job] {
					t.Errorf("job %s: key changed %v, want %v", job, got[job] != k, changed[job])
				}
			}
		})
	}

	sp, err := plantest.Spec([]byte(base), map[string]*probe.Info{"a.mp4": clip(fps30, 2), "b.mp4": clip(fps30, 2)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	q, err := plan.Build(plan.Input{Spec: sp, WorkDir: "/work"})
	if err != nil {
		t.Fatal(err)
	}
	err = q.ApplyCache(plan.Cache{Dir: "/cache", FileKeys: map[string]string{"/project/a.mp4": "ka"}})
	if err == nil || !strings.Contains(err.Error(), "reads /project/b.mp4, which has no content key") {
		t.Errorf("a file without a key: %v", err)
	}
}
