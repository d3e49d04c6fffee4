package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/reel-film/reel/service"
)

// seen records the statuses every route answered in this package's
// tests, for TestMain to check against the OpenAPI document.
var seen = struct {
	sync.Mutex
	m map[string]map[int]bool // pattern → statuses
}{m: map[string]map[int]bool{}}

func TestMain(m *testing.M) {
	observe = func(pattern string, status int) {
		if pattern == "" {
			return // no route: the 404/405/401 of an unknown endpoint
		}
		seen.Lock()
		defer seen.Unlock()
		if seen.m[pattern] == nil {
			seen.m[pattern] = map[int]bool{}
		}
		seen.m[pattern][status] = true
	}
	code := m.Run()
	if code == 0 && !testing.Short() {
		if bad := undocumented(); len(bad) > 0 {
			fmt.Fprintf(os.Stderr, "FAIL: statuses the handlers answered in the tests that openapi.json does not document:\n  %s\n", strings.Join(bad, "\n  "))
			code = 1
		}
	}
	os.Exit(code)
}

// doc is the part of the OpenAPI document the tests read.
type doc struct {
	OpenAPI string                                                   `json:"openapi"`
	Paths   map[string]map[string]struct{ Responses map[string]any } `json:"paths"`
}

func loadDoc(t testing.TB) doc {
	var d doc
	if err := json.Unmarshal(openapiJSON, &d); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	return d
}

// docPath turns a ServeMux pattern's path into the document's
// ("{name...}" is "{name}").
func docPath(pattern string) (method, path string) {
	method, path, _ = strings.Cut(pattern, " ")
	return strings.ToLower(method), strings.ReplaceAll(path, "...}", "}")
}

// undocumented lists the (route, status) pairs seen in the tests that the
// document does not list.
func undocumented() []string {
	var d doc
	if err := json.Unmarshal(openapiJSON, &d); err != nil {
		return []string{err.Error()}
	}
	seen.Lock()
	defer seen.Unlock()
	var bad []string
	for pattern, statuses := range seen.m {
		method, path := docPath(pattern)
		op, ok := d.Paths[path][method]
		if !ok && method == "head" {
			op, ok = d.Paths[path]["get"]
		}
		if !ok {
			bad = append(bad, pattern+": not in the document")
			continue
		}
		for s := range statuses {
			if _, ok := op.Responses[fmt.Sprint(s)]; !ok {
				bad = append(bad, fmt.Sprintf("%s: %d", pattern, s))
			}
		}
	}
	sort.Strings(bad)
	return bad
}

// TestOpenAPIRoutes checks the document and the mux agree: every path and
// method of the document is served by the route of the same pattern, and
// every route is in the document.
func TestOpenAPIRoutes(t *testing.T) {
	d := loadDoc(t)
	if d.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q", d.OpenAPI)
	}
	a := New(newFake(t.TempDir()), Options{}).(*api)
	documented := map[string]bool{}
	for path, ops := range d.Paths {
		for method := range ops {
			documented[strings.ToUpper(method)+" "+path] = true
			target := strings.NewReplacer("{id}", "some-id", "{name}", "dir/film.mp4").Replace(path)
			req := httptest.NewRequest(strings.ToUpper(method), target, nil)
			_, pattern := a.mux.Handler(req)
			if m, p := docPath(pattern); m != method || p != path {
				t.Errorf("%s %s is served by %q", strings.ToUpper(method), path, pattern)
			}
			rec := httptest.NewRecorder()
			a.ServeHTTP(rec, req)
			if rec.Code == http.StatusMethodNotAllowed || (rec.Code == http.StatusNotFound && !strings.Contains(path, "{")) {
				t.Errorf("%s %s: %d", strings.ToUpper(method), path, rec.Code)
			}
			if len(ops[method].Responses) == 0 {
				t.Errorf("%s %s documents no responses", method, path)
			}
		}
	}
	for _, rt := range routes {
		m, p := docPath(rt.pattern)
		if !documented[strings.ToUpper(m)+" "+p] {
			t.Errorf("route %q is not in openapi.json", rt.pattern)
		}
	}
	if len(documented) != len(routes) {
		t.Errorf("%d operations documented, %d routes", len(documented), len(routes))
	}
}

// TestOpenAPIRefs checks every $ref of the document names a component.
func TestOpenAPIRefs(t *testing.T) {
	var v any
	if err := json.Unmarshal(openapiJSON, &v); err != nil {
		t.Fatal(err)
	}
	root := v.(map[string]any)
	var walk func(x any)
	var refs []string
	walk = func(x any) {
		switch x := x.(type) {
		case map[string]any:
			if r, ok := x["$ref"].(string); ok {
				refs = append(refs, r)
			}
			for _, y := range x {
				walk(y)
			}
		case []any:
			for _, y := range x {
				walk(y)
			}
		}
	}
	walk(root)
	if len(refs) == 0 {
		t.Fatal("no $ref")
	}
	for _, r := range slices.Compact(slices.Sorted(slices.Values(refs))) {
		parts := strings.Split(strings.TrimPrefix(r, "#/"), "/")
		var cur any = root
		for _, p := range parts {
			m, _ := cur.(map[string]any)
			cur = m[p]
		}
		if cur == nil {
			t.Errorf("$ref %s names nothing", r)
		}
	}
}

// TestOpenAPIServed checks the endpoint serves the document.
func TestOpenAPIServed(t *testing.T) {
	_, h := setup(t, Options{})
	rec := do(t, h, "GET", "/v1/openapi.json", nil)
	if rec.Code != 200 || rec.Body.String() != string(openapiJSON) {
		t.Fatalf("%d", rec.Code)
	}
	var v map[string]any
	decode(t, rec, &v)
}

// TestOpenAPISchemas checks answers of the handlers carry the properties
// the document's schemas require, and no property the schema lacks.
func TestOpenAPISchemas(t *testing.T) {
	var d struct {
		Components struct {
			Schemas map[string]struct {
				Required   []string       `json:"required"`
				Properties map[string]any `json:"properties"`
			}
		}
	}
	if err := json.Unmarshal(openapiJSON, &d); err != nil {
		t.Fatal(err)
	}
	f, h := setup(t, Options{})
	r := f.add(service.Done, "a/film.mp4", []byte("x"))
	f.renders[r.ID].Variants = []service.Variant{{Name: "rows.csv:2", Status: service.Done, Outputs: r.Outputs}}
	f.renders[r.ID].Error = &service.Error{Message: "m", Scene: "s", Job: "j"}
	f.renders[r.ID].Webhook = "example.com"
	tpl, _ := f.PutTemplate(t.Context(), "t.yaml", []byte(project))
	tests := []struct {
		schema, method, target, body string
		field                        string // check the schema of this property's items instead
	}{
		{"Render", "GET", "/v1/renders/" + r.ID, "", ""},
		{"RenderList", "GET", "/v1/renders", "", ""},
		{"Render", "GET", "/v1/renders", "", "renders"},
		{"Output", "GET", "/v1/renders/" + r.ID + "/outputs", "", "outputs"},
		{"Template", "GET", "/v1/templates/" + tpl.ID, "", ""},
		{"TemplateList", "GET", "/v1/templates", "", ""},
		{"Validation", "POST", "/v1/validate", project + "# invalid", ""},
		{"ValidationError", "POST", "/v1/validate", project + "# invalid", "errors"},
		{"Error", "GET", "/v1/renders/nope", "", ""},
		{"ScheduleList", "GET", "/v1/schedules", "", ""},
	}
	for _, tt := range tests {
		rec := do(t, h, tt.method, tt.target, strings.NewReader(tt.body), "Content-Type", "application/yaml")
		var obj map[string]any
		decode(t, rec, &obj)
		objs := []map[string]any{obj}
		if tt.field != "" {
			objs = nil
			for _, it := range obj[tt.field].([]any) {
				objs = append(objs, it.(map[string]any))
			}
			if len(objs) == 0 {
				t.Errorf("%s %s: no %s", tt.method, tt.target, tt.field)
			}
		}
		s, ok := d.Components.Schemas[tt.schema]
		if !ok {
			t.Fatalf("no schema %s", tt.schema)
		}
		for _, o := range objs {
			for _, req := range s.Required {
				if _, ok := o[req]; !ok {
					t.Errorf("%s %s: %s has no %q: %v", tt.method, tt.target, tt.schema, req, o)
				}
			}
			for k := range o {
				if _, ok := s.Properties[k]; !ok {
					t.Errorf("%s %s: %q is not a property of %s", tt.method, tt.target, k, tt.schema)
				}
			}
		}
	}
}
