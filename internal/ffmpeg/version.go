package ffmpeg

import (
	"bytes"
	"context"
	"fmt"
	"strings"
)

// Version returns the first line of "bin -version", e.g.
// "ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026 the FFmpeg developers".
// It is part of every job's content key.
func Version(ctx context.Context, bin string) (string, error) {
	var out bytes.Buffer
	if _, err := Run(ctx, bin, []string{"-version"}, RunOptions{Stdout: &out}); err != nil {
		return "", fmt.Errorf("run %s -version: %w", bin, err)
	}
	line, _, _ := strings.Cut(out.String(), "\n")
	if line = strings.TrimSpace(line); line == "" {
		return "", fmt.Errorf("run %s -version: empty output", bin)
	}
	return line, nil
}
