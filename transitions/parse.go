package transitions

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/reel-film/reel/internal/ffmpeg"
)

// Parse builds the catalogue from the text of `ffmpeg -hide_banner -h
// filter=xfade`: the constants listed under its "transition" option, except
// "custom" (which needs an expression), become xfade entries beside cut, dip
// and the aliases. It is pure.
func Parse(xfadeHelp string) (*Catalogue, error) {
	names, err := xfadeNames(xfadeHelp)
	if err != nil {
		return nil, err
	}
	return newCatalogue(names), nil
}

// xfadeNames returns the constants of the "transition" option, in order.
func xfadeNames(help string) ([]string, error) {
	var names []string
	indent := -1 // of the "transition" option line, once found
	sc := bufio.NewScanner(strings.NewReader(help))
	for sc.Scan() {
		line := sc.Text()
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		depth := len(line) - len(strings.TrimLeft(line, " \t"))
		switch {
		case indent < 0 && fields[0] == "transition" && len(fields) > 1 && strings.HasPrefix(fields[1], "<"):
			indent = depth
		case indent >= 0 && depth <= indent:
			return checkNames(names)
		case indent >= 0 && fields[0] != "custom":
			names = append(names, fields[0])
		}
	}
	return checkNames(names)
}

func checkNames(names []string) ([]string, error) {
	if len(names) == 0 {
		return nil, errors.New(`xfade help lists no transitions (no "transition" option with values)`)
	}
	return names, nil
}

// Discover runs `ffmpeg -hide_banner -h filter=xfade` (never through a
// shell, through the one process runner) and parses its output. It fails
// when this ffmpeg has no xfade filter (ffmpeg before 4.3).
func Discover(ctx context.Context, bin string) (*Catalogue, error) {
	var stdout bytes.Buffer
	res, err := ffmpeg.Run(ctx, bin, []string{"-hide_banner", "-h", "filter=xfade"}, ffmpeg.RunOptions{Stdout: &stdout})
	if err != nil {
		return nil, fmt.Errorf("listing xfade transitions with %s: %w", bin, err)
	}
	out := stdout.String()
	if !strings.Contains(out, "Filter xfade") {
		return nil, fmt.Errorf("%s has no xfade filter (FFmpeg 4.3 or later is needed): %s", bin, firstLine(out+strings.Join(res.StderrTail, "\n")))
	}
	c, err := Parse(out)
	if err != nil {
		return nil, fmt.Errorf("listing xfade transitions with %s: %w", bin, err)
	}
	return c, nil
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}
