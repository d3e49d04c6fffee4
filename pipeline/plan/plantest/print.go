package plantest

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/reel-film/reel/pipeline/plan"
)

// Options says how Print shortens a plan.
type Options struct {
	Dir     string // the project's directory: paths below it are printed relative to it
	WorkDir string // the work directory: paths below it are printed by name (default WorkDir)
	// Summary leaves out the jobs' arguments and files: the plan's shape
	// (timeline, segments, jobs, their inputs, outputs and parts) only.
	Summary bool
}

// graphOptions are the arguments whose value is a filter graph, printed one
// filter per line.
var graphOptions = map[string]bool{"-filter_complex": true, "-lavfi": true, "-vf": true, "-af": true, "-filter:v": true, "-filter:a": true}

// Format renders a plan for a golden file: the film's format and timeline,
// the warnings, segments and delivered files, then one block per job with
// its kind, scenes, length, dependencies, inputs, outputs, the files
// written for it (a card script by its Style and Dialogue lines) and its
// ffmpeg arguments, references to its files expanded ({{threads}} kept):
// one line per input (its options and -i) and per output (its options and
// path), each filter graph one filter per line; then its parts, each with
// how the arguments that write it alone differ. A change to one filter thus
// changes one line of each plan that uses it.
func Format(p *plan.Plan, o Options) string {
	if o.WorkDir == "" {
		o.WorkDir = WorkDir
	}
	pr := &printer{o: o}
	pr.film(p)
	for _, j := range p.Jobs {
		pr.job(p, j)
	}
	return pr.b.String()
}

type printer struct {
	o Options
	b strings.Builder
}

func (pr *printer) line(indent int, format string, a ...any) {
	pr.b.WriteString(strings.Repeat("  ", indent))
	fmt.Fprintf(&pr.b, format, a...)
	pr.b.WriteByte('\n')
}

// path shortens the paths in s.
func (pr *printer) path(s string) string {
	s = strings.ReplaceAll(s, pr.o.WorkDir+string(filepath.Separator), "")
	if pr.o.Dir != "" {
		s = strings.ReplaceAll(s, pr.o.Dir+string(filepath.Separator), "")
	}
	return s
}

func (pr *printer) paths(ps []string) string {
	if len(ps) == 0 {
		return "-"
	}
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = pr.path(p)
	}
	return strings.Join(out, " ")
}

// film prints the plan's own fields.
func (pr *printer) film(p *plan.Plan) {
	pr.line(0, "film %dx%d at %v fps: %s, %ss, %d samples; output %s", p.Width, p.Height, p.FPS, frames(p.Frames),
		seconds(p.Seconds), p.Samples, pr.path(p.Output))
	tl := p.Timeline
	for _, s := range tl.Scenes {
		pr.line(0, "scene %s: %s at %d, head %d, tail %d", s.ID, frames(s.Frames), s.Start, s.In, s.Out)
	}
	for _, t := range tl.Transitions {
		if t.Frames == 0 && t.Requested == 0 {
			continue
		}
		pr.line(0, "transition %s → %s: %s at %d (asked %d)", tl.Scenes[t.From].ID, tl.Scenes[t.From+1].ID, frames(t.Frames), t.Start, t.Requested)
	}
	for _, w := range p.Warnings {
		pr.line(0, "warning: %s", pr.path(w))
	}
	for _, s := range p.Segments {
		pr.line(0, "segment %s: %s", pr.path(s.Path), frames(s.Frames))
	}
	for _, d := range p.Deliver {
		pr.line(0, "deliver %s: written as %s by %s", pr.path(d.Path), pr.path(d.Temp), d.Job)
	}
}

// job prints one job.
func (pr *printer) job(p *plan.Plan, j plan.Job) {
	pr.line(0, "")
	head := fmt.Sprintf("job %s: %s", j.ID, j.Kind)
	if len(j.Scenes) > 0 {
		head += " of " + strings.Join(j.Scenes, ", ")
	}
	if j.Frames > 0 {
		head += ", " + frames(j.Frames)
	}
	pr.line(0, "%s, %ss", head, seconds(j.Seconds))
	if len(j.Deps) > 0 {
		pr.line(1, "deps: %s", strings.Join(j.Deps, " "))
	}
	pr.line(1, "in: %s", pr.paths(j.Inputs))
	pr.line(1, "out: %s", pr.paths(j.Outputs))
	if j.Loudness != nil {
		pr.line(1, "loudness: %g LUFS, true peak %g dBTP", j.Loudness.I, j.Loudness.TruePeak)
	}
	if pr.o.Summary {
		for _, pt := range j.Parts {
			pr.line(1, "part %s: %s", pt.Name, pr.partOutputs(j, pt))
		}
		return
	}
	env := plan.JobEnv(&j, 0)
	env.Keep, env.NoThreads = true, true
	for _, f := range j.Files {
		pr.line(1, "file %s:", pr.path(f.Path))
		if c, err := plan.ExpandString(f.Content, env); err == nil {
			f.Content = c
		}
		for _, l := range fileLines(f) {
			pr.line(2, "%s", pr.path(l))
		}
	}
	expand := func(args []string) []string {
		out, err := plan.Expand(args, env)
		if err != nil {
			return append([]string{"(cannot expand: " + err.Error() + ")"}, args...)
		}
		return out
	}
	outs := map[string]bool{"-": true}
	for _, o := range j.Outputs {
		outs[o] = true
	}
	if len(j.Measure) > 0 {
		pr.line(1, "measure (%s):", j.MeasureFormat)
		pr.args(expand(j.Measure), outs)
	}
	pr.line(1, "args:")
	args := expand(j.Args)
	pr.args(args, outs)
	for _, pt := range j.Parts {
		pr.line(1, "part %s: %s", pt.Name, pr.partOutputs(j, pt))
		if pt.Args != nil {
			pr.argsDiff(args, expand(pt.Args), outs)
		}
	}
	for _, gr := range j.Groups {
		var names []string
		for _, k := range gr.Parts {
			names = append(names, j.Parts[k].Name)
		}
		pr.line(1, "group of %s:", strings.Join(names, ", "))
		pr.argsDiff(args, expand(gr.Args), outs)
	}
}

// partOutputs names the outputs of part pt of job j.
func (pr *printer) partOutputs(j plan.Job, pt plan.Part) string {
	var names []string
	for _, k := range pt.Outputs {
		names = append(names, pr.path(j.Outputs[k]))
	}
	return strings.Join(names, " ")
}

// fileLines are the lines of a file written for a job that a golden shows:
// a card script's styles and events, any other file whole.
func fileLines(f plan.File) []string {
	lines := strings.Split(strings.TrimRight(f.Content, "\n"), "\n")
	if filepath.Ext(f.Path) != ".ass" {
		return lines
	}
	var keep []string
	for _, l := range lines {
		if strings.HasPrefix(l, "Style:") || strings.HasPrefix(l, "Dialogue:") || strings.HasPrefix(l, "PlayRes") {
			keep = append(keep, l)
		}
	}
	return keep
}

// argsDiff prints how other arguments of a job (those that write some of
// its parts alone) differ from its arguments, as printed: the lines of args
// they drop (-) and those they have instead (+), in order (a longest
// common subsequence of lines is kept and not printed).
func (pr *printer) argsDiff(args, other []string, outs map[string]bool) {
	sub := &printer{o: pr.o}
	sub.args(args, outs)
	a := strings.Split(strings.TrimSuffix(sub.b.String(), "\n"), "\n")
	sub.b.Reset()
	sub.args(other, outs)
	b := strings.Split(strings.TrimSuffix(sub.b.String(), "\n"), "\n")
	for _, d := range diffLines(a, b) {
		pr.line(0, "  %c%s", d.op, d.text[1:])
	}
}

// edit is one line of a diff: '-' (only in the first text) or '+'.
type edit struct {
	op   byte
	text string
}

// diffLines lists the lines to drop from a and add to reach b, keeping a
// longest common subsequence.
func diffLines(a, b []string) []edit {
	n, m := len(a), len(b)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []edit
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && a[i] == b[j]:
			i, j = i+1, j+1
		case i < n && (j == m || lcs[i+1][j] >= lcs[i][j+1]):
			out = append(out, edit{'-', a[i]})
			i++
		default:
			out = append(out, edit{'+', b[j]})
			j++
		}
	}
	return out
}

// args prints ffmpeg arguments: a line ends after each input (-i and its
// value) and each output (a path in outs), and a filter graph is printed
// one filter per line.
func (pr *printer) args(args []string, outs map[string]bool) {
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			pr.line(2, "%s", strings.Join(cur, " "))
			cur = nil
		}
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case graphOptions[a] && i+1 < len(args):
			flush()
			pr.line(2, "%s", a)
			for _, l := range GraphLines(args[i+1]) {
				pr.line(3, "%s", pr.path(l))
			}
			i++
		case a == "-i" && i+1 < len(args):
			cur = append(cur, a, pr.path(args[i+1]))
			flush()
			i++
		default:
			cur = append(cur, pr.path(a))
			if outs[a] {
				flush()
			}
		}
	}
	flush()
}

// seconds writes seconds to the microsecond, without trailing zeros.
func seconds(s float64) string {
	return strings.TrimSuffix(strings.TrimRight(strconv.FormatFloat(s, 'f', 6, 64), "0"), ".")
}

// frames writes "1 frame" or "n frames".
func frames(n int64) string {
	if n == 1 {
		return "1 frame"
	}
	return strconv.FormatInt(n, 10) + " frames"
}
