package cache

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// CleanPartials removes the partial directories under root that no job is
// writing: those left by a render killed mid-job (with SIGKILL, or on a
// machine that went down), whose entry is never written again once the
// project changes. A partial directory is written only under its entry's
// lock, so one whose lock can be taken at once is abandoned; one whose lock
// is held (a render running now, here or on another machine sharing the
// cache) is left alone. The lock files themselves stay: another render may
// have one open, and removing it would let two renders hold "the" lock.
func CleanPartials(root string) (removed []string, err error) {
	shards, err := os.ReadDir(JobsDir(root))
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var errs []error
	for _, s := range shards {
		if !s.IsDir() {
			continue
		}
		dirs, _ := os.ReadDir(filepath.Join(JobsDir(root), s.Name()))
		for _, d := range dirs {
			if !d.IsDir() || !strings.HasSuffix(d.Name(), ".partial") {
				continue
			}
			entry := filepath.Join(JobsDir(root), s.Name(), strings.TrimSuffix(d.Name(), ".partial"))
			unlock, ok := tryLock(entry)
			if !ok {
				continue
			}
			if err := os.RemoveAll(Partial(entry)); err != nil {
				errs = append(errs, err)
			} else {
				removed = append(removed, Partial(entry))
			}
			unlock()
		}
	}
	return removed, errors.Join(errs...)
}

// tryLock takes the entry's lock if no one holds it.
func tryLock(dir string) (unlock func(), ok bool) {
	f, err := os.OpenFile(dir+".lock", os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, false
	}
	if syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) != nil {
		f.Close()
		return nil, false
	}
	return func() { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN); f.Close() }, true
}
