package grade

import (
	"math"
	"testing"

	"github.com/reel-film/reel/looks"
)

func TestTableExprMatchesEval(t *testing.T) {
	tests := []struct {
		name string
		tab  Table
	}{
		{"identity", identityTable()},
		{"affine", newTable(func(v float64) float64 { return 128 + 0.8*(v-128) }, 16, 240)},
		{"curve", Compile(looks.Look{Contrast: 0.5, Exposure: -0.3}, 1, nil).Y},
	}
	for _, tt := range tests {
		expr := tt.tab.Expr()
		for v := 0.0; v <= 255; v++ {
			got := evalExpr(t, expr, v)
			if want := math.Floor(tt.tab.Eval(v) + 0.5); got != want {
				t.Fatalf("%s: expr(%v) = %v, Eval rounds to %v\n%s", tt.name, v, got, want, expr)
			}
		}
	}
	if !identityTable().IsIdentity() || identityTable().Expr() != "0.5+1*val" {
		t.Errorf("identity table: %q", identityTable().Expr())
	}
}

func TestCompileIdentities(t *testing.T) {
	tests := []struct {
		name      string
		look      looks.Look
		intensity float64
		filters   int
	}{
		{"zero look", looks.Look{}, 1, 0},
		{"intensity 0", looks.Look{Contrast: 1, Saturation: -1, Temperature: 1}, 0, 0},
		{"colour only", looks.Look{Temperature: 0.5}, 1, 2},        // format, colorcorrect
		{"chroma only", looks.Look{Saturation: -1}, 1, 2},          // format, lutyuv
		{"everything", looks.Look{Contrast: 0.2, Tint: 0.1}, 1, 3}, // format, lutyuv, colorcorrect
	}
	for _, tt := range tests {
		ops := Compile(tt.look, tt.intensity, nil)
		if got := len(ops.Filters()); got != tt.filters {
			t.Errorf("%s: %d filters %v, want %d", tt.name, got, ops.Filters(), tt.filters)
		}
	}
	if ops := Compile(looks.Look{Temperature: 0.5}, 1, nil); !ops.Y.IsIdentity() || !ops.U.IsIdentity() {
		t.Errorf("a white balance touches the tables: %+v", ops)
	}
}

func TestToneHitsBlackAndWhite(t *testing.T) {
	ops := Compile(looks.Look{Shadows: [3]float64{0, 0, 0.1}, Highlights: [3]float64{0.1, 0, 0}}, 1, nil)
	black := ops.Eval(YCbCr{16, 128, 128})
	white := ops.Eval(YCbCr{235, 128, 128})
	sb, _ := chromaOf([3]float64{0, 0, 0.1})
	_, hr := chromaOf([3]float64{0.1, 0, 0})
	if math.Abs(black.Cb-(128+224*sb)) > 0.05 || math.Abs(white.Cr-(128+224*hr)) > 0.05 {
		t.Errorf("black %+v (want Cb %.2f), white %+v (want Cr %.2f)", black, 128+224*sb, white, 128+224*hr)
	}
}
