package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/reel-film/reel/internal/fftest"
)

// cliTemplate is a template of a shared clip, then a card whose title,
// length and the clip's speed come from the row; its output path from
// the row's id.
const cliTemplate = `fields:
  id: {description: the output's name}
  name: {default: friend}
  len: {default: 1s}
  speed: {default: 1}
output: {path: "out/{{ id }}.mp4", size: 160x90, fps: 25, codec: h264, preset: ultrafast}
scenes:
  - source: a.mp4
    speed: "{{ speed }}"
  - background: "#203040"
    duration: "{{ len }}"
    layers: [{text: "Hello {{ name }}", style: title}]
`

// templateDir writes the template and its 2 s clip in a fresh directory.
func templateDir(t *testing.T) string {
	t.Helper()
	fftest.Require(t)
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "a.mp4", Seconds: 2, FPS: "25", Audio: true})
	writeFile(t, dir, "promo.yaml", cliTemplate)
	return dir
}

func TestBatchCSV(t *testing.T) {
	dir := templateDir(t)
	// Quoted commas and quotes, UTF-8 names, a CRLF line, a row without
	// the id the output path needs.
	writeFile(t, dir, "rows.csv", "id,name\nada,\"Lovelace, Ada \"\"the first\"\"\"\r\nzoe,Zoë\nlei,李雷\n,Nobody\n")
	r := reel(t, dir, nil, "batch", "promo.yaml", "--data", "rows.csv", "--progress", "none")
	wantExit(t, r, 1)
	wantContains(t, "stdout", r.stdout, "rows.csv:2 (row 1)", "rendered", "out/ada.mp4", "rows.csv:5 (row 4)", "failed", `"id"`,
		"4 variants: 3 rendered, 0 up to date, 1 failed")
	for _, id := range []string{"ada", "zoe", "lei"} {
		// 2 s of the clip at speed 1 and 1 s of card.
		if n := fftest.FrameCount(t, filepath.Join(dir, "out", id+".mp4")); n != 75 {
			t.Errorf("%s: %d frames, want 75", id, n)
		}
	}
	// Again: the three are up to date, the bad row still fails.
	r = reel(t, dir, nil, "batch", "promo.yaml", "--data", "rows.csv", "--progress", "none", "--json")
	wantExit(t, r, 1)
	var sum struct {
		Variants []struct {
			Variant, Status, Error string
		}
		Stats struct{ Ran int }
	}
	if err := json.Unmarshal([]byte(r.stdout), &sum); err != nil {
		t.Fatalf("--json: %v\n%s", err, r.stdout)
	}
	want := []string{"up-to-date", "up-to-date", "up-to-date", "failed"}
	for i, v := range sum.Variants {
		if v.Status != want[i] {
			t.Errorf("re-run: %s is %s (%s), want %s", v.Variant, v.Status, v.Error, want[i])
		}
	}
	if sum.Stats.Ran != 0 {
		t.Errorf("re-run ran %d jobs", sum.Stats.Ran)
	}
}

func TestBatchJSONNumbersAndDurations(t *testing.T) {
	dir := templateDir(t)
	writeFile(t, dir, "rows.json", `[
  {"id": "fast", "speed": 2, "len": "1s"},
  {"id": "frames", "speed": 1, "len": "10f", "name": null},
  {"id": "bad", "speed": 1, "len": 3}
]`)
	r := reel(t, dir, nil, "batch", "promo.yaml", "--data", "rows.json", "--progress", "none")
	wantExit(t, r, 1)
	// A bare number is not a duration: the row and the template's line.
	wantContains(t, "stdout", r.stdout, "rows.json:4 (row 3)")
	for id, frames := range map[string]int{"fast": 50, "frames": 60} {
		if n := fftest.FrameCount(t, filepath.Join(dir, "out", id+".mp4")); n != frames {
			t.Errorf("%s: %d frames, want %d", id, n, frames)
		}
	}
	assertAbsent(t, filepath.Join(dir, "out", "bad.mp4"))
}

func TestBatchRefusesOnePathTwice(t *testing.T) {
	dir := templateDir(t)
	writeFile(t, dir, "rows.jsonl", "{\"id\": \"x\"}\n\n{\"id\": \"y\"}\n{\"id\": \"x\"}\n")
	r := reel(t, dir, nil, "batch", "promo.yaml", "--data", "rows.jsonl", "--progress", "none")
	wantExit(t, r, 2)
	wantContains(t, "stderr", r.stderr, "rows.jsonl:1 (row 1) and rows.jsonl:4 (row 3) both write", "{{ id }}")
	assertAbsent(t, filepath.Join(dir, "out"))
}

func TestPlanData(t *testing.T) {
	dir := templateDir(t)
	writeFile(t, dir, "rows.csv", "id,name\na,Ada\nb,Bea\nc,Cy\n")
	r := reel(t, dir, nil, "plan", "promo.yaml", "--data", "rows.csv")
	wantExit(t, r, 0)
	wantContains(t, "stdout", r.stdout, "# 3 variants: 3 to render", "shared by all variants", "generator calls: 0", "rows.csv:4 (row 3)")
	r = reel(t, dir, nil, "plan", "promo.yaml", "--data", "rows.csv", "--json")
	wantExit(t, r, 0)
	var bp struct {
		Sharing struct {
			Jobs, Shared int
			Unique       []int
		}
		Variants []struct{ Jobs int }
	}
	if err := json.Unmarshal([]byte(r.stdout), &bp); err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, v := range bp.Variants {
		total += v.Jobs
	}
	// Each variant's own jobs, plus the shared ones once.
	sum := bp.Sharing.Shared
	for _, u := range bp.Sharing.Unique {
		sum += u
	}
	if bp.Sharing.Shared == 0 || bp.Sharing.Jobs >= total || sum != bp.Sharing.Jobs {
		t.Errorf("sharing %+v of %d jobs", bp.Sharing, total)
	}
	assertAbsent(t, filepath.Join(dir, "out"))
}

func TestRenderSet(t *testing.T) {
	dir := templateDir(t)
	r := reel(t, dir, nil, "render", "promo.yaml", "--set", "id=one", "--set", "len=20f", "--progress", "none")
	wantExit(t, r, 0)
	if n := fftest.FrameCount(t, filepath.Join(dir, "out", "one.mp4")); n != 70 {
		t.Errorf("%d frames, want 70", n)
	}
	r = reel(t, dir, nil, "render", "promo.yaml", "--set", "id=two", "--set", "nmae=Ada")
	wantExit(t, r, 2)
	wantContains(t, "stderr", r.stderr, "nmae", `did you mean "name"`)
	r = reel(t, dir, nil, "render", "promo.yaml")
	wantExit(t, r, 2)
	wantContains(t, "stderr", r.stderr, "promo.yaml:", `"id"`)
}

// TestBatchCtrlC interrupts a batch while jobs run: exit 1, and every
// output path holds a complete film or nothing.
func TestBatchCtrlC(t *testing.T) {
	dir := templateDir(t)
	var rows strings.Builder
	rows.WriteString("id,len\n")
	for _, id := range []string{"a", "b", "c", "d", "e", "f"} {
		rows.WriteString(id + ",3s\n")
	}
	writeFile(t, dir, "rows.csv", rows.String())
	work := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := command(ctx, t, dir, nil, "batch", "promo.yaml", "--data", "rows.csv", "--jobs", "2", "--progress", "plain", "--work-dir", work)
	stderr := newWatchWriter(" started")
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case <-stderr.seen:
	case err := <-exited:
		t.Fatalf("reel exited before any job started: %v\n%s", err, stderr)
	case <-time.After(15 * time.Second):
		t.Fatalf("no job started within 15 s:\n%s", stderr)
	}
	time.Sleep(300 * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	var err error
	select {
	case err = <-exited:
	case <-time.After(5 * time.Second):
		t.Fatalf("reel still running 5 s after SIGINT:\n%s", stderr)
	}
	if code := exitCodeOf(t, err); code != 1 {
		t.Errorf("exit %d, want 1\n%s", code, stderr)
	}
	out := filepath.Join(dir, "out")
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		switch {
		case strings.HasSuffix(e.Name(), ".mp4"):
			if n := fftest.FrameCount(t, filepath.Join(out, e.Name())); n != 125 {
				t.Errorf("%s: %d frames: a partial output", e.Name(), n)
			}
		case strings.HasSuffix(e.Name(), ".reel"):
		case strings.HasSuffix(e.Name(), ".mp4.manifest.json"): // a complete output's provenance manifest
		default:
			t.Errorf("left in the output directory: %s", e.Name())
		}
	}
	assertNoLeftovers(t, out, work)
	assertNoProcessMentions(t, work)
}
