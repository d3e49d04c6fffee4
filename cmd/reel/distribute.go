package main

import (
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/reel-film/reel/pipeline"
	"github.com/reel-film/reel/service/bus"
	"github.com/reel-film/reel/service/dist"
)

// distFlags are reel render's flags for spreading its jobs over a
// service's workers.
type distFlags struct {
	on                       bool
	natsURL, creds, shareDir string
	chunk                    string
}

func (f *distFlags) add(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.BoolVar(&f.on, "distribute", false, "spread the scene, transition and audio jobs over the workers on --nats (the mux runs here)")
	fl.StringVar(&f.natsURL, "nats", "", "with --distribute: the NATS of the reel service whose workers run the jobs (nats://host:4222)")
	fl.StringVar(&f.creds, "nats-creds", "", "with --distribute: a NATS credentials file (or REEL_NATS_CREDS; a token: REEL_NATS_TOKEN)")
	fl.StringVar(&f.chunk, "chunk", "auto", "split a scene longer than 1.5 times this into jobs of about this length, joined by stream copy (auto: 4s with --distribute, else none; 0: none)")
	fl.StringVar(&f.shareDir, "shared-dir", "", "with --distribute: a directory every machine mounts, for the media instead of the object store")
}

// open connects to the workers' NATS when --distribute is given; close
// disconnects.
func (f *distFlags) open(cmd *cobra.Command) (*dist.Remote, func(), error) {
	nothing := func() {}
	if !f.on {
		if f.natsURL != "" || f.shareDir != "" || f.creds != "" {
			return nil, nothing, usage(errors.New("--nats, --nats-creds and --shared-dir go with --distribute"))
		}
		return nil, nothing, nil
	}
	if f.natsURL == "" {
		return nil, nothing, usage(errors.New("--distribute needs --nats URL: the NATS of the reel service whose workers run the jobs (reel worker --nats URL, or reel serve --nats-listen)"))
	}
	if f.shareDir != "" {
		if fi, err := os.Stat(f.shareDir); err != nil || !fi.IsDir() {
			return nil, nothing, usage(fmt.Errorf("--shared-dir %s: not a directory", f.shareDir))
		}
	}
	b, err := bus.Open(cmd.Context(), bus.Options{URL: f.natsURL, CredsFile: f.creds, Name: "reel render", Join: true})
	if err != nil {
		return nil, nothing, fmt.Errorf("%w (is a reel serve --nats-listen, or the NATS its workers use, running there?)", err)
	}
	if dist.SlotsAlive(cmd.Context(), b) == 0 {
		b.Close()
		return nil, nothing, fmt.Errorf("no worker with job slots is connected to %s: start one with reel worker --nats %s --job-slots 1 (or reel serve --job-slots 1), then render again", b.URL(), b.URL())
	}
	var store dist.Store
	if f.shareDir != "" {
		store = dist.DirStore(f.shareDir)
	}
	r, err := dist.New(b, dist.Options{Render: fmt.Sprintf("render-%d", os.Getpid()), Store: store})
	if err != nil {
		b.Close()
		return nil, nothing, err
	}
	return r, func() { r.Close(); b.Close() }, nil
}

// chunkSeconds is --chunk in seconds.
func (f *distFlags) chunkSeconds() (float64, error) {
	switch f.chunk {
	case "auto", "":
		if f.on {
			return dist.DefaultChunk.Seconds(), nil
		}
		return 0, nil
	case "0":
		return 0, nil
	}
	d, err := time.ParseDuration(f.chunk)
	if err != nil || d < 0 {
		return 0, usage(fmt.Errorf("--chunk %s: write a duration such as 4s or 500ms, 0 for none, or auto", f.chunk))
	}
	return d.Seconds(), nil
}

// jobsByWorker counts a render's jobs by the worker that ran them.
func jobsByWorker(res *pipeline.Result) map[string]int {
	out := map[string]int{}
	for _, j := range res.Stats.Jobs {
		switch {
		case j.Cached:
		case j.Worker == "":
			out["here"]++
		default:
			out[j.Worker]++
		}
	}
	return out
}

// distSummary is the distribution's part of render --json.
func distSummary(res *pipeline.Result, r *dist.Remote) map[string]any {
	t := r.Traffic()
	return map[string]any{"jobs_by_worker": jobsByWorker(res), "bytes_up": t.Up, "objects_up": t.UpObjs,
		"bytes_down": t.Down, "objects_down": t.DownObjs, "objects_already_stored": t.Skipped}
}

// printDist says where the jobs ran and what went through the store.
func printDist(cmd *cobra.Command, res *pipeline.Result, r *dist.Remote) {
	by := jobsByWorker(res)
	names := make([]string, 0, len(by))
	for w := range by {
		names = append(names, w)
	}
	sort.Strings(names)
	var parts []string
	for _, w := range names {
		parts = append(parts, fmt.Sprintf("%s %d", w, by[w]))
	}
	t := r.Traffic()
	fmt.Fprintf(cmd.OutOrStdout(), "jobs by worker: %s; object store: %s up in %d objects (%d already there), %s down in %d\n",
		strings.Join(parts, ", "), mib(t.Up), t.UpObjs, t.Skipped, mib(t.Down), t.DownObjs)
}

func mib(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }
