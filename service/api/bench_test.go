package api

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/reel-film/reel/service"
)

// BenchmarkSubmit measures the API's own cost of a submission (reading,
// checking, answering) over a fake backend.
func BenchmarkSubmit(b *testing.B) {
	defer pauseObserve()()
	f := newFake(b.TempDir())
	h := New(f, Options{Token: []byte("t")})
	for b.Loop() {
		req := httptest.NewRequest("POST", "/v1/renders?set=name=Ada&webhook=https://example.com/h", strings.NewReader(project))
		req.Header.Set("Content-Type", "application/yaml")
		req.Header.Set("Authorization", "Bearer t")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 201 {
			b.Fatal(rec.Code, rec.Body)
		}
	}
}

// BenchmarkGet measures a GET of a render's record.
func BenchmarkGet(b *testing.B) {
	defer pauseObserve()()
	f := newFake(b.TempDir())
	r := f.add(service.Done, "film.mp4", []byte("x"))
	h := New(f, Options{})
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/v1/renders/"+r.ID, nil))
		if rec.Code != 200 {
			b.Fatal(rec.Code)
		}
	}
}
