package api

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/service"
)

// errorBody is the JSON of every error answer.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Message string                    `json:"message"`
	Errors  []service.ValidationError `json:"errors,omitempty"`
}

// statusOf maps a Backend error to its HTTP status.
func statusOf(err error) int {
	var mb *http.MaxBytesError
	switch {
	case errors.As(err, &mb):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, service.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, service.ErrForbidden), config.Forbidden(err):
		return http.StatusForbidden
	case errors.Is(err, service.ErrInvalid):
		return http.StatusBadRequest
	case errors.Is(err, service.ErrConflict):
		return http.StatusConflict
	case errors.Is(err, service.ErrDraining):
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// validationErrors lists the project problems err holds (config.Errors
// or one config.Error), nil for none.
func validationErrors(err error) []service.ValidationError {
	var es config.Errors
	var one *config.Error
	switch {
	case errors.As(err, &es):
	case errors.As(err, &one):
		es = config.Errors{one}
	default:
		return nil
	}
	out := make([]service.ValidationError, 0, len(es))
	for _, e := range es {
		msg := e.Msg
		if e.Row != "" {
			msg = e.Row + ": " + msg
		}
		out = append(out, service.ValidationError{File: e.File, Line: e.Line, Path: e.Path, Message: msg})
	}
	return out
}

// writeError answers err with its status. A server error's message is
// logged, not sent (it may name the server's files); the client gets the
// request id to quote.
func (a *api) writeError(w http.ResponseWriter, r *http.Request, err error) {
	status := statusOf(err)
	msg := err.Error()
	if status == http.StatusInternalServerError {
		id := w.Header().Get("X-Request-Id")
		a.log.Error("request failed", "request", id, "method", r.Method, "path", r.URL.Path, "error", err)
		msg = "internal error (request " + id + "; the server's log says more)"
	}
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "30")
	}
	var ve []service.ValidationError
	if status == http.StatusBadRequest || status == http.StatusForbidden {
		ve = validationErrors(err)
		if len(ve) > 0 {
			msg = "the project has " + plural(len(ve), "a problem", "problems") + ": " + firstLine(msg)
		}
	}
	writeJSONError(w, status, msg, ve)
}

// badRequest answers 400 with msg.
func badRequest(w http.ResponseWriter, msg string) {
	writeJSONError(w, http.StatusBadRequest, msg, nil)
}

// writeJSONError writes an error body.
func writeJSONError(w http.ResponseWriter, status int, msg string, errs []service.ValidationError) {
	writeJSON(w, status, errorBody{errorDetail{Message: msg, Errors: errs}})
}

// writeJSON writes v as JSON with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		status = http.StatusInternalServerError
		data = []byte(`{"error": {"message": "internal error: encoding the answer"}}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(append(data, '\n'))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// firstLine returns s up to its first newline, with " ..." when cut.
func firstLine(s string) string {
	for i := range len(s) {
		if s[i] == '\n' {
			return s[:i] + " ..."
		}
	}
	return s
}
