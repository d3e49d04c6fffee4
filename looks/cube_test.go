package looks_test

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/reel-film/reel/looks"
)

func TestCubeRoundTrip(t *testing.T) {
	for _, dim := range []int{1, 3} {
		c := &looks.Cube{Title: "odd values", Dim: dim, Size: 5,
			DomainMin: [3]float64{-0.1, 0, 0.05}, DomainMax: [3]float64{1.2, 1, 0.95}}
		n := 5
		if dim == 3 {
			n = 125
		}
		for i := 0; i < n; i++ {
			x := float64(i) / float64(n)
			c.Data = append(c.Data, [3]float64{math.Sin(x*7) * 1.3, x * x, 1/(1+x) - 0.123456789})
		}
		var buf bytes.Buffer
		if err := c.Write(&buf); err != nil {
			t.Fatal(err)
		}
		got, err := looks.ParseCube(&buf, "rt.cube")
		if err != nil {
			t.Fatalf("%dD: %v", dim, err)
		}
		if got.Title != c.Title || got.Dim != dim || got.Size != 5 || got.DomainMin != c.DomainMin || got.DomainMax != c.DomainMax {
			t.Errorf("%dD header: got %+v", dim, got)
		}
		for i := range c.Data {
			for k := 0; k < 3; k++ {
				if d := math.Abs(got.Data[i][k] - c.Data[i][k]); d > 1e-6 {
					t.Fatalf("%dD row %d: %v, want %v (off by %g)", dim, i, got.Data[i], c.Data[i], d)
				}
			}
		}
	}
}

func TestCubeAccepts(t *testing.T) {
	src := "# made by Resolve\nTITLE \"Film # 2\"\nLUT_IN_VIDEO_RANGE\nLUT_3D_INPUT_RANGE 0 1\n\nLUT_3D_SIZE 2\n" +
		"0 0 0\n1 0 0  # red\n0 1 0\n1 1 0\n0 0 1\n1 0 1\n0 1 1\n1.0e0 1 1\n"
	c, err := looks.ParseCube(strings.NewReader(src), "ok.cube")
	if err != nil {
		t.Fatal(err)
	}
	if c.Title != "Film # 2" || c.Size != 2 || c.Dim != 3 || len(c.Data) != 8 {
		t.Errorf("got %+v", c)
	}
	if got := c.Apply([3]float64{0.25, 0.5, 0.75}); math.Abs(got[0]-0.25) > 1e-9 || math.Abs(got[2]-0.75) > 1e-9 {
		t.Errorf("identity cube maps (0.25, 0.5, 0.75) to %v", got)
	}
}

func TestCubeErrors(t *testing.T) {
	rows8 := "0 0 0\n1 0 0\n0 1 0\n1 1 0\n0 0 1\n1 0 1\n0 1 1\n1 1 1\n"
	tests := []struct{ name, src, want string }{
		{"empty", "", "bad.cube: the file is empty (0 lines): not a .cube LUT"},
		{"only comments", "# nothing\n", "bad.cube:1: no LUT_3D_SIZE or LUT_1D_SIZE line"},
		{"no size", "TITLE \"x\"\n0 0 0\n", "bad.cube:2: table row before LUT_3D_SIZE"},
		{"typo", "LUT_3D_SIZ 2\n", `bad.cube:1: unknown keyword "LUT_3D_SIZ" (did you mean "LUT_3D_SIZE"?)`},
		{"size text", "LUT_3D_SIZE big\n", "bad.cube:1: LUT_3D_SIZE big: the size must be a whole number from 2 to 256"},
		{"size 1", "LUT_3D_SIZE 1\n", "from 2 to 256"},
		{"size huge", "LUT_3D_SIZE 300\n", "from 2 to 256"},
		{"two sizes", "LUT_3D_SIZE 2\nLUT_1D_SIZE 2\n", "bad.cube:2: LUT_1D_SIZE: the file already gave a size at line 1"},
		{"twice", "DOMAIN_MIN 0 0 0\nDOMAIN_MIN 0 0 0\n", "bad.cube:2: DOMAIN_MIN given twice (first at line 1)"},
		{"short row", "LUT_3D_SIZE 2\n0 0 0\n1 0\n", "bad.cube:3: row 2 needs 3 numbers, found 2"},
		{"nan", "LUT_3D_SIZE 2\n0 0 0\n1 nan 0\n", `bad.cube:3: row 2: "nan" is not a finite number`},
		{"inf", "LUT_1D_SIZE 2\n0 0 0\n1 1 +Inf\n", `"+Inf" is not a finite number`},
		{"word", "LUT_3D_SIZE 2\n0 0 0\n1 x 0\n", `bad.cube:3: row 2: "x" is not a finite number`},
		{"too few", "LUT_3D_SIZE 2\n0 0 0\n1 1 1\n", "bad.cube:3: the table ends after 2 rows; LUT_3D_SIZE 2 needs (2³) 8 rows"},
		{"too many", "LUT_3D_SIZE 2\n" + rows8 + "1 1 1\n", "bad.cube:10: more rows than the LUT_3D_SIZE 2 needs (2³) (8)"},
		{"late keyword", "LUT_1D_SIZE 2\n0 0 0\nTITLE \"x\"\n1 1 1\n", "bad.cube:3: TITLE after the table rows"},
		{"domain", "DOMAIN_MIN 0 0 1\nDOMAIN_MAX 1 1 1\nLUT_3D_SIZE 2\n" + rows8, "bad.cube:2: the domain of channel 3 is empty"},
		{"domain count", "DOMAIN_MAX 1 1\n", "bad.cube:1: DOMAIN_MAX needs 3 numbers, found 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := looks.ParseCube(strings.NewReader(tt.src), "bad.cube")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}
