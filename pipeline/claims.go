package pipeline

import (
	"fmt"
	"sync"
)

// writing holds the files renders of this process are writing: two renders
// of one file at once would share its temporary name (.NAME.PID.partial)
// and could rename a half-written file into place.
var writing struct {
	sync.Mutex
	files map[string]bool
}

// claim marks files as being written by one render, or refuses when
// another render of this process writes one of them; release undoes it.
func claim(files []string) (release func(), err error) {
	writing.Lock()
	defer writing.Unlock()
	if writing.files == nil {
		writing.files = map[string]bool{}
	}
	for _, f := range files {
		if writing.files[f] {
			return nil, &RequestError{Field: "output", Err: fmt.Errorf("%s is being written by another render of this process: wait for it to finish", f)}
		}
	}
	for _, f := range files {
		writing.files[f] = true
	}
	return func() {
		writing.Lock()
		defer writing.Unlock()
		for _, f := range files {
			delete(writing.files, f)
		}
	}, nil
}
