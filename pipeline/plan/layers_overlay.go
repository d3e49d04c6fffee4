package plan

import (
	"fmt"
	"strconv"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/pipeline/conform"
)

// drawOverlay draws image or video layer l on the segment of frames frames
// starting at film frame from, and returns the label of the result.
//
// The layer's frames inside the segment, film frames [a, e), are a stream
// of their own: the image held (scaled, made translucent and placed once),
// or the clip's frames conformed like a scene's and opened at the clip time
// of film frame a. Fades and scales are computed for each frame from its
// film frame number (overlayAnimate); the stream is then timed at the
// segment's frames a-from.. and laid over the segment, which overlay
// passes untouched before and after it. Slides move the overlay's corner,
// also from the film frame number.
func (b *builder) drawOverlay(g *ffmpeg.Graph, in *inputs, lbl string, l layer, from, frames int64) string {
	a, e := max(from, l.from), min(from+frames, l.to)
	box := b.overlayBox(l)
	// overlay puts a 4:2:0 layer at even coordinates only: a layer at an
	// odd x (y) gets a transparent column (row) before it instead.
	px, py := box.x&1, box.y&1
	look := b.overlayLook(l, box, px, py)
	src := b.overlayFrames(g, in, l, box, look, a, e)
	anims := b.overlayAnims(l)
	src = b.overlayAnimate(g, src, l, anims, box, px, py, a, e)
	layerLbl := g.Label("layer")
	g.Chain([]string{src}, []ffmpeg.Filter{ffmpeg.F("setpts", "", fmt.Sprintf("PTS+%d", a-from))}, []string{layerLbl})
	x, y := b.overlayPos(l, anims, box, px, py, from, a, e)
	// The segment's frames are timed exactly (frame n at n), whatever
	// made them: a dip's concat times its second half in microseconds, and
	// overlay would then pair a frame with the layer's frame before it.
	main := g.Label("main")
	g.Chain([]string{lbl}, []ffmpeg.Filter{
		ffmpeg.F("settb", "expr", b.target.FPS.Inv().String()),
		ffmpeg.F("setpts", "", "N"),
	}, []string{main})
	out := g.Label("over")
	g.Chain([]string{main, layerLbl}, []ffmpeg.Filter{
		ffmpeg.F("overlay", "x", x, "y", y, "eof_action", "pass", "format", "yuv420"),
		ffmpeg.F("format", "pix_fmts", "yuv420p"),
	}, []string{out})
	return out
}

// overlayLook is what every frame of the layer gets once it is scaled
// (the filters that scale it included): its opacity, and the transparent
// column and row that place it at an odd corner. Both overlay and pad
// place 4:2:0 pictures at even coordinates only, so a layer at an odd
// corner is padded in 4:4:4 and then subsampled with its pad.
func (b *builder) overlayLook(l layer, box overlayBox, px, py int) []ffmpeg.Filter {
	fmtName := "yuva420p"
	if px+py > 0 {
		fmtName = "yuva444p"
	}
	fs := conform.Overlay(l.info.Video, box.w, box.h, fmtName, b.draft)
	if op := l.cfg.Opacity; op < 1 {
		fs = append(fs, ffmpeg.F("lut", "y", "val", "u", "val", "v", "val", "a", "val*"+strconv.FormatFloat(max(0, op), 'f', -1, 64)))
	}
	if px+py > 0 {
		fs = append(fs, ffmpeg.F("pad", "w", strconv.Itoa(box.w+px), "h", strconv.Itoa(box.h+py),
			"x", strconv.Itoa(px), "y", strconv.Itoa(py), "color", "black@0"),
			ffmpeg.F("format", "pix_fmts", "yuva420p"))
	}
	return fs
}

// overlayFrames adds the layer's frames for film frames [a, e), scaled to
// the box by look, at pts 0.. in the output's time base, and returns
// their label.
func (b *builder) overlayFrames(g *ffmpeg.Graph, in *inputs, l layer, box overlayBox, look []ffmpeg.Filter, a, e int64) string {
	fps := b.target.FPS
	v := l.info.Video
	out := g.Label("ov")
	if l.cfg.Kind == config.LayerImage {
		opts := mediaDecoder(v.Decoder)
		if f := l.info.Format; f == "image2" || len(f) > 5 && f[len(f)-5:] == "_pipe" {
			opts = append(opts, "-framerate", fps.String())
		}
		idx := in.add(l.cfg.Image, opts...)
		fs := append(look, conform.Hold(fps, e-a)...)
		g.Chain([]string{fmt.Sprintf("%d:v:0", idx)}, fs, []string{out})
		return out
	}
	// A clip: opened and timed as branch opens a scene's, film frame
	// l.from being the clip's first frame.
	deint := conform.Deinterlace("", v, fps)
	origin := v.StartPTS * deint.Ticks
	clipFrom, clipTo := a-l.from, e-l.from
	opts := mediaDecoder(v.Decoder)
	if b.draft {
		opts = append(opts, "-skip_loop_filter", "all")
	}
	seek := l.info.SeekBase() + float64(clipFrom)*float64(fps.Den)/float64(fps.Num) - seekMargin
	if ss := seekArgs(seek); ss != nil {
		opts = append(append(opts, "-noaccurate_seek"), ss...)
	}
	idx := in.add(l.cfg.Video, opts...)
	in.copyts = true
	fs := append(deint.Filters, conform.Timing(origin, fps, clipFrom, clipTo)...)
	fs = append(fs, look...)
	g.Chain([]string{fmt.Sprintf("%d:v:0", idx)}, fs, []string{out})
	return out
}

// mediaDecoder chooses a decoder for a layer's file when FFmpeg's default
// would lose something (the alpha channel of WebM VP8/VP9).
func mediaDecoder(dec string) []string {
	if dec != "" {
		return []string{"-c:v", dec}
	}
	return nil
}
