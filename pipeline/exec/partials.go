package exec

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/reel-film/reel/internal/owned"
)

// removeStalePartials removes the temporary outputs beside output that
// renders killed without the chance to clean up left behind: files named
// .<name>.<pid>.partial (plan.TempOutput with a pid tag), and the earlier
// outputs kept while delivering (.<name>.<pid>.previous), whose pid no
// longer exists. Another live render's file, and any other name, stays.
func removeStalePartials(output string) {
	dir, base := filepath.Split(output)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	prefix := "." + base + "."
	for _, e := range entries {
		name := e.Name()
		suffix := ".partial"
		if strings.HasSuffix(name, ".previous") { // an earlier output kept while delivering
			suffix = ".previous"
		}
		if !e.Type().IsRegular() || !strings.HasPrefix(name, prefix) || !strings.HasSuffix(name, suffix) {
			continue
		}
		tag := strings.TrimSuffix(strings.TrimPrefix(name, prefix), suffix)
		pid, err := strconv.Atoi(tag)
		if err != nil || pid <= 0 || pid == os.Getpid() || owned.Alive(pid) {
			continue
		}
		_ = os.Remove(filepath.Join(dir, name))
	}
}
