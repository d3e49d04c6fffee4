package plan_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/pipeline/plan"
	"github.com/reel-film/reel/pipeline/plan/plantest"
	"github.com/reel-film/reel/subtitles"
)

// softPlan plans project with the captions' cues read from srt.
func softPlan(t *testing.T, project, srt string) *plan.Plan {
	t.Helper()
	sp, err := plantest.Spec([]byte(project), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	cues, err := subtitles.Parse(strings.NewReader(srt), "subs.srt", ".srt")
	if err != nil {
		t.Fatal(err)
	}
	sp.Film.Captions.Cues = config.CaptionCues(cues)
	p, err := plan.Build(plan.Input{Spec: sp, WorkDir: plantest.WorkDir})
	if err != nil {
		t.Fatal(err)
	}
	checkPlan(t, p)
	return p
}

// jobOf returns the plan's job id.
func jobOf(t *testing.T, p *plan.Plan, id string) plan.Job {
	t.Helper()
	for _, j := range p.Jobs {
		if j.ID == id {
			return j
		}
	}
	var ids []string
	for _, j := range p.Jobs {
		ids = append(ids, j.ID)
	}
	t.Fatalf("no job %s in %v", id, ids)
	return plan.Job{}
}

// TestSoftCaptionStreams checks each rendition's subtitle stream: mov_text
// from SubRip in MP4 and MOV, WebVTT copied in WebM, SubRip copied in MKV,
// none in a GIF (with a warning) or sound only; a range rendition's cues
// are cut to the range and timed from its start; the text is in the job's
// file, never in its arguments.
func TestSoftCaptionStreams(t *testing.T) {
	project := `captions: {file: subs.srt, language: eng}
outputs:
  - {path: film.mp4}
  - {path: film.webm}
  - {path: film.mkv}
  - {path: film.mov, codec: prores}
  - {path: teaser.mp4, range: {start: 1.5s, duration: 2s}}
  - {path: small.gif, size: 160x90}
  - {path: sound.m4a}
scenes:
  - {placeholder: {text: a}, duration: 4s}
`
	srt := "1\n00:00:00,500 --> 00:00:02,000\n100% {x} \\n\n\n2\n00:00:01,000 --> 00:00:01,500\nB\n\n3\n00:00:03,000 --> 00:00:09,000\nC\n"
	p := softPlan(t, project, srt)
	filmCues := "1\n00:00:00,500 --> 00:00:01,000\n100% {x} \\\u2060n\n\n2\n00:00:01,000 --> 00:00:01,500\n100% {x} \\\u2060n\nB\n\n" +
		"3\n00:00:01,500 --> 00:00:02,000\n100% {x} \\\u2060n\n\n4\n00:00:03,000 --> 00:00:04,000\nC\n\n"
	tests := []struct {
		job, file, content string
		args               []string
	}{
		{"mux-film.mp4", "captions-film.mp4.srt", filmCues, []string{"-f", "srt", "-i", "{{file1}}", "-map", "0:v:0", "-map", "1:a:0", "-map", "2:s:0", "-c", "copy", "-c:s", "mov_text", "-metadata:s:s:0", "language=eng"}},
		{"mux-film.webm", "captions-film.webm.vtt", "WEBVTT\n\n00:00:00.500 --> 00:00:02.000\n100% {x} \\n\n\n00:00:01.000 --> 00:00:01.500\nB\n\n00:00:03.000 --> 00:00:04.000\nC\n",
			[]string{"-f", "webvtt", "-i", "{{file1}}", "-map", "2:s:0", "-c", "copy", "-c:s", "copy"}},
		{"mux-film.mkv", "captions-film.mkv.srt", "1\n00:00:00,500 --> 00:00:02,000\n100% {x} \\\u2060n\n\n2\n00:00:01,000 --> 00:00:01,500\nB\n\n3\n00:00:03,000 --> 00:00:04,000\nC\n\n",
			[]string{"-f", "srt", "-i", "{{file1}}", "-map", "2:s:0", "-c:s", "copy"}},
		{"mux-film.mov", "captions-film.mov.srt", filmCues, []string{"-map", "2:s:0", "-c:s", "mov_text"}},
		{"derived-teaser", "captions-teaser.srt", "1\n00:00:00,000 --> 00:00:00,500\n100% {x} \\\u2060n\n\n2\n00:00:01,500 --> 00:00:02,000\nC\n\n",
			[]string{"-f", "srt", "-i", "{{file0}}", "-map", "1:s:0", "-c:s", "mov_text"}},
	}
	for _, tt := range tests {
		j := jobOf(t, p, tt.job)
		var f *plan.File
		for k := range j.Files {
			if strings.HasSuffix(j.Files[k].Path, "/"+tt.file) {
				f = &j.Files[k]
			}
		}
		if f == nil {
			t.Errorf("%s: no file %s in %v", tt.job, tt.file, j.Files)
			continue
		}
		if f.Content != tt.content {
			t.Errorf("%s: %s =\n%q\nwant\n%q", tt.job, tt.file, f.Content, tt.content)
		}
		args := strings.Join(j.Args, " ")
		for _, a := range tt.args {
			if !slices.Contains(j.Args, a) {
				t.Errorf("%s: no %q in %s", tt.job, a, args)
			}
		}
		if strings.Contains(args, "100%") || strings.Contains(args, "-sn") {
			t.Errorf("%s: args %s", tt.job, args)
		}
	}
	for _, id := range []string{"derived-small", "mux-sound"} {
		j := jobOf(t, p, id)
		if len(j.Files) != 0 || slices.Contains(j.Args, "-c:s") {
			t.Errorf("%s has a subtitle stream: %v %v", id, j.Files, j.Args)
		}
	}
	if w := strings.Join(p.Warnings, "\n"); !strings.Contains(w, "project.yaml:1: captions: small (gif) cannot hold a subtitle stream") || strings.Contains(w, "sound") {
		t.Errorf("warnings:\n%s", w)
	}
}

// TestBurnedCaptionsNoStream: burned captions add no subtitle stream.
func TestBurnedCaptionsNoStream(t *testing.T) {
	p := softPlan(t, "captions: {file: subs.srt, burn: true}\noutput: {path: film.mp4}\nscenes:\n  - {placeholder: {text: a}, duration: 2s}\n",
		"1\n00:00:00,500 --> 00:00:01,000\nA\n")
	j := jobOf(t, p, "mux-film")
	if len(j.Files) != 1 || slices.Contains(j.Args, "-c:s") {
		t.Errorf("mux of burned captions: %v %v", j.Files, j.Args)
	}
}
