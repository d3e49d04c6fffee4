package source

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"path/filepath"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/secret"
)

// replicate runs a model through Replicate's predictions API: create
// (POST /v1/models/{owner}/{name}/predictions, or POST /v1/predictions with
// a version), poll (GET /v1/predictions/{id}) until succeeded, failed or
// canceled, then download the output. The token is read from the
// environment variable the project names and is sent only to the API.
type replicate struct {
	g *config.Generator
	c *client
}

func newReplicate(g *config.Generator, d Deps) (Generator, error) {
	if !secret.EnvName(g.TokenEnv) || secret.LooksLikeToken(g.TokenEnv) {
		return nil, &SetupError{Key: "token_env", Msg: "token_env must name an environment variable (like " + config.DefaultTokenEnv + "), not hold the token itself (the value is not shown)"}
	}
	token := d.Getenv(g.TokenEnv)
	if token == "" {
		return nil, &SetupError{Key: "token_env", Msg: fmt.Sprintf("the environment variable %s is not set (it must hold the Replicate API token)", g.TokenEnv)}
	}
	return &replicate{g: g, c: &client{d: d, retries: g.Retries, auth: "Bearer " + token, secret: token}}, nil
}

// replicateFingerprint is the model or version and the input template.
func replicateFingerprint(g *config.Generator) (any, error) {
	return struct {
		Model   string         `json:"model,omitempty"`
		Version string         `json:"version,omitempty"`
		Input   map[string]any `json:"input"`
	}{g.Model, g.Version, g.Input}, nil
}

// prediction is the part of Replicate's prediction object reel reads.
type prediction struct {
	ID     string `json:"id"`
	Status string `json:"status"` // starting | processing | succeeded | failed | canceled
	Output any    `json:"output"` // a URL, a list of URLs, or a model's own shape
	Error  any    `json:"error"`
}

// Generate creates a prediction, waits for it and downloads its output.
func (r *replicate) Generate(ctx context.Context, req Request, dir string) (string, error) {
	body := map[string]any{"input": ExpandJSON(r.g.Input, fields(req, ""))}
	endpoint := r.g.URL + "/v1/models/" + r.g.Model + "/predictions"
	if r.g.Version != "" {
		endpoint = r.g.URL + "/v1/predictions"
		body["version"] = r.g.Version
	}
	var p prediction
	if err := r.c.call(ctx, http.MethodPost, endpoint, body, &p); err != nil {
		return "", err
	}
	if p.ID == "" {
		return "", errors.New("malformed response from Replicate: the prediction has no id")
	}
	for p.Status != "succeeded" {
		switch p.Status {
		case "failed", "canceled":
			return "", r.c.clean(fmt.Errorf("prediction %s %s: %s", p.ID, p.Status, predictionError(p.Error)))
		case "starting", "processing", "":
		default:
			return "", fmt.Errorf("malformed response from Replicate: prediction %s has status %q", p.ID, p.Status)
		}
		if !sleep(ctx, r.c.d.Poll) {
			return "", fmt.Errorf("prediction %s did not finish (%s): %w", p.ID, p.Status, context.Cause(ctx))
		}
		if err := r.c.call(ctx, http.MethodGet, r.g.URL+"/v1/predictions/"+url.PathEscape(p.ID), nil, &p); err != nil {
			return "", err
		}
	}
	u, ok := firstURL(p.Output)
	if !ok {
		return "", r.c.clean(fmt.Errorf("prediction %s succeeded without a file URL in its output: %s", p.ID, clip(fmt.Sprint(p.Output))))
	}
	out := filepath.Join(dir, "output"+extOf(urlPath(u)))
	return out, (&client{d: r.c.d, retries: r.c.retries, secret: r.c.secret}).download(ctx, u, out)
}

// predictionError is the text of a prediction's error field.
func predictionError(v any) string {
	switch x := v.(type) {
	case nil:
		return "no error message"
	case string:
		return clip(x)
	case map[string]any:
		if parts := appendMessage(nil, x); len(parts) > 0 {
			return clip(parts[0])
		}
	}
	return clip(fmt.Sprint(v))
}

// firstURL finds the output file: a URL, the first of a list, or the first
// URL value of an object (by the order the model wrote them is lost, so
// "video" and "output" are tried first).
func firstURL(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		u, err := url.Parse(x)
		return x, err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
	case []any:
		for _, e := range x {
			if u, ok := firstURL(e); ok {
				return u, true
			}
		}
	case map[string]any:
		for _, k := range []string{"video", "output", "url"} {
			if u, ok := firstURL(x[k]); ok {
				return u, true
			}
		}
	}
	return "", false
}

// urlPath is the path of a URL, for its file extension.
func urlPath(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return path.Base(p.Path)
}
