package api

import (
	_ "embed"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/reel-film/reel/service"
)

// openapiJSON is the OpenAPI 3.1 description of the API (openapi.json).
//
//go:embed openapi.json
var openapiJSON []byte

// openapi is GET /v1/openapi.json.
func (a *api) openapi(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write(openapiJSON)
}

// scheduleList is the answer of GET /v1/schedules.
type scheduleList struct {
	Schedules []service.Schedule `json:"schedules"`
}

// schedules is GET /v1/schedules: the server's schedules with their next
// fire times.
func (a *api) schedules(w http.ResponseWriter, r *http.Request) {
	ss, err := a.b.Schedules(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if ss == nil {
		ss = []service.Schedule{}
	}
	writeJSON(w, http.StatusOK, scheduleList{ss})
}

// healthz is GET /healthz: the process answers.
func (a *api) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readyz is GET /readyz: 200 when the service takes renders, 503 (with
// why) when NATS is unreachable or the server drains.
func (a *api) readyz(w http.ResponseWriter, r *http.Request) {
	if err := a.b.Ready(r.Context()); err != nil {
		w.Header().Set("Retry-After", "5")
		writeJSON(w, http.StatusServiceUnavailable, errorBody{errorDetail{Message: "not ready: " + firstLine(err.Error())}})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

// metrics is GET /metrics: the service's counters in Prometheus's text
// format (version 0.0.4).
func (a *api) metrics(w http.ResponseWriter, r *http.Request) {
	m, err := a.b.Metrics(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	w.Write([]byte(prometheus(m)))
}

// prometheus writes m in Prometheus's text format.
func prometheus(m service.Metrics) string {
	var b strings.Builder
	metric := func(name, typ, help string, samples ...string) {
		fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, typ)
		for _, s := range samples {
			b.WriteString(name + s + "\n")
		}
	}
	metric("reel_renders", "gauge", "Renders by status (running: preparing or rendering).",
		fmt.Sprintf(`{status="queued"} %d`, m.Queued),
		fmt.Sprintf(`{status="running"} %d`, m.Running),
		fmt.Sprintf(`{status="done"} %d`, m.Done),
		fmt.Sprintf(`{status="failed"} %d`, m.Failed),
		fmt.Sprintf(`{status="cancelled"} %d`, m.Cancelled))
	metric("reel_render_seconds_total", "counter", "Seconds spent rendering, summed over finished renders.",
		" "+formatFloat(m.RenderSeconds))
	metric("reel_renders_finished_total", "counter", "Renders finished (done, failed or cancelled).",
		fmt.Sprintf(" %d", m.RendersFinished))
	metric("reel_jobs_total", "counter", "Jobs of finished renders, by where their output came from.",
		fmt.Sprintf(`{from="run"} %d`, m.JobsRun),
		fmt.Sprintf(`{from="cache"} %d`, m.JobsCached))
	metric("reel_workers_alive", "gauge", "Workers that sent a heartbeat recently.",
		fmt.Sprintf(" %d", m.WorkersAlive))
	return b.String()
}

// formatFloat writes f as Prometheus reads it.
func formatFloat(f float64) string {
	return strconv.FormatFloat(f, 'g', -1, 64)
}
