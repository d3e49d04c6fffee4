package exec

import (
	"time"

	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/pipeline/event"
	"github.com/reel-film/reel/pipeline/plan"
)

// event updates the aggregate progress and reports it.
func (r *runner) event(j *plan.Job, state string, pr ffmpeg.Progress, res *ffmpeg.Result) {
	r.sh.mu.Lock()
	defer r.sh.mu.Unlock()
	switch state {
	case "start":
		r.sh.running++
	case "progress":
		done := float64(pr.OutTimeUS) / 1e6
		if j.Frames > 0 {
			done = max(done, j.Seconds*float64(pr.Frame)/float64(j.Frames))
		}
		r.setProgress(j.ID, max(r.prog[j.ID], min(done, j.Seconds)))
	case "done", "failed", "cached":
		if state != "cached" {
			r.sh.running--
		}
		if k, ok := r.statIndex(j.ID); ok && state == "done" {
			// Another of the job's parts, run alone: one job still.
			st := &r.stats.Jobs[k]
			st.Wall += res.Wall
			st.CPU += res.UserCPU + res.SysCPU
			st.MaxRSSKB = max(st.MaxRSSKB, res.MaxRSSKB)
			break
		}
		if state != "failed" {
			r.sh.ndone++
			r.setProgress(j.ID, j.Seconds)
		}
		r.stats.Jobs = append(r.stats.Jobs, JobStats{Job: j.ID, Wall: res.Wall, CPU: res.UserCPU + res.SysCPU,
			MaxRSSKB: res.MaxRSSKB, Threads: r.threads[j.ID], Cached: state == "cached", Parts: r.ran[j.ID], Worker: r.where[j.ID]})
		if state == "cached" {
			r.stats.Cached++
		}
	}
	if r.opts.OnEvent == nil {
		return
	}
	ev := r.snapshot(j, state, pr)
	if res != nil {
		ev.CPU = (res.UserCPU + res.SysCPU).Seconds()
		ev.MaxRSSMB = float64(res.MaxRSSKB) / 1024
	}
	r.opts.OnEvent(ev)
}

// snapshot builds an event from the current totals (r.sh.mu held).
func (r *runner) snapshot(j *plan.Job, state string, pr ffmpeg.Progress) event.Event {
	sh := r.sh
	ev := event.Event{Job: j.ID, Kind: j.Kind, State: state, Frame: pr.Frame, Speed: pr.Speed, Threads: r.threads[j.ID],
		Running: sh.running, Done: sh.ndone, Total: sh.jobs, Elapsed: time.Since(sh.start).Seconds(),
		Variant: r.name, VariantsDone: sh.vdone, Variants: sh.variants}
	if j.Seconds > 0 {
		ev.Percent = 100 * r.prog[j.ID] / j.Seconds
	}
	if sh.total > 0 {
		ev.Overall = min(100, 100*sh.doneSec/sh.total)
	}
	if ev.Overall > 0 {
		ev.ETA = ev.Elapsed * (100 - ev.Overall) / ev.Overall
	}
	return ev
}

// setProgress records the seconds written by a job and keeps their sum, so
// that an event costs the same in a film of ten jobs or of ten thousand
// (r.sh.mu held).
func (r *runner) setProgress(id string, seconds float64) {
	r.sh.doneSec += seconds - r.prog[id]
	r.prog[id] = seconds
}

// warn records a warning of job j, to be kept with its cache entry, and
// reports it (notice).
func (r *runner) warn(j *plan.Job, msg string) {
	r.sh.mu.Lock()
	r.warns[j.ID] = append(r.warns[j.ID], msg)
	r.sh.mu.Unlock()
	r.notice(j, msg)
}

// jobWarnings returns the warnings job j has reported.
func (r *runner) jobWarnings(j *plan.Job) []string {
	r.sh.mu.Lock()
	defer r.sh.mu.Unlock()
	return append([]string(nil), r.warns[j.ID]...)
}

// notice reports a warning about job j that belongs to this render only (a
// damaged cache file rendered again): unlike warn, it is not kept with the
// job's cache entry.
func (r *runner) notice(j *plan.Job, msg string) {
	r.sh.mu.Lock()
	defer r.sh.mu.Unlock()
	r.stats.Warnings = append(r.stats.Warnings, msg)
	if r.opts.OnEvent == nil {
		return
	}
	ev := r.snapshot(j, "warning", ffmpeg.Progress{})
	ev.Warning = msg
	r.opts.OnEvent(ev)
}

// statIndex finds the statistics of job id that ran (r.sh.mu held).
func (r *runner) statIndex(id string) (int, bool) {
	for k, st := range r.stats.Jobs {
		if st.Job == id && !st.Cached {
			return k, true
		}
	}
	return 0, false
}

// ranParts records that only the parts listed of job j run (the others
// were cache hits).
func (r *runner) ranParts(j *plan.Job, parts []int) {
	r.sh.mu.Lock()
	defer r.sh.mu.Unlock()
	for _, k := range parts {
		r.ran[j.ID] = append(r.ran[j.ID], j.Parts[k].Name)
	}
}
