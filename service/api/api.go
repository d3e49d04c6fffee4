// Package api is reel's HTTP API (docs/server.md): the handlers of
// /v1/renders, /v1/templates, /v1/validate, /v1/schedules, the health and
// metrics endpoints and /v1/openapi.json, over a service.Backend.
//
// Every answer but a file, an event stream and the metrics is JSON; an
// error is {"error": {"message": "...", "errors": [...]}} with the status
// of the Backend's sentinel error (statusOf). A token, when set, is asked
// of every request but /healthz and /readyz, and never logged; request
// logs show the method, the path and the status, never the query.
package api

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/reel-film/reel/service"
)

// Options are the API's limits and its token.
type Options struct {
	// Token, when not empty, is required as "Authorization: Bearer TOKEN"
	// on every endpoint but /healthz and /readyz (compared in constant
	// time; never logged).
	Token []byte
	// MaxBody bounds a project body (default 4 MiB); MaxUpload a multipart
	// submission with its media (default 2 GiB).
	MaxBody, MaxUpload int64
	Log                *slog.Logger // nil discards
}

// The default limits of Options.
const (
	DefaultMaxBody   = 4 << 20
	DefaultMaxUpload = 2 << 30
)

// keepAlive is how often an idle event stream gets a comment line (a
// variable for the tests).
var keepAlive = 15 * time.Second

// observe, when set (by the tests), is told the route pattern and status
// of every answer: the OpenAPI test checks the statuses are documented.
var observe func(pattern string, status int)

// api holds the handlers' dependencies.
type api struct {
	b         service.Backend
	o         Options
	log       *slog.Logger
	tokenHash [sha256.Size]byte
	needToken bool
	mux       *http.ServeMux
}

// route is one endpoint: its ServeMux pattern and handler. public routes
// need no token.
type route struct {
	pattern string
	public  bool
	h       func(a *api, w http.ResponseWriter, r *http.Request)
}

// routes are every endpoint of the API (the OpenAPI document lists the
// same, which its test checks).
var routes = []route{
	{"POST /v1/renders", false, (*api).submit},
	{"GET /v1/renders", false, (*api).list},
	{"GET /v1/renders/{id}", false, (*api).get},
	{"DELETE /v1/renders/{id}", false, (*api).cancel},
	{"GET /v1/renders/{id}/events", false, (*api).events},
	{"GET /v1/renders/{id}/outputs", false, (*api).outputs},
	{"GET /v1/renders/{id}/outputs/{name...}", false, (*api).output},
	{"POST /v1/validate", false, (*api).validate},
	{"POST /v1/templates", false, (*api).putTemplate},
	{"GET /v1/templates", false, (*api).listTemplates},
	{"GET /v1/templates/{id}", false, (*api).getTemplate},
	{"DELETE /v1/templates/{id}", false, (*api).deleteTemplate},
	{"POST /v1/templates/{id}/renders", false, (*api).templateRender},
	{"GET /v1/schedules", false, (*api).schedules},
	{"GET /v1/openapi.json", false, (*api).openapi},
	{"GET /metrics", false, (*api).metrics},
	{"GET /healthz", true, (*api).healthz},
	{"GET /readyz", true, (*api).readyz},
}

// New returns the API's handler over b.
func New(b service.Backend, o Options) http.Handler {
	if o.MaxBody <= 0 {
		o.MaxBody = DefaultMaxBody
	}
	if o.MaxUpload <= 0 {
		o.MaxUpload = DefaultMaxUpload
	}
	a := &api{b: b, o: o, log: o.Log, mux: http.NewServeMux()}
	if a.log == nil {
		a.log = slog.New(slog.DiscardHandler)
	}
	// A token read from a file may end with a newline. One of spaces only
	// still closes the API: no token sent matches it.
	a.needToken = len(o.Token) > 0
	a.tokenHash = sha256.Sum256(bytes.TrimSpace(o.Token))
	if a.needToken && len(bytes.TrimSpace(o.Token)) == 0 {
		a.log.Error("the API token is blank: no request will be authorized")
		rand.Read(a.tokenHash[:])
	}
	for _, rt := range routes {
		h := rt.h
		a.mux.HandleFunc(rt.pattern, func(w http.ResponseWriter, r *http.Request) { h(a, w, r) })
	}
	return a
}

// publicPatterns are the patterns served without a token.
var publicPatterns = func() map[string]bool {
	m := map[string]bool{}
	for _, rt := range routes {
		if rt.public {
			m[rt.pattern] = true
		}
	}
	return m
}()

// ServeHTTP logs the request, checks the token, and hands the request to
// its route; a path or method of no route gets a JSON 404 or 405.
func (a *api) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rw := &recorder{ResponseWriter: w}
	_, pattern := a.mux.Handler(r)
	reqID := newRequestID()
	rw.Header().Set("X-Request-Id", reqID)
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			a.log.Error("panic in a handler", "request", reqID, "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			if !rw.wrote {
				writeJSONError(rw, http.StatusInternalServerError, "internal error (request "+reqID+")", nil)
			}
		}
		if observe != nil {
			observe(pattern, rw.status)
		}
		a.log.Info("request", "request", reqID, "method", r.Method, "path", r.URL.Path, "status", rw.status,
			"bytes", rw.bytes, "took", time.Since(start).Round(time.Microsecond))
	}()
	if !publicPatterns[pattern] && !a.authorized(r) {
		rw.Header().Set("WWW-Authenticate", `Bearer realm="reel"`)
		writeJSONError(rw, http.StatusUnauthorized, "a bearer token is required: send Authorization: Bearer TOKEN", nil)
		return
	}
	if pattern == "" {
		a.unrouted(rw, r)
		return
	}
	a.mux.ServeHTTP(rw, r)
}

// unrouted answers a request no route takes: 405 with Allow when the path
// exists under another method, else 404, as JSON.
func (a *api) unrouted(w http.ResponseWriter, r *http.Request) {
	// Let the mux decide between 404 and 405 (and fill Allow) without
	// writing its plain-text body.
	c := &capture{header: http.Header{}}
	a.mux.ServeHTTP(c, r)
	if allow := c.header.Get("Allow"); allow != "" {
		w.Header().Set("Allow", allow)
	}
	status := c.status
	if status == 0 || status == http.StatusOK {
		status = http.StatusNotFound
	}
	// A path that the mux would redirect (a trailing slash, "..") keeps
	// its redirect.
	if loc := c.header.Get("Location"); loc != "" && status >= 300 && status < 400 {
		w.Header().Set("Location", loc)
		w.WriteHeader(status)
		return
	}
	msg := "no such endpoint: " + r.Method + " " + r.URL.Path + " (the API is described at /v1/openapi.json)"
	if status == http.StatusMethodNotAllowed {
		msg = r.Method + " is not allowed on " + r.URL.Path + " (allowed: " + c.header.Get("Allow") + ")"
	}
	writeJSONError(w, status, msg, nil)
}

// authorized says whether r carries the token (or none is needed). The
// token and the one sent are compared as SHA-256 hashes, in constant time,
// so neither their content nor their length shows in the timing.
func (a *api) authorized(r *http.Request) bool {
	if !a.needToken {
		return true
	}
	auth := r.Header.Get("Authorization")
	scheme, tok, ok := strings.Cut(auth, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return false
	}
	got := sha256.Sum256([]byte(strings.TrimSpace(tok)))
	return subtle.ConstantTimeCompare(got[:], a.tokenHash[:]) == 1
}

// recorder remembers the status and size of an answer, for the log. It
// passes Flush and the rest on (http.ResponseController unwraps it).
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
	wrote  bool
}

func (r *recorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(p []byte) (int, error) {
	if !r.wrote {
		r.status, r.wrote = http.StatusOK, true
	}
	n, err := r.ResponseWriter.Write(p)
	r.bytes += int64(n)
	return n, err
}

// ReadFrom copies src to the answer, through the writer underneath's
// ReadFrom when it has one (sendfile for http.ServeContent).
func (r *recorder) ReadFrom(src io.Reader) (int64, error) {
	if !r.wrote {
		r.status, r.wrote = http.StatusOK, true
	}
	n, err := io.Copy(r.ResponseWriter, src)
	r.bytes += n
	return n, err
}

// Unwrap gives http.ResponseController the writer underneath.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// capture is a ResponseWriter that keeps the status and headers and drops
// the body.
type capture struct {
	header http.Header
	status int
}

func (c *capture) Header() http.Header { return c.header }
func (c *capture) WriteHeader(code int) {
	if c.status == 0 {
		c.status = code
	}
}
func (c *capture) Write(p []byte) (int, error) {
	if c.status == 0 {
		c.status = http.StatusOK
	}
	return len(p), nil
}

// newRequestID returns 8 random bytes in hex.
func newRequestID() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
