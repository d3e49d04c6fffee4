package pipeline_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/pipeline"
	"github.com/reel-film/reel/pipeline/exec"
)

// TestPropertyValidateMeansRender generates small random projects from
// values of every key of docs/project-file.md and holds reel to its
// promise: a project that validate (Engine.Plan) accepts renders, with
// exactly the planned frame count; one it refuses is refused with
// file:line: path messages, none longer than a screen. The seed is fixed;
// REEL_PROPERTY_N=200 (and REEL_PROPERTY_SEED) run more on demand.
func TestPropertyValidateMeansRender(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	n, seed := envInt(t, "REEL_PROPERTY_N", 10), envInt(t, "REEL_PROPERTY_SEED", 10)
	if testing.Short() {
		n = min(n, 3)
	}
	media := t.TempDir()
	for _, c := range []fftest.Clip{
		{Name: "wide.mp4", Width: 160, Height: 90, FPS: "25", Audio: true},
		{Name: "tall.mp4", Width: 36, Height: 64, FPS: "30000/1001", Seconds: 0.5},
		{Name: "still.png", Width: 40, Height: 30, Color: "blue"},
		{Name: "beep.wav", Seconds: 0.3, Audio: true},
	} {
		fftest.Make(t, media, c)
	}
	writeCube(t, filepath.Join(media, "id.cube"))
	accepted := 0
	for i := range n {
		r := rand.New(rand.NewPCG(uint64(seed), uint64(i)))
		proj := randomProject(r)
		data, err := json.MarshalIndent(proj, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if checkProject(t, media, i, data) {
			accepted++
		}
	}
	t.Logf("%d of %d random projects accepted and rendered", accepted, n)
	if accepted < n/2 {
		t.Errorf("only %d of %d projects accepted: the generator should mostly make valid projects", accepted, n)
	}
}

// checkProject validates and, when valid, renders one project; it reports
// whether the project was accepted.
func checkProject(t *testing.T, media string, i int, data []byte) bool {
	t.Helper()
	name := filepath.Join(media, fmt.Sprintf("p%03d.json", i))
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
	req := request(t.TempDir(), name)
	req.Outputs = []string{filepath.Join(t.TempDir(), "out.mp4")}
	prep, err := pipeline.NewEngine(tools(), pipeline.Cache{}).Plan(context.Background(), req)
	if err != nil {
		assertReported(t, name, data, err)
		return false
	}
	p := prep.Plan
	if _, err := exec.Run(context.Background(), p, exec.Options{FFmpeg: fftest.FFmpeg(), Jobs: 2}); err != nil {
		t.Errorf("project %d: validate accepted it, the render failed: %v\n%s", i, err, data)
		return true
	}
	if got := fftest.FrameCount(t, p.Output); int64(got) != p.Frames {
		t.Errorf("project %d: %d frames, planned %d\n%s", i, got, p.Frames, data)
	}
	return true
}

// assertReported checks a refusal: every message names the file, a line
// and a field, and none is longer than a screen.
func assertReported(t *testing.T, name string, data []byte, err error) {
	t.Helper()
	var es config.Errors
	if !errors.As(err, &es) {
		t.Errorf("%s refused without a config error: %v\n%s", filepath.Base(name), err, data)
		return
	}
	for _, e := range es {
		msg := e.Error()
		if e.File == "" || e.Line == 0 {
			t.Errorf("message without file:line: %q\n%s", msg, data)
		}
		if len(msg) > 80*24 || strings.Count(msg, "\n") > 10 {
			t.Errorf("message longer than a screen (%d bytes)", len(msg))
		}
	}
}

// envInt reads a whole number from the environment, or def.
func envInt(t *testing.T, key string, def int) int {
	s := os.Getenv(key)
	if s == "" {
		return def
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("%s=%q: want a whole number", key, s)
	}
	return v
}

// writeCube writes an identity 3D LUT of size 2.
func writeCube(t *testing.T, path string) {
	t.Helper()
	var b strings.Builder
	b.WriteString("LUT_3D_SIZE 2\n")
	for i := range 8 {
		fmt.Fprintf(&b, "%d %d %d\n", i&1, i>>1&1, i>>2&1)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
