package pipeline

import (
	"path/filepath"
	"strings"

	"github.com/reel-film/reel/config"
)

// finalOutput sets o's path for this render and returns it as written:
// the path the user typed, else the project's (with .preview in a preview).
func finalOutput(o *config.Output, typed, flag string, preview bool, field outputField) written {
	w := written{field: field}
	switch {
	case typed != "":
		o.Path, _ = filepath.Abs(typed)
		w.field = outputField{flag: flag + " " + typed}
		w.what = o.Path
	case preview:
		o.Path = previewPath(o.Path)
		w.what = o.Path + " (the preview's name for " + field.name() + ")"
	default:
		w.what = o.Path
	}
	if preview {
		previewOutput(o)
	}
	w.path = o.Path
	return w
}

// finalPoster is the poster this render writes, recorded in sel.files.
func finalPoster(p *config.Project, typed, flag string, preview bool, sel *selection) *config.Poster {
	pp := *p.Poster
	o := config.Output{Path: pp.Path}
	sel.files = append(sel.files, finalOutput(&o, typed, flag, preview, outputField{pos: pathPos(p, pp.PathPos, "poster.path")}))
	pp.Path = o.Path
	return &pp
}

// finalThumbnails is the sheet and its WebVTT index this render writes,
// recorded in sel.files.
func finalThumbnails(p *config.Project, typed, flag string, preview bool, sel *selection) *config.Thumbnails {
	th := *p.Thumbnails
	field := outputField{pos: pathPos(p, th.PathPos, "thumbnails.path")}
	if typed != "" && SameFile(typed, th.VTT) {
		typed = strings.TrimSuffix(typed, filepath.Ext(typed)) + filepath.Ext(th.Path)
	}
	o := config.Output{Path: th.Path}
	w := finalOutput(&o, typed, flag, preview, field)
	th.Path = o.Path
	th.VTT = strings.TrimSuffix(th.Path, filepath.Ext(th.Path)) + ".vtt"
	vtt := written{path: th.VTT, field: w.field, what: th.VTT + " (the WebVTT index beside " + th.Path + ")"}
	sel.files = append(sel.files, w, vtt)
	return &th
}

// fullRender lists every file the full render of p writes.
func fullRender(p *config.Project, outs []config.Output) []written {
	var all []written
	for _, o := range outs {
		all = append(all, written{path: o.Path, what: pathPos(p, o.PathPos, "output.path").Path})
	}
	if p.Poster != nil {
		all = append(all, written{path: p.Poster.Path, what: "poster.path"})
	}
	if p.Thumbnails != nil {
		all = append(all, written{path: p.Thumbnails.Path, what: "thumbnails.path"}, written{path: p.Thumbnails.VTT, what: "the WebVTT index of thumbnails.path"})
	}
	return all
}

// pathPos is where an output's path is written, with the project file and
// a field path even for a default path.
func pathPos(p *config.Project, pos config.Pos, path string) config.Pos {
	if pos.File == "" {
		pos.File = p.Name
	}
	if pos.Path == "" {
		pos.Path = path
	}
	return pos
}
