package plan

import (
	"testing"

	"github.com/reel-film/reel/config"
)

// TestKBWindow: a named place aligns the window's same-named corner or
// edge with the picture's; a point centres the window on it, moved inside
// the picture near an edge; pixels are the project's, scaled to the film
// frame (a preview is half size).
func TestKBWindow(t *testing.T) {
	pct := func(v float64) *config.Length { return &config.Length{Value: v, Percent: true} }
	px := func(v float64) *config.Length { return &config.Length{Value: v} }
	named := func(n string) config.Position { return config.Position{Named: n} }
	tests := []struct {
		name  string
		zoom  float64
		place config.Position
		scale float64
		want  rect
	}{
		{"zoom 1 is the picture wherever", 1, named("top-left"), 1, rect{0, 0, 320, 180}},
		{"top-left", 2, named("top-left"), 1, rect{0, 0, 160, 90}},
		{"center", 2, named("center"), 1, rect{80, 45, 160, 90}},
		{"bottom-right", 2, named("bottom-right"), 1, rect{160, 90, 160, 90}},
		{"top", 2, named("top"), 1, rect{80, 0, 160, 90}},
		{"left", 2, named("left"), 1, rect{0, 45, 160, 90}},
		{"bottom", 4, named("bottom"), 1, rect{120, 135, 80, 45}},
		{"a point, centred", 2, config.Position{X: pct(50), Y: pct(40)}, 1, rect{80, 27, 160, 90}},
		{"a point near the corner, moved inside", 2, config.Position{X: pct(95), Y: pct(2)}, 1, rect{160, 0, 160, 90}},
		{"a point in px, a half-size preview", 2, config.Position{X: px(200), Y: px(180)}, 0.5, rect{20, 45, 160, 90}},
	}
	for _, tt := range tests {
		if got := kbWindow(tt.zoom, tt.place, 320, 180, tt.scale); got != tt.want {
			t.Errorf("%s: %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

// TestLerpExpr: lerpExpr writes constants plainly and moves with the
// eased time (the curves are internal/ease's, tested there).
func TestLerpExpr(t *testing.T) {
	if got := lerpExpr(10, 10, "E"); got != "10" {
		t.Errorf("a still coordinate: %s", got)
	}
	if got := lerpExpr(10, 4.5, "E"); got != "10-5.5*E" {
		t.Errorf("a moving coordinate: %s", got)
	}
	if got := lerpExpr(0, 26.6666666, "E"); got != "0+26.667*E" {
		t.Errorf("a moving coordinate: %s", got)
	}
}
