package looks

import (
	"fmt"
	"strconv"
	"strings"
)

// apply sets what a keyword says.
func (p *cubeParser) apply(kw, rest string, args []string) error {
	switch kw {
	case "TITLE":
		p.c.Title = strings.Trim(rest, `"`)
	case "LUT_1D_SIZE", "LUT_3D_SIZE":
		return p.size(kw, args)
	case "DOMAIN_MIN", "DOMAIN_MAX":
		v, err := p.numbers(kw, args, 3)
		if err != nil {
			return err
		}
		dst := &p.c.DomainMin
		if kw == "DOMAIN_MAX" {
			dst = &p.c.DomainMax
		}
		copy(dst[:], v)
	default: // LUT_1D_INPUT_RANGE, LUT_3D_INPUT_RANGE: min max for all channels
		v, err := p.numbers(kw, args, 2)
		if err != nil {
			return err
		}
		p.c.DomainMin = [3]float64{v[0], v[0], v[0]}
		p.c.DomainMax = [3]float64{v[1], v[1], v[1]}
	}
	return nil
}

// size reads LUT_1D_SIZE or LUT_3D_SIZE.
func (p *cubeParser) size(kw string, args []string) error {
	dim, limit := 3, MaxCube3D
	if kw == "LUT_1D_SIZE" {
		dim, limit = 1, MaxCube1D
	}
	if p.c.Dim != 0 {
		return p.errorf("%s: the file already gave a size at line %d (one LUT per file)", kw, p.sizeLine())
	}
	if len(args) != 1 {
		return p.errorf("%s needs one whole number, found %d values", kw, len(args))
	}
	n, err := strconv.Atoi(args[0])
	if err != nil || n < 2 || n > limit {
		return p.errorf("%s %s: the size must be a whole number from 2 to %d", kw, args[0], limit)
	}
	p.c.Dim, p.c.Size = dim, n
	p.want = n
	if dim == 3 {
		p.want = n * n * n
	}
	// Grow with the rows rather than trusting the header: a 256³ table is
	// 400 MB, and a file that only claims that size must not cost it.
	p.c.Data = make([][3]float64, 0, min(p.want, 1<<12))
	return nil
}

func (p *cubeParser) sizeLine() int {
	if l, ok := p.seen["LUT_3D_SIZE"]; ok {
		return l
	}
	return p.seen["LUT_1D_SIZE"]
}

// row reads one table row.
func (p *cubeParser) row(fields []string) error {
	if p.c.Dim == 0 {
		return p.errorf("table row before LUT_3D_SIZE or LUT_1D_SIZE")
	}
	if p.dataLine == 0 {
		p.dataLine = p.line
	}
	if len(p.c.Data) == p.want {
		return p.errorf("more rows than the %s (%d)", p.sizeText(), p.want)
	}
	v, err := p.numbers(fmt.Sprintf("row %d", len(p.c.Data)+1), fields, 3)
	if err != nil {
		return err
	}
	p.c.Data = append(p.c.Data, [3]float64{v[0], v[1], v[2]})
	return nil
}

func (p *cubeParser) sizeText() string {
	if p.c.Dim == 1 {
		return fmt.Sprintf("LUT_1D_SIZE %d needs", p.c.Size)
	}
	return fmt.Sprintf("LUT_3D_SIZE %d needs (%d³)", p.c.Size, p.c.Size)
}

// finish checks what can only be checked at the end.
func (p *cubeParser) finish() (*Cube, error) {
	c := p.c
	if c.Dim == 0 && p.line == 0 {
		return nil, &CubeError{File: p.name, Msg: "the file is empty (0 lines): not a .cube LUT"}
	}
	if c.Dim == 0 {
		return nil, &CubeError{File: p.name, Line: p.line, Msg: "no LUT_3D_SIZE or LUT_1D_SIZE line: not a .cube LUT"}
	}
	if len(c.Data) != p.want {
		return nil, &CubeError{File: p.name, Line: p.line,
			Msg: fmt.Sprintf("the table ends after %d rows; %s %d rows", len(c.Data), p.sizeText(), p.want)}
	}
	for i := range 3 {
		if c.DomainMin[i] >= c.DomainMax[i] {
			line := p.seen["DOMAIN_MAX"]
			if line == 0 {
				line = p.seen["DOMAIN_MIN"]
			}
			return nil, &CubeError{File: p.name, Line: line,
				Msg: fmt.Sprintf("the domain of channel %d is empty: min %g is not below max %g", i+1, c.DomainMin[i], c.DomainMax[i])}
		}
	}
	return c, nil
}
