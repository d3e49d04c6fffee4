package config

import "path/filepath"

// FindOutput returns the indexes in Outputs of the outputs x names (reel
// render --output X): by name, by file name without its extension, or by
// path (relative to the current directory). It returns several when x is
// ambiguous (master for out/master.mp4 and out/master.mov, whose names are
// master.mp4 and master.mov), none when x names no output.
func (p *Project) FindOutput(x string) []int {
	abs, err := filepath.Abs(x)
	if err != nil {
		abs = ""
	}
	var found []int
	for i, o := range p.Outputs {
		if o.Name == x || outputName(o.Path) == x || abs != "" && o.Path == abs {
			found = append(found, i)
		}
	}
	return found
}
