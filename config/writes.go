package config

import (
	"path/filepath"
	"slices"
	"strings"
)

// WriteKind says what a file the render writes is.
type WriteKind string

// The kinds of files a render writes.
const (
	WriteRendition WriteKind = "output"          // a video or audio file (Project.Outputs)
	WritePoster    WriteKind = "poster"          // the poster's JPEG
	WriteSheet     WriteKind = "thumbnail sheet" // the thumbnails' sprite sheet
	WriteVTT       WriteKind = "thumbnail index" // the thumbnails' WebVTT file
)

// Write is one file the render writes.
type Write struct {
	Path string    // absolute
	Kind WriteKind // what it is
	Name string    // the output's name (WriteRendition); "" for the others
	// Pos is where the path is written: the path's value, or the key that
	// implies it (a defaulted output path, a VTT beside its sheet).
	Pos Pos
}

// Writes lists every file a full render of the project writes, in file
// order: the outputs, then the poster, the thumbnail sheet and its index.
func (p *Project) Writes() []Write {
	var ws []Write
	for _, o := range p.Outputs {
		ws = append(ws, Write{Path: o.Path, Kind: WriteRendition, Name: o.Name, Pos: o.PathPos})
	}
	if ps := p.Poster; ps != nil && ps.Path != "" {
		ws = append(ws, Write{Path: ps.Path, Kind: WritePoster, Pos: ps.PathPos})
	}
	if t := p.Thumbnails; t != nil && t.Path != "" {
		ws = append(ws, Write{Path: t.Path, Kind: WriteSheet, Pos: t.PathPos},
			Write{Path: t.VTT, Kind: WriteVTT, Pos: t.PathPos})
	}
	return ws
}

// resolveOutputs gives each output after the first the project's fit
// unless it has its own, settles the default names, and checks that no two
// outputs share a name and no two written files a path.
func (d *decoder) resolveOutputs(p *Project) {
	for i := range p.Outputs {
		if o := &p.Outputs[i]; i > 0 && o.Fit == "" && !o.AudioOnly() {
			o.Fit = p.Fit
		}
	}
	defaultNames(p.Outputs)
	if len(p.Outputs) > 0 {
		p.Output = p.Outputs[0]
	}
	d.uniqueNames(p.Outputs)
	d.uniquePaths(p.Writes())
	if len(p.Outputs) > 1 {
		renditionWarnings(p)
	}
}

// defaultNames names each output that gives no name by its file name
// without the extension (out/vertical.mp4: vertical), or with it when
// another output has that name too (out/master.mp4 and out/master.mov:
// master.mp4 and master.mov).
func defaultNames(outs []Output) {
	taken := map[string]int{}
	for _, o := range outs {
		taken[o.Name]++
	}
	for i := range outs {
		if o := &outs[i]; !slices.Contains(o.Set, "name") && taken[o.Name] > 1 {
			o.Name = filepath.Base(o.Path)
		}
	}
}

// uniqueNames reports two outputs with one name (what --output NAME picks).
func (d *decoder) uniqueNames(outs []Output) {
	seen := map[string]Output{}
	for _, o := range outs {
		if o.Path == "" {
			continue // no path: reported as such
		}
		prev, dup := seen[o.Name]
		if !dup {
			seen[o.Name] = o
			continue
		}
		d.at(o.Pos, "two outputs are named %q (%s at line %d too): --output picks outputs by name, so give one of them a name of its own (e.g. name: %s-%s)", o.Name, prev.Pos.Path, prev.Pos.Line, outputName(o.Path), o.Container)
	}
}

// uniquePaths reports two writes of one file: the same path once cleaned,
// or paths that differ only in case (one file on macOS and Windows).
func (d *decoder) uniquePaths(ws []Write) {
	exact := map[string]Write{}
	folded := map[string]Write{}
	for _, w := range ws {
		if w.Path == "" {
			continue
		}
		clean, fold := filepath.Clean(w.Path), strings.ToLower(filepath.Clean(w.Path))
		if prev, dup := exact[clean]; dup {
			d.at(w.Pos, "%s is the same file as the %s at %s (line %d): each file a render writes needs its own path", what(w), prev.Kind, prev.Pos.Path, prev.Pos.Line)
			continue
		}
		if prev, dup := folded[fold]; dup {
			d.at(w.Pos, "%s differs only in case from the %s at %s (line %d): on macOS and Windows they are one file; give each its own name", what(w), prev.Kind, prev.Pos.Path, prev.Pos.Line)
			continue
		}
		exact[clean], folded[fold] = w, w
	}
}

// what names the file of a write in a message.
func what(w Write) string {
	if w.Kind == WriteVTT {
		return "the thumbnail index " + filepath.Base(w.Path)
	}
	return "this " + string(w.Kind)
}
