package text

import (
	"os"
	"testing"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/internal/timecode"
)

func TestScratch(t *testing.T) {
	d := timecode.Duration{}
	_ = d
	in := &config.Animation{Kind: "slide", Direction: "right", Duration: mustDur(t, "5f")}
	ls := []Placed{
		{Layer: &config.Layer{Kind: "text", Text: "Ada Lovelace\nMathematician {\\b1} %{pts}", Style: "lower-third", In: in, Out: &config.Animation{Kind: "fade", Duration: mustDur(t, "4f")}}, From: 3, To: 30},
		{Layer: &config.Layer{Kind: "text", Text: "Chapter 1", Style: "title"}, From: 0, To: 20},
		{Layer: &config.Layer{Kind: "text", Text: "שלום עולם!", Style: "caption"}, From: 0, To: 40},
	}
	s := LayerScript(ls, 0, 40, Canvas{W: 320, H: 180, FPS: frac.New(30, 1), PxScale: 1}, nil)
	os.WriteFile("/tmp/tx/a.ass", []byte(s), 0o644)
	t.Log(s)
}

func mustDur(t *testing.T, s string) timecode.Duration {
	d, err := timecode.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
