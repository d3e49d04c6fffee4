package plan

import (
	"fmt"
	"math/big"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/timecode"
	"github.com/reel-film/reel/pipeline/timeline"
	"github.com/reel-film/reel/subtitles"
)

// Captions reach a rendition in one of two ways. Burned (burn: true), each
// cue is a text layer on the film's timeline (captionLayers), drawn into
// every segment it touches like any text layer. Otherwise each rendition
// that can hold a subtitle stream gets one: its mux (or, for a rendition
// made from the film, its derived job) reads a caption file the job writes
// (Job.Files: the text never reaches the arguments) holding the cues on
// that rendition's own timeline, cut to it, to the millisecond.

// captionName is how messages call the caption file: its path from the
// project's directory.
func captionName(p *config.Project) string {
	if rel, err := filepath.Rel(p.Dir, p.Captions.File); err == nil {
		return rel
	}
	return p.Captions.File
}

// checkCues reports a cue that starts at or after the end of the film (the
// first, and how many more), burned or not: its text would never show.
func checkCues(p *config.Project, tl timeline.Timeline) config.Errors {
	c := p.Captions
	if c == nil {
		return nil
	}
	length := new(big.Rat).Mul(big.NewRat(tl.Frames, 1), new(big.Rat).Inv(rat(tl.FPS)))
	var late []config.Cue
	for _, cue := range c.Cues {
		if secondsAt(cue.Start, tl.FPS).Cmp(length) >= 0 {
			late = append(late, cue)
		}
	}
	if len(late) == 0 {
		return nil
	}
	more := ""
	if len(late) > 1 {
		more = fmt.Sprintf(" (and %d more cues after it)", len(late)-1)
	}
	return config.Errors{config.Pos{File: c.Pos.File, Line: c.Pos.Line, Path: "captions.file"}.Errorf(
		"%s:%d: the cue starts at %s, at or after the end of the film (%s long)%s; take it out of the caption file, or lengthen the film",
		captionName(p), late[0].Line, late[0].Start, secText(length), more)}
}

// placeCaptions places the burned captions' layers (captionLayers) on the
// film's frames: a cue covers frames [round(start·fps), round(end·fps)),
// at least one frame, cut at the film's end (checkCues has refused the cues
// that start after it). Where cues overlap, the frames are cut at every
// cue's first and last frame and each stretch shows the texts of the cues
// over it, one under the other in file order, as one layer: captions never
// draw over each other.
func placeCaptions(c *config.Captions, tl timeline.Timeline) []layer {
	var ls []layer
	for _, l := range captionLayers(c) {
		from := min(l.Start.Frames(tl.FPS), tl.Frames-1)
		to := min(max(l.End.Frames(tl.FPS), from+1), tl.Frames)
		ls = append(ls, layer{cfg: l, from: from, to: to, scene: -1})
	}
	var cuts []int64
	for _, l := range ls {
		cuts = append(cuts, l.from, l.to)
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	var out []layer
	for k := 0; k+1 < len(cuts); k++ {
		from, to := cuts[k], cuts[k+1]
		var over []layer
		for _, l := range ls {
			if l.from <= from && l.to >= to {
				over = append(over, l)
			}
		}
		switch {
		case len(over) == 0:
			continue
		case len(out) > 0 && out[len(out)-1].to == from && sameCaption(out[len(out)-1].cfg, over):
			out[len(out)-1].to = to
			continue
		}
		cfg := over[0].cfg
		if len(over) > 1 {
			merged := *cfg
			texts := make([]string, len(over))
			for i, l := range over {
				texts[i] = l.cfg.Text
			}
			merged.Text = strings.Join(texts, "\n")
			cfg = &merged
		}
		out = append(out, layer{cfg: cfg, from: from, to: to, scene: -1})
	}
	return out
}

// sameCaption reports whether the layer cfg shows what the cues over
// (overlapping) show together.
func sameCaption(cfg *config.Layer, over []layer) bool {
	if len(over) == 1 {
		return cfg == over[0].cfg
	}
	texts := make([]string, len(over))
	for i, l := range over {
		texts[i] = l.cfg.Text
	}
	return cfg.Text == strings.Join(texts, "\n") && cfg.Start == over[0].cfg.Start
}

// subtitleCodec is the subtitle stream a container holds: mov_text in MP4
// and MOV, WebVTT in WebM, SubRip in Matroska; "" for the others (GIF,
// sound only).
func subtitleCodec(container string) string {
	switch container {
	case "mp4", "mov":
		return "mov_text"
	case "webm":
		return "webvtt"
	case "mkv":
		return "subrip"
	}
	return ""
}

// softCaptions reports whether rendition o gets a subtitle stream.
func (b *builder) softCaptions(o config.Output) bool {
	c := b.project.Captions
	return c != nil && !c.Burn && len(c.Cues) > 0 && o.Name != filmName && !o.AudioOnly() && subtitleCodec(container(o)) != ""
}

// cues are the captions as subtitles cues on the film's timeline.
func (b *builder) cues() []subtitles.Cue {
	var out []subtitles.Cue
	for _, c := range b.project.Captions.Cues {
		out = append(out, subtitles.Cue{Start: cueTime(c.Start), End: cueTime(c.End), Text: c.Text, Line: c.Line})
	}
	return out
}

// cueTime is a cue's time (whole milliseconds) as a time.Duration.
func cueTime(d timecode.Duration) time.Duration {
	if d.Sec.Den == 0 {
		return 0
	}
	return time.Duration(d.Sec.Num) * time.Second / time.Duration(d.Sec.Den)
}

// ratTime is x seconds to the nanosecond.
func ratTime(x *big.Rat) time.Duration {
	return time.Duration(roundRat(mulRat(x, big.NewRat(int64(time.Second), 1))))
}

// subtitleInput returns the file of rendition o's subtitle stream, its
// cues those showing in [from, to) of the film's timeline, timed from
// from, and the arguments that open it as input n and map it into the
// output with its codec and language. MP4 and MOV are given SubRip, which
// FFmpeg encodes to mov_text (flattened: a mov_text stream shows one cue
// at a time); Matroska and WebM take the file's packets as they are.
func (b *builder) subtitleInput(o config.Output, from, to time.Duration, n int) (File, []string, []string) {
	codec := subtitleCodec(container(o))
	cues := subtitles.Window(b.cues(), from, to)
	name := filepath.Join(b.workDir, "captions-"+safeName(o.Name))
	var f File
	var in []string
	switch codec {
	case "webvtt":
		f = File{Path: name + ".vtt", Content: subtitles.VTT(cues)}
		in = []string{"-f", "webvtt"}
	case "mov_text":
		f = File{Path: name + ".srt", Content: subtitles.SRT(subtitles.Flatten(cues))}
		in = []string{"-f", "srt"}
	default:
		f = File{Path: name + ".srt", Content: subtitles.SRT(cues)}
		in = []string{"-f", "srt"}
	}
	enc := "copy"
	if codec == "mov_text" {
		enc = "mov_text"
	}
	out := []string{"-map", strconv.Itoa(n) + ":s:0", "-c:s", enc}
	if lang := b.project.Captions.Language; lang != "" {
		out = append(out, "-metadata:s:s:0", "language="+lang)
	}
	return f, in, out
}

// filmTime is the film's length to the nanosecond.
func (b *builder) filmTime() time.Duration {
	return ratTime(new(big.Rat).Mul(big.NewRat(b.tl.Frames, 1), new(big.Rat).Inv(rat(b.target.FPS))))
}

// captionWarnings tells of the renditions that cannot hold the captions'
// subtitle stream and show the picture (a GIF): they go without them.
func captionWarnings(p *config.Project, rends []rendition) []string {
	c := p.Captions
	if c == nil || c.Burn || len(c.Cues) == 0 {
		return nil
	}
	var out []string
	for _, r := range rends {
		if o := r.out; o.Name != filmName && !o.AudioOnly() && subtitleCodec(container(o)) == "" {
			out = append(out, c.Pos.Errorf("%s (%s) cannot hold a subtitle stream: it is made without the captions (burn: true draws them into the picture of every output)",
				o.Name, container(o)).Error())
		}
	}
	return out
}
