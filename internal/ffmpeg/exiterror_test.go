package ffmpeg

import (
	"context"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestElide(t *testing.T) {
	tests := []struct {
		in       string
		max      int
		want     string
		contains []string
	}{
		{"short", 10, "short", nil},
		{strings.Repeat("a", 10), 10, strings.Repeat("a", 10), nil},
		{strings.Repeat("a", 30) + strings.Repeat("b", 30), 30, "", []string{strings.Repeat("a", 20) + " … 30 bytes elided … " + strings.Repeat("b", 10)}},
		{strings.Repeat("é", 100), 31, "", []string{"bytes elided"}},
	}
	for _, tt := range tests {
		got := Elide(tt.in, tt.max)
		if tt.want != "" && got != tt.want {
			t.Errorf("Elide(%.10q…, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
		for _, c := range tt.contains {
			if !strings.Contains(got, c) {
				t.Errorf("Elide(%.10q…, %d) = %q, want it to contain %q", tt.in, tt.max, got, c)
			}
		}
		if !utf8.ValidString(got) {
			t.Errorf("Elide(%.10q…, %d) = %q is not valid UTF-8", tt.in, tt.max, got)
		}
	}
}

// TestHugeCommandErrorFitsAScreen runs a command too long for the kernel
// (one 200 KB argument: "argument list too long"): the error and the
// command shown stay short.
func TestHugeCommandErrorFitsAScreen(t *testing.T) {
	huge := "drawtext=text=" + strings.Repeat("x", 200_000)
	_, err := Run(context.Background(), os.Args[0], []string{"-vf", huge, "out.mp4"}, RunOptions{})
	ee := asExitError(t, err)
	if !strings.Contains(ee.Error(), "argument list too long") {
		t.Errorf("Error() = %q, want the kernel's reason", ee.Error())
	}
	cmd := ee.Command()
	if len(cmd) > maxCommand+100 || len(ee.Error()) > 500 {
		t.Errorf("command shown is %d bytes, error %d; want a screen at most", len(cmd), len(ee.Error()))
	}
	if !strings.Contains(cmd, "bytes elided") || !strings.HasSuffix(cmd, " out.mp4") || !strings.Contains(cmd, "-vf ") {
		t.Errorf("Command() = %.200q…, want its start and end with the elision", cmd)
	}
}
