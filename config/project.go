package config

import (
	"path/filepath"

	"gopkg.in/yaml.v3"
)

// projectKeys are the top-level keys of a project file.
var projectKeys = []string{"fields", "output", "outputs", "poster", "thumbnails", "transition", "fit", "generators", "grade", "grades", "audio", "fade_in", "fade_out", "layers", "captions", "disclosure", "scenes"}

// project decodes the whole file, then resolves per-scene defaults and runs
// the rules that span scenes.
func (d *decoder) project(root *yaml.Node) *Project {
	p := &Project{File: d.abs(filepath.Base(d.name)), Name: d.name, Dir: d.dir}
	if filepath.IsAbs(d.name) {
		p.File = filepath.Clean(d.name)
	}
	m, ok := d.mapping(root, "", projectKeys)
	if !ok {
		return p
	}
	d.projectOutputs(m, p)
	p.Transition = d.defaultTransition()
	if v, ok := m["transition"]; ok {
		p.Transition, _ = d.transition(v)
	}
	p.Fit = DefaultFit
	if v, ok := m["fit"]; ok {
		p.Fit, _ = d.enum(v, "fit", Fits)
	}
	v, ok := m["scenes"]
	if !ok {
		d.errorf(root, "", `missing key "scenes" (a project needs a list of scenes)`)
		return p
	}
	p.Scenes = d.scenes(v)
	d.generators(m, p)
	d.resolve(p)
	d.grades(p, m)
	d.audio(p, m)
	d.filmFades(p, m)
	if v, ok := m["layers"]; ok {
		p.Layers = d.layers(v)
	}
	d.captions(p, m)
	if v, ok := m["disclosure"]; ok {
		d.disclosure(p, v)
	}
	d.stills(p, m)
	d.resolveOutputs(p)
	d.checkLayers(p)
	p.Inputs = d.inputs
	d.confineInputs(p.Inputs)
	return p
}
