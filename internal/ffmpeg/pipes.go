package ffmpeg

import (
	"io"
	"os"
	"sync"
	"time"
)

// pipes connects a child's output streams through OS pipes read by
// goroutines of ours. exec.Cmd would copy from pipes of its own and make
// Wait block until every holder of their write ends has exited, which a
// grandchild left behind can delay for ever; with our own pipes Wait
// returns when the child exits, and the readers are drained afterwards.
type pipes struct {
	readers []*os.File
	writers []*os.File
	wg      sync.WaitGroup
}

// add returns the write end of a new pipe whose read end is passed to
// consume in a goroutine; consume must read until EOF or an error.
func (p *pipes) add(consume func(io.Reader)) (*os.File, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	p.readers = append(p.readers, r)
	p.writers = append(p.writers, w)
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		consume(r)
	}()
	return w, nil
}

// started closes the parent's copies of the write ends, so that the
// readers see EOF once the child's side is closed.
func (p *pipes) started() {
	for _, w := range p.writers {
		_ = w.Close()
	}
	p.writers = nil
}

// wait waits for the readers to finish, at most limit: a process outside
// the child's group may still hold a write end, and then the read ends are
// closed, which ends the readers.
func (p *pipes) wait(limit time.Duration) {
	p.started()
	done := make(chan struct{})
	go func() {
		p.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(limit):
		for _, r := range p.readers {
			_ = r.Close()
		}
		<-done
	}
	for _, r := range p.readers {
		_ = r.Close()
	}
}
