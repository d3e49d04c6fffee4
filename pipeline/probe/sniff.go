package probe

import (
	"errors"
	"fmt"
	"io"
	"os"
	"unicode/utf8"
)

// unusable says plainly why a local file cannot be media, before or instead
// of FFmpeg's words ("moov atom not found" for an empty .mp4): it is a
// directory, it is empty, or it holds text. "" when none of these applies.
func unusable(path string) string {
	fi, err := os.Stat(path)
	switch {
	case err != nil:
		return ""
	case fi.IsDir():
		return "it is a directory, not a video, image or audio file"
	case fi.Size() == 0:
		return "the file is empty (0 bytes)"
	}
	if looksLikeText(path) {
		return "the file holds text, not video, an image or audio (whatever its name says)"
	}
	return ""
}

// looksLikeText reports whether the start of the file is printable UTF-8
// text (no media container starts that way).
func looksLikeText(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	buf := make([]byte, 512)
	n, err := io.ReadFull(f, buf)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return false
	}
	buf = buf[:n]
	for len(buf) > 0 {
		r, size := utf8.DecodeRune(buf)
		if r == utf8.RuneError && size <= 1 {
			return len(buf) < utf8.UTFMax // a rune cut by the 512-byte window
		}
		if r < ' ' && r != '\n' && r != '\r' && r != '\t' {
			return false
		}
		buf = buf[size:]
	}
	return true
}

// explain puts the plain reason first when there is one, keeping FFmpeg's
// message in parentheses.
func explain(path, ffmsg string) string {
	if why := unusable(path); why != "" {
		return fmt.Sprintf("%s (ffprobe: %s)", why, ffmsg)
	}
	return ffmsg
}
