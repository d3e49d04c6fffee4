package ffmpeg

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Progress is one block of ffmpeg's "-progress" output.
type Progress struct {
	Frame     int64   // "frame=": frames written so far
	OutTimeUS int64   // out_time_us (or out_time_ms, also microseconds); -1 when N/A
	Speed     float64 // "speed= 1.23x"; 0 when N/A
	Done      bool    // progress=end
}

// ParseProgress reads "key=value" lines from r and calls fn once per
// completed block, i.e. at each "progress=continue" or "progress=end" line.
// Unknown keys, malformed lines and unparsable values (such as "N/A") are
// ignored, leaving the field at its N/A value; a trailing incomplete block
// is dropped. It returns only read errors.
func ParseProgress(r io.Reader, fn func(Progress)) error {
	sc := bufio.NewScanner(r)
	p := newProgress()
	for sc.Scan() {
		key, value, ok := strings.Cut(strings.TrimSpace(sc.Text()), "=")
		if !ok {
			continue
		}
		if key == "progress" {
			p.Done = strings.TrimSpace(value) == "end"
			fn(p)
			p = newProgress()
			continue
		}
		p.set(key, strings.TrimSpace(value))
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read ffmpeg progress: %w", err)
	}
	return nil
}

// newProgress returns a block with every field at its N/A value.
func newProgress() Progress {
	return Progress{OutTimeUS: -1}
}

// set stores one key's value. out_time_us wins over out_time_ms: both are
// microseconds in ffmpeg 5.1, the latter by a long-standing bug.
func (p *Progress) set(key, value string) {
	switch key {
	case "frame":
		p.Frame = parseInt(value, p.Frame)
	case "out_time_us":
		p.OutTimeUS = parseInt(value, -1)
	case "out_time_ms":
		if p.OutTimeUS < 0 {
			p.OutTimeUS = parseInt(value, -1)
		}
	case "speed":
		p.Speed = parseSpeed(value)
	}
}

// parseInt parses a decimal integer, returning def for "N/A" or garbage.
func parseInt(s string, def int64) int64 {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return def
	}
	return n
}

// parseSpeed parses "1.23x" (already trimmed); 0 for "N/A" or garbage.
func parseSpeed(s string) float64 {
	f, err := strconv.ParseFloat(strings.TrimSuffix(s, "x"), 64)
	if err != nil {
		return 0
	}
	return f
}
