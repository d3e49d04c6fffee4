package pipeline

import (
	"context"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/reel-film/reel/pipeline/cache"
	"github.com/reel-film/reel/pipeline/plan"
	"github.com/reel-film/reel/provenance/c2pa"

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
	_, dirs, err := e.cacheDirs(req)
	if err != nil {
		return nil, err
	}
	return provenance.NewFilm(provenance.Input{Project: prep.Spec.Project, Film: prep.Spec.Film, Data: req.Data, FFmpeg: v, Memo: dirs.Memo()})
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

// signer loads the request's signing key and certificate chain (nil
// without them).
func (r Request) signer() (*c2pa.Signer, error) {
	switch {
	case r.SignKey == "" && r.SignCert == "":
		return nil, nil
	case r.SignKey == "":
		return nil, &RequestError{Field: "sign_key", Err: errors.New("a signing certificate without its key: name the key too (--sign-key, or sign_key in the settings)")}
	case r.SignCert == "":
		return nil, &RequestError{Field: "sign_key", Err: errors.New("a signing key without its certificate: name the certificate chain too (--sign-cert, or sign_cert in the settings)")}
	}
	s, err := c2pa.LoadSigner(r.SignKey, r.SignCert)
	if err != nil {
		return nil, &RequestError{Field: "sign_key", Err: err}
	}
	return s, nil
}

// sealer embeds Content Credentials in a render's MP4 and MOV outputs
// while they are still temporaries (exec.Options.Seal), and remembers
// which it signed for their manifests.
type sealer struct {
	film     *provenance.Film
	prep     *Prepared
	signer   *c2pa.Signer
	signed   map[string]*provenance.C2PA // by final path
	unsigned []string                    // outputs that could carry credentials, without a key
}

// newSealer returns the sealer of one render; without a signer it lists
// the outputs that will carry no credentials, and sets prep's notice.
func newSealer(film *provenance.Film, prep *Prepared, s *c2pa.Signer) *sealer {
	sl := &sealer{film: film, prep: prep, signer: s, signed: map[string]*provenance.C2PA{}}
	if s == nil {
		done := delivered(prep.Plan)
		for _, o := range prep.Spec.Renditions {
			if c2pa.Supported(o.Path) && slices.Contains(done, o.Path) {
				sl.unsigned = append(sl.unsigned, filepath.Base(o.Path))
			}
		}
	}
	if n := sl.notice(); n != "" {
		prep.notices = []string{n}
	}
	return sl
}

// Notices are what the render will tell the user once (no signing key:
// its MP4 and MOV outputs carry no Content Credentials); Render sets them
// before calling Request.OnPlan.
func (p *Prepared) Notices() []string { return p.notices }

// seal embeds the credentials in every finished MP4 and MOV rendition.
func (s *sealer) seal(_ *plan.Plan, finals []plan.Final) error {
	for _, f := range finals {
		if !c2pa.Supported(f.Path) || !s.isRendition(f.Path) {
			continue
		}
		if s.signer == nil {
			// A film reused from an earlier render (ReuseFilms) may carry
			// the credentials it was signed with: without a key, none.
			if err := c2pa.Strip(f.Temp); err != nil {
				return err
			}
			continue
		}
		creds := credentials(&s.film.Base, filepath.Base(f.Path))
		if err := c2pa.Embed(f.Temp, creds, s.signer); err != nil {
			return fmt.Errorf("Content Credentials of %s: %w", f.Path, err)
		}
		s.signed[f.Path] = &provenance.C2PA{Embedded: true, Signer: s.signer.Subject(), Claim: creds.Agent.Name + " " + creds.Agent.Version}
	}
	return nil
}

// isRendition reports whether path is one of the render's renditions.
func (s *sealer) isRendition(path string) bool {
	for _, o := range s.prep.Spec.Renditions {
		if o.Path == path {
			return true
		}
	}
	return false
}

// notice is the one line that says the outputs carry no credentials ("" when
// they do, or none could).
func (s *sealer) notice() string {
	if len(s.unsigned) == 0 {
		return ""
	}
	verb, them := "carry", "them"
	if len(s.unsigned) == 1 {
		verb, them = "carries", "it"
	}
	return fmt.Sprintf("no signing key: %s %s no Content Credentials (C2PA); name a key and its certificate chain with --sign-key and --sign-cert (or sign_key, sign_cert in the settings). The manifest beside %s is written.",
		strings.Join(s.unsigned, ", "), verb, them)
}

// credentials are the Content Credentials of the output named title, from
// its manifest: the film's digital source type, an ingredient per scene
// with pictures (a generated one marked AI), and the edits.
func credentials(m *provenance.Manifest, title string) c2pa.Credentials {
	c := c2pa.Credentials{Title: title, SourceType: m.DigitalSourceType, Agent: c2pa.Agent{Name: "reel", Version: m.Reel}}
	if c.SourceType == "" {
		c.SourceType = c2pa.SourceEdited
	}
	for _, sc := range m.Scenes {
		if sc.Source == nil {
			continue
		}
		in := c2pa.Ingredient{Title: filepath.Base(sc.Source.Path), Format: c2pa.MediaType(sc.Source.Path), AI: sc.AIGenerated}
		desc := "scene " + sc.ID + ": "
		switch g := sc.Generator; {
		case g != nil:
			in.Title = "scene " + sc.ID + " (generated)"
			desc += fmt.Sprintf("generated by %s (%s", g.Name, g.Kind)
			if g.Model != "" {
				desc += ", " + g.Model
			}
			desc += fmt.Sprintf("), seed %d, prompt %q", g.Seed, g.Prompt)
		case sc.Source.URL != "":
			in.Title = path.Base(sc.Source.URL)
			desc += "downloaded from " + sc.Source.URL
		default:
			desc += "file " + sc.Source.Path
		}
		in.Description = desc + ", sha256 " + sc.Source.SHA256
		if sc.AIGenerated && sc.Generator == nil {
			in.Description += " (AI-generated: " + sc.AIReason + ")"
		}
		c.Ingredients = append(c.Ingredients, in)
		if e := editList(sc.Edits); e != "" {
			c.Edits = append(c.Edits, "scene "+sc.ID+": "+e)
		}
	}
	var film []string
	if n := len(m.Film.Layers); n > 0 {
		film = append(film, fmt.Sprintf("%d layer(s)", n))
	}
	if m.Film.FadeIn {
		film = append(film, "fade in")
	}
	if m.Film.FadeOut {
		film = append(film, "fade out")
	}
	if len(film) > 0 {
		c.Edits = append(c.Edits, "film: "+strings.Join(film, ", "))
	}
	return c
}

// editList says what edits e holds, for a c2pa.edited action.
func editList(e provenance.Edits) string {
	var out []string
	if t := e.Trim; t != nil {
		out = append(out, "trim "+strings.TrimSpace(t.Start+" "+t.End+" "+t.Duration))
	}
	if e.Speed != 0 {
		out = append(out, fmt.Sprintf("speed %g", e.Speed))
	}
	if g := e.Grade; g != nil {
		s := "grade"
		if g.Preset != "" {
			s += " " + g.Preset
		}
		if g.LUT != nil {
			s += " LUT " + filepath.Base(g.LUT.Path)
		}
		out = append(out, s)
	}
	if n := len(e.Layers); n > 0 {
		out = append(out, fmt.Sprintf("%d layer(s)", n))
	}
	if e.Motion {
		out = append(out, "motion")
	}
	if e.Freeze != nil {
		out = append(out, "freeze")
	}
	if e.Transition != "" {
		out = append(out, "transition "+e.Transition)
	}
	out = append(out, e.Other...)
	return strings.Join(out, ", ")
}

// batchSeals are the sealers of a batch's variants, by plan.
type batchSeals map[*plan.Plan]*sealer

// batchSealers hashes each variant to render for its manifests and loads
// its signing key: a variant whose sources cannot be read or whose key
// does not load fails before anything renders.
func (e *Engine) batchSealers(ctx context.Context, br BatchRequest, vs []VariantResult) batchSeals {
	seals := batchSeals{}
	for i := range vs {
		v := &vs[i]
		if v.Status != VariantRender {
			continue
		}
		signer, err := br.Variants[i].signer()
		if err != nil {
			v.fail(err)
			continue
		}
		film, err := e.provenanceFilm(ctx, br.Variants[i], v.prep)
		if err != nil {
			v.fail(err)
			continue
		}
		seals[v.prep.Plan] = newSealer(film, v.prep, signer)
	}
	return seals
}

// seal is exec.Options.Seal for the batch: each variant's own sealer.
func (b batchSeals) seal(p *plan.Plan, finals []plan.Final) error {
	if s := b[p]; s != nil {
		return s.seal(p, finals)
	}
	return nil
}

// manifests writes the sidecar manifests of rendered variant v.
func (b batchSeals) manifests(v *VariantResult) error {
	s := b[v.prep.Plan]
	if s == nil {
		return nil
	}
	_, err := writeManifests(s.film, v.prep, s.signed)
	return err
}

// notice is the one line for every variant's outputs without credentials.
func (b batchSeals) notice() string {
	all := &sealer{}
	for _, s := range b {
		all.unsigned = append(all.unsigned, s.unsigned...)
	}
	slices.Sort(all.unsigned)
	all.unsigned = slices.Compact(all.unsigned)
	if len(all.unsigned) > 8 {
		n := len(all.unsigned)
		all.unsigned = append(all.unsigned[:8], fmt.Sprintf("and %d more", n-8))
	}
	return all.notice()
}

// signedKey adds to a variant's content key whether its outputs are
// signed, and by which certificate (its file's SHA-256): outputs rendered
// unsigned, or signed by another certificate, are not up to date for a
// batch that signs. An unreadable certificate leaves the key empty (the
// variant renders, and the signer's error is reported then).
func signedKey(key string, req Request) string {
	if key == "" || req.SignCert == "" {
		return key
	}
	sum, _, err := cache.HashFile(req.SignCert)
	if err != nil {
		return ""
	}
	return key + "+signed:" + sum
}
