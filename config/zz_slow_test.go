package config

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestZZSlow(t *testing.T) {
	dir := os.Getenv("CORPUS")
	files, _ := filepath.Glob(dir + "/*")
	for _, f := range files {
		b, _ := os.ReadFile(f)
		s := string(b)
		s = strings.TrimPrefix(s, "go test fuzz v1\n[]byte(")
		s = strings.TrimSuffix(strings.TrimSpace(s), ")")
		data, err := strconv.Unquote(s)
		if err != nil {
			continue
		}
		t0 := time.Now()
		Parse([]byte(data), "p.yaml", t.TempDir(), testOptions())
		if d := time.Since(t0); d > 50*time.Millisecond {
			t.Logf("%s: %v (%d bytes) %.200q", filepath.Base(f), d, len(data), data)
		}
	}
}
