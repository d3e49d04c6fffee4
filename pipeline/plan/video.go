package plan

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/pipeline/card"
	"github.com/reel-film/reel/pipeline/conform"
	"github.com/reel-film/reel/pipeline/probe"
	"github.com/reel-film/reel/pipeline/timeline"
)

// seekMargin is how far before a segment's first frame a clip is opened, so
// that the frame covering the segment start is decoded whatever the source
// frame rate. The demuxer seeks to the keyframe before it anyway.
const seekMargin = 0.5

// seekArgs opens an input at seconds after its container's start (nothing
// when that is not after it). Callers seek seekMargin early, so that
// decoding is settled where the filters cut exactly.
func seekArgs(seconds float64) []string {
	if seconds <= 0 {
		return nil
	}
	return []string{"-ss", strconv.FormatFloat(seconds, 'f', 3, 64)}
}

// inputs collects a job's input arguments and files. Arguments refer to
// the files by their index in files ({{inN}}), never by path.
type inputs struct {
	args   []string
	files  []string // every file the job reads, each once: Inputs
	n      int      // how many are opened with -i
	writes []File   // files the executor writes for the job (card text)
	copyts bool     // an input is timed by its own timestamps (conform.Timing): the job runs with -copyts
}

// ref returns the index of path among the job's files, adding it.
func (in *inputs) ref(path string) int {
	for i, f := range in.files {
		if f == path {
			return i
		}
	}
	in.files = append(in.files, path)
	return len(in.files) - 1
}

// add appends one input with its options and returns its -i index.
func (in *inputs) add(path string, opts ...string) int {
	in.args = append(in.args, opts...)
	in.args = append(in.args, "-i", In(in.ref(path)))
	in.n++
	return in.n - 1
}

// read records a file that a filter reads (a LUT), an input of the job
// for the cache but not one opened with -i, and returns the reference to
// it as a filter option value.
func (in *inputs) read(path string) string { return InFilter(in.ref(path)) }

// write records a file the executor writes for the job and returns the
// reference to it as a filter option value.
func (in *inputs) write(f File) string {
	in.writes = append(in.writes, f)
	return FileFilter(len(in.writes) - 1)
}

// branch adds what produces scene-local frames [from, to) of s, conformed to
// the output, and returns the label of the result.
func (b *builder) branch(g *ffmpeg.Graph, in *inputs, s scene, from, to int64) string {
	fps := b.target.FPS
	var lbl string
	switch s.kind {
	case srcPlaceholder:
		ph := s.cfg.Placeholder
		color := ph.Color
		if color == "" {
			color = card.DefaultColor(s.cfg.Index)
		}
		lbl = card.Placeholder(g, b.card(in, s, to-from), color, s.cfg.Index+1, b.target.Width, b.target.Height, fps, from, to)
	case srcCard:
		lbl = b.cardPicture(g, in, s, to-from)
	case srcStill:
		idx := in.add(s.cfg.Source, append(decoder(s), stillRate(s.info, fps)...)...)
		fitted := conform.FitOn(g, fmt.Sprintf("%d:v:0", idx), s.cfg.Fit, b.target, s.info.Video, bars(s))
		lbl = g.Label("hold")
		g.Chain([]string{fitted}, conform.Hold(fps, to-from), []string{lbl})
	default:
		lbl = b.clipPicture(g, in, s, from, to)
	}
	lbl = b.motion(g, lbl, s, from)
	lbl = b.grade(g, in, s, lbl)
	out := g.Label("c")
	g.Chain([]string{lbl}, conform.Finish(fps), []string{out})
	return out
}

// clipPicture adds the decoding, timing (speed and freeze) and fit of
// scene-local frames [from, to) of clip scene s.
func (b *builder) clipPicture(g *ffmpeg.Graph, in *inputs, s scene, from, to int64) string {
	fps := b.target.FPS
	v := s.info.Video
	pf, pt := s.playedRange(from, to)
	deint := conform.Deinterlace(s.cfg.Deinterlace, v, fps)
	origin := v.StartPTS + frac.MulDivRound(s.trimStart.Num, v.TimeBase.Den, s.trimStart.Den*v.TimeBase.Num)
	origin *= deint.Ticks // bwdif counts fields
	// -ss counts from the container's start, which is before the
	// video's when the sound starts first: SeekBase bridges the two.
	seek := s.info.SeekBase() + s.trimStart.Float() + float64(pf)*float64(fps.Den)/float64(fps.Num)*s.speed() - seekMargin
	opts := decoder(s)
	if b.draft {
		// Deblocking is invisible at a quarter of the pixels, and
		// skipping it makes a preview's decoding, its main cost, cheaper.
		opts = append(opts, "-skip_loop_filter", "all")
	}
	if ss := seekArgs(seek); ss != nil {
		opts = append(append(opts, "-noaccurate_seek"), ss...)
	}
	idx := in.add(s.cfg.Source, opts...)
	timed := g.Label("t")
	filters := append(deint.Filters, conform.TimingAt(origin, s.speed(), fps, pf, pt)...)
	g.Chain([]string{fmt.Sprintf("%d:v:0", idx)}, append(filters, s.freezeFilters(fps, from, to)...), []string{timed})
	return conform.FitOn(g, timed, s.cfg.Fit, b.target, v, bars(s))
}

// bars is the colour of contain's bars: the scene's background colour,
// else black.
func bars(s scene) string {
	if bg := s.cfg.Background; bg != nil && bg.Color != "" {
		return bg.Color
	}
	return "black"
}

// decoder returns the input options that choose the decoder of a scene's
// source when FFmpeg's default would lose something (the alpha channel of
// WebM VP8/VP9: libvpx).
// stillRate is the input option that reads a still at the film's rate:
// -framerate, which only the image demuxers (image2 and the *_pipe ones)
// take. A one-frame GIF, APNG, MOV or MKV is a still read by its own
// demuxer, which refuses the option; Hold times its one frame anyway.
func stillRate(info *probe.Info, fps frac.Rational) []string {
	if f := info.Format; f == "image2" || strings.HasSuffix(f, "_pipe") {
		return []string{"-framerate", fps.String()}
	}
	return nil
}

func decoder(s scene) []string {
	if v := s.info.Video; v.Decoder != "" {
		return []string{"-c:v", v.Decoder}
	}
	return nil
}

// sceneJob is the job that decodes and conforms one scene once. It encodes
// the scene's body (the frames no transition touches) as a segment for each
// encoding, and hands the conformed frames under its transitions (head and
// tail) to the transition jobs as lossless raw video, so no clip is
// decoded, seeked or scaled twice. A long body may be split into chunks
// (chunks.go): a job per chunk, the first writing the head, the last the
// tail.
type sceneJob struct {
	jobs             []Job                   // the scene's job, or its chunks' in film order
	body             map[*encoding][]Segment // the body's segments in each encoding, in order; none when transitions take the whole scene
	head, tail       string                  // raw conformed frames [0, In) and [Frames-Out, Frames)
	headJob, tailJob string                  // the ids of the jobs writing them
}

// scenePart is one output of a scene job.
type scenePart struct {
	from, to int64
	path     string
	enc      *encoding // nil: raw
}

// sceneJob builds the job (or the chunks' jobs) of scene s placed at span.
func (b *builder) sceneJob(i int, s scene, span timeline.Scene) *sceneJob {
	name := fmt.Sprintf("s%02d-%s", i+1, safeName(s.cfg.ID))
	sj := &sceneJob{body: map[*encoding][]Segment{}, headJob: name, tailJob: name}
	var head, tail []scenePart
	if span.In > 0 {
		sj.head = filepath.Join(b.workDir, name+"-head.nut")
		head = []scenePart{{0, span.In, sj.head, nil}}
	}
	if span.Out > 0 {
		sj.tail = filepath.Join(b.workDir, name+"-tail.nut")
		tail = []scenePart{{s.frames - span.Out, s.frames, sj.tail, nil}}
	}
	from, to := span.Body()
	wins := chunkWindows(from, to, b.chunk)
	if len(wins) < 2 {
		var parts []scenePart
		// The bodies come first: ffmpeg's progress counts the first output.
		for _, e := range b.encs {
			if to > from {
				path := b.segmentPath(name+"-body", e)
				sj.body[e] = []Segment{{path, to - from}}
				parts = append(parts, scenePart{from, to, path, e})
			}
		}
		j := b.partsJob(name, s, span, append(append(parts, head...), tail...), false)
		j.Seconds = b.tl.Seconds(s.frames)
		j.Cost = b.sceneCost(s) + float64(len(b.encs)-1)*b.outPixels(to-from) + b.bodyLayerCost(span)
		sj.jobs = []Job{j}
		return sj
	}
	n := len(b.warnings)
	for c, w := range wins {
		id := fmt.Sprintf("%s-c%d", name, c+1)
		var parts []scenePart
		for _, e := range b.encs {
			path := b.segmentPath(id+"-body", e)
			sj.body[e] = append(sj.body[e], Segment{path, w.to - w.from})
			parts = append(parts, scenePart{w.from, w.to, path, e})
		}
		if c == 0 && head != nil {
			parts, sj.headJob = append(parts, head...), id
		}
		if c == len(wins)-1 && tail != nil {
			parts, sj.tailJob = append(parts, tail...), id
		}
		j := b.partsJob(id, s, span, parts, true)
		for k := range j.Files {
			// Each chunk's own (a card's script is the same for each, and
			// the executor writes it while another chunk may read it).
			f := &j.Files[k]
			ext := filepath.Ext(f.Path)
			f.Path = strings.TrimSuffix(f.Path, ext) + fmt.Sprintf("-c%d", c+1) + ext
		}
		lo, hi := partsWindow(parts, nil)
		j.Seconds = b.tl.Seconds(hi - lo)
		j.Cost = b.chunkCost(s, lo, hi) + float64(len(b.encs)-1)*b.outPixels(w.to-w.from) + b.layerCost(span.Start+w.from, w.to-w.from)
		sj.jobs = append(sj.jobs, j)
		if c == 0 {
			n = len(b.warnings) // said once, by the first chunk
		}
	}
	b.warnings = b.warnings[:n]
	return sj
}

// partsJob builds the job of scene s writing parts (the bodies first). It
// has a part per encoding of the body and one for the raw head and tail;
// each part's arguments are those of the job writing that part alone, so
// the raw frames' key does not depend on a film fade on the body, and a
// body's on the other encodings. A chunk's job decodes only its window
// (window; see sceneArgs). Seconds and Cost are the caller's.
func (b *builder) partsJob(id string, s scene, span timeline.Scene, parts []scenePart, window bool) Job {
	all := make([]int, len(parts))
	for k := range all {
		all[k] = k
	}
	n := len(b.warnings)
	args, in := b.sceneArgs(s, span, parts, all, window)
	groups, raw := sceneParts(parts)
	var together []Group
	if len(groups) > 1 {
		builds := 1 + len(groups)
		for k := range groups {
			groups[k].Args, _ = b.sceneArgs(s, span, parts, groups[k].Outputs, window)
		}
		if bodies := len(groups) - 1; raw != nil && bodies > 1 {
			// The bodies without the raw frames (a changed fade).
			var outs, idx []int
			for k := 0; k < bodies; k++ {
				outs, idx = append(outs, groups[k].Outputs...), append(idx, k)
			}
			a, _ := b.sceneArgs(s, span, parts, outs, window)
			together = []Group{{Parts: idx, Args: a}}
			builds++
		}
		b.warnings = b.warnings[:n+(len(b.warnings)-n)/builds] // said once, by the first build
	} else {
		groups = nil
	}
	outs := make([]string, len(parts))
	for k, pt := range parts {
		outs[k] = pt.path
	}
	return Job{ID: id, Kind: KindVideo, Scenes: sceneIDs(s), Args: args, Inputs: in.files, Parts: groups, Groups: together,
		Outputs: outs, Files: in.writes, Frames: parts[0].to - parts[0].from}
}

// sceneParts groups a scene job's outputs into parts: one per encoding of
// the body, then one for the raw head and tail (raw lists their indexes).
func sceneParts(parts []scenePart) (groups []Part, raw []int) {
	for k, pt := range parts {
		if pt.enc == nil {
			raw = append(raw, k)
			continue
		}
		groups = append(groups, Part{Name: "body " + encName(pt.enc), Outputs: []int{k}})
	}
	if raw != nil {
		groups = append(groups, Part{Name: "raw", Outputs: raw})
	}
	return groups, raw
}

// encName names an encoding in messages.
func encName(e *encoding) string {
	if e.id == "" {
		return "film"
	}
	return e.id
}

// sceneArgs are the arguments of scene s's job writing only the parts
// listed in sel (indexes into parts, which are also the job's outputs).
// The picture is the scene's frames [0, Frames), each part a trim of it;
// with window (a chunk's job) and a scene that can start anywhere
// (seekable), only the frames [lo, hi) the parts cover, still numbered as
// the scene's (branch), each part a trim of those.
func (b *builder) sceneArgs(s scene, span timeline.Scene, parts []scenePart, sel []int, window bool) ([]string, *inputs) {
	g := ffmpeg.NewGraph()
	in := &inputs{}
	lo, hi := int64(0), s.frames
	if window && s.seekable() {
		lo, hi = partsWindow(parts, sel)
	}
	lbl := b.branch(g, in, s, lo, hi)
	// The bodies of all encodings are one trim, faded once, split after.
	type cut struct {
		from, to int64
		raw      bool
		outs     []int
	}
	var cuts []cut
	for _, k := range sel {
		pt := parts[k]
		if pt.enc != nil && len(cuts) > 0 && !cuts[0].raw {
			cuts[0].outs = append(cuts[0].outs, k)
			continue
		}
		cuts = append(cuts, cut{pt.from, pt.to, pt.enc == nil, []int{k}})
	}
	labels := b.split(g, lbl, len(cuts))
	var fc []string
	for c, ct := range cuts {
		out := labels[c]
		if ct.from != lo || ct.to != hi {
			out = g.Label("out")
			g.Chain([]string{labels[c]}, []ffmpeg.Filter{
				ffmpeg.F("trim", "start_pts", strconv.FormatInt(ct.from-lo, 10), "end_pts", strconv.FormatInt(ct.to-lo, 10)),
				ffmpeg.F("setpts", "", "PTS-STARTPTS"),
			}, []string{out})
		}
		frames := strconv.FormatInt(ct.to-ct.from, 10)
		if ct.raw {
			fc = append(fc, "-map", "["+out+"]", "-frames:v", frames, "-an", "-sn", "-dn", "-c:v", "rawvideo", "-f", "nut", Out(ct.outs[0]))
			continue
		}
		out = b.drawLayers(g, in, out, span.Start+ct.from, ct.to-ct.from)
		out = b.fadePicture(g, out, span.Start+ct.from, ct.to-ct.from)
		encs := b.split(g, out, len(ct.outs))
		for e, k := range ct.outs {
			lbl, enc := b.encode(g, encs[e], parts[k].enc, Out(k))
			fc = append(fc, "-map", "["+lbl+"]", "-frames:v", frames, "-an", "-sn", "-dn")
			fc = append(fc, enc...)
		}
	}
	// The inputs are listed last: drawing the layers may add some.
	args := append(b.globalArgs(), "-copyts", "-filter_complex_threads", Threads)
	args = append(args, in.args...)
	args = append(args, "-filter_complex", g.String())
	return append(args, fc...), in
}

// split splits the stream at lbl into n (itself when n is 1).
func (b *builder) split(g *ffmpeg.Graph, lbl string, n int) []string {
	if n <= 1 {
		return []string{lbl}
	}
	labels := make([]string, n)
	for k := range labels {
		labels[k] = g.Label("part")
	}
	g.Chain([]string{lbl}, []ffmpeg.Filter{ffmpeg.F("split", "", strconv.Itoa(n))}, labels)
	return labels
}

// videoJob wraps a graph into a job that encodes frames frames of the film
// picture at lbl to one segment per encoding, named name, with a part per
// encoding (keyed from the graph encoding it alone).
func (b *builder) videoJob(id, name string, scenes []string, build func() (*ffmpeg.Graph, *inputs, string), frames int64) Job {
	jobArgs := func(encs []*encoding, first int) ([]string, *inputs) {
		g, in, lbl := build()
		args := b.globalArgs()
		if in.copyts {
			args = append(args, "-copyts")
		}
		args = append(args, "-filter_complex_threads", Threads)
		args = append(args, in.args...)
		var fc []string
		for e, lbl := range b.split(g, lbl, len(encs)) {
			l, enc := b.encode(g, lbl, encs[e], Out(first+e))
			fc = append(fc, "-map", "["+l+"]", "-frames:v", strconv.FormatInt(frames, 10), "-an", "-sn", "-dn")
			fc = append(fc, enc...)
		}
		return append(append(args, "-filter_complex", g.String()), fc...), in
	}
	args, in := jobArgs(b.encs, 0)
	var outs []string
	var parts []Part
	for k, e := range b.encs {
		outs = append(outs, b.segmentPath(name, e))
		if len(b.encs) > 1 {
			a, _ := jobArgs([]*encoding{e}, k)
			parts = append(parts, Part{Name: encName(e), Outputs: []int{k}, Args: a})
		}
	}
	return Job{ID: id, Kind: KindVideo, Scenes: scenes, Args: args, Inputs: in.files, Files: in.writes, Parts: parts,
		Outputs: outs, Frames: frames, Seconds: b.tl.Seconds(frames), Cost: float64(1+len(b.encs)) * b.outPixels(frames)}
}

// seconds formats a frame count as seconds for filter options (µs precision;
// filters round back to the exact frame).
func (b *builder) seconds(frames int64) string {
	return strconv.FormatFloat(b.tl.Seconds(frames), 'f', 6, 64)
}
