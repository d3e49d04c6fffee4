// Package progress shows a render's progress: one aggregate bar on a
// terminal, JSON lines for machines, or plain log lines when stderr is not a
// terminal.
package progress

import (
	"encoding/json"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/reel-film/reel/internal/suggest"
	"github.com/reel-film/reel/pipeline/event"
)

// Modes of Reporter.
const (
	Auto  = "auto"  // bar on a terminal, plain otherwise
	Bar   = "bar"   // an aggregate progress bar
	JSON  = "json"  // one JSON object per line
	Plain = "plain" // a log line per job start and end
	None  = "none"  // no progress (warnings still shown)
)

// Modes lists the accepted modes.
var Modes = []string{Auto, Bar, JSON, Plain, None}

// Reporter turns executor events into output on w.
type Reporter struct {
	mode string
	w    io.Writer
	bar  *progressbar.ProgressBar
	mu   sync.Mutex
	last time.Time
}

// New returns a reporter writing to w in mode; Auto picks Bar when w is a
// terminal (an *os.File, or any writer with the Fd method of one). Write
// errors are ignored: progress is advisory, and a reader that went away
// must not stop the render.
func New(mode string, w io.Writer) (*Reporter, error) {
	switch mode {
	case Auto, "":
		mode = Plain
		if f, ok := w.(interface{ Fd() uintptr }); ok && term.IsTerminal(int(f.Fd())) {
			mode = Bar
		}
	case Bar, JSON, Plain, None:
	default:
		return nil, fmt.Errorf("unknown progress mode %q%s (use one of auto, bar, json, plain, none)", mode,
			suggest.Hint(mode, []string{Auto, Bar, JSON, Plain, None}))
	}
	r := &Reporter{mode: mode, w: w}
	if mode == Bar {
		r.bar = progressbar.NewOptions(1000,
			progressbar.OptionSetWriter(w),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionShowElapsedTimeOnFinish(),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionSetWidth(30),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionSetDescription("rendering"))
	}
	return r, nil
}

// Event reports one executor event.
func (r *Reporter) Event(ev event.Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if ev.State == "warning" && r.mode != JSON {
		// Not progress: shown in every mode, as the plan's warnings are.
		if r.bar != nil {
			_ = r.bar.Clear()
		}
		fmt.Fprintln(r.w, "reel: warning: "+ev.Warning)
		return
	}
	switch r.mode {
	case JSON:
		b, _ := json.Marshal(ev)
		fmt.Fprintln(r.w, string(b))
	case Plain:
		if ev.Variant != "" && ev.Job != "" && ev.State != "progress" {
			// A batch's job: say whose.
			ev.Job += " of " + ev.Variant
		}
		switch ev.State {
		case "variant-done":
			fmt.Fprintf(r.w, "reel: [%d/%d variants] %s rendered\n", ev.VariantsDone, ev.Variants, ev.Variant)
		case "variant-failed":
			fmt.Fprintf(r.w, "reel: [%d/%d variants] %s failed\n", ev.VariantsDone, ev.Variants, ev.Variant)
		case "done":
			fmt.Fprintf(r.w, "reel: [%d/%d] %s done (%.1fs CPU, %.0f MB)\n", ev.Done, ev.Total, ev.Job, ev.CPU, ev.MaxRSSMB)
		case "cached":
			fmt.Fprintf(r.w, "reel: [%d/%d] %s from the cache\n", ev.Done, ev.Total, ev.Job)
		case "failed":
			fmt.Fprintf(r.w, "reel: %s failed\n", ev.Job)
		case "start":
			fmt.Fprintf(r.w, "reel: %s started\n", ev.Job)
		}
	case Bar:
		if ev.Variants > 0 {
			eta := ""
			if ev.ETA > 0 {
				eta = ", ETA " + (time.Duration(ev.ETA) * time.Second).String()
			}
			r.bar.Describe(fmt.Sprintf("%d/%d variants, %d jobs running%s", ev.VariantsDone, ev.Variants, ev.Running, eta))
		} else {
			r.bar.Describe(fmt.Sprintf("%d running, %d/%d done", ev.Running, ev.Done, ev.Total))
		}
		_ = r.bar.Set(int(ev.Overall * 10))
	}
}

// Finish clears the bar.
func (r *Reporter) Finish() {
	if r.bar != nil {
		_ = r.bar.Finish()
		_ = r.bar.Clear()
	}
}
