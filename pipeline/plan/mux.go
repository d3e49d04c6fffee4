package plan

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/reel-film/reel/internal/ffmpeg"
)

// muxJob joins the segments by stream copy and adds the audio, writing the
// temporary output that the executor renames into place.
func (b *builder) muxJob(p *Plan, audio string) Job {
	list := filepath.Join(b.workDir, "segments.txt")
	var paths []string
	for _, s := range p.Segments {
		paths = append(paths, s.Path)
	}
	args := append(b.globalArgs(), "-f", "concat", "-safe", "0", "-i", list, "-i", audio,
		"-map", "0:v:0", "-map", "1:a:0", "-c", "copy")
	args = append(args, containerArgs(p.Output)...)
	args = append(args, p.TempOutput)
	var deps []string
	for _, j := range p.Jobs {
		deps = append(deps, j.ID)
	}
	return Job{ID: "mux", Kind: KindMux, Args: args, Inputs: append(paths, audio),
		Outputs: []string{p.TempOutput}, Files: []File{{Path: list, Content: p.concatList()}}, Deps: deps,
		Seconds: p.Seconds, Cost: muxCost}
}

// concatList is the concat demuxer's list of the segments. Each segment's
// exact duration is written out: left to itself the demuxer measures a
// segment by its last packet, which B-frame reordering makes a few ticks
// long, and the film would drift at every join.
func (p *Plan) concatList() string {
	var b strings.Builder
	b.WriteString("ffconcat version 1.0\n")
	for _, s := range p.Segments {
		sec := float64(s.Frames) * float64(p.FPS.Den) / float64(p.FPS.Num)
		fmt.Fprintf(&b, "%s\nduration %s\n", ffmpeg.QuoteConcatPath(s.Path), strconv.FormatFloat(sec, 'f', 6, 64))
	}
	return b.String()
}

// containerArgs choose the muxer from the output's extension (the temporary
// name has none).
func containerArgs(output string) []string {
	switch filepath.Ext(output) {
	case ".mov":
		return []string{"-movflags", "+faststart", "-f", "mov"}
	case ".mkv":
		return []string{"-f", "matroska"}
	}
	return []string{"-movflags", "+faststart", "-f", "mp4"}
}
