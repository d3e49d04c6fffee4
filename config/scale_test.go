package config

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestManyErrors40000 checks that 40,000 unknown keys (54 s when the report
// was joined with +=) are reported at once, linearly, as the first MaxShown
// and a count of the rest.
func TestManyErrors40000(t *testing.T) {
	var b strings.Builder
	b.WriteString(scene1)
	for i := range 40_000 {
		fmt.Fprintf(&b, "k%d: 1\n", i)
	}
	start := time.Now()
	_, err := Parse([]byte(b.String()), "project.yaml", t.TempDir(), testOptions())
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("took %v to report 40,000 unknown keys", took)
	}
	lines := strings.Split(msg, "\n")
	if len(lines) != MaxShown+1 {
		t.Fatalf("the report has %d lines, want %d", len(lines), MaxShown+1)
	}
	if want := "project.yaml:3: k0: unknown key (expected one of: "; !strings.HasPrefix(lines[0], want) {
		t.Errorf("first line %q, want it to start with %q", lines[0], want)
	}
	if want := "and 39950 more problems (fix these first, or run validate --json to list them all)"; lines[MaxShown] != want {
		t.Errorf("last line %q, want %q", lines[MaxShown], want)
	}
	if es := err.(Errors); len(es) != 40_000 {
		t.Errorf("Errors holds %d problems, want all 40000", len(es))
	}
}

// TestErrorsOneMore checks the singular of the summary line.
func TestErrorsOneMore(t *testing.T) {
	es := make(Errors, MaxShown+1)
	for i := range es {
		es[i] = &Error{File: "p.yaml", Line: i + 1, Msg: "x"}
	}
	if got := es.Error(); !strings.HasSuffix(got, "\nand 1 more problem (fix these first, or run validate --json to list them all)") {
		t.Errorf("got %q", got[len(got)-80:])
	}
}

// TestLongValuesShortened checks that no message grows with the value it
// quotes: a 200 KB key, colour, id, duration, fit and size.
func TestLongValuesShortened(t *testing.T) {
	long := strings.Repeat("q", 200_000)
	for _, src := range []string{
		long + ": 1\n" + scene1,
		"transition: {type: dip, color: " + long + "}\n" + scene1,
		"scenes:\n  - {id: " + long + ", source: a.mp4}\n",
		scene1 + "    duration: " + long + "s\n",
		"fit: " + long + "\n" + scene1,
		"output: {size: " + long + "}\n" + scene1,
		"output: {size: [" + long + "]}\n" + scene1,
		scene1 + "    source: " + long + "\n",
	} {
		_, err := Parse([]byte(src), "project.yaml", t.TempDir(), testOptions())
		if err == nil {
			t.Errorf("%.60q: no error", src)
			continue
		}
		if n := len(err.Error()); n > 1200 {
			t.Errorf("%.60q: a report of %d bytes: %.300s", src, n, err.Error())
		}
	}
}

// TestMergeBomb checks that merges (<<) that double at every level, 2^40
// maps if expanded, are decoded in linear time.
func TestMergeBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("x:\n  a0: &a0 {fit: cover}\n")
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&b, "  a%d: &a%d {<<: [*a%d, *a%d]}\n", i, i, i-1, i-1)
	}
	b.WriteString("scenes:\n  - <<: *a40\n    source: a.mp4\n")
	done := make(chan error, 1)
	go func() {
		_, err := Parse([]byte(b.String()), "project.yaml", t.TempDir(), testOptions())
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "x: unknown key") || strings.Count(err.Error(), "\n") != 0 {
			t.Errorf("got %v, want only the unknown key x", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a merge bomb did not finish in 10 s")
	}
}
