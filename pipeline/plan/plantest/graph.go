package plantest

import "strings"

// GraphLines splits a filter graph into lines, one filter a line: each
// chain starts with its input labels and its first filter, its other
// filters follow indented, and the last one carries the output labels.
// Escaped characters (\, \; \[) and quoted text are kept as they are.
func GraphLines(graph string) []string {
	var lines []string
	for _, chain := range split(graph, ';') {
		ins, filters, outs := chainParts(chain)
		for i, f := range filters {
			l := f
			if i == 0 {
				l = strings.TrimSpace(ins + " " + l)
			} else {
				l = "  " + l
			}
			if i == len(filters)-1 && outs != "" {
				l += " " + outs
			}
			lines = append(lines, l)
		}
	}
	return lines
}

// split cuts s at each sep that is not escaped, quoted or inside a label.
func split(s string, sep byte) []string {
	var parts []string
	start, quoted, label := 0, false, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\':
			i++
		case c == '\'':
			quoted = !quoted
		case quoted:
		case c == '[':
			label = true
		case c == ']':
			label = false
		case c == sep && !label:
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	return append(parts, s[start:])
}

// chainParts splits one chain into its input labels, its filters and its
// output labels.
func chainParts(chain string) (ins string, filters []string, outs string) {
	filters = split(chain, ',')
	first := filters[0]
	for strings.HasPrefix(first, "[") {
		end := strings.IndexByte(first, ']')
		if end < 0 {
			break
		}
		ins += first[:end+1]
		first = first[end+1:]
	}
	filters[0] = first
	last := filters[len(filters)-1]
	for strings.HasSuffix(last, "]") && !strings.HasSuffix(last, `\]`) {
		start := strings.LastIndexByte(last, '[')
		if start < 0 {
			break
		}
		outs = last[start:] + outs
		last = last[:start]
	}
	filters[len(filters)-1] = last
	return ins, filters, outs
}
