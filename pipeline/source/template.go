package source

import (
	"encoding/json"
	"regexp"
	"strconv"
)

// placeholderRe matches one {name} placeholder (config.TemplateFields lists
// the names; the loader has already rejected unknown ones).
var placeholderRe = regexp.MustCompile(`\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// fields are the values of a request's placeholders.
func fields(req Request, output string) map[string]string {
	return map[string]string{
		"prompt":  req.Prompt,
		"seconds": req.Seconds,
		"frames":  strconv.FormatInt(req.Frames, 10),
		"width":   strconv.Itoa(req.Width),
		"height":  strconv.Itoa(req.Height),
		"seed":    strconv.FormatInt(req.Seed, 10),
		"output":  output,
	}
}

// numeric are the placeholders whose value is a number.
var numeric = map[string]bool{"seconds": true, "frames": true, "width": true, "height": true, "seed": true}

// Expand replaces every known placeholder in s; unknown ones stay as written.
func Expand(s string, f map[string]string) string {
	return placeholderRe.ReplaceAllStringFunc(s, func(m string) string {
		if v, ok := f[m[1:len(m)-1]]; ok {
			return v
		}
		return m
	})
}

// ExpandJSON expands the placeholders in every string of a decoded JSON
// value. A string that is exactly one numeric placeholder ("{seed}")
// becomes a JSON number, so services that check types get one.
func ExpandJSON(v any, f map[string]string) any {
	switch x := v.(type) {
	case string:
		if m := placeholderRe.FindStringSubmatch(x); m != nil && m[0] == x && numeric[m[1]] {
			if _, err := strconv.ParseFloat(f[m[1]], 64); err == nil {
				return json.Number(f[m[1]])
			}
		}
		return Expand(x, f)
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = ExpandJSON(e, f)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = ExpandJSON(e, f)
		}
		return out
	}
	return v
}
