package looks_test

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/reel-film/reel/looks"
)

// FuzzParseCube checks that ParseCube never panics or hangs, reports bad
// input as a *CubeError of bounded length, and that whatever it accepts is
// a complete, finite table that Apply can use. Seeds:
// testdata/fuzz/FuzzParseCube.
func FuzzParseCube(f *testing.F) {
	for _, s := range []string{
		"LUT_3D_SIZE 2\n0 0 0\n1 0 0\n0 1 0\n1 1 0\n0 0 1\n1 0 1\n0 1 1\n1 1 1\n",
		"TITLE \"x\"\nLUT_1D_SIZE 2\nDOMAIN_MIN 0 0 0\nDOMAIN_MAX 1 1 1\n0 0 0\n1 1 1\n",
		"# c\nLUT_3D_INPUT_RANGE 0 1\nLUT_3D_SIZE 2\n0 0 0\n1 0 0\n0 1 0\n1 1 0\n0 0 1\n1 0 1\n0 1 1\n1 1 nan\n",
		"LUT_3D_SIZE 256\n0 0 0\n",
		"LUT_1D_SIZE 3\nDOMAIN_MIN 1 1 1\nDOMAIN_MAX 0 0 0\n0 0 0\n.5 .5 .5\n1 1 1\n",
		"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := looks.ParseCube(bytes.NewReader(data), "fuzz.cube")
		if err != nil {
			var ce *looks.CubeError
			if !errors.As(err, &ce) {
				t.Fatalf("error %T %v, want a *CubeError", err, err)
			}
			if len(err.Error()) > 400 {
				t.Errorf("a message of %d bytes", len(err.Error()))
			}
			return
		}
		want := c.Size
		if c.Dim == 3 {
			want = c.Size * c.Size * c.Size
		}
		if (c.Dim != 1 && c.Dim != 3) || c.Size < 2 || len(c.Data) != want {
			t.Fatalf("accepted a %dD LUT of size %d with %d rows", c.Dim, c.Size, len(c.Data))
		}
		for i := range 3 {
			if !(c.DomainMin[i] < c.DomainMax[i]) {
				t.Fatalf("accepted an empty domain %v..%v", c.DomainMin, c.DomainMax)
			}
		}
		for _, in := range [][3]float64{{0, 0, 0}, {0.5, 0.25, 1}, {-1, 2, 0.5}} {
			for _, v := range c.Apply(in) {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("Apply(%v) = %v: not finite", in, c.Apply(in))
				}
			}
		}
	})
}

// TestReadCubeNotAFile checks the messages for an empty file and a
// directory given as a LUT.
func TestReadCubeNotAFile(t *testing.T) {
	dir := t.TempDir()
	empty := dir + "/empty.cube"
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		empty: "empty.cube: the file is empty (0 lines): not a .cube LUT",
		dir:   "folder.cube: this is a directory, not a .cube file",
	} {
		name := filepath.Base(path)
		if path == dir {
			name = "folder.cube"
		}
		_, err := looks.ReadCube(path, name)
		if err == nil || err.Error() != want {
			t.Errorf("ReadCube(%s) = %v, want %q", name, err, want)
		}
	}
}
