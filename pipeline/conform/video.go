// Package conform builds the filters that make clips that never match (size,
// pixel aspect, frame rate, colour, audio layout) into one film's format. It
// is pure: it returns filter descriptions for the filter-graph builder.
package conform

import (
	"fmt"
	"strconv"

	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/pipeline/probe"
)

// Fit modes.
const (
	FitCover   = "cover"   // fill the frame, cropping what overflows
	FitContain = "contain" // show everything, letterboxed in black
	FitBlur    = "blur"    // show everything, bars filled by a blurred copy
	FitStretch = "stretch" // fill the frame, distorting the aspect ratio
)

// Target is the output picture format every scene is conformed to.
type Target struct {
	Width, Height int
	FPS           frac.Rational
	// Draft trades scaling quality for speed (a preview): area averaging
	// instead of bicubic, a third of the cost on a 1080p source.
	Draft bool
}

// Timing returns the filters that put a clip on the output frame grid and
// keep scene-local frames [from, to): time zero is the clip's own
// origin (startPTS + trim start, in the stream's time base), the frame rate is
// made constant (VFR too), a clip that ends early repeats its last frame, and
// the result starts at pts 0 in a 1/fps time base. The input must be opened
// with -copyts so that every segment of a scene sees the same timestamps and
// picks the same source frames.
func Timing(origin int64, fps frac.Rational, from, to int64) []ffmpeg.Filter {
	return TimingAt(origin, 1, fps, from, to)
}

// TimingAt is Timing for a clip played at speed (0.5: slow motion): its
// clip time t shows at t/speed; from and to count frames at the film's
// rate on that time.
func TimingAt(origin int64, speed float64, fps frac.Rational, from, to int64) []ffmpeg.Filter {
	pts := "PTS-" + strconv.FormatInt(origin, 10)
	if speed != 1 {
		pts = "(" + pts + ")/" + strconv.FormatFloat(speed, 'g', -1, 64)
	}
	return []ffmpeg.Filter{
		ffmpeg.F("setpts", "", pts),
		ffmpeg.F("fps", "fps", fps.String()),
		ffmpeg.F("tpad", "stop_mode", "clone", "stop", strconv.FormatInt(to-from, 10)),
		ffmpeg.F("trim", "start_pts", strconv.FormatInt(from, 10), "end_pts", strconv.FormatInt(to, 10)),
		ffmpeg.F("setpts", "", "PTS-STARTPTS"),
	}
}

// Hold returns the filters that turn one (already fitted) still frame into
// n frames at fps starting at pts 0.
func Hold(fps frac.Rational, n int64) []ffmpeg.Filter {
	return []ffmpeg.Filter{
		ffmpeg.F("settb", "expr", fps.Inv().String()),
		ffmpeg.F("setpts", "", "N"),
		ffmpeg.F("tpad", "stop_mode", "clone", "stop", strconv.FormatInt(n-1, 10)),
		ffmpeg.F("trim", "end_pts", strconv.FormatInt(n, 10)),
	}
}

// Finish returns the filters that end every conformed branch: square pixels,
// the output time base, and 8-bit 4:2:0.
func Finish(fps frac.Rational) []ffmpeg.Filter {
	return []ffmpeg.Filter{
		ffmpeg.F("setsar", "", "1"),
		ffmpeg.F("settb", "expr", fps.Inv().String()),
		ffmpeg.F("format", "pix_fmts", "yuv420p"),
	}
}

// Fit adds to g the filters that scale the picture at label in to the target
// by mode, converting its colour to BT.709 TV range on the way, and returns the
// label of the result. v describes the source (nil for generated pictures).
// A transparent source is composited over the fit's background (flatten).
func Fit(g *ffmpeg.Graph, in string, mode string, t Target, v *probe.Video) string {
	return FitOn(g, in, mode, t, v, "black")
}

// FitOn is Fit with contain's bars in the colour bars (an FFmpeg colour).
func FitOn(g *ffmpeg.Graph, in string, mode string, t Target, v *probe.Video, bars string) string {
	pre := anamorphic(v)
	if mode != FitBlur {
		pre = append(flatten(v), pre...)
	}
	col := colourArgs(v)
	if t.Draft {
		col = append(col, "flags", "area")
	}
	w, h := strconv.Itoa(t.Width), strconv.Itoa(t.Height)
	out := g.Label("fit")
	switch mode {
	case FitContain:
		g.Chain([]string{in}, append(pre, containBars(col, w, h, bars)...), []string{out})
	case FitStretch:
		g.Chain([]string{in}, append(pre, scale(col, "w", w, "h", h)), []string{out})
	case FitBlur:
		fitBlur(g, in, out, pre, col, t, flatten(v))
	default: // cover
		g.Chain([]string{in}, append(pre,
			scale(col, "w", w, "h", h, "force_original_aspect_ratio", "increase"),
			ffmpeg.F("crop", "w", w, "h", h)), []string{out})
	}
	return out
}

// containBars scales the picture inside w×h and pads it with bars of
// colour bars. pad converts its colour to YUV with BT.601's matrix, so
// bars of another colour than black are drawn in planar RGB and the whole
// converted to BT.709 after.
func containBars(col []string, w, h, bars string) []ffmpeg.Filter {
	fit := scale(col, "w", w, "h", h, "force_original_aspect_ratio", "decrease", "force_divisible_by", "2")
	pad := ffmpeg.F("pad", "w", w, "h", h, "x", "(ow-iw)/2", "y", "(oh-ih)/2", "color", bars)
	if bars == "black" {
		return []ffmpeg.Filter{fit, pad}
	}
	return []ffmpeg.Filter{fit, ffmpeg.F("format", "pix_fmts", "gbrp"), pad,
		ffmpeg.F("scale", "out_color_matrix", "bt709", "out_range", "tv"), ffmpeg.F("format", "pix_fmts", "yuv420p")}
}

// fitBlur letterboxes the picture over a blurred, cropped copy of itself. The
// background is blurred at a quarter of the size: the same look for a
// sixteenth of the work. flat composites a transparent source's copy over
// black; the picture itself keeps its alpha, so the blurred copy shows
// through where it is transparent.
func fitBlur(g *ffmpeg.Graph, in, out string, pre []ffmpeg.Filter, col []string, t Target, flat []ffmpeg.Filter) {
	w, h := strconv.Itoa(t.Width), strconv.Itoa(t.Height)
	qw, qh := even(t.Width/4), even(t.Height/4)
	sw, sh := strconv.Itoa(qw), strconv.Itoa(qh)
	// boxblur allows a radius up to half the smaller plane (chroma: a quarter).
	r := strconv.Itoa(max(1, min(10, min(qw, qh)/4)))
	src, src2, bg, fg := g.Label("blur"), g.Label("blur"), g.Label("blur"), g.Label("blur")
	g.Chain([]string{in}, append(pre, ffmpeg.F("split", "", "2")), []string{src, src2})
	g.Chain([]string{src}, append(flat,
		scale(col, "w", sw, "h", sh, "force_original_aspect_ratio", "increase"),
		ffmpeg.F("crop", "w", sw, "h", sh),
		ffmpeg.F("boxblur", "luma_radius", r, "chroma_radius", r, "luma_power", "2"),
		ffmpeg.F("scale", "w", w, "h", h)), []string{bg})
	g.Chain([]string{src2}, []ffmpeg.Filter{
		scale(col, "w", w, "h", h, "force_original_aspect_ratio", "decrease", "force_divisible_by", "2"),
	}, []string{fg})
	g.Chain([]string{bg, fg}, []ffmpeg.Filter{ffmpeg.F("overlay", "x", "(W-w)/2", "y", "(H-h)/2")}, []string{out})
}

// scale is the scale filter with the colour conversion options appended.
func scale(col []string, kv ...string) ffmpeg.Filter {
	return ffmpeg.F("scale", append(kv, col...)...)
}

// anamorphic returns a filter that makes non-square pixels square first.
func anamorphic(v *probe.Video) []ffmpeg.Filter {
	if v == nil || v.SAR.IsZero() || v.SAR.Num == v.SAR.Den {
		return nil
	}
	return []ffmpeg.Filter{ffmpeg.F("scale", "w", fmt.Sprintf("trunc(iw*%d/%d/2)*2", v.SAR.Num, v.SAR.Den), "h", "ih")}
}

// colourArgs are the scale options converting the source's matrix and range
// to BT.709 TV range. Unknown matrices follow the usual rule: BT.601 for SD,
// BT.709 above.
func colourArgs(v *probe.Video) []string {
	out := []string{"out_color_matrix", "bt709", "out_range", "tv"}
	if v == nil {
		return out
	}
	return append([]string{"in_color_matrix", inMatrix(v), "in_range", inRange(v)}, out...)
}

func inMatrix(v *probe.Video) string {
	switch v.ColorSpace {
	case "bt709":
		return "bt709"
	case "smpte170m", "bt470bg":
		return "bt601"
	case "bt2020nc", "bt2020c":
		return "bt2020"
	case "fcc", "smpte240m":
		return v.ColorSpace
	}
	if v.Height > 0 && v.Height <= 576 && v.Width <= 1024 {
		return "bt601"
	}
	return "bt709"
}

func inRange(v *probe.Video) string {
	switch {
	case v.ColorRange == "pc" || v.ColorRange == "jpeg":
		return "pc"
	case v.ColorRange == "tv" || v.ColorRange == "mpeg":
		return "tv"
	case len(v.PixFmt) > 4 && v.PixFmt[:4] == "yuvj":
		return "pc"
	}
	return "auto"
}

func even(n int) int {
	if n < 2 {
		return 2
	}
	return n &^ 1
}
