package config

import (
	"fmt"
	"slices"

	"gopkg.in/yaml.v3"
)

// projectOutputs decodes `output:` (one map) or `outputs:` (a list), not
// both, and checks the first output's rules. It sets the film's frame rate
// (d.fps) from the first output before the other outputs' ranges are read.
func (d *decoder) projectOutputs(m fields, p *Project) {
	one, hasOne := m["output"]
	list, hasList := m["outputs"]
	if hasOne && hasList {
		d.errorf(list.key, list.path, "give either output (one file) or outputs (a list of files), not both (output at line %d): make the output map the first entry of outputs", one.key.Line)
	}
	if !hasList {
		p.Output = d.output(one)
		d.fps = p.Output.FPS
		d.firstOutput(p.Output)
		p.Outputs = []Output{p.Output}
		return
	}
	p.Outputs = d.outputList(list)
	if len(p.Outputs) == 0 {
		p.Output = d.output(field{})
		d.fps = p.Output.FPS
		return
	}
	p.Output = p.Outputs[0]
}

// outputList decodes the outputs list: the first entry, then each other
// one over it.
func (d *decoder) outputList(f field) []Output {
	n := deref(f.val)
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, f.path, "expected a list of outputs, found %s", describe(n))
		return nil
	}
	if len(n.Content) == 0 {
		d.errorf(n, f.path, "the list is empty (write at least one output, or leave outputs out for the default out/<project>.mp4)")
		return nil
	}
	out := make([]Output, 0, len(n.Content))
	for i, item := range n.Content {
		path := fmt.Sprintf("%s[%d]", f.path, i)
		if i == 0 {
			first := d.rendition(item, item, path, nil)
			if deref(item).Kind == yaml.MappingNode && !slices.Contains(first.Set, "path") {
				d.errorf(item, path, `missing key "path" (each output names its file, e.g. path: out/film.mp4)`)
			}
			d.fps = first.FPS
			d.firstOutput(first)
			out = append(out, first)
			continue
		}
		out = append(out, d.rendition(item, item, path, &out[0]))
	}
	return out
}

// firstOutput checks what the first output must be: the film's master,
// a whole video of the film that the other outputs are made from.
func (d *decoder) firstOutput(o Output) {
	why := ""
	switch {
	case o.Codec == "gif":
		why = "a GIF (256 colours, no sound) cannot be it"
	case o.AudioOnly():
		why = fmt.Sprintf("an audio-only .%s file has no picture", o.Container)
	}
	if why != "" {
		d.at(o.PathPos, "the first output sets the film's format and is the master the other outputs are made from, so %s: put a full video output (such as out/film.mp4) first, and this one after it", why)
	}
	if o.Range != nil {
		d.at(o.Range.Pos, "the first output is the film's master and holds the whole film, so it takes no range: put a full video output first, and this part of the film after it")
	}
}

// renditionWarnings warns of a rendition made from less than it shows: a
// frame rate above the film's (frames repeat) or a size larger than the
// film's on both sides (it is scaled up). The film is made at the first
// output's format, so the fix is to put the largest output first.
func renditionWarnings(p *Project) {
	film := p.Output
	for _, o := range p.Outputs[1:] {
		if o.AudioOnly() {
			continue
		}
		if slices.Contains(o.Set, "fps") && o.FPS.Num*film.FPS.Den > film.FPS.Num*o.FPS.Den {
			p.Warnings = append(p.Warnings, Pos{File: o.Pos.File, Line: o.Pos.Line, Path: join(o.Pos.Path, "fps")}.Errorf(
				"%v fps is above the film's %v (the first output's), so frames repeat: the film is made at the first output's rate; put the output with the highest rate first", o.FPS, film.FPS))
		}
		if slices.Contains(o.Set, "size") && o.Width > film.Width && o.Height > film.Height {
			p.Warnings = append(p.Warnings, Pos{File: o.Pos.File, Line: o.Pos.Line, Path: join(o.Pos.Path, "size")}.Errorf(
				"%dx%d is larger than the film's %dx%d (the first output's), so it is scaled up from it; put the largest output first", o.Width, o.Height, film.Width, film.Height))
		}
	}
}
