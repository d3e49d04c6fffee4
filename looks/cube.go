package looks

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/reel-film/reel/internal/quote"
	"github.com/reel-film/reel/internal/suggest"
)

// Cube is a .cube LUT as DaVinci Resolve and Adobe write it.
type Cube struct {
	Title     string
	Dim       int // 1 (LUT_1D_SIZE) or 3 (LUT_3D_SIZE)
	Size      int
	DomainMin [3]float64
	DomainMax [3]float64 // default 1 1 1
	// Data holds Size rows (1D) or Size³ rows (3D, red changing fastest).
	Data [][3]float64
}

// Size limits: lut3d accepts up to 256 points a side.
const (
	MaxCube3D = 256
	MaxCube1D = 65536
)

// CubeError is a problem at a line of a .cube file.
type CubeError struct {
	File string
	Line int // 0: the file as a whole
	Msg  string
}

// Error formats as "looks/film.cube:14: expected 3 numbers, found 2".
func (e *CubeError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return e.File + ": " + e.Msg
}

// cubeKeywords are the keywords reel reads; ignoredKeywords are Resolve's
// video-range flags, accepted and ignored (FFmpeg ignores them too).
var (
	cubeKeywords    = []string{"TITLE", "LUT_1D_SIZE", "LUT_3D_SIZE", "DOMAIN_MIN", "DOMAIN_MAX", "LUT_1D_INPUT_RANGE", "LUT_3D_INPUT_RANGE"}
	ignoredKeywords = []string{"LUT_IN_VIDEO_RANGE", "LUT_OUT_VIDEO_RANGE"}
)

// ReadCube parses and validates the .cube file at path; name is how
// messages call it.
func ReadCube(path, name string) (*Cube, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &CubeError{File: name, Msg: fmt.Sprintf("cannot read the LUT: %v", err)}
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return nil, &CubeError{File: name, Msg: "this is a directory, not a .cube file"}
	}
	return ParseCube(f, name)
}

// ParseCube reads a .cube LUT: comments (#), TITLE, LUT_1D_SIZE or
// LUT_3D_SIZE, DOMAIN_MIN/MAX (or the INPUT_RANGE forms), then the rows. It
// checks the size, the row count, every number (NaN and infinities are
// errors) and the domain, and reports the first problem with its line.
func ParseCube(r io.Reader, name string) (*Cube, error) {
	p := &cubeParser{name: name, c: &Cube{DomainMax: [3]float64{1, 1, 1}}, seen: map[string]int{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		p.line++
		if err := p.parseLine(sc.Text()); err != nil {
			return nil, err
		}
	}
	if err := sc.Err(); err != nil {
		return nil, &CubeError{File: name, Line: p.line, Msg: fmt.Sprintf("reading: %v", err)}
	}
	return p.finish()
}

// cubeParser holds the state of one parse.
type cubeParser struct {
	name     string
	c        *Cube
	line     int
	seen     map[string]int // keyword → line
	want     int            // rows expected, once the size is known
	dataLine int            // line of the first row
}

func (p *cubeParser) errorf(format string, a ...any) error {
	return &CubeError{File: p.name, Line: p.line, Msg: fmt.Sprintf(format, a...)}
}

// parseLine handles one line: blank, comment, keyword or row.
func (p *cubeParser) parseLine(text string) error {
	if i := strings.IndexByte(text, '#'); i >= 0 && !strings.HasPrefix(strings.TrimSpace(text), "TITLE") {
		text = text[:i]
	}
	fields := strings.Fields(text)
	if len(fields) == 0 {
		return nil
	}
	if c := fields[0][0]; (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' {
		return p.keyword(fields[0], strings.TrimSpace(text)[len(fields[0]):], fields[1:])
	}
	return p.row(fields)
}

// keyword handles a keyword line.
func (p *cubeParser) keyword(kw, rest string, args []string) error {
	if p.dataLine > 0 {
		return p.errorf("%s after the table rows (keywords come first)", kw)
	}
	for _, k := range ignoredKeywords {
		if kw == k {
			return nil
		}
	}
	known := false
	for _, k := range cubeKeywords {
		known = known || kw == k
	}
	if !known {
		hint := suggest.Hint(kw, cubeKeywords)
		if hint == "" {
			hint = " (expected one of: " + strings.Join(cubeKeywords, ", ") + ")"
		}
		return p.errorf("unknown keyword %s%s", quote.Q(kw), hint)
	}
	if prev, dup := p.seen[kw]; dup {
		return p.errorf("%s given twice (first at line %d)", kw, prev)
	}
	p.seen[kw] = p.line
	return p.apply(kw, strings.TrimSpace(rest), args)
}

// numbers parses exactly n finite numbers.
func (p *cubeParser) numbers(what string, args []string, n int) ([]float64, error) {
	if len(args) != n {
		return nil, p.errorf("%s needs %d numbers, found %d", what, n, len(args))
	}
	out := make([]float64, n)
	for i, a := range args {
		v, err := strconv.ParseFloat(a, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, p.errorf("%s: %s is not a finite number", what, quote.Q(a))
		}
		out[i] = v
	}
	return out, nil
}
