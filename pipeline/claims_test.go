package pipeline

import (
	"errors"
	"testing"
)

// TestClaim: a file one render writes is refused to another until the
// first releases it; other files are free.
func TestClaim(t *testing.T) {
	t.Parallel()
	release, err := claim([]string{"/a.mp4", "/poster.jpg"})
	if err != nil {
		t.Fatal(err)
	}
	var re *RequestError
	if _, err := claim([]string{"/b.mp4", "/poster.jpg"}); !errors.As(err, &re) {
		t.Fatalf("a second claim of /poster.jpg: %v", err)
	}
	r2, err := claim([]string{"/b.mp4"})
	if err != nil {
		t.Fatalf("/b.mp4 was left claimed by the refused claim: %v", err)
	}
	r2()
	release()
	r3, err := claim([]string{"/a.mp4", "/poster.jpg"})
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	r3()
}
