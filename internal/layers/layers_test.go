package layers

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os/exec"
	"path"
	"slices"
	"strings"
	"testing"
)

// module is the import path every package of reel starts with.
const module = "github.com/reel-film/reel"

// layers are reel's packages from the bottom up, by path inside the module
// ("x/..." is x and everything under it). A package may import packages of
// its own layer and of the layers below, never one above.
var layers = []struct {
	name string
	pkgs []string
}{
	{"internal helpers", []string{"internal/..."}},
	{"catalogues", []string{"looks", "subtitles", "transitions"}},
	{"project schema", []string{"config", "rows"}}, // rows: a batch's merge values
	// editors' cuts (OTIO, EDL) read and written, and made projects
	{"hand-off formats", []string{"interchange/otio", "interchange/edl", "interchange/cut"}},
	{"media facts, events and stores", []string{"pipeline/probe/...", "pipeline/timeline", "pipeline/event", "pipeline/cache"}},
	{"filter builders and sources", []string{"pipeline/audio", "pipeline/card", "pipeline/conform", "pipeline/grade", "pipeline/text", "pipeline/source"}},
	{"resolved spec", []string{"pipeline/spec"}},
	// a resolved film as an editor's cut
	{"hand-off export", []string{"interchange/export"}},
	// the sidecar manifest and the C2PA Content Credentials of a render
	{"provenance", []string{"provenance/c2pa/...", "provenance"}},
	{"planner", []string{"pipeline/plan/..."}}, // plantest: the planner's test helpers
	{"executor", []string{"pipeline/exec"}},
	{"engine", []string{"pipeline"}},
	{"service", []string{"service/..."}}, // the render service: the queue, the HTTP API, webhooks, schedules
	{"commands", []string{"cmd/...", "bench"}},
}

// commandsOnly are imports for the command line and the terminal: only the
// commands layer may use them, the engine is a library.
var commandsOnly = []string{
	"github.com/spf13/cobra", "github.com/spf13/viper", "golang.org/x/term", "github.com/schollz/progressbar/v3",
}

// processStarters may import os/exec: the one runner, and the benchmark,
// which times whole reel and ffmpeg processes from outside the engine.
var processStarters = []string{"internal/ffmpeg", "bench"}

// networked may link net/http below the engine: downloads and generators'
// APIs are the sources' business; the planner and what it imports stay off
// the network.
var networked = []string{"pipeline/source", "internal/netguard"}

// pkg is what the check reads of `go list -json`.
type pkg struct {
	ImportPath   string
	Imports      []string
	TestImports  []string
	XTestImports []string
	Deps         []string // every package it links, transitively
}

// layerOf returns the index of rel's layer, -1 for a package in none.
func layerOf(rel string) int {
	for i, l := range layers {
		for _, p := range l.pkgs {
			if base, ok := strings.CutSuffix(p, "/..."); ok && (rel == base || strings.HasPrefix(rel, base+"/")) || rel == p {
				return i
			}
		}
	}
	return -1
}

// check returns every breach of the layers by pkgs: an upward import, a
// command-line import below cmd/, os/exec outside the runner, net/http
// linked below the engine outside the sources, a package in no layer. Test
// files are held to the same order, not to the rest.
func check(pkgs []pkg) []string {
	var bad []string
	for _, p := range pkgs {
		rel := strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, module), "/")
		if rel == "" {
			rel = "."
		}
		li := layerOf(rel)
		if li < 0 {
			bad = append(bad, fmt.Sprintf("%s is in no layer: place it in the table of internal/layers/layers_test.go", rel))
			continue
		}
		if li < layerOf("pipeline") && slices.Contains(p.Deps, "net/http") && !slices.Contains(networked, rel) {
			bad = append(bad, fmt.Sprintf("%s links net/http: only %s may reach the network below the engine", rel, strings.Join(networked, ", ")))
		}
		for kind, imps := range map[string][]string{"": p.Imports, " (tests)": append(slices.Clone(p.TestImports), p.XTestImports...)} {
			for _, imp := range imps {
				if imp == p.ImportPath {
					continue // an external test package of p
				}
				bad = append(bad, checkImport(rel, li, imp, kind)...)
			}
		}
	}
	slices.Sort(bad)
	return slices.Compact(bad)
}

// checkImport checks one import imp of the package rel in layer li.
func checkImport(rel string, li int, imp, kind string) []string {
	top := len(layers) - 1
	switch {
	case strings.HasPrefix(imp, module+"/"):
		irel := strings.TrimPrefix(imp, module+"/")
		if il := layerOf(irel); il > li {
			return []string{fmt.Sprintf("%s (%s) imports %s (%s), a layer above it%s", rel, layers[li].name, irel, layers[il].name, kind)}
		}
	case slices.Contains(commandsOnly, imp) && li != top:
		return []string{fmt.Sprintf("%s imports %s%s: only the commands (cmd/) know the command line and the terminal", rel, imp, kind)}
	case imp == "os/exec" && kind == "" && !slices.Contains(processStarters, rel):
		return []string{fmt.Sprintf("%s imports os/exec: start ffmpeg, ffprobe and every other program through internal/ffmpeg.Run", rel)}
	}
	return nil
}

// TestLayers checks every package of the module.
func TestLayers(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skipf("no go command: %v", err)
	}
	cmd := exec.Command("go", "list", "-json", module+"/...")
	cmd.Dir = "../.."
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	var pkgs []pkg
	for dec := json.NewDecoder(bytes.NewReader(out)); ; {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("reading go list: %v", err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) < 20 {
		t.Fatalf("go list found only %d packages", len(pkgs))
	}
	for _, b := range check(pkgs) {
		t.Error(b)
	}
}

// TestCheckFindsBreaches feeds check a module that breaks every rule once
// (and one that keeps them) and expects each breach named.
func TestCheckFindsBreaches(t *testing.T) {
	m := func(rel string) string { return path.Join(module, rel) }
	tests := []struct {
		p    pkg
		want string // "" for no breach
	}{
		{pkg{ImportPath: m("config"), Imports: []string{m("pipeline/grade")}},
			"config (project schema) imports pipeline/grade (filter builders and sources), a layer above it"},
		{pkg{ImportPath: m("internal/progress"), Imports: []string{m("pipeline/exec")}},
			"internal/progress (internal helpers) imports pipeline/exec (executor), a layer above it"},
		{pkg{ImportPath: m("pipeline/plan"), Imports: []string{m("pipeline/exec")}},
			"pipeline/plan (planner) imports pipeline/exec (executor), a layer above it"},
		{pkg{ImportPath: m("internal/fftest"), TestImports: []string{m("pipeline/probe")}},
			"internal/fftest (internal helpers) imports pipeline/probe (media facts, events and stores), a layer above it (tests)"},
		{pkg{ImportPath: m("pipeline"), Imports: []string{"github.com/spf13/cobra"}},
			"pipeline imports github.com/spf13/cobra: only the commands (cmd/) know the command line and the terminal"},
		{pkg{ImportPath: m("internal/progress"), Imports: []string{"golang.org/x/term"}},
			"internal/progress imports golang.org/x/term: only the commands (cmd/) know the command line and the terminal"},
		{pkg{ImportPath: m("pipeline/probe"), Imports: []string{"os/exec"}},
			"pipeline/probe imports os/exec: start ffmpeg, ffprobe and every other program through internal/ffmpeg.Run"},
		{pkg{ImportPath: m("pipeline/plan"), Imports: []string{m("pipeline/source")}, Deps: []string{"net/http", m("pipeline/source")}},
			"pipeline/plan links net/http: only pipeline/source, internal/netguard may reach the network below the engine"},
		{pkg{ImportPath: m("pipeline/render")}, "pipeline/render is in no layer: place it in the table of internal/layers/layers_test.go"},
		{pkg{ImportPath: m("pipeline/plan"), Imports: []string{m("config"), m("pipeline/conform"), "os"}, XTestImports: []string{m("pipeline/exec")}},
			"pipeline/plan (planner) imports pipeline/exec (executor), a layer above it (tests)"},
		{pkg{ImportPath: m("pipeline/plan"), Imports: []string{m("config"), m("pipeline/conform"), "os"}, XTestImports: []string{m("pipeline/plan/plantest")}}, ""},
		{pkg{ImportPath: m("pipeline/probe"), TestImports: []string{"os/exec", m("internal/fftest")}}, ""},
		{pkg{ImportPath: m("pipeline/source"), Deps: []string{"net/http"}}, ""},
		{pkg{ImportPath: m("pipeline"), Deps: []string{"net/http"}}, ""},
		{pkg{ImportPath: m("cmd/reel/internal/progress"), Imports: []string{"golang.org/x/term", m("pipeline/event")}}, ""},
		{pkg{ImportPath: m("pipeline/probe/probetest"), Imports: []string{m("pipeline/probe"), m("internal/fftest")}}, ""},
	}
	for _, tt := range tests {
		got := check([]pkg{tt.p})
		switch {
		case tt.want == "" && len(got) > 0:
			t.Errorf("%s: %q, want no breach", tt.p.ImportPath, got)
		case tt.want != "" && (len(got) != 1 || got[0] != tt.want):
			t.Errorf("%s: %q, want %q", tt.p.ImportPath, got, tt.want)
		}
	}
}
