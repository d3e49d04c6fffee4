package source

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// maxMessage bounds a service message quoted in an error.
const maxMessage = 400

// serviceMessage extracts a service's own error message from a response
// body: Replicate's {"detail": ...} or {"title", "detail"}, ComfyUI's
// {"error": {"message", "details"}, "node_errors": {...}}, a plain
// {"error": "..."} or {"message": "..."}, else the text itself.
func serviceMessage(b []byte) string {
	var m map[string]any
	if json.Unmarshal(b, &m) != nil {
		return snippet(b)
	}
	var parts []string
	for _, k := range []string{"detail", "message", "error"} {
		parts = appendMessage(parts, m[k])
	}
	parts = append(parts, nodeErrors(m["node_errors"])...)
	if len(parts) == 0 {
		return snippet(b)
	}
	return clip(strings.Join(parts, "; "))
}

// appendMessage adds the text of an error value: a string, or an object's
// message and details.
func appendMessage(parts []string, v any) []string {
	switch x := v.(type) {
	case string:
		if x != "" {
			parts = append(parts, x)
		}
	case map[string]any:
		for _, k := range []string{"message", "details", "exception_message"} {
			if s, ok := x[k].(string); ok && s != "" {
				parts = append(parts, s)
			}
		}
	}
	return parts
}

// nodeErrors lists ComfyUI's per-node validation errors.
func nodeErrors(v any) []string {
	nodes, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	ids := make([]string, 0, len(nodes))
	for id := range nodes {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var out []string
	for _, id := range ids {
		n, _ := nodes[id].(map[string]any)
		errs, _ := n["errors"].([]any)
		for _, e := range errs {
			if msg := appendMessage(nil, e); len(msg) > 0 {
				out = append(out, fmt.Sprintf("node %s (%v): %s", id, n["class_type"], strings.Join(msg, ": ")))
			}
		}
	}
	return out
}

// snippet is the start of a body, as text, for messages.
func snippet(b []byte) string {
	s := strings.TrimSpace(string(b))
	if !utf8.ValidString(s) {
		return fmt.Sprintf("(%d bytes of binary data)", len(b))
	}
	if s == "" {
		return "(empty response)"
	}
	return clip(s)
}

// clip shortens s to maxMessage characters.
func clip(s string) string {
	if r := []rune(s); len(r) > maxMessage {
		return string(r[:maxMessage]) + "..."
	}
	return s
}
