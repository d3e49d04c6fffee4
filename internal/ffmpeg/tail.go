package ffmpeg

import "bytes"

// maxLineBytes bounds one kept stderr line; the rest of a longer line is
// dropped (FFmpeg may echo a whole filter graph, and an error message
// should fit a screen).
const maxLineBytes = 1024

// tailWriter keeps the last max lines written to it. Both "\n" and "\r"
// end a line (ffmpeg's stats use "\r"); empty lines are skipped. It is not
// safe for concurrent use: read Lines only after the writer is done.
type tailWriter struct {
	max     int
	lines   []string
	partial []byte
}

// newTailWriter returns a writer keeping the last max lines.
func newTailWriter(max int) *tailWriter {
	return &tailWriter{max: max}
}

// Write splits p into lines; it never fails.
func (w *tailWriter) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		i := bytes.IndexAny(p, "\r\n")
		if i < 0 {
			w.appendPartial(p)
			break
		}
		w.appendPartial(p[:i])
		w.endLine()
		p = p[i+1:]
	}
	return n, nil
}

// appendPartial adds b to the current line, up to maxLineBytes.
func (w *tailWriter) appendPartial(b []byte) {
	if room := maxLineBytes - len(w.partial); len(b) > room {
		b = b[:max(room, 0)]
	}
	w.partial = append(w.partial, b...)
}

// endLine moves the current line, if not empty, into the kept lines.
func (w *tailWriter) endLine() {
	if len(w.partial) == 0 {
		return
	}
	w.lines = append(w.lines, string(w.partial))
	if len(w.lines) > w.max {
		w.lines = w.lines[len(w.lines)-w.max:]
	}
	w.partial = w.partial[:0]
}

// Lines returns the kept lines, an unterminated last line included.
func (w *tailWriter) Lines() []string {
	out := append([]string(nil), w.lines...)
	if len(w.partial) > 0 {
		out = append(out, string(w.partial))
		if len(out) > w.max {
			out = out[1:]
		}
	}
	return out
}
