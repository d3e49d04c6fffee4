package plan

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/reel-film/reel/config"
)

// muxJob joins rendition r's segments (segs, in film order) by stream copy
// and adds its audio stream, writing its temporary output, which the
// executor renames into place when every job succeeded. An audio-only
// rendition copies the audio stream alone. Soft captions add a subtitle
// stream (subtitleInput) after the picture and the sound.
func (b *builder) muxJob(r rendition, temp string, segs []Segment, audio string, deps []string) Job {
	in := &inputs{}
	args := b.globalArgs()
	var files []File
	var maps []string
	if r.enc != nil {
		var list strings.Builder
		list.WriteString("ffconcat version 1.0\n")
		for _, s := range segs {
			sec := float64(s.Frames) * float64(b.target.FPS.Den) / float64(b.target.FPS.Num)
			fmt.Fprintf(&list, "%s\nduration %s\n", InConcat(in.ref(s.Path)), strconv.FormatFloat(sec, 'f', 6, 64))
		}
		files = append(files, File{Path: filepath.Join(b.workDir, "segments-"+safeName(r.out.Name)+".txt"), Content: list.String()})
		args = append(args, "-f", "concat", "-safe", "0", "-i", FileRef(0))
		maps = append(maps, "-map", "0:v:0")
	}
	if r.snd != nil {
		n := len(maps) / 2
		args = append(args, "-i", In(in.ref(audio)))
		maps = append(maps, "-map", strconv.Itoa(n)+":a:0")
	}
	var subs []string
	if b.softCaptions(r.out) {
		f, opts, m := b.subtitleInput(r.out, 0, b.filmTime(), len(maps)/2)
		files = append(files, f)
		args = append(append(args, opts...), "-i", FileRef(len(files)-1))
		subs = m
	}
	args = append(append(args, maps...), "-c", "copy")
	args = append(args, subs...)
	args = append(args, b.disclosureArgs()...)
	args = append(args, containerArgs(container(r.out))...)
	args = append(args, Out(0))
	return Job{ID: "mux-" + safeName(r.out.Name), Kind: KindMux, Args: args, Inputs: in.files,
		Outputs: []string{temp}, Files: files, Deps: deps, Seconds: b.tl.Seconds(b.tl.Frames), Cost: muxCost}
}

// disclosureArgs write the project's AI disclosure in the container's
// metadata: a comment tag, which ffprobe shows as format tag "comment"
// (MP4 and MOV: ©cmt; Matroska: COMMENT; MP3: COMM). None without a
// disclosure.
func (b *builder) disclosureArgs() []string {
	if d := b.project.Disclosure; d != nil {
		return []string{"-metadata", "comment=" + d.Comment()}
	}
	return nil
}

// containerArgs choose the muxer from the output's container (the
// temporary name has no extension).
func containerArgs(container string) []string {
	switch container {
	case "mov":
		return []string{"-movflags", "+faststart", "-f", "mov"}
	case "mkv":
		return []string{"-f", "matroska"}
	case "webm":
		return []string{"-f", "webm"}
	case "m4a":
		return []string{"-movflags", "+faststart", "-f", "ipod"}
	case "mp3":
		return []string{"-f", "mp3"}
	case "wav":
		return []string{"-f", "wav"}
	case "opus":
		return []string{"-f", "opus"}
	case "flac":
		return []string{"-f", "flac"}
	}
	return []string{"-movflags", "+faststart", "-f", "mp4"}
}

// container is o's container: the one the config says, or its path's
// extension.
func container(o config.Output) string {
	if o.Container != "" {
		return o.Container
	}
	return strings.TrimPrefix(strings.ToLower(filepath.Ext(o.Path)), ".")
}
