package api

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/reel-film/reel/service"
)

// renderPath is the URL path of the render id.
func renderPath(id string) string { return "/v1/renders/" + url.PathEscape(id) }

// outputURL is the URL path of a render's output (its name's segments
// escaped, its slashes kept).
func outputURL(id, name string) string {
	segs := strings.Split(name, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return renderPath(id) + "/outputs/" + strings.Join(segs, "/")
}

// withLinks fills a render's links and its outputs' URLs (on a copy).
func withLinks(r *service.Render) *service.Render {
	c := *r
	p := renderPath(r.ID)
	c.Links = map[string]string{"self": p, "events": p + "/events", "outputs": p + "/outputs"}
	c.Outputs = outputsWithURLs(r.ID, r.Outputs)
	if r.Variants != nil {
		c.Variants = make([]service.Variant, len(r.Variants))
		for i, v := range r.Variants {
			v.Outputs = outputsWithURLs(r.ID, v.Outputs)
			c.Variants[i] = v
		}
	}
	return &c
}

func outputsWithURLs(id string, outs []service.Output) []service.Output {
	c := make([]service.Output, len(outs))
	for i, o := range outs {
		o.URL = outputURL(id, o.Name)
		c[i] = o
	}
	return c
}

// submit is POST /v1/renders: 201 with the new render, 200 with the
// earlier one when the Idempotency-Key names it.
func (a *api) submit(w http.ResponseWriter, r *http.Request) {
	s, err := a.readSubmission(w, r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.queue(w, r, s)
}

// queue submits s and answers with the render.
func (a *api) queue(w http.ResponseWriter, r *http.Request, s *submission) {
	rd, existing, err := a.b.Submit(r.Context(), s.Submission)
	if err != nil || existing {
		s.cleanup() // not queued, or the earlier submission has its own
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	rd = withLinks(rd)
	w.Header().Set("Location", rd.Links["self"])
	status := http.StatusCreated
	if existing {
		status = http.StatusOK
	}
	writeJSON(w, status, rd)
}

// get is GET /v1/renders/{id}.
func (a *api) get(w http.ResponseWriter, r *http.Request) {
	rd, err := a.b.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, withLinks(rd))
}

// renderList is the answer of GET /v1/renders.
type renderList struct {
	Renders []*service.Render `json:"renders"`
	// Cursor continues the list ("" on the last page); Next is the URL
	// of the next page.
	Cursor string `json:"cursor,omitempty"`
	Next   string `json:"next,omitempty"`
}

// statuses are the valid values of ?status=.
var statuses = []service.Status{service.Queued, service.Preparing, service.Rendering, service.Done, service.Failed, service.Cancelled}

// list is GET /v1/renders?status=&limit=&cursor=.
func (a *api) list(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	lq := service.ListQuery{Status: service.Status(q.Get("status")), Cursor: q.Get("cursor")}
	if lq.Status != "" && !validStatus(lq.Status) {
		badRequest(w, fmt.Sprintf("status %q: a status is one of queued, preparing, rendering, done, failed, cancelled", q.Get("status")))
		return
	}
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > 500 {
			badRequest(w, fmt.Sprintf("limit %q: a limit is a number from 1 to 500", l))
			return
		}
		lq.Limit = n
	}
	rs, next, err := a.b.List(r.Context(), lq)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out := renderList{Renders: make([]*service.Render, len(rs)), Cursor: next}
	for i, rd := range rs {
		out.Renders[i] = withLinks(rd)
	}
	if next != "" {
		nq := url.Values{"cursor": {next}}
		if lq.Status != "" {
			nq.Set("status", string(lq.Status))
		}
		if lq.Limit > 0 {
			nq.Set("limit", strconv.Itoa(lq.Limit))
		}
		out.Next = "/v1/renders?" + nq.Encode()
		w.Header().Set("Link", "<"+out.Next+`>; rel="next"`)
	}
	writeJSON(w, http.StatusOK, out)
}

func validStatus(s service.Status) bool {
	for _, v := range statuses {
		if s == v {
			return true
		}
	}
	return false
}

// cancel is DELETE /v1/renders/{id}: 200 with the render, 409 when it
// is already final.
func (a *api) cancel(w http.ResponseWriter, r *http.Request) {
	rd, err := a.b.Cancel(r.Context(), r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, withLinks(rd))
}

// events is GET /v1/renders/{id}/events: Server-Sent Events, one per
// service.Event (id, event type, JSON data), resumed after Last-Event-ID
// or ?after=, with a comment line every keepAlive while idle; the stream
// ends after the render's final status.
func (a *api) events(w http.ResponseWriter, r *http.Request) {
	var after uint64
	last := r.Header.Get("Last-Event-ID")
	if last == "" {
		last = r.URL.Query().Get("after")
	}
	if last != "" {
		n, err := strconv.ParseUint(strings.TrimSpace(last), 10, 64)
		if err != nil {
			badRequest(w, fmt.Sprintf("Last-Event-ID (or after=) %q is not an event id (a whole number)", last))
			return
		}
		after = n
	}
	ctx := r.Context()
	ch, err := a.b.Events(ctx, r.PathValue("id"), after)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	rc := http.NewResponseController(w)
	rc.SetWriteDeadline(time.Time{}) // a stream outlives the server's write timeout
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no") // nginx: don't buffer the stream
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	io.WriteString(w, "retry: 2000\n\n")
	rc.Flush()
	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if _, err := io.WriteString(w, ": keep-alive\n\n"); err != nil {
				return
			}
			rc.Flush()
		case ev, ok := <-ch:
			if !ok {
				return
			}
			data, err := json.Marshal(ev)
			if err != nil {
				continue
			}
			typ := ev.Type
			if typ == "" || strings.ContainsAny(typ, "\r\n") {
				typ = "message"
			}
			if _, err := fmt.Fprintf(w, "id: %d\nevent: %s\ndata: %s\n\n", ev.ID, typ, data); err != nil {
				return
			}
			rc.Flush()
		}
	}
}

// outputList is the answer of GET /v1/renders/{id}/outputs.
type outputList struct {
	Outputs []service.Output `json:"outputs"`
}

// outputs is GET /v1/renders/{id}/outputs: the render's files (with the
// variants' files after its own).
func (a *api) outputs(w http.ResponseWriter, r *http.Request) {
	rd, err := a.b.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, outputList{Outputs: allOutputs(withLinks(rd))})
}

// contentTypes are the media types of reel's outputs that Go's table may
// not know (it reads the system's, which varies).
var contentTypes = map[string]string{
	".mp4": "video/mp4", ".m4v": "video/mp4", ".mov": "video/quicktime", ".webm": "video/webm",
	".mkv": "video/x-matroska", ".gif": "image/gif", ".png": "image/png", ".jpg": "image/jpeg",
	".jpeg": "image/jpeg", ".webp": "image/webp", ".m4a": "audio/mp4", ".mp3": "audio/mpeg",
	".wav": "audio/wav", ".aac": "audio/aac", ".ogg": "audio/ogg", ".opus": "audio/ogg",
	".srt": "application/x-subrip", ".vtt": "text/vtt; charset=utf-8", ".ass": "text/plain; charset=utf-8",
	".json": "application/json", ".txt": "text/plain; charset=utf-8", ".ts": "video/mp2t",
}

// contentType returns the media type of a file called name.
func contentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// output is GET /v1/renders/{id}/outputs/{name...}: the file, with Range
// requests, conditional requests on its ETag (its SHA-256) and a
// Content-Type by its extension.
func (a *api) output(w http.ResponseWriter, r *http.Request) {
	id, name := r.PathValue("id"), r.PathValue("name")
	if !cleanOutputName(name) {
		writeJSONError(w, http.StatusNotFound, fmt.Sprintf("render %s has no output %q", id, name), nil)
		return
	}
	ctx := r.Context()
	rd, err := a.b.Get(ctx, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	var sum string
	for _, o := range allOutputs(rd) {
		if o.Name == name {
			sum = o.SHA256
		}
	}
	f, err := a.b.Output(ctx, id, name)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	defer f.Close()
	h := w.Header()
	h.Set("Content-Type", contentType(name))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Disposition", mime.FormatMediaType("inline", map[string]string{"filename": path.Base(name)}))
	if sum != "" {
		h.Set("ETag", `"`+sum+`"`)
		h.Set("Cache-Control", "private, max-age=31536000, immutable")
	}
	http.ServeContent(w, r, path.Base(name), f.ModTime(), f)
}

// allOutputs returns a render's outputs and its variants'.
func allOutputs(rd *service.Render) []service.Output {
	out := append([]service.Output{}, rd.Outputs...)
	for _, v := range rd.Variants {
		out = append(out, v.Outputs...)
	}
	return out
}

// cleanOutputName says whether name is a relative path with no empty, "."
// or ".." segment, no backslash and no NUL (the Backend checks too).
func cleanOutputName(name string) bool {
	if name == "" || strings.ContainsAny(name, "\\\x00") {
		return false
	}
	for _, s := range strings.Split(name, "/") {
		if s == "" || s == "." || s == ".." {
			return false
		}
	}
	return true
}

// validate is POST /v1/validate: what reel validate --json says of a
// submission, without queueing it (its uploads are removed after).
func (a *api) validate(w http.ResponseWriter, r *http.Request) {
	s, err := a.readSubmission(w, r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	defer s.cleanup()
	v, err := a.b.Validate(r.Context(), s.Submission)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if v.Errors == nil {
		v.Errors = []service.ValidationError{}
	}
	if v.Warnings == nil {
		v.Warnings = []string{}
	}
	writeJSON(w, http.StatusOK, v)
}
