package pipeline

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/looks"
	"github.com/reel-film/reel/pipeline/conform"
	"github.com/reel-film/reel/pipeline/grade"
	"github.com/reel-film/reel/pipeline/probe"
)

// GradeSheet asks for a contact sheet: one frame of a clip as it is, then
// under every built-in grade preset, labelled, in rows.
type GradeSheet struct {
	Clip    string
	Output  string  // .png, .jpg or .jpeg (checked by the caller)
	Seconds float64 // the frame's time in the clip, from its first picture
	Width   int     // of one tile, in pixels
	Columns int     // tiles per row
}

// WriteGradeSheet writes the sheet to a hidden temporary file beside
// Output and renames it into place: a failure leaves nothing there. A clip
// that cannot be read, or has no picture, is a *RequestError.
func (e *Engine) WriteGradeSheet(ctx context.Context, s GradeSheet) error {
	info, err := probe.Probe(ctx, e.tools.FFprobe, s.Clip)
	if err != nil {
		return &RequestError{Field: "clip", Err: err}
	}
	if info.Video == nil {
		return &RequestError{Field: "clip", Err: fmt.Errorf("%s has no video stream", s.Clip)}
	}
	tmp := PartialPath(s.Output)
	defer os.Remove(tmp)
	if _, err := ffmpeg.Run(ctx, e.tools.FFmpeg, sheetArgs(s, tmp, info), ffmpeg.RunOptions{}); err != nil {
		return fmt.Errorf("contact sheet: %w", err)
	}
	if err := os.Rename(tmp, s.Output); err != nil {
		return fmt.Errorf("contact sheet: %w", err)
	}
	return nil
}

// sheetArgs is the ffmpeg command that writes the sheet to out: one frame
// at s.Seconds, fitted into 16:9 tiles, through every preset, stacked.
func sheetArgs(s GradeSheet, out string, info *probe.Info) []string {
	w := s.Width &^ 1
	h := (w*9/16 + 1) &^ 1
	g := ffmpeg.NewGraph()
	fitted := conform.Fit(g, "0:v:0", conform.FitContain, conform.Target{Width: w, Height: h, FPS: frac.New(30, 1)}, info.Video)
	sheet := grade.Sheet(g, fitted, looks.Builtin.All(), w, h, s.Columns)
	args := []string{"-hide_banner", "-nostdin", "-y", "-loglevel", "error"}
	// -ss counts from the container's start, the clip's time from its
	// pictures' (probe.Info.SeekBase).
	if at := info.SeekBase() + s.Seconds; at > 0 {
		args = append(args, "-ss", strconv.FormatFloat(at, 'f', 3, 64))
	}
	args = append(args, "-i", s.Clip, "-filter_complex", g.String(), "-map", "["+sheet+"]", "-frames:v", "1")
	if ext := strings.ToLower(out); strings.HasSuffix(ext, ".jpg") || strings.HasSuffix(ext, ".jpeg") {
		args = append(args, "-q:v", "3")
	}
	return append(args, "-update", "1", out)
}

// PartialPath is the hidden temporary file beside path that a single-file
// writer (a contact sheet, a LUT) fills before renaming it into place; it
// keeps the extension (ffmpeg picks the format by it) and carries the pid.
func PartialPath(path string) string {
	ext := filepath.Ext(path)
	base := filepath.Base(path)
	return filepath.Join(filepath.Dir(path), "."+strings.TrimSuffix(base, ext)+"."+strconv.Itoa(os.Getpid())+".partial"+ext)
}
