package api

import (
	"bytes"
	"encoding/json"
	"net/http"

	"github.com/reel-film/reel/service"
)

// templateList is the answer of GET /v1/templates.
type templateList struct {
	Templates []*service.Template `json:"templates"`
}

// putTemplate is POST /v1/templates?name=NAME: the body is the project
// (YAML or JSON) with its merge fields; 201 with the template.
func (a *api) putTemplate(w http.ResponseWriter, r *http.Request) {
	mt, _ := mediaType(r)
	if !isYAML(mt) && mt != jsonType {
		a.fail(w, r, unsupported(mt, "application/yaml or application/json (the project)"))
		return
	}
	data, err := readBody(w, r, a.o.MaxBody)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if len(bytes.TrimSpace(data)) == 0 {
		badRequest(w, "the template is empty: send the project file as the body")
		return
	}
	name := r.URL.Query().Get("name")
	if name == "" {
		name = "template.yaml"
		if mt == jsonType {
			name = "template.json"
		}
	}
	name, err = fileName(name, "name")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	t, err := a.b.PutTemplate(r.Context(), name, data)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/v1/templates/"+t.ID)
	writeJSON(w, http.StatusCreated, t)
}

// listTemplates is GET /v1/templates.
func (a *api) listTemplates(w http.ResponseWriter, r *http.Request) {
	ts, err := a.b.ListTemplates(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if ts == nil {
		ts = []*service.Template{}
	}
	writeJSON(w, http.StatusOK, templateList{ts})
}

// getTemplate is GET /v1/templates/{id}.
func (a *api) getTemplate(w http.ResponseWriter, r *http.Request) {
	t, err := a.b.GetTemplate(r.Context(), r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, t)
}

// deleteTemplate is DELETE /v1/templates/{id}: 204.
func (a *api) deleteTemplate(w http.ResponseWriter, r *http.Request) {
	if err := a.b.DeleteTemplate(r.Context(), r.PathValue("id")); err != nil {
		a.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// templateRender is POST /v1/templates/{id}/renders: a render of the
// template with the body's values. The body is a JSON object of fields
// (one render), a JSON array of rows (one render per row), an envelope
// {"fields"|"rows", "webhook"}, a CSV of rows (text/csv), or empty (the
// defaults). Query webhook= and set=, and the Idempotency-Key header, as
// for POST /v1/renders.
func (a *api) templateRender(w http.ResponseWriter, r *http.Request) {
	s := &submission{Submission: service.Submission{Template: r.PathValue("id")}}
	if err := a.readTemplateValues(w, r, s); err != nil {
		a.fail(w, r, err)
		return
	}
	a.queue(w, r, s)
}

func (a *api) readTemplateValues(w http.ResponseWriter, r *http.Request, s *submission) error {
	mt, _ := mediaType(r)
	var data []byte
	if r.ContentLength != 0 {
		var err error
		if data, err = readBody(w, r, a.o.MaxBody); err != nil {
			return err
		}
	}
	if len(bytes.TrimSpace(data)) > 0 {
		switch mt {
		case jsonType:
			if err := readTemplateJSON(data, &s.Submission); err != nil {
				return err
			}
		case "text/csv":
			rs, err := parseRows("rows.csv", data)
			if err != nil {
				return err
			}
			s.Rows = rs
		case "application/x-ndjson", "application/jsonl":
			rs, err := parseRows("rows.jsonl", data)
			if err != nil {
				return err
			}
			s.Rows = rs
		default:
			return unsupported(mt, "application/json (fields or rows) or text/csv (rows)")
		}
	}
	q := r.URL.Query()
	if err := applyQuery(q, &s.Submission); err != nil {
		return err
	}
	return a.finish(r, &s.Submission)
}

// readTemplateJSON reads the JSON body of a template's render: an array
// is rows; an object with "fields" (an object) or "rows" (an array) is an
// envelope, as field values are never objects or arrays; any other
// object is the fields.
func readTemplateJSON(data []byte, s *service.Submission) error {
	t := bytes.TrimSpace(data)
	if t[0] == '[' {
		rs, err := parseRows("rows.json", t)
		if err != nil {
			return err
		}
		s.Rows = rs
		return nil
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(t, &top); err != nil {
		return errorf(http.StatusBadRequest, "the body must be a JSON object of fields or an array of rows: %v", err)
	}
	f, r := bytes.TrimSpace(top["fields"]), bytes.TrimSpace(top["rows"])
	if (len(f) > 0 && f[0] == '{') || (len(r) > 0 && r[0] == '[') {
		var env struct {
			Fields  json.RawMessage `json:"fields"`
			Rows    json.RawMessage `json:"rows"`
			Webhook string          `json:"webhook"`
		}
		dec := json.NewDecoder(bytes.NewReader(t))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&env); err != nil {
			return errorf(http.StatusBadRequest, "the JSON envelope: %v (its keys: fields, rows, webhook)", err)
		}
		s.Webhook = env.Webhook
		return readValues(env.Fields, env.Rows, s)
	}
	vals, err := fieldValues(t)
	if err != nil {
		return err
	}
	s.Values = vals
	return nil
}
