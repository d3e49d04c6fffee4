package config

import (
	"regexp"
	"strconv"

	"gopkg.in/yaml.v3"

	"github.com/reel-film/reel/internal/secret"
)

// Defaults of the generator kinds.
const (
	DefaultComfyURL     = "http://127.0.0.1:8188"
	DefaultReplicateURL = "https://api.replicate.com"
	DefaultGeneratedExt = ".mp4"
)

var (
	modelRe = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]*/[a-z0-9][a-z0-9_.-]*$`)
	extRe   = regexp.MustCompile(`^\.[A-Za-z0-9]{1,8}$`)
)

// commandGenerator decodes `run` (program and argument template) and `ext`.
func (d *decoder) commandGenerator(f field, m fields, g *Generator) {
	g.Ext = DefaultGeneratedExt
	if v, ok := m["ext"]; ok {
		if s, ok := d.nonEmpty(v); ok && !extRe.MatchString(s) {
			d.errorf(v.val, v.path, "%s is not a file extension like .mp4", secret.Quote(s))
		} else if ok {
			g.Ext = s
		}
	}
	if c := d.opts.Confine; c != nil && !c.Commands {
		d.forbid(d.pos(f.key, f.path), "a served project may not run a local program (command generator); use a comfyui or replicate generator, or start the server with --allow-commands")
	}
	v, ok := m["run"]
	if !ok {
		d.errorf(f.key, f.path, `a command generator needs "run": [program, arguments...]`)
		return
	}
	n := deref(v.val)
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		d.errorf(n, v.path, "expected a list: the program, then its arguments (never run through a shell)")
		return
	}
	t := newTemplateCheck(KindCommand)
	var args []field // the field of each argument in g.Run
	for i, item := range n.Content {
		arg := field{val: item, path: v.path + "[" + strconv.Itoa(i) + "]"}
		s, ok := d.str(arg)
		if !ok {
			continue
		}
		d.templateText(t, item, arg.path, s)
		args = append(args, arg)
		g.Run = append(g.Run, s)
	}
	d.commandInputs(args, g.Run)
	d.requirePlaceholders(t, d.pos(v.val, v.path), "the command", "prompt", "output")
}

// comfyGenerator decodes the server URL and the workflow template.
func (d *decoder) comfyGenerator(f field, m fields, g *Generator) {
	g.URL = DefaultComfyURL
	if v, ok := m["url"]; ok {
		g.URL, _ = d.httpURL(v)
	}
	v, ok := m["workflow"]
	if !ok {
		d.errorf(f.key, f.path, `a comfyui generator needs "workflow": a workflow saved in API format (JSON)`)
		return
	}
	written, ok := d.nonEmpty(v)
	if !ok {
		return
	}
	g.Workflow = d.inputFile(v, InputWorkflow, written)
	if d.opts.SkipFileChecks {
		return
	}
	t := newTemplateCheck(KindComfyUI)
	before := len(d.errs)
	d.workflowFile(v, written, g.Workflow, t)
	if len(d.errs) == before {
		d.requirePlaceholders(t, d.pos(v.val, v.path), "workflow "+written, "prompt")
	}
}

// replicateGenerator decodes the model or version, the token variable and
// the input fields.
func (d *decoder) replicateGenerator(f field, m fields, g *Generator) {
	g.URL, g.TokenEnv = DefaultReplicateURL, DefaultTokenEnv
	if v, ok := m["url"]; ok {
		g.URL, _ = d.httpURL(v)
	}
	mv, hasModel := m["model"]
	vv, hasVersion := m["version"]
	switch {
	case hasModel && hasVersion:
		d.errorf(vv.key, vv.path, "give either a model (owner/name) or a version id, not both (model at line %d)", mv.key.Line)
	case hasModel:
		if s, ok := d.nonEmpty(mv); ok && !modelRe.MatchString(s) {
			d.errorf(mv.val, mv.path, "%s is not a model name like owner/name", secret.Quote(s))
		} else {
			g.Model = s
		}
	case hasVersion:
		g.Version, _ = d.nonEmpty(vv)
	default:
		d.errorf(f.key, f.path, `a replicate generator needs "model: owner/name" (or "version: <id>")`)
	}
	if v, ok := m["token_env"]; ok {
		if s, ok := d.nonEmpty(v); ok {
			if msg := tokenEnvProblem(s); msg != "" {
				d.errorf(v.val, v.path, "%s", msg)
			} else {
				g.TokenEnv = s
			}
		}
	}
	d.replicateInput(m, g)
}

// replicateInput decodes the model's input fields (default {prompt: "{prompt}"}).
func (d *decoder) replicateInput(m fields, g *Generator) {
	g.Input = map[string]any{"prompt": "{prompt}"}
	v, ok := m["input"]
	if !ok {
		return
	}
	n := deref(v.val)
	if n.Kind != yaml.MappingNode {
		d.errorf(n, v.path, "expected a map of the model's input fields, found %s", describe(n))
		return
	}
	g.Input = map[string]any{}
	t := newTemplateCheck(KindReplicate)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], deref(n.Content[i+1])
		path := join(v.path, k.Value)
		if val.Kind != yaml.ScalarNode || isNull(val) {
			d.errorf(val, path, "expected a string, number or boolean, found %s", describe(val))
			continue
		}
		var x any
		_ = val.Decode(&x)
		if s, ok := x.(string); ok {
			d.templateText(t, val, path, s)
		}
		g.Input[k.Value] = x
	}
	d.requirePlaceholders(t, d.pos(v.val, v.path), "input", "prompt")
}

// tokenEnvProblem says what is wrong with a token_env value, never showing
// the value: it may be the token itself, pasted in place of a name.
func tokenEnvProblem(s string) string {
	const want = "token_env must name an environment variable (like " + DefaultTokenEnv + "), not hold the token itself"
	switch {
	case secret.LooksLikeToken(s):
		return want + ": the value looks like a token, so it is not shown. Put the token in an environment variable (export " + DefaultTokenEnv + "=...) and write the variable's name here"
	case !secret.EnvName(s):
		return want + ": a name is letters, digits and '_', not starting with a digit (the value is not shown, as it may be a secret)"
	}
	return ""
}
