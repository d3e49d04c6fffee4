package api

import (
	"bufio"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/reel-film/reel/service"
)

// sse is one event read from a stream.
type sse struct {
	id, typ string
	ev      service.Event
}

// readSSE reads events from a stream until it ends, sending them to out;
// comments are counted in comments.
func readSSE(t *testing.T, resp *http.Response, out chan<- sse, comments chan<- string) {
	defer close(out)
	sc := bufio.NewScanner(resp.Body)
	var cur sse
	var data string
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if data != "" {
				if err := json.Unmarshal([]byte(data), &cur.ev); err != nil {
					t.Errorf("data %q: %v", data, err)
				}
				out <- cur
			}
			cur, data = sse{}, ""
		case strings.HasPrefix(line, ":"):
			select {
			case comments <- line:
			default:
			}
		case strings.HasPrefix(line, "id: "):
			cur.id = strings.TrimPrefix(line, "id: ")
		case strings.HasPrefix(line, "event: "):
			cur.typ = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			data = strings.TrimPrefix(line, "data: ")
		case strings.HasPrefix(line, "retry: "):
		default:
			t.Errorf("unexpected line %q", line)
		}
	}
}

func openStream(t *testing.T, url string, hdr ...string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func progress(p float64) service.Event {
	return service.Event{Type: "progress", Status: service.Rendering, Progress: service.Progress{Percent: p}, Time: t0}
}

func TestEvents(t *testing.T) {
	f := newFake(t.TempDir())
	srv := httptest.NewServer(New(f, Options{}))
	defer srv.Close()
	r := f.add(service.Rendering, "", nil)
	f.emit(r.ID, service.Event{Type: "status", Status: service.Rendering, Time: t0})
	f.emit(r.ID, progress(10))
	url := srv.URL + "/v1/renders/" + r.ID + "/events"

	resp := openStream(t, url)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("%d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	events := make(chan sse, 100)
	go readSSE(t, resp, events, nil)
	// The past events first, then the live ones as they come.
	for i, want := range []string{"1", "2"} {
		e := <-events
		if e.id != want || e.ev.ID != uint64(i+1) {
			t.Fatalf("event %d: %+v", i, e)
		}
	}
	for f.followers(r.ID) == 0 {
		time.Sleep(time.Millisecond)
	}
	f.emit(r.ID, progress(50))
	f.emit(r.ID, progress(90))
	f.emit(r.ID, service.Event{Type: "status", Status: service.Done, Progress: service.Progress{Percent: 100}, Time: t0})
	var got []sse
	for e := range events { // ends with the final status
		got = append(got, e)
	}
	if len(got) != 3 || got[0].typ != "progress" || got[0].ev.Progress.Percent != 50 || got[2].typ != "status" || got[2].ev.Status != service.Done {
		t.Fatalf("live events %+v", got)
	}
	last := 0.0
	for _, e := range got {
		if e.ev.Progress.Percent < last {
			t.Errorf("percent went back: %v after %v", e.ev.Progress.Percent, last)
		}
		last = e.ev.Progress.Percent
		if e.ev.Render != r.ID {
			t.Errorf("event of render %q", e.ev.Render)
		}
	}

	// Resuming: after an id, by header or query, only the later events,
	// and the stream of a finished render ends.
	tests := []struct {
		name string
		url  string
		hdr  []string
		ids  []string
	}{
		{"Last-Event-ID", url, []string{"Last-Event-ID", "3"}, []string{"4", "5"}},
		{"after=", url + "?after=4", nil, []string{"5"}},
		{"Last-Event-ID wins", url + "?after=1", []string{"Last-Event-ID", "4"}, []string{"5"}},
		{"from the start", url, nil, []string{"1", "2", "3", "4", "5"}},
		{"after the last", url + "?after=5", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := openStream(t, tt.url, tt.hdr...)
			if resp.StatusCode != 200 {
				t.Fatalf("status %d", resp.StatusCode)
			}
			ch := make(chan sse, 100)
			readSSE(t, resp, ch, nil)
			var ids []string
			for e := range ch {
				ids = append(ids, e.id)
			}
			if strings.Join(ids, ",") != strings.Join(tt.ids, ",") {
				t.Errorf("ids %v, want %v", ids, tt.ids)
			}
		})
	}

	for _, tt := range []struct {
		url  string
		hdr  []string
		want int
	}{
		{url, []string{"Last-Event-ID", "x"}, 400},
		{url + "?after=-1", nil, 400},
		{srv.URL + "/v1/renders/nope/events", nil, 404},
	} {
		resp := openStream(t, tt.url, tt.hdr...)
		if resp.StatusCode != tt.want || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
			t.Errorf("%s %v: %d %q, want %d", tt.url, tt.hdr, resp.StatusCode, resp.Header.Get("Content-Type"), tt.want)
		}
	}
}

func TestEventsKeepAlive(t *testing.T) {
	old := keepAlive
	keepAlive = 5 * time.Millisecond
	defer func() { keepAlive = old }()
	f := newFake(t.TempDir())
	srv := httptest.NewServer(New(f, Options{}))
	defer srv.Close()
	r := f.add(service.Queued, "", nil)
	resp := openStream(t, srv.URL+"/v1/renders/"+r.ID+"/events")
	events := make(chan sse, 10)
	comments := make(chan string, 10)
	go readSSE(t, resp, events, comments)
	if c := <-comments; c != ": keep-alive" {
		t.Fatalf("comment %q", c)
	}
	f.emit(r.ID, service.Event{Type: "status", Status: service.Cancelled, Time: t0})
	var n int
	for e := range events {
		n++
		if id, _ := strconv.Atoi(e.id); id != 1 || e.ev.Status != service.Cancelled {
			t.Errorf("event %+v", e)
		}
	}
	if n != 1 {
		t.Errorf("%d events", n)
	}
}
