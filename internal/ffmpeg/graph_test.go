package ffmpeg

import "testing"

func TestFilterString(t *testing.T) {
	tests := []struct {
		f    Filter
		want string
	}{
		{F("null"), "null"},
		{F("scale", "w", "1280", "h", "720"), "scale=w=1280:h=720"},
		{F("scale", "", "1280", "", "720"), "scale=1280:720"},
		{F("fps", "", "30000/1001"), "fps=30000/1001"},
		{F("drawtext", "text", "Scene: 1, it's"), `drawtext=text=Scene\\: 1\, it\\\'s`},
		{F("lut3d", "file", "/luts/a:b [v2].cube"), `lut3d=file=/luts/a\\:b \[v2\].cube`},
		{F("drawtext", "text", " x "), `drawtext=text=\\ x\\\ `},
		{F("metadata", "value", ""), "metadata=value="},
	}
	for _, tt := range tests {
		if got := tt.f.String(); got != tt.want {
			t.Errorf("%+v.String() = %q, want %q", tt.f, got, tt.want)
		}
	}
}

func TestGraph(t *testing.T) {
	g := NewGraph()
	a, b, v := g.Label("a"), g.Label("a"), g.Label("v")
	if a != "a0" || b != "a1" || v != "v0" {
		t.Fatalf("labels = %q %q %q", a, b, v)
	}
	g.Chain([]string{"0:v"}, []Filter{F("scale", "", "160", "", "90"), F("setsar", "", "1")}, []string{a})
	g.Chain([]string{"1:v"}, []Filter{F("hflip")}, []string{b})
	g.Chain([]string{a, b}, []Filter{F("xfade", "transition", "fade", "duration", "1", "offset", "2")}, []string{v})
	want := "[0:v]scale=160:90,setsar=1[a0];[1:v]hflip[a1];[a0][a1]xfade=transition=fade:duration=1:offset=2[v0]"
	if got := g.String(); got != want {
		t.Errorf("String() =\n%s\nwant\n%s", got, want)
	}
}

func TestGraphPanics(t *testing.T) {
	tests := map[string]func(){
		"no filters":  func() { NewGraph().Chain(nil, nil, nil) },
		"bad label":   func() { NewGraph().Chain([]string{"a]"}, []Filter{F("null")}, nil) },
		"empty label": func() { NewGraph().Chain(nil, []Filter{F("null")}, []string{""}) },
		"odd kv":      func() { F("scale", "w") },
	}
	for name, fn := range tests {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			fn()
		})
	}
}
