package config

import (
	"fmt"

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
