package plan

import (
	"path/filepath"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/pipeline/spec"
)

// filmName names the film that the outputs made from it read when no
// output of the render is that film as they need it: muxed into the work
// directory (mux-reel-film), not delivered.
const filmName = "reel-film"

// needsFilm says whether the render writes something made from the
// finished film: a derived rendition among outs, the poster or the
// thumbnails (film is the film's own output, the project's first).
func needsFilm(outs []config.Output, sp *spec.Spec, film config.Output) bool {
	if sp.Poster != nil || sp.Thumbnails != nil {
		return true
	}
	for _, o := range outs {
		if Derived(o, film) {
			return true
		}
	}
	return false
}

// servesAsFilm says whether rendition o, once muxed, is the finished film
// as the derived jobs read it: the film's own picture and sound (the
// film's encoding and audio codec) in MP4 or MOV, whose edit lists start
// the picture and the sound at 0 as the frame rule counts (Matroska and
// WebM start the picture after AAC's priming).
func servesAsFilm(o, film config.Output) bool {
	if Derived(o, film) || o.AudioOnly() || o.Name == filmName {
		return false
	}
	c := container(o)
	return (c == "mp4" || c == "mov") && encodingSig(o, film) == encodingSig(film, film) && audioCodec(o) == audioCodec(film)
}

// withFilm returns the renditions to plan and the index of the one the
// derived jobs read (-1 when there are none): the first of outs that
// serves as the film, else the film itself, added at the end (named
// filmName), which addDerived muxes into the work directory. So a render
// of a GIF alone (render --output teaser) still renders the film's
// segments (cached as usual) and joins them, but delivers only the GIF.
func withFilm(outs []config.Output, sp *spec.Spec, film config.Output) ([]config.Output, int) {
	if !needsFilm(outs, sp, film) {
		return outs, -1
	}
	for k, o := range outs {
		if servesAsFilm(o, film) {
			return outs, k
		}
	}
	f := film
	f.Name, f.Path, f.Container, f.Range = filmName, "", "mp4", nil
	if film.Codec == "prores" {
		f.Container = "mov"
	}
	return append(append([]config.Output(nil), outs...), f), len(outs)
}

// firstPath is the path of the first rendition the render delivers ("" for
// none: a render of the poster or the thumbnails alone).
func firstPath(outs []config.Output) string {
	for _, o := range outs {
		if o.Name != filmName {
			return o.Path
		}
	}
	return ""
}

// addDerived adds to pl the jobs made from the finished film (the derived
// renditions, the poster, the thumbnails) and what they deliver. The film
// is rends[filmAt]: a rendition the render delivers (its temporary output,
// which its mux wrote), or the film muxed into the work directory for them
// (film.mp4, film.mov for ProRes; see withFilm).
func (b *builder) addDerived(pl *Plan, rends []rendition, filmAt int, sp *spec.Spec, tag string, mux func(rendition, string) Job) error {
	if filmAt < 0 {
		return nil
	}
	var outs []config.Output
	for _, r := range rends {
		outs = append(outs, r.out)
	}
	r := rends[filmAt]
	film := filmFile{Frames: b.tl.Frames, FPS: b.target.FPS, Width: b.target.Width, Height: b.target.Height, Audio: r.snd != nil}
	if r.out.Name == filmName {
		j := mux(r, filepath.Join(b.workDir, "film."+r.out.Container))
		pl.Jobs = append(pl.Jobs, j)
		film.Path, film.Job = j.Outputs[0], j.ID
	} else {
		for _, f := range pl.Deliver {
			if f.Path == r.out.Path {
				film.Path, film.Job = f.Temp, f.Job
			}
		}
	}
	temp := func(path string) string {
		if path == pl.Output && pl.TempOutput != "" {
			return pl.TempOutput
		}
		return TempOutput(path, tag)
	}
	jobs, finals, err := b.derivedJobs(film, outs, sp.Poster, sp.Thumbnails, temp)
	if err != nil {
		return err
	}
	pl.Jobs = append(pl.Jobs, jobs...)
	pl.Deliver = append(pl.Deliver, finals...)
	return nil
}
