package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/netguard"
	"github.com/reel-film/reel/rows"
	"github.com/reel-film/reel/service"
)

// httpError is a request's own fault, answered with its status and
// message (no Backend involved).
type httpError struct {
	status int
	msg    string
}

func (e *httpError) Error() string { return e.msg }

func errorf(status int, format string, a ...any) error {
	return &httpError{status, fmt.Sprintf(format, a...)}
}

// fail answers err: an httpError with its status, a Backend error by
// statusOf.
func (a *api) fail(w http.ResponseWriter, r *http.Request, err error) {
	var he *httpError
	if errors.As(err, &he) {
		writeJSONError(w, he.status, he.msg, nil)
		return
	}
	a.writeError(w, r, err)
}

// The media types a project body may have.
var (
	yamlTypes = []string{"application/yaml", "text/yaml", "application/x-yaml", "text/x-yaml"}
	jsonType  = "application/json"
	multiType = "multipart/form-data"
)

// mediaType returns r's Content-Type without parameters, lowercased.
func mediaType(r *http.Request) (string, map[string]string) {
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil {
		return "", nil
	}
	return strings.ToLower(mt), params
}

func isYAML(mt string) bool {
	for _, t := range yamlTypes {
		if mt == t {
			return true
		}
	}
	return false
}

// unsupported is the 415 of a body of another media type than accepted.
func unsupported(mt string, accepted ...string) error {
	got := mt
	if got == "" {
		got = "none"
	}
	return errorf(http.StatusUnsupportedMediaType, "Content-Type %s is not accepted here: send %s", got, strings.Join(accepted, ", "))
}

// tooLarge is the 413 of a body over limit bytes.
func tooLarge(what string, limit int64) error {
	return errorf(http.StatusRequestEntityTooLarge, "%s is larger than the server's limit of %s", what, size(limit))
}

// size writes n bytes for people.
func size(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// readBody reads r's whole body, at most limit bytes (413 beyond).
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	if r.ContentLength > limit {
		return nil, tooLarge("the body", limit)
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return nil, tooLarge("the body", limit)
	}
	if err != nil {
		return nil, errorf(http.StatusBadRequest, "reading the body: %v", err)
	}
	return data, nil
}

// readLimited reads at most limit bytes of rd (413 beyond), what naming
// it in the error.
func readLimited(rd io.Reader, limit int64, what string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(rd, limit+1))
	if err != nil {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			return nil, tooLarge("the request", mb.Limit)
		}
		return nil, errorf(http.StatusBadRequest, "reading %s: %v", what, err)
	}
	if int64(len(data)) > limit {
		return nil, tooLarge(what, limit)
	}
	return data, nil
}

// submission is a Submission being read, with the uploads directory made
// for it (removed by cleanup when the submission is not queued).
type submission struct {
	service.Submission
	uploads []string // the names saved into Uploads
}

// cleanup removes the uploads of a submission that was not queued.
func (s *submission) cleanup() {
	if s.Uploads != "" {
		os.RemoveAll(s.Uploads)
	}
}

// readSubmission reads a project submission (POST /v1/renders, POST
// /v1/validate) in any of its three forms: a YAML or JSON project body, a
// JSON envelope {"project", "fields", "rows", "webhook", "name"}, or
// multipart/form-data with media. Query parameters webhook, set and name
// and the Idempotency-Key header apply to every form. On error the
// uploads made so far are removed.
func (a *api) readSubmission(w http.ResponseWriter, r *http.Request) (*submission, error) {
	s := &submission{}
	err := a.readSubmissionInto(w, r, s)
	if err != nil {
		s.cleanup()
		return nil, err
	}
	return s, nil
}

func (a *api) readSubmissionInto(w http.ResponseWriter, r *http.Request, s *submission) error {
	q := r.URL.Query()
	mt, _ := mediaType(r)
	switch {
	case isYAML(mt):
		data, err := readBody(w, r, a.o.MaxBody)
		if err != nil {
			return err
		}
		s.Project, s.Name = data, "project.yaml"
	case mt == jsonType:
		data, err := readBody(w, r, a.o.MaxBody)
		if err != nil {
			return err
		}
		if err := a.readJSONSubmission(data, s); err != nil {
			return err
		}
	case mt == multiType:
		if err := a.readMultipart(w, r, s); err != nil {
			return err
		}
	default:
		return unsupported(mt, "application/yaml, application/json or multipart/form-data")
	}
	if len(bytes.TrimSpace(s.Project)) == 0 {
		return errorf(http.StatusBadRequest, "the project is empty: send the project file as the body (or the multipart part \"project\")")
	}
	if n := q.Get("name"); n != "" {
		name, err := fileName(n, "name")
		if err != nil {
			return err
		}
		s.Name = name
	}
	if err := applyQuery(q, &s.Submission); err != nil {
		return err
	}
	return a.finish(r, &s.Submission)
}

// applyQuery adds what a submission's query says to s: its set=name=value
// merge values and its webhook (which the body must not give too).
func applyQuery(q url.Values, s *service.Submission) error {
	if err := applySets(q["set"], s); err != nil {
		return err
	}
	if d := q.Get("distribute"); d != "" {
		on, err := strconv.ParseBool(d)
		if err != nil {
			return errorf(http.StatusBadRequest, "distribute=%s: write distribute=true or distribute=false", d)
		}
		s.Distribute = on
	}
	if hook := q.Get("webhook"); hook != "" {
		if s.Webhook != "" {
			return errorf(http.StatusBadRequest, "the webhook is given twice (in the query and in the body)")
		}
		s.Webhook = hook
	}
	return nil
}

// applySets adds the values of the query's set=name=value parameters
// (as reel render --set reads them) to s.
func applySets(sets []string, s *service.Submission) error {
	if len(sets) == 0 {
		return nil
	}
	vals, err := rows.ParseSet(sets)
	if err != nil {
		return errorf(http.StatusBadRequest, "%v", err)
	}
	if len(s.Rows) > 0 {
		return errorf(http.StatusBadRequest, "set= gives one render's values, and rows were given too: give the values in the rows")
	}
	if s.Values == nil {
		s.Values = config.Values{}
	}
	for k, v := range vals {
		if _, dup := s.Values[k]; dup {
			return errorf(http.StatusBadRequest, "the field %s is given twice (in the query and in the body)", k)
		}
		s.Values[k] = v
	}
	return nil
}

// finish checks the webhook and reads the Idempotency-Key header.
func (a *api) finish(r *http.Request, s *service.Submission) error {
	if s.Webhook != "" {
		if len(s.Webhook) > 2048 {
			return errorf(http.StatusBadRequest, "the webhook URL is longer than 2048 bytes")
		}
		// The scheme and the form here; whether a private address is
		// allowed is the Backend's call (reel serve --allow-private).
		if err := netguard.CheckURL(s.Webhook, true); err != nil {
			return errorf(http.StatusBadRequest, "webhook %s: %v", netguard.HostOnly(s.Webhook), err)
		}
	}
	if k := r.Header.Get("Idempotency-Key"); k != "" {
		if len(k) > 255 || strings.IndexFunc(k, func(c rune) bool { return c < 0x21 || c > 0x7e }) >= 0 {
			return errorf(http.StatusBadRequest, "Idempotency-Key must be at most 255 visible ASCII characters")
		}
		s.IdempotencyKey = k
	}
	return nil
}

// envelope is a JSON submission with more than the project.
type envelope struct {
	Project json.RawMessage `json:"project"`
	Fields  json.RawMessage `json:"fields"`
	Rows    json.RawMessage `json:"rows"`
	Webhook string          `json:"webhook"`
	Name    string          `json:"name"`
}

// readJSONSubmission reads a JSON body: a project, or an envelope when
// its top level has the key "project" (no project has one).
func (a *api) readJSONSubmission(data []byte, s *submission) error {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		// Not an object: the project's own loader says what is wrong.
		s.Project, s.Name = data, "project.json"
		return nil
	}
	if _, ok := top["project"]; !ok {
		s.Project, s.Name = data, "project.json"
		return nil
	}
	var env envelope
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&env); err != nil {
		return errorf(http.StatusBadRequest, "the JSON envelope: %v (its keys: project, fields, rows, webhook, name)", err)
	}
	p := bytes.TrimSpace(env.Project)
	switch {
	case len(p) > 0 && p[0] == '"':
		var text string
		if err := json.Unmarshal(p, &text); err != nil {
			return errorf(http.StatusBadRequest, "the envelope's project: %v", err)
		}
		s.Project, s.Name = []byte(text), "project.yaml"
	case len(p) > 0 && p[0] == '{':
		s.Project, s.Name = p, "project.json"
	default:
		return errorf(http.StatusBadRequest, "the envelope's project must be an object (the project as JSON) or a string (the project as YAML)")
	}
	if env.Name != "" {
		name, err := fileName(env.Name, "name")
		if err != nil {
			return err
		}
		s.Name = name
	}
	s.Webhook = env.Webhook
	return readValues(env.Fields, env.Rows, &s.Submission)
}

// readValues reads fields (a JSON object) and rows (a JSON array of
// objects) into s; null or absent ones are none.
func readValues(fields, rowsJSON json.RawMessage, s *service.Submission) error {
	hasFields := len(fields) > 0 && string(bytes.TrimSpace(fields)) != "null"
	hasRows := len(rowsJSON) > 0 && string(bytes.TrimSpace(rowsJSON)) != "null"
	if hasFields && hasRows {
		return errorf(http.StatusBadRequest, "give fields (one render) or rows (one render per row), not both")
	}
	if hasFields {
		vals, err := fieldValues(fields)
		if err != nil {
			return err
		}
		s.Values = vals
	}
	if hasRows {
		rs, err := parseRows("rows.json", rowsJSON)
		if err != nil {
			return err
		}
		s.Rows = rs
	}
	return nil
}

// fieldValues reads a JSON object of merge values: strings are text,
// numbers keep their JSON spelling (int or float), booleans are booleans,
// null leaves the field to its default.
func fieldValues(data []byte) (config.Values, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, errorf(http.StatusBadRequest, "fields must be a JSON object of field names and values: %v", err)
	}
	vals := config.Values{}
	for name, v := range m {
		if !config.IsFieldName(name) {
			return nil, errorf(http.StatusBadRequest, "fields: %q is not a field name (a name holds letters, digits, _ and -, and starts with a letter or _)", name)
		}
		switch v := v.(type) {
		case nil:
		case string:
			vals[name] = config.Value{Text: v, Tag: "!!str"}
		case json.Number:
			tag := "!!int"
			if strings.ContainsAny(v.String(), ".eE") {
				tag = "!!float"
			}
			vals[name] = config.Value{Text: v.String(), Tag: tag}
		case bool:
			vals[name] = config.Value{Text: fmt.Sprint(v), Tag: "!!bool"}
		default:
			return nil, errorf(http.StatusBadRequest, "fields: %s must be a string, a number or a boolean, not a list or an object", name)
		}
	}
	return vals, nil
}

// parseRows reads rows from data, a file called name (.csv, .json,
// .jsonl), into one Values per row.
func parseRows(name string, data []byte) ([]config.Values, error) {
	rs, err := rows.Parse(name, data)
	if err != nil {
		return nil, errorf(http.StatusBadRequest, "%v", err)
	}
	out := make([]config.Values, len(rs))
	for i, r := range rs {
		out[i] = r.Values
	}
	return out, nil
}

// rowsName returns the name rows.Parse reads data by: the part's file
// name when it has a known extension, else by its content.
func rowsName(filename string, contentType string, data []byte) string {
	switch strings.ToLower(path.Ext(filename)) {
	case ".csv", ".json", ".jsonl", ".ndjson":
		return path.Base(filename)
	}
	mt, _, _ := mime.ParseMediaType(contentType)
	switch {
	case mt == "text/csv":
		return "rows.csv"
	case mt == "application/x-ndjson" || mt == "application/jsonl":
		return "rows.jsonl"
	}
	if t := bytes.TrimLeft(data, " \t\r\n\xEF\xBB\xBF"); len(t) > 0 && t[0] == '[' {
		return "rows.json"
	}
	return "rows.csv"
}

// readMultipart reads a multipart submission: parts project (the file),
// media (files, saved under their base names into a new uploads
// directory), fields (a JSON object), rows (a JSON array or a CSV file),
// webhook and name. The whole body is bounded by MaxUpload, every part
// but media by MaxBody.
func (a *api) readMultipart(w http.ResponseWriter, r *http.Request, s *submission) error {
	if r.ContentLength > a.o.MaxUpload {
		return tooLarge("the upload", a.o.MaxUpload)
	}
	body := &limitedBody{ReadCloser: http.MaxBytesReader(w, r.Body, a.o.MaxUpload)}
	r.Body = body
	err := a.readParts(r, s)
	if err != nil && body.over {
		// However the multipart reader reported it.
		return tooLarge("the upload", a.o.MaxUpload)
	}
	return err
}

// limitedBody notes when its MaxBytesReader refused to read on.
type limitedBody struct {
	io.ReadCloser
	over bool
}

func (b *limitedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		b.over = true
	}
	return n, err
}

// readParts reads the parts of a multipart submission.
func (a *api) readParts(r *http.Request, s *submission) error {
	mr, err := r.MultipartReader()
	if err != nil {
		return errorf(http.StatusBadRequest, "reading the multipart body: %v", err)
	}
	var fields, rowsData []byte
	var rowsFile, rowsType string
	seen := map[string]bool{}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			var mb *http.MaxBytesError
			if errors.As(err, &mb) {
				return tooLarge("the upload", a.o.MaxUpload)
			}
			return errorf(http.StatusBadRequest, "reading the multipart body: %v", err)
		}
		name := part.FormName()
		if name != "media" {
			if seen[name] {
				return errorf(http.StatusBadRequest, "the part %q is given twice", name)
			}
			seen[name] = true
		}
		switch name {
		case "project":
			data, err := readLimited(part, a.o.MaxBody, "the project")
			if err != nil {
				return err
			}
			s.Project, s.Name = data, "project.yaml"
			if fn := rawFileName(part); fn != "" {
				if n, err := fileName(fn, "the project's file name"); err == nil {
					s.Name = n
				}
			}
		case "media":
			if err := a.saveUpload(part, s); err != nil {
				return err
			}
		case "fields":
			if fields, err = readLimited(part, a.o.MaxBody, "fields"); err != nil {
				return err
			}
		case "rows":
			if rowsData, err = readLimited(part, a.o.MaxBody, "rows"); err != nil {
				return err
			}
			rowsFile, rowsType = rawFileName(part), part.Header.Get("Content-Type")
		case "webhook", "name":
			data, err := readLimited(part, 4096, name)
			if err != nil {
				return err
			}
			v := strings.TrimSpace(string(data))
			if name == "webhook" {
				s.Webhook = v
			} else if v != "" {
				n, err := fileName(v, "name")
				if err != nil {
					return err
				}
				s.Name = n
			}
		default:
			return errorf(http.StatusBadRequest, "unknown part %q: a submission has the parts project, media, fields, rows, webhook and name", name)
		}
		part.Close()
	}
	if s.Project == nil {
		return errorf(http.StatusBadRequest, "the multipart body has no part \"project\" (the project file)")
	}
	var rowsJSON json.RawMessage
	if rowsData != nil {
		if rn := rowsName(rowsFile, rowsType, rowsData); rn != "rows.json" {
			rs, err := parseRows(rn, rowsData)
			if err != nil {
				return err
			}
			if fields != nil {
				return errorf(http.StatusBadRequest, "give fields (one render) or rows (one render per row), not both")
			}
			s.Rows = rs
			return nil
		}
		rowsJSON = rowsData
	}
	return readValues(fields, rowsJSON, &s.Submission)
}

// rawFileName returns the filename parameter of a part as sent (Part's
// FileName cuts it to its base, hiding a "..").
func rawFileName(p *multipart.Part) string {
	_, params, err := mime.ParseMediaType(p.Header.Get("Content-Disposition"))
	if err != nil {
		return ""
	}
	return params["filename"]
}

// fileName checks a file name a client gave and returns its base name:
// no "..", not empty, not hidden, no control characters, at most 255
// bytes of UTF-8.
func fileName(raw, what string) (string, error) {
	n := strings.ReplaceAll(raw, `\`, "/")
	for _, el := range strings.Split(n, "/") {
		if el == ".." {
			return "", errorf(http.StatusBadRequest, "%s %q: a file name must not hold \"..\"", what, raw)
		}
	}
	base := path.Base(n)
	switch {
	case n == "" || base == "." || base == "/":
		return "", errorf(http.StatusBadRequest, "%s: the file name is empty", what)
	case strings.HasPrefix(base, "."):
		return "", errorf(http.StatusBadRequest, "%s %q: a hidden file name (starting with .) is not accepted", what, raw)
	case !utf8.ValidString(base) || strings.IndexFunc(base, unicode.IsControl) >= 0:
		return "", errorf(http.StatusBadRequest, "%s: the file name holds control characters or is not UTF-8", what)
	case len(base) > 255:
		return "", errorf(http.StatusBadRequest, "%s: the file name is longer than 255 bytes", what)
	}
	return base, nil
}

// saveUpload writes a media part into the submission's uploads directory
// (made on the first one) under its base name: to a temporary file, then
// renamed.
func (a *api) saveUpload(part *multipart.Part, s *submission) error {
	raw := rawFileName(part)
	if raw == "" {
		return errorf(http.StatusBadRequest, "a media part has no file name (send it as a file: filename=...)")
	}
	name, err := fileName(raw, "media")
	if err != nil {
		return err
	}
	for _, n := range s.uploads {
		if n == name {
			return errorf(http.StatusBadRequest, "media %s is uploaded twice", name)
		}
	}
	if s.Uploads == "" {
		dir, err := a.b.NewUploads()
		if err != nil {
			return fmt.Errorf("making the uploads directory: %w", err)
		}
		s.Uploads = dir
	}
	tmp, err := os.CreateTemp(s.Uploads, ".upload-*")
	if err != nil {
		return fmt.Errorf("saving media %s: %w", name, err)
	}
	_, err = io.Copy(tmp, part)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp.Name())
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			return tooLarge("the upload", a.o.MaxUpload)
		}
		return errorf(http.StatusBadRequest, "reading media %s: %v", name, err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(s.Uploads, name)); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("saving media %s: %w", name, err)
	}
	s.uploads = append(s.uploads, name)
	return nil
}
