package pipeline

import (
	"context"
	"path/filepath"
	"slices"
	"strings"

	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/provenance"
)

// provenanceFilm hashes the project and its sources for the manifests of
// one render (see provenance.NewFilm).
func (e *Engine) provenanceFilm(ctx context.Context, req Request, prep *Prepared) (*provenance.Film, error) {
	v, err := e.ffmpegVersionLine(ctx)
	if err != nil {
		return nil, err
	}
	return provenance.NewFilm(provenance.Input{Project: prep.Spec.Project, Film: prep.Spec.Film, Data: req.Data, FFmpeg: v})
}

// ffmpegVersionLine is FFmpeg's version line, asked once per engine.
func (e *Engine) ffmpegVersionLine(ctx context.Context) (string, error) {
	e.mu.Lock()
	v := e.version
	e.mu.Unlock()
	if v != "" {
		return v, nil
	}
	v, err := ffmpeg.Version(ctx, e.tools.FFmpeg)
	if err != nil {
		return "", err
	}
	e.mu.Lock()
	e.version = v
	e.mu.Unlock()
	return v, nil
}

// manifestOutputs lists the delivered files that get a sidecar manifest:
// every rendition, the poster and the thumbnail sheet (not its WebVTT
// index, a text file about the sheet).
func manifestOutputs(prep *Prepared) []provenance.Output {
	var out []provenance.Output
	for _, o := range prep.Spec.Renditions {
		po := provenance.Output{File: provenance.File{Path: o.Path}, Name: o.Name, Container: o.Container, Width: o.Width, Height: o.Height}
		if o.FPS.Num > 0 && !o.AudioOnly() {
			po.FPS = o.FPS.String()
		}
		out = append(out, po)
	}
	if p := prep.Spec.Poster; p != nil {
		out = append(out, provenance.Output{File: provenance.File{Path: p.Path}, Name: "poster", Container: ext(p.Path)})
	}
	if th := prep.Spec.Thumbnails; th != nil {
		out = append(out, provenance.Output{File: provenance.File{Path: th.Path}, Name: "thumbnails", Container: ext(th.Path)})
	}
	return out
}

// ext is path's extension without its dot, in lower case.
func ext(path string) string {
	return strings.ToLower(strings.TrimPrefix(filepath.Ext(path), "."))
}

// writeManifests writes the sidecar manifest of every delivered output of
// prep (each read back for its hash), once they are in place; c2pa says
// which carry Content Credentials. It returns the manifests' paths.
func writeManifests(film *provenance.Film, prep *Prepared, c2pa map[string]*provenance.C2PA) ([]string, error) {
	var paths []string
	done := delivered(prep.Plan)
	for _, o := range manifestOutputs(prep) {
		if !slices.Contains(done, o.Path) {
			continue
		}
		m, err := film.For(o, c2pa[o.Path])
		if err != nil {
			return paths, err
		}
		p, err := provenance.Write(m)
		if err != nil {
			return paths, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}
