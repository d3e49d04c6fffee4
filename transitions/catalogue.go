package transitions

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/reel-film/reel/internal/quote"
	"github.com/reel-film/reel/internal/suggest"
)

// Catalogue holds every transition one FFmpeg build can render.
type Catalogue struct {
	entries map[string]Transition // canonical entries by name
	aliases map[string]string     // alias -> canonical name
	xfade   []string              // xfade names, sorted
}

// aliases are the other names users reach for; an alias whose target this
// FFmpeg lacks is left out.
var aliases = map[string]string{
	"crossfade": "fade",
	"mix":       "fade",
	"none":      "cut",
	"hardcut":   "cut",
}

// newCatalogue builds the catalogue for the given xfade transition names.
func newCatalogue(xfadeNames []string) *Catalogue {
	c := &Catalogue{entries: map[string]Transition{}, aliases: map[string]string{}}
	c.add(Transition{Name: "cut", Kind: Cut, Description: "switch to the next scene on a frame boundary, with no overlap"})
	c.add(Transition{Name: "dip", Kind: Dip, Description: "fade the scene out to the transition colour, then the next one in from it"})
	for _, n := range xfadeNames {
		n = strings.ToLower(n)
		if _, dup := c.entries[n]; dup {
			continue
		}
		c.add(Transition{Name: n, Kind: XFade, XFade: n, Description: describe(n)})
		c.xfade = append(c.xfade, n)
	}
	sort.Strings(c.xfade)
	for alias, target := range aliases {
		if _, ok := c.entries[target]; ok {
			if _, taken := c.entries[alias]; !taken {
				c.aliases[alias] = target
			}
		}
	}
	return c
}

func (c *Catalogue) add(t Transition) {
	t.KindName = t.Kind.String()
	c.entries[t.Name] = t
}

// Lookup returns the canonical entry for name, ignoring case and resolving
// aliases (the result's Name is the canonical name and AliasOf is empty).
// An unknown name gives an *UnknownError with a did-you-mean hint.
func (c *Catalogue) Lookup(name string) (Transition, error) {
	key := strings.ToLower(strings.TrimSpace(name))
	if target, ok := c.aliases[key]; ok {
		key = target
	}
	if t, ok := c.entries[key]; ok {
		return t, nil
	}
	return Transition{}, &UnknownError{What: "transition", Name: name, Hint: suggest.Hint(name, c.Names())}
}

// All lists the catalogue: cut, dip, the xfade transitions alphabetically,
// then the aliases alphabetically (with AliasOf set).
func (c *Catalogue) All() []Transition {
	all := []Transition{c.entries["cut"], c.entries["dip"]}
	for _, n := range c.xfade {
		all = append(all, c.entries[n])
	}
	for _, a := range sortedKeys(c.aliases) {
		t := c.entries[c.aliases[a]]
		t.Name, t.AliasOf = a, t.Name
		t.Description = "same as " + t.AliasOf
		all = append(all, t)
	}
	return all
}

// Names lists every name Lookup accepts, in the order of All.
func (c *Catalogue) Names() []string {
	all := c.All()
	names := make([]string, len(all))
	for i, t := range all {
		names[i] = t.Name
	}
	return names
}

// String returns "cut", "xfade" or "dip".
func (k Kind) String() string {
	switch k {
	case Cut:
		return "cut"
	case XFade:
		return "xfade"
	case Dip:
		return "dip"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// UnknownError reports a name that is not in a catalogue, e.g.
// `unknown transition "wipelfet" (did you mean "wipeleft"?)`.
type UnknownError struct {
	What string // "transition" or "audio curve"
	Name string // as the user wrote it
	Hint string // ` (did you mean "x"?)` or ""
}

// Error formats the message; a long name is shortened (quote.Q).
func (e *UnknownError) Error() string {
	return fmt.Sprintf("unknown %s %s%s", e.What, quote.Q(e.Name), e.Hint)
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// XFadeNames are the xfade transitions of this FFmpeg, sorted: what
// FromXFadeNames rebuilds the catalogue from without asking FFmpeg again.
func (c *Catalogue) XFadeNames() []string { return slices.Clone(c.xfade) }

// FromXFadeNames is the catalogue of an FFmpeg whose xfade filter offers
// names (as XFadeNames returned them).
func FromXFadeNames(names []string) (*Catalogue, error) {
	names, err := checkNames(names)
	if err != nil {
		return nil, err
	}
	return newCatalogue(names), nil
}
