package ffmpeg

import (
	"strconv"
	"strings"
)

// Arg is one filter option. An empty Key makes a positional (shorthand)
// value, as in "scale=1280:720".
type Arg struct{ Key, Value string }

// Filter is one filter of a filtergraph: a name and its options, in order.
type Filter struct {
	Name string
	Args []Arg
}

// F builds a filter from key/value pairs:
//
//	F("scale", "w", "1280", "h", "720")  // scale=w=1280:h=720
//	F("scale", "", "1280", "", "720")    // scale=1280:720
//
// An odd number of kv strings is a programmer error and panics.
func F(name string, kv ...string) Filter {
	if len(kv)%2 != 0 {
		panic("ffmpeg.F(" + name + "): odd number of key/value strings")
	}
	f := Filter{Name: name, Args: make([]Arg, 0, len(kv)/2)}
	for i := 0; i < len(kv); i += 2 {
		f.Args = append(f.Args, Arg{Key: kv[i], Value: kv[i+1]})
	}
	return f
}

// String renders the filter fully escaped, ready to place in a filtergraph:
// each value gets EscapeValue (level 1), then the assembled
// "name=k=v:k2=v2" gets EscapeGraph (level 2). Keys are option names and
// are not escaped.
func (f Filter) String() string {
	if len(f.Args) == 0 {
		return f.Name
	}
	opts := make([]string, len(f.Args))
	for i, a := range f.Args {
		opts[i] = EscapeValue(a.Value)
		if a.Key != "" {
			opts[i] = a.Key + "=" + opts[i]
		}
	}
	return EscapeGraph(f.Name + "=" + strings.Join(opts, ":"))
}

// Graph is a filtergraph under construction: a list of chains joined by
// ";" with explicit pad labels. The zero value is not ready; use NewGraph.
type Graph struct {
	chains []string
	next   map[string]int
}

// NewGraph returns an empty graph.
func NewGraph() *Graph {
	return &Graph{next: map[string]int{}}
}

// Label returns a fresh pad label: prefix+"0", prefix+"1", ... counted
// separately for each prefix.
func (g *Graph) Label(prefix string) string {
	n := g.next[prefix]
	g.next[prefix] = n + 1
	return prefix + strconv.Itoa(n)
}

// Chain appends "[in0][in1]f1,f2,f3[out0]". In labels may be stream
// specifiers such as "0:v" or outputs of earlier chains. A chain without
// filters is a programmer error and panics.
func (g *Graph) Chain(in []string, filters []Filter, out []string) {
	if len(filters) == 0 {
		panic("ffmpeg.Graph.Chain: chain without filters")
	}
	var b strings.Builder
	writeLabels(&b, in)
	for i, f := range filters {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(f.String())
	}
	writeLabels(&b, out)
	g.chains = append(g.chains, b.String())
}

// writeLabels writes each label as "[label]". An empty label or one
// containing a bracket is a programmer error and panics.
func writeLabels(b *strings.Builder, labels []string) {
	for _, l := range labels {
		if l == "" || strings.ContainsAny(l, "[]") {
			panic("ffmpeg.Graph.Chain: invalid pad label " + strconv.Quote(l))
		}
		b.WriteString("[" + l + "]")
	}
}

// String returns the chains joined by ";", the value for -filter_complex.
func (g *Graph) String() string {
	return strings.Join(g.chains, ";")
}
