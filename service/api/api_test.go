package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/service"
)

const project = "output: {path: film.mp4, size: 160x90}\nscenes:\n  - placeholder: {text: Hi}\n    duration: 1s\n"

// setup returns a fake backend and the API over it.
func setup(t *testing.T, o Options) (*fake, http.Handler) {
	t.Helper()
	f := newFake(t.TempDir())
	return f, New(f, o)
}

// do serves one request; hdr is name, value pairs.
func do(t *testing.T, h http.Handler, method, target string, body io.Reader, hdr ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, body)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// decode reads a JSON answer into v.
func decode(t *testing.T, rec *httptest.ResponseRecorder, v any) {
	t.Helper()
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type %q, want JSON; body %s", ct, rec.Body)
	}
	if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
		t.Fatalf("decoding %s: %v", rec.Body, err)
	}
}

// errorOf returns the error body of an answer.
func errorOf(t *testing.T, rec *httptest.ResponseRecorder) errorDetail {
	t.Helper()
	var e errorBody
	decode(t, rec, &e)
	if e.Error.Message == "" {
		t.Fatalf("error without a message: %s", rec.Body)
	}
	return e.Error
}

func TestAuth(t *testing.T) {
	const token = "tok-PLANTED-0123456789abcdef"
	var logs bytes.Buffer
	f, h := setup(t, Options{Token: []byte(token), Log: slog.New(slog.NewTextHandler(&logs, nil))})
	r := f.add(service.Done, "film.mp4", []byte("data"))
	tests := []struct {
		name, method, target, auth string
		want                       int
	}{
		{"no token", "GET", "/v1/renders", "", 401},
		{"wrong token", "GET", "/v1/renders", "Bearer nope", 401},
		{"token prefix", "GET", "/v1/renders", "Bearer " + token[:10], 401},
		{"token longer", "GET", "/v1/renders", "Bearer " + token + "x", 401},
		{"basic scheme", "GET", "/v1/renders", "Basic " + token, 401},
		{"no scheme", "GET", "/v1/renders", token, 401},
		{"right token", "GET", "/v1/renders", "Bearer " + token, 200},
		{"lower-case scheme", "GET", "/v1/renders", "bearer " + token, 200},
		{"get without token", "GET", "/v1/renders/" + r.ID, "", 401},
		{"output without token", "GET", "/v1/renders/" + r.ID + "/outputs/film.mp4", "", 401},
		{"submit without token", "POST", "/v1/renders", "", 401},
		{"metrics without token", "GET", "/metrics", "", 401},
		{"openapi without token", "GET", "/v1/openapi.json", "", 401},
		{"unknown path without token", "GET", "/v1/nothing", "", 401},
		{"unknown path with token", "GET", "/v1/nothing", "Bearer " + token, 404},
		{"healthz is public", "GET", "/healthz", "", 200},
		{"readyz is public", "GET", "/readyz", "", 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(t, h, tt.method, tt.target, nil, "Authorization", tt.auth)
			if rec.Code != tt.want {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.want, rec.Body)
			}
			if tt.want == 401 {
				if got := rec.Header().Get("WWW-Authenticate"); !strings.HasPrefix(got, "Bearer") {
					t.Errorf("WWW-Authenticate %q", got)
				}
				errorOf(t, rec)
			}
			if strings.Contains(rec.Body.String(), token) {
				t.Errorf("the answer shows the token: %s", rec.Body)
			}
		})
	}
	if strings.Contains(logs.String(), token) || strings.Contains(logs.String(), "PLANTED") {
		t.Errorf("the log shows the token:\n%s", logs.String())
	}
	if !strings.Contains(logs.String(), "status=401") {
		t.Errorf("requests are not logged:\n%s", logs.String())
	}
}

func TestTokenFromFile(t *testing.T) {
	_, h := setup(t, Options{Token: []byte("secret-token\n")})
	if rec := do(t, h, "GET", "/v1/renders", nil, "Authorization", "Bearer secret-token"); rec.Code != 200 {
		t.Fatalf("status %d with the token", rec.Code)
	}
	if rec := do(t, h, "GET", "/v1/renders", nil, "Authorization", "Bearer "); rec.Code != 401 {
		t.Fatalf("status %d with an empty token", rec.Code)
	}
	_, h = setup(t, Options{Token: []byte(" \n")})
	for _, auth := range []string{"", "Bearer ", "Bearer  "} {
		if rec := do(t, h, "GET", "/v1/renders", nil, "Authorization", auth); rec.Code != 401 {
			t.Fatalf("blank token, Authorization %q: status %d", auth, rec.Code)
		}
	}
}

func TestNoToken(t *testing.T) {
	_, h := setup(t, Options{})
	if rec := do(t, h, "GET", "/v1/renders", nil); rec.Code != 200 {
		t.Fatalf("status %d without a token configured", rec.Code)
	}
}

func TestUnrouted(t *testing.T) {
	_, h := setup(t, Options{})
	tests := []struct {
		method, target string
		want           int
		allow          string
	}{
		{"GET", "/v1/nothing", 404, ""},
		{"GET", "/", 404, ""},
		{"PUT", "/v1/renders", 405, "GET, HEAD, POST"},
		{"POST", "/v1/renders/x", 405, "DELETE, GET, HEAD"},
		{"PATCH", "/healthz", 405, "GET, HEAD"},
	}
	for _, tt := range tests {
		rec := do(t, h, tt.method, tt.target, nil)
		if rec.Code != tt.want {
			t.Errorf("%s %s: status %d, want %d", tt.method, tt.target, rec.Code, tt.want)
			continue
		}
		errorOf(t, rec)
		if got := rec.Header().Get("Allow"); got != tt.allow {
			t.Errorf("%s %s: Allow %q, want %q", tt.method, tt.target, got, tt.allow)
		}
	}
}

func TestSubmitBody(t *testing.T) {
	envelope := func(v any) string { b, _ := json.Marshal(v); return string(b) }
	jsonProject := `{"output": {"path": "film.mp4"}, "scenes": []}`
	tests := []struct {
		name       string
		ctype      string
		body       string
		query      string
		hdr        []string
		want       int
		check      func(t *testing.T, s service.Submission)
		wantErrors int // validation errors in the answer
	}{
		{name: "yaml", ctype: "application/yaml", body: project, want: 201, check: func(t *testing.T, s service.Submission) {
			if string(s.Project) != project || s.Name != "project.yaml" || s.Values != nil || s.Rows != nil {
				t.Errorf("submission %+v", s)
			}
		}},
		{name: "text/yaml with charset", ctype: "text/yaml; charset=utf-8", body: project, want: 201},
		{name: "x-yaml", ctype: "application/x-yaml", body: project, want: 201},
		{name: "json project", ctype: "application/json", body: jsonProject, want: 201, check: func(t *testing.T, s service.Submission) {
			if string(s.Project) != jsonProject || s.Name != "project.json" {
				t.Errorf("submission %q %q", s.Project, s.Name)
			}
		}},
		{name: "name, set, webhook, idempotency", ctype: "application/yaml", body: project,
			query: "?name=promo.yaml&set=name=Ada&set=count=48&webhook=https://hooks.example.com/x%3Ftoken%3Dabc",
			hdr:   []string{"Idempotency-Key", "key-1"}, want: 201, check: func(t *testing.T, s service.Submission) {
				want := config.Values{"name": {Text: "Ada"}, "count": {Text: "48"}}
				if s.Name != "promo.yaml" || !equalValues(s.Values, want) || s.Webhook != "https://hooks.example.com/x?token=abc" || s.IdempotencyKey != "key-1" {
					t.Errorf("submission %+v", s)
				}
			}},
		{name: "envelope: object project, typed fields", ctype: "application/json",
			body: envelope(map[string]any{"project": json.RawMessage(jsonProject), "fields": map[string]any{"name": "Ada", "n": 48, "x": 1.5, "on": true, "skip": nil}, "webhook": "https://example.com/h", "name": "promo.json"}),
			want: 201, check: func(t *testing.T, s service.Submission) {
				want := config.Values{"name": {Text: "Ada", Tag: "!!str"}, "n": {Text: "48", Tag: "!!int"}, "x": {Text: "1.5", Tag: "!!float"}, "on": {Text: "true", Tag: "!!bool"}}
				if !json.Valid(s.Project) || !strings.Contains(string(s.Project), "film.mp4") || s.Name != "promo.json" || !equalValues(s.Values, want) || s.Webhook != "https://example.com/h" {
					t.Errorf("submission %+v", s)
				}
			}},
		{name: "envelope: YAML string project, rows", ctype: "application/json",
			body: envelope(map[string]any{"project": project, "rows": []map[string]any{{"name": "Ada"}, {"name": "Grace", "n": 2}}}),
			want: 201, check: func(t *testing.T, s service.Submission) {
				if string(s.Project) != project || s.Name != "project.yaml" || len(s.Rows) != 2 || s.Rows[1]["name"].Text != "Grace" || s.Rows[1]["n"].Text != "2" {
					t.Errorf("submission %+v", s)
				}
			}},
		{name: "envelope: unknown key", ctype: "application/json", body: `{"project": "a: 1", "feilds": {}}`, want: 400},
		{name: "envelope: project a number", ctype: "application/json", body: `{"project": 3}`, want: 400},
		{name: "envelope: fields and rows", ctype: "application/json", body: `{"project": "a: 1", "fields": {"a": 1}, "rows": [{"a": 2}]}`, want: 400},
		{name: "envelope: a field's value an object", ctype: "application/json", body: `{"project": "a: 1", "fields": {"a": {"b": 1}}}`, want: 400},
		{name: "envelope: a bad field name", ctype: "application/json", body: `{"project": "a: 1", "fields": {"a b": 1}}`, want: 400},
		{name: "envelope: rows not a list", ctype: "application/json", body: `{"project": "a: 1", "rows": {"a": 2}}`, want: 400},
		{name: "envelope: name with ..", ctype: "application/json", body: `{"project": "a: 1", "name": "../x.yaml"}`, want: 400},
		{name: "set without =", ctype: "application/yaml", body: project, query: "?set=name", want: 400},
		{name: "set twice", ctype: "application/yaml", body: project, query: "?set=a=1&set=a=2", want: 400},
		{name: "set and rows", ctype: "application/json", body: `{"project": "a: 1", "rows": [{"a": 2}]}`, query: "?set=b=1", want: 400},
		{name: "set and the same field", ctype: "application/json", body: `{"project": "a: 1", "fields": {"a": 2}}`, query: "?set=a=1", want: 400},
		{name: "webhook twice", ctype: "application/json", body: `{"project": "a: 1", "webhook": "https://example.com"}`, query: "?webhook=https://example.com", want: 400},
		{name: "webhook to loopback: the backend decides", ctype: "application/yaml", body: project, query: "?webhook=http://127.0.0.1:9/x", want: 201},
		{name: "webhook to metadata", ctype: "application/yaml", body: project, query: "?webhook=http://169.254.169.254/", want: 400},
		{name: "webhook not http", ctype: "application/yaml", body: project, query: "?webhook=file:///etc/passwd", want: 400},
		{name: "bad idempotency key", ctype: "application/yaml", body: project, hdr: []string{"Idempotency-Key", "a b"}, want: 400},
		{name: "no content type", ctype: "", body: project, want: 415},
		{name: "form content type", ctype: "application/x-www-form-urlencoded", body: project, want: 415},
		{name: "text/plain", ctype: "text/plain", body: project, want: 415},
		{name: "empty body", ctype: "application/yaml", body: "  \n", want: 400},
		{name: "too large", ctype: "application/yaml", body: project + strings.Repeat("#", 2048), want: 413},
		{name: "invalid project", ctype: "application/yaml", body: project + "# invalid\n", want: 400, wantErrors: 2},
		{name: "outside the media root", ctype: "application/yaml", body: project + "# /etc/passwd\n", want: 403, wantErrors: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, h := setup(t, Options{MaxBody: 1024})
			before := len(f.submitted)
			rec := do(t, h, "POST", "/v1/renders"+tt.query, strings.NewReader(tt.body), append([]string{"Content-Type", tt.ctype}, tt.hdr...)...)
			if rec.Code != tt.want {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.want, rec.Body)
			}
			if tt.want >= 400 {
				e := errorOf(t, rec)
				if len(e.Errors) != tt.wantErrors {
					t.Errorf("%d validation errors, want %d: %s", len(e.Errors), tt.wantErrors, rec.Body)
				}
				if strings.Contains(e.Message, "token=abc") {
					t.Errorf("the message shows the webhook's query: %s", e.Message)
				}
				if tt.want != 400 && tt.want != 403 && len(f.submitted) != before {
					t.Errorf("a %d request reached the backend", tt.want)
				}
				return
			}
			var r service.Render
			decode(t, rec, &r)
			if r.ID == "" || r.Status != service.Queued || r.Links["self"] != "/v1/renders/"+r.ID || r.Links["events"] != "/v1/renders/"+r.ID+"/events" {
				t.Errorf("render %+v", r)
			}
			if rec.Header().Get("Location") != r.Links["self"] {
				t.Errorf("Location %q", rec.Header().Get("Location"))
			}
			if tt.check != nil {
				tt.check(t, f.lastSubmission())
			}
		})
	}
}

func equalValues(a, b config.Values) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestIdempotencyKey(t *testing.T) {
	_, h := setup(t, Options{})
	var first, second service.Render
	rec := do(t, h, "POST", "/v1/renders", strings.NewReader(project), "Content-Type", "application/yaml", "Idempotency-Key", "k1")
	if rec.Code != 201 {
		t.Fatalf("first: %d %s", rec.Code, rec.Body)
	}
	decode(t, rec, &first)
	rec = do(t, h, "POST", "/v1/renders", strings.NewReader(project), "Content-Type", "application/yaml", "Idempotency-Key", "k1")
	if rec.Code != 200 {
		t.Fatalf("second: %d %s", rec.Code, rec.Body)
	}
	decode(t, rec, &second)
	if first.ID != second.ID {
		t.Fatalf("ids %s and %s", first.ID, second.ID)
	}
}

// part is one part of a multipart body.
type part struct {
	name, filename, ctype, body string
}

func multipartBody(t *testing.T, parts ...part) (io.Reader, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, p := range parts {
		h := textproto.MIMEHeader{}
		cd := fmt.Sprintf(`form-data; name=%q`, p.name)
		if p.filename != "" {
			cd += fmt.Sprintf(`; filename=%q`, p.filename)
		}
		h.Set("Content-Disposition", cd)
		if p.ctype != "" {
			h.Set("Content-Type", p.ctype)
		}
		w, err := mw.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, p.body)
	}
	mw.Close()
	return &b, mw.FormDataContentType()
}

func TestSubmitMultipart(t *testing.T) {
	proj := part{"project", "promo.yaml", "application/yaml", project}
	tests := []struct {
		name    string
		parts   []part
		want    int
		uploads []string
		check   func(t *testing.T, s service.Submission)
	}{
		{"project only", []part{proj}, 201, nil, func(t *testing.T, s service.Submission) {
			if s.Name != "promo.yaml" || string(s.Project) != project || s.Uploads != "" {
				t.Errorf("submission %+v", s)
			}
		}},
		{"media, fields, webhook", []part{
			{"media", "clip.mp4", "video/mp4", "video bytes"}, proj,
			{"media", `C:\Users\me\music.m4a`, "", "audio"},
			{"fields", "", "application/json", `{"name": "Ada", "n": 3}`},
			{"webhook", "", "", "https://example.com/hook"},
		}, 201, []string{"clip.mp4", "music.m4a"}, func(t *testing.T, s service.Submission) {
			if s.Values["name"] != (config.Value{Text: "Ada", Tag: "!!str"}) || s.Values["n"] != (config.Value{Text: "3", Tag: "!!int"}) || s.Webhook != "https://example.com/hook" {
				t.Errorf("submission %+v", s)
			}
			data, err := os.ReadFile(filepath.Join(s.Uploads, "clip.mp4"))
			if err != nil || string(data) != "video bytes" {
				t.Errorf("clip.mp4: %q, %v", data, err)
			}
		}},
		{"media in a folder: its base name", []part{proj, {"media", "clips/a.mp4", "", "a"}}, 201, []string{"a.mp4"}, nil},
		{"rows as CSV", []part{proj, {"rows", "rows.csv", "text/csv", "name,n\nAda,1\nGrace,2\n"}}, 201, nil, func(t *testing.T, s service.Submission) {
			if len(s.Rows) != 2 || s.Rows[1]["name"].Text != "Grace" {
				t.Errorf("rows %+v", s.Rows)
			}
		}},
		{"rows as CSV without a file name", []part{proj, {"rows", "", "", "name\nAda\n"}}, 201, nil, func(t *testing.T, s service.Submission) {
			if len(s.Rows) != 1 || s.Rows[0]["name"].Text != "Ada" {
				t.Errorf("rows %+v", s.Rows)
			}
		}},
		{"rows as JSON", []part{proj, {"rows", "", "application/json", `[{"name": "Ada"}, {"name": "Grace"}, {"name": "Linus"}]`}}, 201, nil, func(t *testing.T, s service.Submission) {
			if len(s.Rows) != 3 || s.Rows[2]["name"] != (config.Value{Text: "Linus", Tag: "!!str"}) {
				t.Errorf("rows %+v", s.Rows)
			}
		}},
		{"bad CSV rows", []part{proj, {"rows", "rows.csv", "", "name,name\nAda,Ada\n"}}, 400, nil, nil},
		{"no project", []part{{"media", "a.mp4", "", "a"}}, 400, nil, nil},
		{"media with ..", []part{{"media", "a.mp4", "", "a"}, {"media", "../evil.mp4", "", "x"}, proj}, 400, nil, nil},
		{"media ..", []part{proj, {"media", "..", "", "x"}}, 400, nil, nil},
		{"hidden media", []part{proj, {"media", ".env", "", "x"}}, 400, nil, nil},
		{"media without a file name", []part{proj, {"media", "", "", "x"}}, 400, nil, nil},
		{"media twice", []part{proj, {"media", "a.mp4", "", "a"}, {"media", "a.mp4", "", "b"}}, 400, nil, nil},
		{"unknown part", []part{proj, {"extra", "", "", "x"}}, 400, nil, nil},
		{"project twice", []part{proj, proj}, 400, nil, nil},
		{"upload too large", []part{proj, {"media", "big.mp4", "", strings.Repeat("x", 8192)}}, 413, nil, nil},
		{"project too large", []part{{"project", "p.yaml", "", strings.Repeat("#", 2048)}}, 413, nil, nil},
		{"invalid project: uploads removed", []part{{"media", "a.mp4", "", "a"}, {"project", "p.yaml", "", project + "# invalid"}}, 400, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, h := setup(t, Options{MaxBody: 1024, MaxUpload: 4096})
			body, ctype := multipartBody(t, tt.parts...)
			rec := do(t, h, "POST", "/v1/renders", body, "Content-Type", ctype)
			if rec.Code != tt.want {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.want, rec.Body)
			}
			if tt.want >= 400 {
				errorOf(t, rec)
				// Nothing is left of the uploads of a refused submission.
				ents, _ := os.ReadDir(filepath.Join(f.dir, "uploads"))
				if len(ents) != 0 {
					t.Errorf("uploads left behind: %v", ents)
				}
				return
			}
			var r service.Render
			decode(t, rec, &r)
			got := f.uploadFiles[r.ID]
			slices.Sort(got)
			if !slices.Equal(got, tt.uploads) {
				t.Errorf("uploaded %v, want %v", got, tt.uploads)
			}
			if tt.check != nil {
				tt.check(t, f.lastSubmission())
			}
		})
	}
}

func TestGetAndList(t *testing.T) {
	f, h := setup(t, Options{})
	done := f.add(service.Done, "out/film one.mp4", []byte("0123456789abcdef"))
	for range 4 {
		f.add(service.Queued, "", nil)
	}
	failed := f.add(service.Failed, "", nil)

	rec := do(t, h, "GET", "/v1/renders/"+done.ID, nil)
	var r service.Render
	decode(t, rec, &r)
	if rec.Code != 200 || r.ID != done.ID || len(r.Outputs) != 1 {
		t.Fatalf("get: %d %s", rec.Code, rec.Body)
	}
	if want := "/v1/renders/" + done.ID + "/outputs/out/film%20one.mp4"; r.Outputs[0].URL != want {
		t.Errorf("output URL %q, want %q", r.Outputs[0].URL, want)
	}
	if r.Links["outputs"] != "/v1/renders/"+done.ID+"/outputs" {
		t.Errorf("links %v", r.Links)
	}

	tests := []struct {
		name, target string
		want         int
		ids          []string
		next         bool
	}{
		{"all", "/v1/renders", 200, f.order, false},
		{"a page", "/v1/renders?limit=2", 200, f.order[:2], true},
		{"the next page", "/v1/renders?limit=2&cursor=" + f.order[1], 200, f.order[2:4], true},
		{"the last page", "/v1/renders?limit=2&cursor=" + f.order[3], 200, f.order[4:], false},
		{"by status", "/v1/renders?status=failed", 200, []string{failed.ID}, false},
		{"none", "/v1/renders?status=cancelled", 200, nil, false},
		{"bad status", "/v1/renders?status=finished", 400, nil, false},
		{"limit 0", "/v1/renders?limit=0", 400, nil, false},
		{"limit too large", "/v1/renders?limit=501", 400, nil, false},
		{"limit not a number", "/v1/renders?limit=ten", 400, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(t, h, "GET", tt.target, nil)
			if rec.Code != tt.want {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.want, rec.Body)
			}
			if tt.want != 200 {
				errorOf(t, rec)
				return
			}
			var l struct {
				Renders []service.Render `json:"renders"`
				Cursor  string           `json:"cursor"`
				Next    string           `json:"next"`
			}
			decode(t, rec, &l)
			var ids []string
			for _, r := range l.Renders {
				ids = append(ids, r.ID)
				if r.Links["self"] == "" {
					t.Errorf("render %s without links", r.ID)
				}
			}
			if !slices.Equal(ids, tt.ids) {
				t.Errorf("ids %v, want %v", ids, tt.ids)
			}
			if (l.Next != "") != tt.next {
				t.Fatalf("next %q, want one: %v", l.Next, tt.next)
			}
			if tt.next {
				if !strings.Contains(l.Next, "cursor="+l.Cursor) || !strings.Contains(l.Next, "limit=2") || rec.Header().Get("Link") == "" {
					t.Errorf("next %q, cursor %q, Link %q", l.Next, l.Cursor, rec.Header().Get("Link"))
				}
			}
		})
	}
	if rec := do(t, h, "GET", "/v1/renders/nope", nil); rec.Code != 404 {
		t.Errorf("unknown render: %d", rec.Code)
	} else {
		errorOf(t, rec)
	}
}

func TestCancel(t *testing.T) {
	f, h := setup(t, Options{})
	queued := f.add(service.Queued, "", nil)
	done := f.add(service.Done, "", nil)
	tests := []struct {
		id   string
		want int
	}{
		{queued.ID, 200},
		{queued.ID, 409}, // now cancelled
		{done.ID, 409},
		{"nope", 404},
	}
	for _, tt := range tests {
		rec := do(t, h, "DELETE", "/v1/renders/"+tt.id, nil)
		if rec.Code != tt.want {
			t.Fatalf("DELETE %s: %d, want %d: %s", tt.id, rec.Code, tt.want, rec.Body)
		}
		if tt.want == 200 {
			var r service.Render
			decode(t, rec, &r)
			if r.Status != service.Cancelled {
				t.Errorf("status %s", r.Status)
			}
		} else {
			errorOf(t, rec)
		}
	}
}

func TestBackendErrors(t *testing.T) {
	// Every error on every route, whether it can happen there or not: not
	// what the OpenAPI document is checked against.
	defer pauseObserve()()
	tests := []struct {
		err   error
		want  int
		shown bool // the message reaches the client
	}{
		{fmt.Errorf("render x: %w", service.ErrNotFound), 404, true},
		{fmt.Errorf("%w: outside the media root", service.ErrForbidden), 403, true},
		{fmt.Errorf("%w: bad request", service.ErrInvalid), 400, true},
		{fmt.Errorf("%w: already done", service.ErrConflict), 409, true},
		{fmt.Errorf("submitting: %w", service.ErrDraining), 503, true},
		{fmt.Errorf("kv: %w", errSecret), 500, false},
	}
	for _, tt := range tests {
		var logs bytes.Buffer
		f, h := setup(t, Options{Log: slog.New(slog.NewTextHandler(&logs, nil))})
		f.err = tt.err
		for _, target := range []string{"/v1/renders", "/v1/renders/x", "/metrics", "/v1/schedules"} {
			rec := do(t, h, "GET", target, nil)
			if rec.Code != tt.want {
				t.Fatalf("%v: GET %s: %d, want %d", tt.err, target, rec.Code, tt.want)
			}
			e := errorOf(t, rec)
			if strings.Contains(e.Message, tt.err.Error()) != tt.shown {
				t.Errorf("%v: message %q", tt.err, e.Message)
			}
			if strings.Contains(rec.Body.String(), "PLANTED") {
				t.Errorf("the answer shows a secret: %s", rec.Body)
			}
			if tt.want == 503 && rec.Header().Get("Retry-After") == "" {
				t.Error("503 without Retry-After")
			}
		}
		if tt.want == 500 && !strings.Contains(logs.String(), "PLANTED") {
			t.Errorf("the internal error is not logged:\n%s", logs.String())
		}
	}
	// The submission's errors too.
	f, h := setup(t, Options{})
	f.err = fmt.Errorf("queue: %w", service.ErrDraining)
	if rec := do(t, h, "POST", "/v1/renders", strings.NewReader(project), "Content-Type", "application/yaml"); rec.Code != 503 {
		t.Errorf("submit while draining: %d", rec.Code)
	}
}

func TestOutputs(t *testing.T) {
	f, h := setup(t, Options{})
	content := []byte("0123456789abcdefghijklmnopqrstuvwxyz")
	r := f.add(service.Done, "sub/film.mp4", content)
	sum := r.Outputs[0].SHA256
	base := "/v1/renders/" + r.ID + "/outputs/"
	tests := []struct {
		name, target string
		hdr          []string
		want         int
		body         string
		check        func(t *testing.T, h http.Header)
	}{
		{"whole", base + "sub/film.mp4", nil, 200, string(content), func(t *testing.T, h http.Header) {
			if h.Get("Content-Type") != "video/mp4" || h.Get("ETag") != `"`+sum+`"` || h.Get("Accept-Ranges") != "bytes" || h.Get("Content-Length") != "36" {
				t.Errorf("headers %v", h)
			}
			if !strings.Contains(h.Get("Content-Disposition"), "film.mp4") {
				t.Errorf("Content-Disposition %q", h.Get("Content-Disposition"))
			}
		}},
		{"a range", base + "sub/film.mp4", []string{"Range", "bytes=10-19"}, 206, "abcdefghij", func(t *testing.T, h http.Header) {
			if h.Get("Content-Range") != "bytes 10-19/36" {
				t.Errorf("Content-Range %q", h.Get("Content-Range"))
			}
		}},
		{"a suffix range", base + "sub/film.mp4", []string{"Range", "bytes=-3"}, 206, "xyz", nil},
		{"an open range", base + "sub/film.mp4", []string{"Range", "bytes=33-"}, 206, "xyz", nil},
		{"a range past the end", base + "sub/film.mp4", []string{"Range", "bytes=100-200"}, 416, "", nil},
		{"not modified", base + "sub/film.mp4", []string{"If-None-Match", `"` + sum + `"`}, 304, "", nil},
		{"if-range with the ETag", base + "sub/film.mp4", []string{"Range", "bytes=0-1", "If-Range", `"` + sum + `"`}, 206, "01", nil},
		{"unknown output", base + "other.mp4", nil, 404, "", nil},
		{"escaped ..", base + "sub/%2e%2e/film.mp4", nil, 404, "", nil},
		{"escaped slash and ..", base + "..%2f..%2fetc%2fpasswd", nil, 404, "", nil},
		{"unknown render", "/v1/renders/nope/outputs/film.mp4", nil, 404, "", nil},
		{"the list", "/v1/renders/" + r.ID + "/outputs", nil, 200, "", func(t *testing.T, h http.Header) {}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(t, h, "GET", tt.target, nil, tt.hdr...)
			if rec.Code != tt.want {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.want, rec.Body)
			}
			if tt.body != "" && rec.Body.String() != tt.body {
				t.Errorf("body %q, want %q", rec.Body, tt.body)
			}
			if tt.check != nil {
				tt.check(t, rec.Header())
			}
		})
	}
	var l struct{ Outputs []service.Output }
	decode(t, do(t, h, "GET", "/v1/renders/"+r.ID+"/outputs", nil), &l)
	if len(l.Outputs) != 1 || l.Outputs[0].URL != base+"sub/film.mp4" || l.Outputs[0].SHA256 != sum {
		t.Errorf("outputs %+v", l.Outputs)
	}
}

func TestContentType(t *testing.T) {
	tests := map[string]string{
		"a.mp4": "video/mp4", "A.MP4": "video/mp4", "a.webm": "video/webm", "a.mov": "video/quicktime",
		"a.gif": "image/gif", "a.vtt": "text/vtt; charset=utf-8", "a.srt": "application/x-subrip",
		"a.unknownext": "application/octet-stream", "noext": "application/octet-stream",
	}
	for name, want := range tests {
		if got := contentType(name); got != want {
			t.Errorf("contentType(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name, ctype, body string
		want              int
		valid             bool
		errors            int
	}{
		{"valid", "application/yaml", project, 200, true, 0},
		{"invalid", "application/yaml", project + "# invalid", 200, false, 2},
		{"envelope", "application/json", `{"project": "a: 1", "fields": {"a": 1}}`, 200, true, 0},
		{"wrong type", "text/plain", project, 415, false, 0},
		{"empty", "application/yaml", "", 400, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, h := setup(t, Options{})
			rec := do(t, h, "POST", "/v1/validate", strings.NewReader(tt.body), "Content-Type", tt.ctype)
			if rec.Code != tt.want {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.want, rec.Body)
			}
			if tt.want != 200 {
				errorOf(t, rec)
				return
			}
			var v service.Validation
			decode(t, rec, &v)
			if v.Valid != tt.valid || len(v.Errors) != tt.errors || v.Warnings == nil || v.Errors == nil {
				t.Errorf("validation %s", rec.Body)
			}
			if len(f.renders) != 0 {
				t.Error("validate queued a render")
			}
		})
	}
	// Media uploaded for a validation is removed after it.
	f, h := setup(t, Options{})
	body, ctype := multipartBody(t, part{"project", "p.yaml", "", project}, part{"media", "a.mp4", "", "a"})
	if rec := do(t, h, "POST", "/v1/validate", body, "Content-Type", ctype); rec.Code != 200 {
		t.Fatalf("multipart validate: %d %s", rec.Code, rec.Body)
	}
	if s := f.lastSubmission(); s.Uploads == "" {
		t.Error("no uploads directory")
	} else if _, err := os.Stat(s.Uploads); !os.IsNotExist(err) {
		t.Errorf("the uploads of a validation are left: %v", err)
	}
}

func TestTemplates(t *testing.T) {
	f, h := setup(t, Options{MaxBody: 1024})
	rec := do(t, h, "POST", "/v1/templates?name=promo.yaml", strings.NewReader(project), "Content-Type", "application/yaml")
	if rec.Code != 201 {
		t.Fatalf("put: %d %s", rec.Code, rec.Body)
	}
	var tpl service.Template
	decode(t, rec, &tpl)
	if tpl.ID == "" || tpl.Name != "promo.yaml" || rec.Header().Get("Location") != "/v1/templates/"+tpl.ID {
		t.Fatalf("template %+v, Location %q", tpl, rec.Header().Get("Location"))
	}
	puts := []struct {
		name, target, ctype, body string
		want                      int
	}{
		{"default name", "/v1/templates", "application/json", `{"scenes": []}`, 201},
		{"wrong type", "/v1/templates", "text/plain", project, 415},
		{"empty", "/v1/templates", "application/yaml", "", 400},
		{"too large", "/v1/templates", "application/yaml", strings.Repeat("#", 2000), 413},
		{"invalid", "/v1/templates", "application/yaml", project + "# invalid", 400},
		{"bad name", "/v1/templates?name=../x.yaml", "application/yaml", project, 400},
	}
	for _, tt := range puts {
		rec := do(t, h, "POST", tt.target, strings.NewReader(tt.body), "Content-Type", tt.ctype)
		if rec.Code != tt.want {
			t.Errorf("put %s: %d, want %d: %s", tt.name, rec.Code, tt.want, rec.Body)
		}
	}

	var list struct{ Templates []service.Template }
	decode(t, do(t, h, "GET", "/v1/templates", nil), &list)
	if len(list.Templates) != 2 {
		t.Errorf("list: %+v", list)
	}
	if rec := do(t, h, "GET", "/v1/templates/"+tpl.ID, nil); rec.Code != 200 || !strings.Contains(rec.Body.String(), `"fields"`) {
		t.Errorf("get: %d %s", rec.Code, rec.Body)
	}

	renders := []struct {
		name, query, ctype, body string
		hdr                      []string
		want                     int
		check                    func(t *testing.T, s service.Submission)
	}{
		{"no body: defaults", "", "", "", nil, 201, func(t *testing.T, s service.Submission) {
			if s.Template != tpl.ID || s.Project != nil || s.Values != nil || s.Rows != nil {
				t.Errorf("submission %+v", s)
			}
		}},
		{"fields", "?webhook=https://example.com/h", "application/json", `{"name": "Ada", "n": 2}`, []string{"Idempotency-Key", "t1"}, 201, func(t *testing.T, s service.Submission) {
			if s.Values["name"].Text != "Ada" || s.Values["n"].Tag != "!!int" || s.Webhook != "https://example.com/h" || s.IdempotencyKey != "t1" {
				t.Errorf("submission %+v", s)
			}
		}},
		{"rows", "", "application/json", `[{"name": "Ada"}, {"name": "Grace"}]`, nil, 201, func(t *testing.T, s service.Submission) {
			if len(s.Rows) != 2 || s.Values != nil {
				t.Errorf("submission %+v", s)
			}
		}},
		{"envelope", "", "application/json", `{"rows": [{"name": "Ada"}], "webhook": "https://example.com/h"}`, nil, 201, func(t *testing.T, s service.Submission) {
			if len(s.Rows) != 1 || s.Webhook != "https://example.com/h" {
				t.Errorf("submission %+v", s)
			}
		}},
		{"a field called rows", "", "application/json", `{"rows": "three"}`, nil, 201, func(t *testing.T, s service.Submission) {
			if s.Values["rows"].Text != "three" {
				t.Errorf("submission %+v", s)
			}
		}},
		{"CSV", "", "text/csv", "name\nAda\nGrace\nLinus\n", nil, 201, func(t *testing.T, s service.Submission) {
			if len(s.Rows) != 3 || s.Rows[2]["name"].Text != "Linus" {
				t.Errorf("submission %+v", s)
			}
		}},
		{"set", "?set=name=Ada", "", "", nil, 201, func(t *testing.T, s service.Submission) {
			if s.Values["name"].Text != "Ada" {
				t.Errorf("submission %+v", s)
			}
		}},
		{"set and rows", "?set=name=Ada", "text/csv", "name\nB\n", nil, 400, nil},
		{"bad JSON", "", "application/json", `{"name": `, nil, 400, nil},
		{"a list as a value", "", "application/json", `{"name": [1]}`, nil, 400, nil},
		{"wrong type", "", "application/yaml", "name: Ada", nil, 415, nil},
		{"webhook not http", "?webhook=ftp://example.com/h", "", "", nil, 400, nil},
	}
	for _, tt := range renders {
		t.Run(tt.name, func(t *testing.T) {
			hdr := tt.hdr
			if tt.ctype != "" {
				hdr = append(hdr, "Content-Type", tt.ctype)
			}
			rec := do(t, h, "POST", "/v1/templates/"+tpl.ID+"/renders"+tt.query, strings.NewReader(tt.body), hdr...)
			if rec.Code != tt.want {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.want, rec.Body)
			}
			if tt.want != 201 {
				errorOf(t, rec)
				return
			}
			if tt.check != nil {
				tt.check(t, f.lastSubmission())
			}
		})
	}
	if rec := do(t, h, "POST", "/v1/templates/nope/renders", nil); rec.Code != 404 {
		t.Errorf("render of an unknown template: %d", rec.Code)
	}
	if rec := do(t, h, "DELETE", "/v1/templates/"+tpl.ID, nil); rec.Code != 204 {
		t.Errorf("delete: %d", rec.Code)
	}
	for _, m := range []string{"GET", "DELETE"} {
		if rec := do(t, h, m, "/v1/templates/"+tpl.ID, nil); rec.Code != 404 {
			t.Errorf("%s after delete: %d", m, rec.Code)
		}
	}
}

func TestSchedules(t *testing.T) {
	f, h := setup(t, Options{})
	rec := do(t, h, "GET", "/v1/schedules", nil)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"schedules": []`) {
		t.Fatalf("no schedules: %d %s", rec.Code, rec.Body)
	}
	f.schedules = []service.Schedule{{Name: "nightly", Cron: "0 3 * * *", TimeZone: "Europe/Paris", Template: "tpl1", Next: []time.Time{t0}}}
	var l struct{ Schedules []service.Schedule }
	decode(t, do(t, h, "GET", "/v1/schedules", nil), &l)
	if len(l.Schedules) != 1 || l.Schedules[0].Name != "nightly" || !l.Schedules[0].Next[0].Equal(t0) {
		t.Errorf("schedules %+v", l)
	}
}

func TestMetrics(t *testing.T) {
	f, h := setup(t, Options{})
	f.metrics = service.Metrics{Queued: 3, Running: 1, Done: 7, Failed: 2, Cancelled: 1, RenderSeconds: 12.5, RendersFinished: 10, JobsRun: 40, JobsCached: 15, WorkersAlive: 2}
	rec := do(t, h, "GET", "/metrics", nil)
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain; version=0.0.4") {
		t.Fatalf("%d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	body := rec.Body.String()
	for _, line := range []string{
		`reel_renders{status="queued"} 3`, `reel_renders{status="running"} 1`, `reel_renders{status="done"} 7`,
		`reel_renders{status="failed"} 2`, `reel_renders{status="cancelled"} 1`, "reel_render_seconds_total 12.5",
		"reel_renders_finished_total 10", `reel_jobs_total{from="run"} 40`, `reel_jobs_total{from="cache"} 15`,
		"reel_workers_alive 2", "# TYPE reel_renders gauge", "# TYPE reel_jobs_total counter",
	} {
		if !strings.Contains(body, line+"\n") {
			t.Errorf("no line %q in\n%s", line, body)
		}
	}
	// Every sample line is NAME{LABELS} VALUE or NAME VALUE.
	for _, l := range strings.Split(strings.TrimSpace(body), "\n") {
		if !strings.HasPrefix(l, "#") && len(strings.Fields(l)) != 2 {
			t.Errorf("bad sample line %q", l)
		}
	}
}

func TestHealth(t *testing.T) {
	f, h := setup(t, Options{Token: []byte("t")})
	if rec := do(t, h, "GET", "/healthz", nil); rec.Code != 200 {
		t.Errorf("healthz: %d", rec.Code)
	}
	if rec := do(t, h, "GET", "/readyz", nil); rec.Code != 200 {
		t.Errorf("readyz: %d", rec.Code)
	}
	f.notReady = fmt.Errorf("nats: connection closed")
	rec := do(t, h, "GET", "/readyz", nil)
	if rec.Code != 503 || !strings.Contains(errorOf(t, rec).Message, "connection closed") {
		t.Errorf("readyz not ready: %d %s", rec.Code, rec.Body)
	}
	if rec := do(t, h, "GET", "/healthz", nil); rec.Code != 200 {
		t.Errorf("healthz while not ready: %d", rec.Code)
	}
}

func TestLogsHideQueries(t *testing.T) {
	var logs bytes.Buffer
	_, h := setup(t, Options{Log: slog.New(slog.NewTextHandler(&logs, nil))})
	do(t, h, "POST", "/v1/renders?webhook=https://example.com/h%3Fkey%3DQUERYSECRET", strings.NewReader(project), "Content-Type", "application/yaml")
	do(t, h, "GET", "/v1/renders?cursor=QUERYSECRET", nil)
	if strings.Contains(logs.String(), "QUERYSECRET") {
		t.Errorf("the log shows a query:\n%s", logs.String())
	}
	if !strings.Contains(logs.String(), "path=/v1/renders") {
		t.Errorf("the log does not show the path:\n%s", logs.String())
	}
}

func TestFileName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a.mp4", "a.mp4"}, {"dir/a.mp4", "a.mp4"}, {`C:\x\a.mp4`, "a.mp4"}, {"../a.mp4", ""}, {"a/../b", ""},
		{"..", ""}, {".", ""}, {"", ""}, {".hidden", ""}, {"dir/.hidden", ""}, {"a\x00b", ""}, {"a\nb", ""},
		{strings.Repeat("a", 256), ""}, {"film été.mp4", "film été.mp4"},
	}
	for _, tt := range tests {
		got, err := fileName(tt.in, "media")
		if got != tt.want || (err != nil) != (tt.want == "") {
			t.Errorf("fileName(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestPanicIs500(t *testing.T) {
	f, h := setup(t, Options{})
	f.err = nil
	var b service.Backend = panicky{f}
	h = New(b, Options{})
	rec := do(t, h, "GET", "/v1/renders/x", nil)
	if rec.Code != 500 {
		t.Fatalf("status %d", rec.Code)
	}
	errorOf(t, rec)
}

// panicky is a Backend whose Get panics.
type panicky struct{ *fake }

func (panicky) Get(ctx context.Context, id string) (*service.Render, error) { panic("boom") }

// pauseObserve stops recording statuses for the OpenAPI check; the
// function it returns starts again.
func pauseObserve() func() {
	old := observe
	observe = nil
	return func() { observe = old }
}

// TestUploadLimitInAnyPart: the whole multipart body is bounded, whichever
// part crosses the limit.
func TestUploadLimitInAnyPart(t *testing.T) {
	for _, p := range []part{
		{"fields", "", "application/json", `{"a": "` + strings.Repeat("x", 8192) + `"}`},
		{"rows", "rows.csv", "", "a\n" + strings.Repeat("x", 8192)},
		{"project", "p.yaml", "", project + strings.Repeat("#", 8192)},
	} {
		_, h := setup(t, Options{MaxBody: 1 << 20, MaxUpload: 4096})
		body, ctype := multipartBody(t, part{"media", "a.mp4", "", "a"}, p)
		req := httptest.NewRequest("POST", "/v1/renders", io.NopCloser(body))
		req.ContentLength = -1 // streamed: the limit is found while reading
		req.Header.Set("Content-Type", ctype)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 413 {
			t.Errorf("part %s: %d %s", p.name, rec.Code, rec.Body)
		}
	}
}
