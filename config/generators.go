package config

import (
	"slices"

	"github.com/reel-film/reel/internal/timecode"
	"gopkg.in/yaml.v3"
)

// Generator kinds.
const (
	KindCommand   = "command"   // a local program run with an argument template
	KindComfyUI   = "comfyui"   // a ComfyUI server: queue a workflow, poll its history, download
	KindReplicate = "replicate" // Replicate's predictions API
)

// GeneratorKinds are the accepted values of a generator's kind.
var GeneratorKinds = []string{KindCommand, KindComfyUI, KindReplicate}

// DefaultTokenEnv is the variable a replicate generator reads its token from.
const DefaultTokenEnv = "REPLICATE_API_TOKEN"

// Generator is one entry of the project's generators section: a service or
// program that turns a prompt into a clip. Secrets are never stored here:
// TokenEnv names the environment variable that holds one.
type Generator struct {
	Name     string
	Kind     string         // command | comfyui | replicate
	Run      []string       // command: the program and its argument template
	Ext      string         // command: the extension of {output} (default .mp4)
	URL      string         // comfyui: the server; replicate: the API base (default https://api.replicate.com)
	Workflow string         // comfyui: absolute path of the workflow template (API-format JSON)
	Model    string         // replicate: owner/name
	Version  string         // replicate: a version id instead of the model's latest
	TokenEnv string         // replicate: the environment variable holding the API token
	Input    map[string]any // replicate: the model's input fields; string values are templates
	Parallel int            // calls at once (default 1; replicate 4)
	Timeout  *timecode.Duration
	Retries  int    // attempts after the first on 429, 5xx and timeouts (default 4)
	Dir      string // the project's directory: relative paths in Run resolve against it, and the command runs there
	Pos      Pos
	KeyPos   map[string]Pos // where each key is written, for later messages
}

// generatorKeys lists the keys each kind accepts.
var generatorKeys = map[string][]string{
	KindCommand:   {"kind", "run", "ext", "parallel", "timeout", "retries"},
	KindComfyUI:   {"kind", "url", "workflow", "parallel", "timeout", "retries"},
	KindReplicate: {"kind", "model", "version", "token_env", "input", "url", "parallel", "timeout", "retries"},
}

// allGeneratorKeys is every key any kind accepts.
var allGeneratorKeys = []string{"kind", "run", "ext", "url", "workflow", "model", "version", "token_env", "input", "parallel", "timeout", "retries"}

// generators decodes the generators section, then checks each prompt
// scene's generator against it.
func (d *decoder) generators(m fields, p *Project) {
	if f, ok := m["generators"]; ok {
		p.Generators = map[string]*Generator{}
		d.generatorMap(f, p.Generators)
	}
	for i := range p.Scenes {
		d.sceneGenerator(&p.Scenes[i], p.Generators)
	}
}

// generatorMap decodes `name: {kind: ..., ...}` entries.
func (d *decoder) generatorMap(f field, out map[string]*Generator) {
	n := deref(f.val)
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, f.path, "expected a map of generators by name, found %s", describe(n))
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		path := join(f.path, k.Value)
		if msg := nameProblem("generator name", k.Value); msg != "" {
			d.errorf(k, path, "%s", msg)
			continue
		}
		if prev, dup := out[k.Value]; dup {
			d.errorf(k, path, "duplicate generator (first defined at line %d)", prev.Pos.Line)
			continue
		}
		out[k.Value] = d.generator(field{key: k, val: v, path: path}, k.Value)
	}
}

// generator decodes one generator and checks it for its kind.
func (d *decoder) generator(f field, name string) *Generator {
	g := &Generator{Name: name, Dir: d.dir, Pos: d.pos(f.key, f.path), KeyPos: map[string]Pos{}}
	m, ok := d.mapping(f.val, f.path, allGeneratorKeys)
	if !ok {
		return g
	}
	for k, v := range m {
		g.KeyPos[k] = d.pos(v.val, v.path)
	}
	kf, ok := m["kind"]
	if !ok {
		d.errorf(f.key, f.path, "missing key \"kind\" (one of: command, comfyui, replicate)")
		return g
	}
	if g.Kind, ok = d.enum(kf, "generator kind", GeneratorKinds); !ok {
		return g
	}
	for k, v := range m {
		if !slices.Contains(generatorKeys[g.Kind], k) {
			d.errorf(v.key, v.path, "a %s generator has no key %q%s", g.Kind, k, keyHint(k, generatorKeys[g.Kind]))
		}
	}
	d.generatorCommon(m, g)
	switch g.Kind {
	case KindCommand:
		d.commandGenerator(f, m, g)
	case KindComfyUI:
		d.comfyGenerator(f, m, g)
	case KindReplicate:
		d.replicateGenerator(f, m, g)
	}
	return g
}

// generatorCommon decodes the keys every kind has.
func (d *decoder) generatorCommon(m fields, g *Generator) {
	g.Parallel, g.Retries = 1, 4
	if g.Kind == KindReplicate {
		g.Parallel = 4
	}
	if v, ok := m["parallel"]; ok {
		if n, ok := d.integer(v); ok && (n < 1 || n > 64) {
			d.errorf(v.val, v.path, "must be between 1 and 64, found %d", n)
		} else if ok {
			g.Parallel = n
		}
	}
	if v, ok := m["retries"]; ok {
		if n, ok := d.integer(v); ok && (n < 0 || n > 20) {
			d.errorf(v.val, v.path, "must be between 0 and 20, found %d", n)
		} else if ok {
			g.Retries = n
		}
	}
	if v, ok := m["timeout"]; ok {
		g.Timeout, _ = d.length(v)
	}
}
