// Package provenance records where a rendered film comes from: the sidecar
// manifest written beside every delivered output (<output>.manifest.json),
// and the facts the C2PA Content Credentials embedded in MP4 and MOV files
// are made from (see the c2pa package below it).
//
// A manifest names reel's and FFmpeg's versions, the project file and its
// SHA-256, each scene's source (a file or URL with its SHA-256) or generator
// (kind, model, prompt, seed), the edits applied to it (trim, speed, grade,
// layers, motion, freeze), whether it is AI-generated, and the output's own
// SHA-256. It is written atomically, after the output is in place.
package provenance

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/secret"
	"github.com/reel-film/reel/pipeline/cache"
)

// Format names the manifest's schema; it changes when a field changes
// meaning.
const Format = "reel.manifest/1"

// Suffix is what a sidecar manifest's name adds to its output's.
const Suffix = ".manifest.json"

// The IPTC digital source types (https://cv.iptc.org/newscodes/digitalsourcetype/)
// that C2PA's actions and the manifest use.
const (
	SourceTrained   = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
	SourceComposite = "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia"
	SourceCapture   = "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture"
	SourceMinor     = "http://cv.iptc.org/newscodes/digitalsourcetype/minorHumanEdits"
)

// Manifest is the sidecar of one output.
type Manifest struct {
	Format  string `json:"format"`
	Created string `json:"created"` // RFC 3339, UTC
	Reel    string `json:"reel_version"`
	FFmpeg  string `json:"ffmpeg_version"`
	Project File   `json:"project"`
	Output  Output `json:"output"`
	// AIGenerated says that at least one scene is AI-generated, and
	// DigitalSourceType the IPTC type of the whole film:
	// trainedAlgorithmicMedia when every scene is, composite when some are,
	// "" when none is.
	AIGenerated       bool        `json:"ai_generated"`
	DigitalSourceType string      `json:"digital_source_type,omitempty"`
	Disclosure        *Disclosure `json:"disclosure,omitempty"`
	// C2PA says whether Content Credentials are embedded in the output
	// (nil: not, e.g. no signing key, or a container C2PA is not written in).
	C2PA   *C2PA   `json:"c2pa,omitempty"`
	Scenes []Scene `json:"scenes"`
	// Film is what applies to the whole film: its layers and fades.
	Film FilmEdits `json:"film"`
}

// File is a file named by the manifest, with its content's hash.
type File struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256,omitempty"`
	Size   int64  `json:"size,omitempty"`
}

// Output is the delivered file a manifest describes.
type Output struct {
	File
	Name      string `json:"name,omitempty"`
	Container string `json:"container,omitempty"`
	Width     int    `json:"width,omitempty"`
	Height    int    `json:"height,omitempty"`
	FPS       string `json:"fps,omitempty"`
}

// Disclosure is the visible label and the container metadata (see config.Disclosure).
type Disclosure struct {
	Text     string `json:"text"`
	Position string `json:"position,omitempty"`
	Duration string `json:"duration,omitempty"` // "" for the whole film
	Metadata string `json:"metadata"`           // the container's comment
}

// C2PA describes the Content Credentials embedded in the output.
type C2PA struct {
	Embedded bool   `json:"embedded"`
	Signer   string `json:"signer,omitempty"` // the signing certificate's subject
	Claim    string `json:"claim_generator,omitempty"`
}

// Scene is one shot of the film: where its pictures come from and what was
// done to them.
type Scene struct {
	ID string `json:"id"`
	// Kind is file (a local file), url (downloaded), prompt (generated),
	// placeholder (a prompt shown as a card: nothing was generated) or card
	// (a card with no source).
	Kind      string     `json:"kind"`
	Source    *Source    `json:"source,omitempty"`
	Generator *Generator `json:"generator,omitempty"`
	// AIGenerated: a generated clip is; a file or URL only when the
	// project says so (disclosure.generated); a card never.
	AIGenerated bool   `json:"ai_generated"`
	AIReason    string `json:"ai_reason,omitempty"`
	Edits       Edits  `json:"edits"`
}

// Source is a scene's file: its path (for a download or a generated clip,
// the copy in reel's source cache) and URL, and its SHA-256.
type Source struct {
	Path   string `json:"path,omitempty"`
	URL    string `json:"url,omitempty"` // without user, query or fragment (they may be credentials)
	SHA256 string `json:"sha256,omitempty"`
	Size   int64  `json:"size,omitempty"`
}

// Generator is what made a prompt scene.
type Generator struct {
	Name   string `json:"name"`
	Kind   string `json:"kind"`            // command | comfyui | replicate
	Model  string `json:"model,omitempty"` // replicate's owner/name (and version), comfyui's workflow file, a command's program
	Prompt string `json:"prompt"`
	Seed   int64  `json:"seed"`
}

// Edits are what reel did to a scene's pictures.
type Edits struct {
	Trim     *Span   `json:"trim,omitempty"`
	Duration string  `json:"duration,omitempty"`
	Speed    float64 `json:"speed,omitempty"` // omitted at 1
	Grade    *Grade  `json:"grade,omitempty"`
	Layers   []Layer `json:"layers,omitempty"`
	Motion   bool    `json:"motion,omitempty"`
	Freeze   *Span   `json:"freeze,omitempty"`
	Fit      string  `json:"fit,omitempty"`
	// Transition is the transition into the next scene ("fade 0.5s"); ""
	// for a cut.
	Transition string   `json:"transition,omitempty"`
	Other      []string `json:"other,omitempty"` // deinterlace, volume
}

// Span is a part of a clip: Start and End, or Start and Duration.
type Span struct {
	Start    string `json:"start,omitempty"`
	End      string `json:"end,omitempty"`
	Duration string `json:"duration,omitempty"`
}

// Grade is a scene's colour grade.
type Grade struct {
	Preset    string  `json:"preset,omitempty"`
	LUT       *File   `json:"lut,omitempty"`
	Intensity float64 `json:"intensity"`
	Vignette  float64 `json:"vignette,omitempty"`
	Grain     float64 `json:"grain,omitempty"`
	Sharpen   float64 `json:"sharpen,omitempty"`
	Match     string  `json:"match,omitempty"`
}

// Layer is a text, image or video drawn over a scene or the film.
type Layer struct {
	Kind     string `json:"kind"`
	Text     string `json:"text,omitempty"`
	File     *File  `json:"file,omitempty"`
	Start    string `json:"start,omitempty"`
	Duration string `json:"duration,omitempty"`
	End      string `json:"end,omitempty"`
}

// FilmEdits apply to the whole film.
type FilmEdits struct {
	// Audio are the sound files of the audio section (beds, then
	// voice-overs), hashed; a synthesized bed has no file.
	Audio   []File  `json:"audio,omitempty"`
	Layers  []Layer `json:"layers,omitempty"`
	FadeIn  bool    `json:"fade_in,omitempty"`
	FadeOut bool    `json:"fade_out,omitempty"`
}

// ReelVersion is reel's module version from the build ("(devel)" for a
// build from a work tree).
func ReelVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

// Film is what the manifests of one render share: everything but the
// output. Made once per render by NewFilm; Hashes remembers the files'
// hashes across outputs.
type Film struct {
	Base   Manifest
	hashes map[string]File
	memo   string // see Input.Memo
}

// Input is what NewFilm reads.
type Input struct {
	Project *config.Project // the project as loaded
	Film    *config.Project // the project as it renders: scenes with their resolved sources
	Data    []byte          // the project's text when it has no file (nil: read Project.File)
	FFmpeg  string          // FFmpeg's version line
	Now     time.Time       // zero: now
	// Memo is a cache root under which files' hashes are remembered by
	// path and stamp (cache.FileKey, as the job cache fingerprints its
	// inputs), so an unchanged source is read once, not once per render;
	// "" hashes every file.
	Memo string
}

// NewFilm hashes the project and every scene source and builds the part of
// the manifest every output of the render shares. A file that cannot be
// read is an error naming it.
func NewFilm(in Input) (*Film, error) {
	f := &Film{hashes: map[string]File{}, memo: in.Memo}
	now := in.Now
	if now.IsZero() {
		now = time.Now()
	}
	m := &f.Base
	m.Format, m.Created, m.Reel, m.FFmpeg = Format, now.UTC().Format(time.RFC3339), ReelVersion(), in.FFmpeg
	proj := in.Project
	if in.Data != nil {
		m.Project = File{Path: proj.Name, SHA256: sha(in.Data), Size: int64(len(in.Data))}
	} else {
		pf, err := f.hash(proj.File)
		if err != nil {
			return nil, fmt.Errorf("provenance: project file: %w", err)
		}
		m.Project = pf
	}
	film := in.Film
	if film == nil {
		film = proj
	}
	generated := map[string]bool{}
	if d := film.Disclosure; d != nil {
		for _, id := range d.Generated {
			generated[id] = true
		}
	}
	ai, all := 0, 0
	for i := range film.Scenes {
		s, err := f.scene(film, &film.Scenes[i], generated)
		if err != nil {
			return nil, err
		}
		m.Scenes = append(m.Scenes, s)
		if s.Kind != "card" && s.Kind != "placeholder" {
			all++
		}
		if s.AIGenerated {
			ai++
		}
	}
	m.AIGenerated = ai > 0
	switch {
	case ai > 0 && ai == all:
		m.DigitalSourceType = SourceTrained
	case ai > 0:
		m.DigitalSourceType = SourceComposite
	}
	layers, err := f.layers(film.Layers)
	if err != nil {
		return nil, err
	}
	m.Film = FilmEdits{Layers: layers, FadeIn: film.FadeIn != nil, FadeOut: film.FadeOut != nil}
	for _, a := range film.Audio.Files() {
		af, err := f.hash(a.Path)
		if err != nil {
			return nil, fmt.Errorf("provenance: %s: %w", a.Pos.Path, err)
		}
		m.Film.Audio = append(m.Film.Audio, af)
	}
	if d := film.Disclosure; d != nil {
		m.Disclosure = &Disclosure{Text: d.Text, Position: d.Position, Metadata: d.Comment()}
		if d.Duration != nil {
			m.Disclosure.Duration = d.Duration.String()
		}
	}
	return f, nil
}

// scene describes one scene of film.
func (f *Film) scene(film *config.Project, s *config.Scene, generated map[string]bool) (Scene, error) {
	out := Scene{ID: s.ID}
	switch {
	case s.Prompt != nil && s.Source == "":
		out.Kind = "placeholder"
	case s.Prompt != nil:
		out.Kind, out.AIGenerated, out.AIReason = "prompt", true, "generated by "+s.Prompt.Generator
	case s.URL != "":
		out.Kind = "url"
	case s.Source != "":
		out.Kind = "file"
	default:
		out.Kind = "card"
	}
	if s.Source != "" {
		sf, err := f.hash(s.Source)
		if err != nil {
			return out, fmt.Errorf("provenance: scene %s: %w", s.ID, err)
		}
		out.Source = &Source{Path: sf.Path, SHA256: sf.SHA256, Size: sf.Size}
		if s.URL != "" {
			out.Source.URL = secret.URL(s.URL)
		}
	}
	if p := s.Prompt; p != nil {
		g := &Generator{Name: p.Generator, Prompt: p.Text, Seed: p.Seed}
		if gen := film.Generators[p.Generator]; gen != nil {
			g.Kind, g.Model = gen.Kind, model(gen)
		}
		out.Generator = g
	}
	if generated[s.ID] && !out.AIGenerated && out.Kind != "card" && out.Kind != "placeholder" {
		out.AIGenerated, out.AIReason = true, "disclosure.generated"
	}
	e, err := f.edits(s)
	out.Edits = e
	return out, err
}

// model names what a generator runs.
func model(g *config.Generator) string {
	switch g.Kind {
	case config.KindReplicate:
		if g.Version != "" {
			return g.Model + ":" + g.Version
		}
		return g.Model
	case config.KindComfyUI:
		return filepath.Base(g.Workflow)
	case config.KindCommand:
		if len(g.Run) > 0 {
			return filepath.Base(g.Run[0])
		}
	}
	return ""
}

// edits lists what was done to scene s.
func (f *Film) edits(s *config.Scene) (Edits, error) {
	var e Edits
	if t := s.Trim; t != nil {
		sp := &Span{}
		if t.Start != nil {
			sp.Start = t.Start.String()
		}
		if t.End != nil {
			sp.End = t.End.String()
		}
		if t.Duration != nil {
			sp.Duration = t.Duration.String()
		}
		e.Trim = sp
	}
	if s.Duration != nil {
		e.Duration = s.Duration.String()
	}
	if s.Speed != 0 && s.Speed != 1 {
		e.Speed = s.Speed
	}
	if g := s.Grade; g != nil && (g.Preset != "" || g.LUT != "" || g.Vignette > 0 || g.Grain > 0 || g.Sharpen > 0 || g.Match != "") {
		gr := &Grade{Preset: g.Preset, Intensity: g.Intensity, Vignette: g.Vignette, Grain: g.Grain, Sharpen: g.Sharpen, Match: g.Match}
		if g.LUT != "" {
			lf, err := f.hash(g.LUT)
			if err != nil {
				return e, fmt.Errorf("provenance: scene %s: grade LUT: %w", s.ID, err)
			}
			gr.LUT = &lf
		}
		e.Grade = gr
	}
	layers, err := f.layers(s.Layers)
	if err != nil {
		return e, fmt.Errorf("provenance: scene %s: %w", s.ID, err)
	}
	e.Layers = layers
	e.Motion = s.Motion != nil
	if fr := s.Freeze; fr != nil {
		e.Freeze = &Span{Start: fr.At.String(), Duration: fr.Duration.String()}
	}
	if s.Source != "" {
		e.Fit = s.Fit
	}
	if tr := s.Transition; tr != nil && tr.Type != "" && tr.Type != "cut" {
		e.Transition = tr.Type + " " + tr.Duration.String()
	}
	if s.Deinterlace == "on" {
		e.Other = append(e.Other, "deinterlace")
	}
	if s.Volume.Mute {
		e.Other = append(e.Other, "muted")
	} else if s.Volume.DB != 0 {
		e.Other = append(e.Other, fmt.Sprintf("volume %+gdB", s.Volume.DB))
	}
	return e, nil
}

// layers describes ls, hashing their media.
func (f *Film) layers(ls []config.Layer) ([]Layer, error) {
	var out []Layer
	for _, l := range ls {
		ml := Layer{Kind: l.Kind, Text: l.Text}
		if !l.Start.IsZero() {
			ml.Start = l.Start.String()
		}
		if l.Duration != nil {
			ml.Duration = l.Duration.String()
		}
		if l.End != nil {
			ml.End = l.End.String()
		}
		if p := l.Image + l.Video; p != "" {
			lf, err := f.hash(p)
			if err != nil {
				return nil, fmt.Errorf("layer: %w", err)
			}
			ml.File = &lf
		}
		out = append(out, ml)
	}
	return out, nil
}

// hash returns path's File, hashing it once per render.
func (f *Film) hash(path string) (File, error) {
	if h, ok := f.hashes[path]; ok {
		return h, nil
	}
	var sum string
	var size int64
	var err error
	if f.memo != "" {
		var fi os.FileInfo
		if fi, err = os.Stat(path); err == nil {
			size = fi.Size()
			sum, err = cache.FileKey(f.memo, path)
		}
	} else {
		sum, size, err = cache.HashFile(path)
	}
	if err != nil {
		return File{}, err
	}
	h := File{Path: path, SHA256: sum, Size: size}
	f.hashes[path] = h
	return h, nil
}

// For returns the manifest of the delivered output o (its SHA-256 read
// from the file as it is now), with c2pa set when credentials were embedded.
func (f *Film) For(o Output, c2pa *C2PA) (*Manifest, error) {
	sum, size, err := cache.HashFile(o.Path)
	if err != nil {
		return nil, fmt.Errorf("provenance: output: %w", err)
	}
	m := f.Base
	m.Scenes = append([]Scene(nil), f.Base.Scenes...)
	o.SHA256, o.Size = sum, size
	m.Output, m.C2PA = o, c2pa
	return &m, nil
}

// Write writes m beside its output as <output>.manifest.json, atomically
// (a temporary file and a rename), and returns its path.
func Write(m *Manifest) (string, error) {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return "", err
	}
	path := SidecarPath(m.Output.Path)
	if err := cache.WriteAtomic(path, append(b, '\n')); err != nil {
		return "", fmt.Errorf("write the manifest %s: %w", path, err)
	}
	return path, nil
}

// sha is the hex SHA-256 of b.
func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// SidecarPath is where the manifest of output goes.
func SidecarPath(output string) string { return output + Suffix }

// Read reads a sidecar manifest.
func Read(path string) (*Manifest, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &m, nil
}
