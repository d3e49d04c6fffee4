package config

import (
	"hash/fnv"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"github.com/reel-film/reel/internal/secret"
)

// Prompt is a scene made by a generator from text.
type Prompt struct {
	Text         string
	Generator    string // a name in Project.Generators
	Seed         int64  // as given, else DefaultSeed(Text)
	Pos          Pos    // the prompt's value
	GeneratorPos Pos    // the generator's value, or the prompt when the only generator is implied
}

// DefaultSeed is the seed of a prompt that gives none: derived from its text,
// so a prompt keeps its seed (and its cached clip) when scenes move.
func DefaultSeed(text string) int64 {
	h := fnv.New32a()
	_, _ = h.Write([]byte(text))
	return int64(h.Sum32() & 0x7fffffff)
}

// scenePrompt decodes a scene's prompt, generator and seed, and checks the
// rules of prompt scenes.
func (d *decoder) scenePrompt(m fields, s *Scene) {
	pf, hasPrompt := m["prompt"]
	if !hasPrompt {
		for _, k := range []string{"generator", "seed"} {
			if v, ok := m[k]; ok {
				d.errorf(v.key, v.path, "%s applies to a prompt scene (add prompt: \"...\")", k)
			}
		}
		return
	}
	text, ok := d.nonEmpty(pf)
	if !ok {
		return
	}
	p := &Prompt{Text: text, Seed: DefaultSeed(text), Pos: d.pos(pf.val, pf.path)}
	p.GeneratorPos = p.Pos
	if v, ok := m["generator"]; ok {
		p.Generator, _ = d.nonEmpty(v)
		p.GeneratorPos = d.pos(v.val, v.path)
	}
	if v, ok := m["seed"]; ok {
		if n, ok := d.integer(v); ok && n < 0 {
			d.errorf(v.val, v.path, "a seed is a whole number from 0, found %d", n)
		} else if ok {
			p.Seed = int64(n)
		}
	}
	if _, ok := m["duration"]; !ok {
		d.errorf(pf.key, s.Pos.Path, "a prompt scene needs a duration: the length to generate (e.g. duration: 4s)")
	}
	if t, ok := m["trim"]; ok {
		d.errorf(t.key, t.path, "trim applies to a source clip, not to a prompt (the generator makes exactly the duration)")
	}
	s.Prompt = p
}

// sceneGenerator resolves a prompt scene's generator name: the one written,
// or the project's only generator.
func (d *decoder) sceneGenerator(s *Scene, gens map[string]*Generator) {
	p := s.Prompt
	if p == nil {
		return
	}
	names := make([]string, 0, len(gens))
	for n := range gens {
		names = append(names, n)
	}
	sort.Strings(names)
	switch {
	case p.Generator == "" && len(names) == 1:
		p.Generator = names[0]
	case p.Generator == "" && len(names) == 0:
		d.at(p.Pos, "a prompt needs a generator, and the project defines none (add a generators: section)")
	case p.Generator == "":
		d.at(p.Pos, "name the generator of this prompt (generator: one of %s)", strings.Join(names, ", "))
	case gens[p.Generator] == nil && len(names) == 0:
		d.at(p.GeneratorPos, "unknown generator %q: the project defines none (add a generators: section)", p.Generator)
	case gens[p.Generator] == nil:
		d.at(p.GeneratorPos, "unknown generator %q%s", p.Generator, enumHint(p.Generator, names))
	}
}

// schemeRe matches a URL-looking source ("s3://...", "https://...").
var schemeRe = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*://`)

// sourceURL records an http(s) source as the scene's URL and reports other
// URL schemes; it returns false for a file path.
func (d *decoder) sourceURL(f field, src string, s *Scene) bool {
	if !schemeRe.MatchString(src) {
		return false
	}
	u, err := url.Parse(src)
	switch {
	case err != nil:
		d.errorf(f.val, f.path, "invalid URL (%v); it is not shown, as it may hold credentials", secret.ParseError(err))
	case u.Scheme != "http" && u.Scheme != "https":
		d.errorf(f.val, f.path, "reel downloads http and https URLs, not %s:// (download it and name the file)", u.Scheme)
	case u.Host == "":
		d.errorf(f.val, f.path, "URL %s has no host", secret.QuoteURL(src))
	default:
		s.URL = src
	}
	return true
}
