package config

import (
	"os"
	"path/filepath"
	"testing"
)

// genHead is a generators section used by the cases below.
const genHead = `generators:
  local: {kind: command, run: [gen, "{prompt}", "{output}"]}
  hosted: {kind: replicate, model: acme/video, token_env: MY_TOKEN}
`

// generatorErrors lists one mistake per case and its exact report.
var generatorErrors = []struct{ name, src, want string }{
	{"unknown generator", genHead + "scenes:\n  - {prompt: storm, generator: locl, duration: 2s}\n",
		`project.yaml:5: scenes[0].generator: unknown generator "locl" (did you mean "local"?)`},
	{"generator not named", genHead + "scenes:\n  - {prompt: storm, duration: 2s}\n",
		`project.yaml:5: scenes[0].prompt: name the generator of this prompt (generator: one of hosted, local)`},
	{"no generators", "scenes:\n  - {prompt: storm, duration: 2s}\n",
		`project.yaml:2: scenes[0].prompt: a prompt needs a generator, and the project defines none (add a generators: section)`},
	{"prompt without duration", genHead + "scenes:\n  - {prompt: storm, generator: local}\n",
		`project.yaml:5: scenes[0]: a prompt scene needs a duration: the length to generate (e.g. duration: 4s)`},
	{"prompt and source", genHead + "scenes:\n  - {source: a.mp4, prompt: storm, generator: local, duration: 2s}\n",
		`project.yaml:5: scenes[0]: a scene has either a source or a prompt, not both (source at line 5)`},
	{"seed without prompt", "scenes:\n  - {source: a.mp4, seed: 3}\n",
		`project.yaml:2: scenes[0].seed: seed applies to a prompt scene (add prompt: "...")`},
	{"negative seed", genHead + "scenes:\n  - {prompt: storm, generator: local, duration: 2s, seed: -1}\n",
		`project.yaml:5: scenes[0].seed: a seed is a whole number from 0, found -1`},
	{"misspelt placeholder", "generators:\n  g: {kind: command, run: [gen, \"{promt}\", \"{output}\"]}\nscenes: [{source: a.mp4}]\n",
		"project.yaml:2: generators.g.run[1]: unknown placeholder {promt} (did you mean \"prompt\"?)\nproject.yaml:2: generators.g.run: the command never uses {prompt}"},
	{"no output placeholder", "generators:\n  g: {kind: command, run: [gen, \"{prompt}\"]}\nscenes: [{source: a.mp4}]\n",
		`project.yaml:2: generators.g.run: the command never uses {output}`},
	{"unknown kind", "generators:\n  g: {kind: replicat, model: a/b}\nscenes: [{source: a.mp4}]\n",
		`project.yaml:2: generators.g.kind: unknown generator kind "replicat" (did you mean "replicate"?)`},
	{"key of another kind", "generators:\n  g: {kind: command, run: [g, \"{prompt}\", \"{output}\"], workflow: w.json}\nscenes: [{source: a.mp4}]\n",
		`project.yaml:2: generators.g.workflow: a command generator has no key "workflow" (expected one of: kind, run, ext, parallel, timeout, retries)`},
	{"token in token_env", "generators:\n  g: {kind: replicate, model: a/b, token_env: r8_abc-123}\nscenes: [{source: a.mp4}]\n",
		`project.yaml:2: generators.g.token_env: token_env must name an environment variable (like REPLICATE_API_TOKEN), not hold the token itself: a name is letters, digits and '_', not starting with a digit (the value is not shown, as it may be a secret)`},
	{"bad model", "generators:\n  g: {kind: replicate, model: wan}\nscenes: [{source: a.mp4}]\n",
		`project.yaml:2: generators.g.model: "wan" is not a model name like owner/name`},
	{"ftp source", "scenes:\n  - source: ftp://example.org/a.mp4\n",
		`project.yaml:2: scenes[0].source: reel downloads http and https URLs, not ftp:// (download it and name the file)`},
	{"replicate input placeholder", "generators:\n  g: {kind: replicate, model: a/b, input: {prompt: \"{prompt}\", fps: \"{fsp}\"}}\nscenes: [{source: a.mp4}]\n",
		`project.yaml:2: generators.g.input.fps: unknown placeholder {fsp} (expected one of: {prompt}, {seconds}, {frames}, {width}, {height}, {seed})`},
}

func TestGeneratorErrors(t *testing.T) {
	for _, tc := range generatorErrors {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse([]byte(tc.src), "project.yaml", t.TempDir(), testOptions())
			checkErrors(t, p, err, tc.want)
		})
	}
}

func TestWorkflowPlaceholders(t *testing.T) {
	dir := t.TempDir()
	wf := `{"6": {"inputs": {"text": "{prompt}", "seed": "{sed}"}}}`
	if err := os.WriteFile(filepath.Join(dir, "wf.json"), []byte(wf), 0o644); err != nil {
		t.Fatal(err)
	}
	src := "generators:\n  studio: {kind: comfyui, workflow: wf.json}\nscenes: [{source: https://example.org/a.mp4}]\n"
	p, err := Parse([]byte(src), "project.yaml", dir, Options{})
	checkErrors(t, p, err, `project.yaml:2: generators.studio.workflow: workflow wf.json at 6.inputs.seed: unknown placeholder {sed} (did you mean "seed"?)`)
}

func TestPromptScene(t *testing.T) {
	src := genHead + "scenes:\n  - {prompt: storm, generator: hosted, duration: 2s}\n  - {prompt: calm, generator: local, duration: 1s, seed: 9}\n  - source: https://example.org/w.mp4\n"
	p, err := Parse([]byte(src), "project.yaml", t.TempDir(), testOptions())
	if err != nil {
		t.Fatal(err)
	}
	s0, s1, s2 := p.Scenes[0], p.Scenes[1], p.Scenes[2]
	if s0.Prompt.Generator != "hosted" || s0.Prompt.Seed != DefaultSeed("storm") || s1.Prompt.Seed != 9 {
		t.Errorf("prompts = %+v, %+v", s0.Prompt, s1.Prompt)
	}
	if s2.URL != "https://example.org/w.mp4" || s2.Source != "" {
		t.Errorf("url scene = %q, %q", s2.URL, s2.Source)
	}
	h := p.Generators["hosted"]
	if h.TokenEnv != "MY_TOKEN" || h.Parallel != 4 || h.URL != DefaultReplicateURL || h.Input["prompt"] != "{prompt}" {
		t.Errorf("hosted = %+v", h)
	}
	if l := p.Generators["local"]; l.Ext != ".mp4" || l.Parallel != 1 || len(l.Run) != 3 {
		t.Errorf("local = %+v", l)
	}
}
