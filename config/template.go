package config

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/reel-film/reel/internal/secret"
	"github.com/reel-film/reel/internal/suggest"
	"gopkg.in/yaml.v3"
)

// TemplateFields are the placeholders a generator's argument template,
// workflow or input fields may hold; {output} only in a command's.
var TemplateFields = []string{"prompt", "seconds", "frames", "width", "height", "seed", "output"}

// placeholderRe matches one {name} placeholder.
var placeholderRe = regexp.MustCompile(`\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// Placeholders returns the names of the placeholders in s, in order.
func Placeholders(s string) []string {
	var out []string
	for _, m := range placeholderRe.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return out
}

// templateCheck collects what a generator's templates hold.
type templateCheck struct {
	allowed []string
	seen    map[string]bool
}

func newTemplateCheck(kind string) *templateCheck {
	allowed := TemplateFields
	if kind != KindCommand {
		allowed = slices.DeleteFunc(slices.Clone(allowed), func(s string) bool { return s == "output" })
	}
	return &templateCheck{allowed: allowed, seen: map[string]bool{}}
}

// check returns a message for the first unknown placeholder in s, or "".
func (t *templateCheck) check(s string) string {
	for _, name := range Placeholders(s) {
		if !slices.Contains(t.allowed, name) {
			hint := suggest.Hint(name, t.allowed)
			if hint == "" {
				hint = " (expected one of: {" + strings.Join(t.allowed, "}, {") + "})"
			}
			return fmt.Sprintf("unknown placeholder {%s}%s", name, hint)
		}
		t.seen[name] = true
	}
	return ""
}

// text checks a template written in the project file.
func (d *decoder) templateText(t *templateCheck, n *yaml.Node, path, s string) {
	if msg := t.check(s); msg != "" {
		d.errorf(n, path, "%s", msg)
	}
}

// require reports placeholders a generator must use somewhere.
func (d *decoder) requirePlaceholders(t *templateCheck, at Pos, what string, names ...string) {
	for _, name := range names {
		if !t.seen[name] {
			d.at(at, "%s never uses {%s}", what, name)
		}
	}
}

// workflowFile reads a ComfyUI workflow template and checks its placeholders.
func (d *decoder) workflowFile(f field, written, abs string, t *templateCheck) {
	b, err := os.ReadFile(abs)
	if err != nil {
		d.errorf(f.val, f.path, "cannot read workflow %s: %v", written, unwrapPath(err))
		return
	}
	var doc any
	if err := json.Unmarshal(b, &doc); err != nil {
		d.errorf(f.val, f.path, "workflow %s is not valid JSON: %v", written, err)
		return
	}
	if _, ok := doc.(map[string]any); !ok {
		d.errorf(f.val, f.path, "workflow %s must be a JSON object (ComfyUI's API format: Save (API))", written)
		return
	}
	walkStrings(doc, "", func(p, s string) {
		if msg := t.check(s); msg != "" {
			d.errorf(f.val, f.path, "workflow %s at %s: %s", written, p, msg)
		}
	})
}

// walkStrings calls fn with every string in a decoded JSON value and its path.
func walkStrings(v any, path string, fn func(path, s string)) {
	switch x := v.(type) {
	case string:
		fn(path, x)
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			walkStrings(x[k], join(path, k), fn)
		}
	case []any:
		for i, e := range x {
			walkStrings(e, fmt.Sprintf("%s[%d]", path, i), fn)
		}
	}
}

// httpURL reads a URL that must be http or https with a host.
func (d *decoder) httpURL(f field) (string, bool) {
	s, ok := d.nonEmpty(f)
	if !ok {
		return "", false
	}
	u, err := url.Parse(s)
	switch {
	case err != nil:
		d.errorf(f.val, f.path, "not a valid URL (%v); it is not shown, as it may hold credentials", secret.ParseError(err))
		return "", false
	case (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		d.errorf(f.val, f.path, "%s is not an http or https URL", secret.QuoteURL(s))
		return "", false
	}
	return strings.TrimRight(s, "/"), true
}
