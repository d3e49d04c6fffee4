// Package api is reel's HTTP API (docs/server.md): the handlers of
// /v1/renders, /v1/templates, /v1/validate, /v1/schedules, the health and
// metrics endpoints and /v1/openapi.json, over a service.Backend.
package api

import (
	"log/slog"
	"net/http"

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

// New returns the API's handler over b.
func New(b service.Backend, o Options) http.Handler {
	return http.NotFoundHandler() // replaced by the API's implementation
}
