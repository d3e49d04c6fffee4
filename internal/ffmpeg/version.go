package ffmpeg

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
)

// Version returns the first line of "bin -version", e.g.
// "ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026 the FFmpeg developers".
// It is part of every job's content key.
func Version(ctx context.Context, bin string) (string, error) {
	out, err := exec.CommandContext(ctx, bin, "-version").Output()
	if err != nil {
		return "", fmt.Errorf("run %s -version: %w", bin, err)
	}
	line, _, _ := strings.Cut(string(out), "\n")
	if line = strings.TrimSpace(line); line == "" {
		return "", fmt.Errorf("run %s -version: empty output", bin)
	}
	return line, nil
}
