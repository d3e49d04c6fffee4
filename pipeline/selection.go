package pipeline

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/suggest"
)

// selection is what one render writes: the renditions, poster and
// thumbnail sheet the request chose, with their final paths, and every file
// with how the user named it (for messages).
type selection struct {
	film       config.Output // the first output as the film renders it (its path too, chosen or not)
	renditions []config.Output
	poster     *config.Poster
	thumbnails *config.Thumbnails
	files      []written
	// full lists, in a preview, the files the full render writes: a
	// preview's name must not be one of them.
	full []written
}

// written is one file a render writes.
type written struct {
	path  string
	what  string // the path, and where reel took it from when the user did not write it
	field outputField
}

// outputs is the project's renditions (one at least).
func outputs(p *config.Project) []config.Output {
	if len(p.Outputs) == 0 {
		return []config.Output{p.Output}
	}
	return p.Outputs
}

// pick is how the request chose one rendition: by name, or by a path the
// user typed (explicit, so a preview writes there too).
type pick struct {
	chosen bool
	path   string         // as typed; "" when chosen by name
	to     *config.Output // a one-output project's output moved to path (Output.Retarget)
}

// selectOutputs applies the request's --output list to p (see
// docs/cli.md): each entry names a rendition (its name, or its path), the
// poster or the thumbnail sheet by path; in a one-output project an entry
// that matches nothing is a new path for the output. Without entries, a
// render writes every file and a preview the film alone (the first
// output). A preview names every file it writes with ".preview" before the
// extension, but for paths the user typed. Mistakes are *RequestError.
func selectOutputs(p *config.Project, req Request) (*selection, error) {
	c := &chooser{p: p, outs: outputs(p), flag: req.outputFlag()}
	c.picks = make([]pick, len(c.outs))
	// Without a choice, a render writes everything and a preview drafts
	// the film alone; a one-output project's -o only moves the film.
	all := len(req.Outputs) == 0 || len(c.outs) == 1
	c.posterOn, c.thumbsOn = all && !req.Preview, all && !req.Preview
	for _, x := range req.Outputs {
		if err := c.choose(x); err != nil {
			return nil, err
		}
	}
	switch {
	case all && req.Preview:
		c.picks[0].chosen = true
	case all:
		for i := range c.picks {
			c.picks[i].chosen = true
		}
	}
	return c.selection(req.Preview), nil
}

// chooser collects what the entries of an --output list choose.
type chooser struct {
	p                  *config.Project
	outs               []config.Output
	picks              []pick // by rendition
	flag               string
	posterAt, thumbsAt string // the path typed for the poster or the sheet
	posterOn, thumbsOn bool
}

// choose records what the entry x names.
func (c *chooser) choose(x string) error {
	abs, err := filepath.Abs(x)
	if x == "" || err != nil {
		return &RequestError{Field: "output", Err: fmt.Errorf("%s %q: name an output or a file", c.flag, x)}
	}
	found, byName := matchOutput(c.p, c.outs, x, abs)
	if len(found) > 1 {
		return &RequestError{Field: "output", Err: fmt.Errorf("%s %s names %d outputs: %s; name one by its path",
			c.flag, x, len(found), listOutputs(c.p, pickOut(c.outs, found)))}
	}
	if len(found) == 1 {
		return c.pick(found[0], x, byName)
	}
	p := c.p
	switch {
	case p.Poster != nil && SameFile(abs, p.Poster.Path):
		c.posterOn, c.posterAt = true, x
	case p.Thumbnails != nil && (SameFile(abs, p.Thumbnails.Path) || SameFile(abs, p.Thumbnails.VTT)):
		c.thumbsOn, c.thumbsAt = true, x
	case len(c.outs) == 1:
		return c.newPath(x)
	default:
		return &RequestError{Field: "output", Err: fmt.Errorf("%s %s: no output of %s has this name or path%s; its outputs are %s",
			c.flag, x, p.Name, suggest.Hint(x, names(c.outs)), listOutputs(p, c.outs))}
	}
	return nil
}

// pick chooses rendition i, by name or by the path x.
func (c *chooser) pick(i int, x string, byName bool) error {
	switch {
	case byName:
		c.picks[i].chosen = true
	case c.picks[i].path != "" && c.picks[i].path != x:
		return oneOutputError(c.flag, c.picks[i].path, x)
	default:
		c.picks[i] = pick{chosen: true, path: x}
	}
	return nil
}

// newPath makes x the path of a one-output project's output.
func (c *chooser) newPath(x string) error {
	switch {
	case c.picks[0].path != "":
		return oneOutputError(c.flag, c.picks[0].path, x)
	case filepath.Ext(x) == "":
		return &RequestError{Field: "output", Err: fmt.Errorf("%s %s: the project's output is named %s%s; as a new path for it, %s needs an extension: %s",
			c.flag, x, c.outs[0].Name, suggest.Hint(x, names(c.outs)), x, strings.Join(filmExts(), ", "))}
	}
	to, err := c.outs[0].Retarget(x)
	if err != nil {
		return &RequestError{Field: "output", Err: fmt.Errorf("%s %s: %w", c.flag, x, err)}
	}
	// The output keeps its name: the plan's job ids (mux-NAME) are the same
	// with or without -o.
	to.Name = c.outs[0].Name
	c.picks[0] = pick{chosen: true, path: x, to: &to}
	return nil
}

// selection is what was chosen, with every file's final path.
func (c *chooser) selection(preview bool) *selection {
	p, sel := c.p, &selection{}
	for i, o := range c.outs {
		if c.picks[i].to != nil {
			o = *c.picks[i].to
		}
		w := finalOutput(&o, c.picks[i].path, c.flag, preview, outputField{pos: pathPos(p, o.PathPos, "output.path")})
		if i == 0 {
			sel.film = o
		}
		if c.picks[i].chosen {
			sel.renditions = append(sel.renditions, o)
			sel.files = append(sel.files, w)
		}
	}
	if p.Poster != nil && c.posterOn {
		sel.poster = finalPoster(p, c.posterAt, c.flag, preview, sel)
	}
	if p.Thumbnails != nil && c.thumbsOn {
		sel.thumbnails = finalThumbnails(p, c.thumbsAt, c.flag, preview, sel)
	}
	if preview {
		sel.full = fullRender(p, c.outs)
	}
	return sel
}

// matchOutput lists the renditions x names (config's FindOutput: a name,
// a file name without its extension, a path), or else the one whose file
// x is under another spelling (a symlink, ".."); byName says x was not a
// path to it.
func matchOutput(p *config.Project, outs []config.Output, x, abs string) (found []int, byName bool) {
	if len(p.Outputs) > 0 {
		found = p.FindOutput(x)
	}
	if len(found) == 1 {
		o := outs[found[0]]
		return found, o.Name == x || strings.TrimSuffix(filepath.Base(o.Path), filepath.Ext(o.Path)) == x
	}
	if len(found) > 1 {
		return found, true
	}
	for i, o := range outs {
		if SameFile(abs, o.Path) {
			return []int{i}, false
		}
	}
	return nil, false
}

// pickOut is the outputs at the indexes.
func pickOut(outs []config.Output, at []int) []config.Output {
	var out []config.Output
	for _, i := range at {
		out = append(out, outs[i])
	}
	return out
}

// filmExts are the extensions the film's output may take (a video, not a
// GIF: see config.Output.Retarget).
func filmExts() []string {
	var out []string
	for _, f := range config.Formats {
		if f.Default != "" && f.Default != "gif" {
			out = append(out, f.Ext)
		}
	}
	return out
}
