package main

import (
	"bufio"
	"context"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/reel-film/reel/internal/fftest"
)

// mistakes is a project with four mistakes, one per line 4 to 7.
const mistakes = `output: {path: out.mp4, size: 160x90, fps: 30, quality: draft}
scenes:
  - placeholder: {text: one}
    duration: 1
    transiton: fade
  - source: missing.mp4
    transition: {type: wipelfet, duration: 0.2s}
  - placeholder: {text: three}
    duration: 0.5s
`

// mistakeErrors are the errors reel must report for mistakes.
var mistakeErrors = []struct {
	line       int
	path, text string
}{
	{4, "scenes[0].duration", `"1" has no unit`},
	{5, "scenes[0].transiton", `unknown key (did you mean "transition"?)`},
	{6, "scenes[1].source", "missing.mp4"},
	{7, "scenes[1].transition.type", `unknown transition "wipelfet" (did you mean "wipeleft"?)`},
}

// TestValidateReportsEveryMistake checks that validate reports every
// mistake at once, with file, line, field path and did-you-mean hints, as
// text and as JSON, and exits 2.
func TestValidateReportsEveryMistake(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "project.yaml", mistakes)

	t.Run("text", func(t *testing.T) {
		r := reel(t, dir, nil, "validate", "project.yaml")
		wantExit(t, r, 2)
		for _, e := range mistakeErrors {
			re := regexp.MustCompile(`(?m)project\.yaml:` + strconv.Itoa(e.line) + `: ` + regexp.QuoteMeta(e.path) + `: .*` + regexp.QuoteMeta(e.text))
			if !re.MatchString(r.stderr) {
				t.Errorf("stderr lacks line %d %s: %s\n%s", e.line, e.path, e.text, r.stderr)
			}
		}
		if r.stdout != "" {
			t.Errorf("stdout = %q, want nothing", r.stdout)
		}
	})

	t.Run("json", func(t *testing.T) {
		r := reel(t, dir, nil, "validate", "project.yaml", "--json")
		wantExit(t, r, 2)
		var res struct {
			Valid  *bool `json:"valid"`
			Errors []struct {
				File    string `json:"file"`
				Line    int    `json:"line"`
				Path    string `json:"path"`
				Message string `json:"message"`
			} `json:"errors"`
			Warnings []string `json:"warnings"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
			t.Fatalf("stdout is not JSON: %v\n%v", err, r)
		}
		if res.Valid == nil || *res.Valid {
			t.Errorf("valid = %v, want false", res.Valid)
		}
		if len(res.Errors) != len(mistakeErrors) {
			t.Errorf("%d errors, want %d: %+v", len(res.Errors), len(mistakeErrors), res.Errors)
		}
		for _, want := range mistakeErrors {
			found := false
			for _, got := range res.Errors {
				if got.Line == want.line && got.Path == want.path && strings.Contains(got.Message, want.text) &&
					filepath.Base(got.File) == "project.yaml" {
					found = true
				}
			}
			if !found {
				t.Errorf("no error at line %d %s %q in %+v", want.line, want.path, want.text, res.Errors)
			}
		}
	})
}

// TestValidateBrokenSources checks that problems only probing can see (a
// corrupt clip, a trim past the end of a clip) make validate exit 2 naming
// the file and the field.
func TestValidateBrokenSources(t *testing.T) {
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "a.mp4", Seconds: 1})
	junk := make([]byte, 4096)
	for i := range junk {
		junk[i] = byte(i*7919 + i/13)
	}
	if err := os.WriteFile(filepath.Join(dir, "x.mp4"), junk, 0o644); err != nil {
		t.Fatal(err)
	}
	const head = "output: {path: out.mp4, size: 160x90, fps: 30, quality: draft}\nscenes:\n"
	tests := []struct {
		name, scenes string
		want         []string
	}{
		{"corrupt clip", "  - source: x.mp4\n", []string{"project.yaml:3: scenes[0].source:", "x.mp4"}},
		{"trim past the end", "  - source: a.mp4\n    trim: {start: 5s}\n", []string{"project.yaml:4: scenes[0].trim:", "a.mp4"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			writeFile(t, dir, "project.yaml", head+tt.scenes)
			r := reel(t, dir, nil, "validate", "project.yaml")
			wantExit(t, r, 2)
			wantContains(t, "stderr", r.stderr, tt.want...)
		})
	}
}

// TestUsageErrors checks that mistakes on the command line exit 2 with a
// message, before anything is rendered.
func TestUsageErrors(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "project.yaml", placeholderProject(1, "0.5s", "160x90"))
	work := t.TempDir()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"validate without a project", []string{"validate"}, "accepts 1 arg(s), received 0"},
		{"render without a project", []string{"render"}, "accepts 1 arg(s), received 0"},
		{"render with two projects", []string{"render", "project.yaml", "other.yaml"}, "accepts 1 arg(s), received 2"},
		{"unknown flag", []string{"render", "--bogus", "project.yaml"}, "unknown flag: --bogus"},
		{"jobs 0", []string{"plan", "--jobs", "0", "project.yaml"}, "--jobs 0: jobs must be from 1 to 256"},
		{"jobs absurd", []string{"plan", "--jobs", "100000", "project.yaml"}, "--jobs 100000: jobs must be from 1 to 256"},
		{"jobs not whole", []string{"plan", "--jobs", "1.5", "project.yaml"}, "--jobs 1.5: jobs must be a whole number from 1 to 256"},
		{"jobs a word", []string{"plan", "-j", "many", "project.yaml"}, "--jobs many: jobs must be a whole number from 1 to 256"},
		{"negative deadline", []string{"render", "--deadline", "-5s", "--work-dir", work, "project.yaml"}, "--deadline -5s: a deadline must be positive"},
		{"bad progress mode", []string{"render", "--progress", "nonsense", "--work-dir", work, "project.yaml"}, `unknown progress mode "nonsense"`},
		{"misspelt progress mode", []string{"render", "--progress", "jsn", "--work-dir", work, "project.yaml"}, `unknown progress mode "jsn" (did you mean "json"?)`},
		{"bad log level", []string{"plan", "--log-level", "loud", "project.yaml"}, `--log-level loud: use debug, info, warn or error`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := reel(t, dir, nil, tt.args...)
			wantExit(t, r, 2)
			wantContains(t, "stderr", r.stderr, "reel: "+tt.want)
		})
	}
	assertAbsent(t, filepath.Join(dir, "out", "film.mp4"))
	assertNoLeftovers(t, filepath.Join(dir, "out"), work)
}

// planJSON is the part of `reel plan --json` the tests read.
type planJSON struct {
	Output string `json:"output"`
	Frames int64  `json:"frames"`
	Jobs   []struct {
		ID   string   `json:"id"`
		Kind string   `json:"kind"`
		Args []string `json:"args"`
	} `json:"jobs"`
}

// planOf runs `reel plan --json` on project in dir and decodes it.
func planOf(t *testing.T, dir, project string) planJSON {
	t.Helper()
	r := reel(t, dir, nil, "plan", project, "--json")
	wantExit(t, r, 0)
	var p planJSON
	if err := json.Unmarshal([]byte(r.stdout), &p); err != nil {
		t.Fatalf("plan --json is not JSON: %v\n%v", err, r)
	}
	return p
}

// twoScenes is a project of a placeholder and a tiny clip, a.mp4.
const twoScenes = `output: {path: out/film.mp4, size: 160x90, fps: 30, quality: draft}
transition: {type: fade, duration: 0.2s}
scenes:
  - {placeholder: {text: one}, duration: 0.5s}
  - {source: a.mp4}
`

// TestRender renders a two-scene project with -o and --progress json and
// checks the exit code, the frames, the progress lines and the leftovers.
func TestRender(t *testing.T) {
	dir := t.TempDir()
	work := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "a.mp4", Seconds: 0.8, Audio: true})
	writeFile(t, dir, "project.yaml", twoScenes)
	pl := planOf(t, dir, "project.yaml")
	if pl.Frames <= 0 {
		t.Fatalf("plan has %d frames", pl.Frames)
	}

	out := filepath.Join(dir, "renders", "cut.mp4")
	r := reel(t, dir, nil, "render", "project.yaml", "-o", "renders/cut.mp4", "--progress", "json", "--jobs", "2", "--work-dir", work)
	wantExit(t, r, 0)
	wantContains(t, "stdout", r.stdout, "rendered ", "cut.mp4")
	if _, err := os.Stat(out); err != nil {
		t.Fatalf("no output: %v\n%v", err, r)
	}
	if n := fftest.FrameCount(t, out); int64(n) != pl.Frames {
		t.Errorf("output has %d frames, plan says %d", n, pl.Frames)
	}
	assertAbsent(t, filepath.Join(dir, "out", "film.mp4")) // -o replaced the project's path
	assertNoLeftovers(t, filepath.Dir(out), work)

	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	done := map[string]bool{}
	for _, l := range lines {
		var ev map[string]any
		if err := json.Unmarshal([]byte(l), &ev); err != nil {
			t.Errorf("progress line is not JSON: %q: %v", l, err)
			continue
		}
		for _, k := range []string{"job", "percent", "overall", "state"} {
			if _, ok := ev[k]; !ok {
				t.Errorf("progress line lacks %q: %s", k, l)
			}
		}
		if ev["state"] == "done" {
			done[ev["job"].(string)] = true
		}
	}
	for _, j := range pl.Jobs {
		if !done[j.ID] {
			t.Errorf("no done event for job %s", j.ID)
		}
	}
	var last map[string]any
	_ = json.Unmarshal([]byte(lines[len(lines)-1]), &last)
	if o, _ := last["overall"].(float64); math.Abs(o-100) > 1e-6 {
		t.Errorf("last progress line has overall %v, want 100", last["overall"])
	}
}

// TestPlan checks the human plan (a "## " header and one "ffmpeg " line per
// job) against the JSON plan, and that no job carries -progress.
func TestPlan(t *testing.T) {
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "a.mp4", Seconds: 0.8, Audio: true})
	writeFile(t, dir, "project.yaml", twoScenes)
	pl := planOf(t, dir, "project.yaml")
	if len(pl.Jobs) == 0 {
		t.Fatal("plan --json has no jobs")
	}
	ids := map[string]bool{}
	for _, j := range pl.Jobs {
		if j.ID == "" || ids[j.ID] {
			t.Errorf("job id %q is empty or repeated", j.ID)
		}
		ids[j.ID] = true
		for _, a := range j.Args {
			if a == "-progress" || a == "-nostats" {
				t.Errorf("job %s has %s in its args", j.ID, a)
			}
		}
	}

	r := reel(t, dir, nil, "plan", "project.yaml")
	wantExit(t, r, 0)
	bin := fftest.FFmpeg() + " "
	var headers, commands []string
	for _, l := range strings.Split(r.stdout, "\n") {
		switch {
		case strings.HasPrefix(l, "## "):
			headers = append(headers, l)
		case strings.HasPrefix(l, bin):
			commands = append(commands, l)
		}
	}
	if len(headers) != len(pl.Jobs) || len(commands) != len(pl.Jobs) {
		t.Fatalf("%d headers and %d command lines, want %d of each:\n%s", len(headers), len(commands), len(pl.Jobs), r.stdout)
	}
	for i, j := range pl.Jobs {
		if !strings.HasPrefix(headers[i], "## "+j.ID+" ") {
			t.Errorf("header %d = %q, want job %s", i, headers[i], j.ID)
		}
		if strings.Contains(commands[i], "-progress") {
			t.Errorf("command of %s has -progress: %s", j.ID, commands[i])
		}
	}
}

// TestCtrlC interrupts a render the way Ctrl-C, SIGTERM or a closed
// terminal (SIGHUP) does and checks that reel
// stops quickly with exit 1, leaves no output, temporary file or work file,
// leaves no ffmpeg behind, and keeps an earlier output byte for byte.
func TestCtrlC(t *testing.T) {
	tests := []struct {
		name    string
		earlier []byte // an earlier output at the output path; nil for none
		sig     syscall.Signal
	}{
		{"no earlier output", nil, syscall.SIGINT},
		{"earlier output kept", []byte("an earlier good render\x00\xff"), syscall.SIGINT},
		{"SIGTERM", nil, syscall.SIGTERM},
		{"SIGHUP: the terminal went away", []byte("earlier"), syscall.SIGHUP},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			work := t.TempDir()
			writeFile(t, dir, "project.yaml", placeholderProject(6, "2s", "640x360"))
			out := filepath.Join(dir, "out", "film.mp4")
			if tt.earlier != nil {
				writeFile(t, dir, "out/film.mp4", string(tt.earlier))
			}

			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			cmd := command(ctx, t, dir, nil, "render", "project.yaml", "--jobs", "2", "--progress", "plain", "--work-dir", work)
			stderr := newWatchWriter(" started")
			var stdout strings.Builder
			cmd.Stdout, cmd.Stderr = &stdout, stderr
			start := time.Now()
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			select {
			case <-stderr.seen: // a job is running
			case err := <-exited:
				t.Fatalf("reel exited before any job started: %v\n%s", err, stderr)
			case <-time.After(15 * time.Second):
				t.Fatalf("no job started within 15 s:\n%s", stderr)
			}
			time.Sleep(max(200*time.Millisecond, 700*time.Millisecond-time.Since(start)))
			if err := cmd.Process.Signal(tt.sig); err != nil {
				t.Fatal(err)
			}
			var err error
			select {
			case err = <-exited:
			case <-time.After(5 * time.Second):
				t.Fatalf("reel still running 5 s after %v:\n%s", tt.sig, stderr)
			}
			r := result{code: exitCodeOf(t, err), stdout: stdout.String(), stderr: stderr.String()}
			wantExit(t, r, 1)
			wantContains(t, "stderr", r.stderr, "cancel")

			if tt.earlier == nil {
				assertAbsent(t, out)
			} else if got, err := os.ReadFile(out); err != nil || string(got) != string(tt.earlier) {
				t.Errorf("the earlier output was replaced or removed: %q, %v", got, err)
			}
			assertNoLeftovers(t, filepath.Dir(out), work)
			assertNoProcessMentions(t, work)
		})
	}
}

// assertNoProcessMentions fails the test when a running process has s in
// its command line (Linux only).
func assertNoProcessMentions(t *testing.T, s string) {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Log("no /proc: not checking for surviving ffmpeg processes")
		return
	}
	files, err := filepath.Glob("/proc/[0-9]*/cmdline")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			continue // it exited meanwhile
		}
		if cl := strings.ReplaceAll(string(b), "\x00", " "); strings.Contains(cl, s) {
			t.Errorf("a process survives the render: %s: %s", filepath.Dir(f), cl)
		}
	}
}

// TestFFmpegKilled runs a render whose ffmpeg dies of SIGKILL (the test
// binary acting as ffmpeg) and checks the error names the job and the kill,
// and that nothing is left at the output path.
func TestFFmpegKilled(t *testing.T) {
	fftest.Require(t)
	_, env := fftest.Wrapper(t, 0, true)
	fake := fakeFFmpegBin(t)
	dir := t.TempDir()
	work := t.TempDir()
	writeFile(t, dir, "project.yaml", placeholderProject(2, "0.5s", "160x90"))

	r := reel(t, dir, env,
		"render", "project.yaml", "--ffmpeg", fake, "--jobs", "1", "--progress", "none", "--work-dir", work)
	wantExit(t, r, 1)
	if !regexp.MustCompile(`reel: job \S+ .*failed: ffmpeg was killed by signal: killed`).MatchString(r.stderr) {
		t.Errorf("stderr does not name the job and the kill:\n%s", r.stderr)
	}
	assertAbsent(t, filepath.Join(dir, "out", "film.mp4"))
	assertNoLeftovers(t, filepath.Join(dir, "out"), work)
}

// TestProbe checks `reel probe --json` on a clip with audio.
func TestProbe(t *testing.T) {
	dir := t.TempDir()
	fftest.Make(t, dir, fftest.Clip{Name: "a.mp4", Width: 160, Height: 90, FPS: "25", Seconds: 0.4, Audio: true, SampleRate: 44100})
	r := reel(t, dir, nil, "probe", "a.mp4", "--json")
	wantExit(t, r, 0)
	var infos []struct {
		Path  string `json:"path"`
		Video *struct {
			Width  int `json:"width"`
			Height int `json:"height"`
			FPS    struct {
				Num int `json:"num"`
				Den int `json:"den"`
			} `json:"fps"`
		} `json:"video"`
		Audio *struct {
			SampleRate int `json:"sample_rate"`
		} `json:"audio"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &infos); err != nil {
		t.Fatalf("probe --json is not JSON: %v\n%v", err, r)
	}
	if len(infos) != 1 || infos[0].Video == nil || infos[0].Audio == nil {
		t.Fatalf("probe --json = %s, want one file with video and audio", r.stdout)
	}
	v, a := infos[0].Video, infos[0].Audio
	if v.Width != 160 || v.Height != 90 || v.FPS.Num != 25 || v.FPS.Den != 1 || a.SampleRate != 44100 {
		t.Errorf("probe: %dx%d @ %d/%d, audio %d Hz; want 160x90 @ 25/1, 44100 Hz",
			v.Width, v.Height, v.FPS.Num, v.FPS.Den, a.SampleRate)
	}

	// What a render reads, not only the header: an APNG's length (its
	// header states none) and ProRes interlaced only in its frames.
	for _, args := range [][]string{
		{"-f", "lavfi", "-i", "testsrc2=s=32x18:r=10", "-frames:v", "7", "-plays", "0", "a.apng"},
		{"-f", "lavfi", "-i", "testsrc2=s=32x16:r=25:d=0.2", "-c:v", "prores_ks", "-flags", "+ilme+ildct", "i.mov"},
	} {
		args[len(args)-1] = filepath.Join(dir, args[len(args)-1])
		if out, err := exec.Command(fftest.FFmpeg(), append([]string{"-nostdin", "-v", "error", "-y"}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
	}
	r = reel(t, dir, nil, "probe", "a.apng", "i.mov")
	wantExit(t, r, 0)
	wantContains(t, "stdout", r.stdout, "a.apng: apng, 0.700s")
	wantContains(t, "stdout", r.stdout, "interlaced (")

	r = reel(t, dir, nil, "probe", "nothere.mp4")
	wantExit(t, r, 1)
	wantContains(t, "stderr", r.stderr, "nothere.mp4")
}

// TestTransitionsAndVersion checks the transition list and the version.
func TestTransitionsAndVersion(t *testing.T) {
	dir := t.TempDir()
	r := reel(t, dir, nil, "transitions")
	wantExit(t, r, 0)
	names := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(r.stdout))
	for sc.Scan() {
		if f := strings.Fields(sc.Text()); len(f) > 0 {
			names[f[0]] = true
		}
	}
	for _, want := range []string{"wipeleft", "dip", "cut", "crossfade", "fade"} {
		if !names[want] {
			t.Errorf("transitions does not list %s:\n%s", want, r.stdout)
		}
	}

	r = reel(t, dir, nil, "version")
	wantExit(t, r, 0)
	wantContains(t, "stdout", r.stdout, "reel ", "ffmpeg version")
}

// TestSettingsPrecedence checks flags > REEL_* environment > settings file.
func TestSettingsPrecedence(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "project.yaml", placeholderProject(1, "0.5s", "160x90"))
	writeFile(t, dir, "typo.yaml", "jobz: 2\n")
	writeFile(t, dir, "nojobs.yaml", "jobs: 0\n")
	writeFile(t, dir, "wordjobs.yaml", "jobs: many\n")
	writeFile(t, dir, "sched.yaml", "jobs: 1\nschedules:\n  Nightly:\n    cron: \"0 6 * * *\"\n    time_zone: Europe/Paris\n    project: project.yaml\n")
	writeFile(t, dir, "badsched.yaml", "schedules:\n  news:\n    cron: \"TZ=0\"\n    project: project.yaml\n")
	tests := []struct {
		name string
		env  []string
		args []string
		code int
		want string // on stderr
	}{
		{"env is read", []string{"REEL_JOBS=0"}, nil, 2, `REEL_JOBS="0": jobs must be from 1 to 256`},
		{"env not a number", []string{"REEL_JOBS=abc"}, nil, 2, `REEL_JOBS="abc": jobs must be a whole number from 1 to 256`},
		{"env not whole", []string{"REEL_JOBS=1.5"}, nil, 2, `REEL_JOBS="1.5": jobs must be a whole number from 1 to 256`},
		{"env log level", []string{"REEL_LOG_LEVEL=loud"}, nil, 2, `REEL_LOG_LEVEL="loud": use debug, info, warn or error`},
		{"settings file word", nil, []string{"--settings", "wordjobs.yaml"}, 2, `jobs: "many" in wordjobs.yaml: jobs must be a whole number from 1 to 256`},
		{"flag beats env", []string{"REEL_JOBS=0"}, []string{"--jobs", "1"}, 0, ""},
		{"settings file unknown key", nil, []string{"--settings", "typo.yaml"}, 2, `unknown key "jobz" (did you mean "jobs"?)`},
		{"settings file is read", nil, []string{"--settings", "nojobs.yaml"}, 2, `jobs: "0" in nojobs.yaml: jobs must be from 1 to 256`},
		{"env beats settings file", []string{"REEL_JOBS=1"}, []string{"--settings", "nojobs.yaml"}, 0, ""},
		{"settings file schedules", nil, []string{"--settings", "sched.yaml"}, 0, ""},
		{"settings file bad schedule", nil, []string{"--settings", "badsched.yaml"}, 2, `badsched.yaml:3: schedules.news.cron: cron "TZ=0": write the time zone under time_zone`},
		{"missing settings file", nil, []string{"--settings", "nothere.yaml"}, 2, "nothere.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := reel(t, dir, tt.env, append([]string{"plan", "project.yaml"}, tt.args...)...)
			wantExit(t, r, tt.code)
			if tt.want != "" {
				wantContains(t, "stderr", r.stderr, tt.want)
			}
		})
	}
}

// mustHold fails the test with the message when ok is false (these checks
// guard bugs found and fixed in the CLI).
func mustHold(t *testing.T, ok bool, format string, args ...any) {
	t.Helper()
	if !ok {
		t.Fatalf(format, args...)
	}
}

// TestUnknownCommandIsUsage checks that an unknown subcommand is a usage
// error (exit 2), as the root help promises.
func TestUnknownCommandIsUsage(t *testing.T) {
	r := reel(t, t.TempDir(), nil, "rendr", "project.yaml")
	wantContains(t, "stderr", r.stderr, `unknown command "rendr"`)
	mustHold(t, r.code == 2, "unknown command exits %d, want 2 (usage)", r.code)
}

// TestValidateJSONQuiet checks that validate --json reports an invalid
// project on stdout only: silentUsage says it is "already reported".
func TestValidateJSONQuiet(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "project.yaml", mistakes)
	r := reel(t, dir, nil, "validate", "project.yaml", "--json")
	wantExit(t, r, 2)
	mustHold(t, r.stderr == "", "validate --json repeats the errors on stderr:\n%s", r.stderr)
}

// TestValidateJSONWarnings checks that validate --json carries the plan's
// warnings (here a clamped transition) that validate prints as text.
func TestValidateJSONWarnings(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "project.yaml", `output: {path: out.mp4, size: 160x90, fps: 30, quality: draft}
transition: {type: fade, duration: 2s}
scenes:
  - {placeholder: {text: one}, duration: 1s}
  - {placeholder: {text: two}, duration: 1s}
`)
	r := reel(t, dir, nil, "validate", "project.yaml")
	wantExit(t, r, 0)
	wantContains(t, "stderr", r.stderr, "reel: warning: ", "clamped")

	r = reel(t, dir, nil, "validate", "project.yaml", "--json")
	wantExit(t, r, 0)
	var res struct {
		Valid    bool     `json:"valid"`
		Warnings []string `json:"warnings"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil || !res.Valid {
		t.Fatalf("validate --json: %v, valid %v\n%v", err, res.Valid, r)
	}
	mustHold(t, len(res.Warnings) == 1 && strings.Contains(res.Warnings[0], "clamped"),
		"validate --json has warnings %q, want the clamp warning", res.Warnings)
}

// TestOutputFlagExtension checks that -o is held to the same rule as
// output.path: only .mp4, .mov and .mkv.
func TestOutputFlagExtension(t *testing.T) {
	dir := t.TempDir()
	work := t.TempDir()
	writeFile(t, dir, "project.yaml", placeholderProject(1, "0.2s", "160x90"))
	r := reel(t, dir, nil, "render", "project.yaml", "-o", "film.avi", "--progress", "none", "--work-dir", work)
	mustHold(t, r.code == 2, "render -o film.avi exits %d (want 2, unsupported extension); it writes an MP4 named .avi", r.code)
}
