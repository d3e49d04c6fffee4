package probe

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/reel-film/reel/internal/ffmpeg"
)

// Probe runs ffprobe (never through a shell, through the one process
// runner) with -v error -print_format json -show_format -show_streams and
// parses its output. Errors name the file and
// carry ffprobe's message, e.g.
// `probe clips/x.mp4: Invalid data found when processing input`. A missing
// local file gives an error that matches fs.ErrNotExist.
func Probe(ctx context.Context, ffprobe, path string) (*Info, error) {
	if !strings.Contains(path, "://") {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("probe %s: %w", path, fs.ErrNotExist)
		}
	}
	args := []string{"-v", "error", "-print_format", "json", "-show_format", "-show_streams", "-i", path}
	var stdout bytes.Buffer
	if _, err := ffmpeg.Run(ctx, ffprobe, args, ffmpeg.RunOptions{Stdout: &stdout}); err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("probe %s: %w", path, ctx.Err())
		}
		var ee *ffmpeg.ExitError
		if errors.As(err, &ee) {
			if msg := ffprobeMessage(strings.Join(ee.StderrTail, "\n"), path); msg != "" && ee.ExitCode >= 0 {
				return nil, fmt.Errorf("probe %s: %s", path, explain(path, msg))
			}
		}
		return nil, fmt.Errorf("probe %s: %w", path, err)
	}
	return Parse(stdout.Bytes(), path)
}

// ffprobeMessage condenses ffprobe's stderr: its last line (ffprobe's
// verdict, without the "path: " prefix), then the demuxers' earlier lines
// (without their "[mov,mp4,... @ 0x...]" prefixes) in parentheses, e.g.
// "Invalid data found when processing input (moov atom not found)".
func ffprobeMessage(stderr, path string) string {
	var lines []string
	for _, l := range strings.Split(stderr, "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "[") {
			if _, rest, ok := strings.Cut(l, "] "); ok {
				l = rest
			}
		}
		if l = strings.TrimPrefix(l, path+": "); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return ""
	}
	msg, detail := lines[len(lines)-1], lines[:len(lines)-1]
	if len(detail) > 2 {
		detail = detail[len(detail)-2:]
	}
	if len(detail) > 0 {
		msg += " (" + strings.Join(detail, "; ") + ")"
	}
	return msg
}
