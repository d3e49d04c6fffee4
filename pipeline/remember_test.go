package pipeline

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// What reel learns from FFmpeg (its version, its transitions) is asked once
// per binary and asked again when the binary changes; without a cache it is
// asked every time.
func TestRememberFFmpeg(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bin := filepath.Join(dir, "ffmpeg")
	if err := os.WriteFile(bin, []byte("v1"), 0o755); err != nil {
		t.Fatal(err)
	}
	calls := 0
	ask := func(c Cache) string {
		t.Helper()
		var got string
		if err := rememberFFmpeg(bin, c.For(dir), "version", &got, func() (any, error) {
			calls++
			return "version " + string(rune('0'+calls)), nil
		}); err != nil {
			t.Fatal(err)
		}
		return got
	}
	env := Cache{}
	steps := []struct {
		name      string
		env       Cache
		change    bool
		want      string
		wantCalls int
	}{
		{"first run asks", env, false, "version 1", 1},
		{"second run remembers", env, false, "version 1", 1},
		{"an upgraded binary is asked again", env, true, "version 2", 2},
		{"and remembered again", env, false, "version 2", 2},
		{"no cache asks every time", Cache{Off: true}, false, "version 3", 3},
		{"another cache directory asks once", Cache{Dir: filepath.Join(dir, "elsewhere")}, false, "version 4", 4},
	}
	for _, st := range steps {
		if st.change {
			if err := os.WriteFile(bin, []byte("v2, larger"), 0o755); err != nil {
				t.Fatal(err)
			}
			later := time.Now().Add(time.Minute)
			if err := os.Chtimes(bin, later, later); err != nil {
				t.Fatal(err)
			}
		}
		if got := ask(st.env); got != st.want || calls != st.wantCalls {
			t.Errorf("%s: got %q after %d calls, want %q after %d", st.name, got, calls, st.want, st.wantCalls)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, ".reel-cache", "ffmpeg")); err != nil {
		t.Errorf("the default cache beside the project holds nothing: %v", err)
	}
}
