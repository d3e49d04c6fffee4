package conform

import (
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/ffmpeg"
	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/pipeline/probe"
)

func TestDeinterlace(t *testing.T) {
	v := func(order, fps string) *probe.Video {
		r, _ := frac.Parse(fps)
		return &probe.Video{FieldOrder: order, FPS: r}
	}
	turned := func(deg int) *probe.Video {
		return &probe.Video{FieldOrder: "tt", FPS: frac.New(25, 1), Rotation: deg}
	}
	p25, p50 := frac.New(25, 1), frac.New(50, 1)
	tests := []struct {
		mode  string
		v     *probe.Video
		out   frac.Rational
		want  string // "" for none
		ticks int64
	}{
		{"auto", v("tt", "25"), p25, "bwdif=mode=send_frame:parity=auto:deint=interlaced", 2},
		{"", v("bb", "25"), p25, "bwdif=mode=send_frame:parity=auto:deint=interlaced", 2},
		{"auto", v("tb", "30000/1001"), frac.New(30000, 1001), "bwdif=mode=send_frame:parity=auto:deint=interlaced", 2},
		{"auto", v("bt", "25"), p50, "bwdif=mode=send_field:parity=auto:deint=interlaced", 2},
		{"auto", v("tt", "25"), frac.New(24, 1), "bwdif=mode=send_frame:parity=auto:deint=interlaced", 2},
		{"auto", v("progressive", "25"), p25, "", 1},
		{"auto", v("", "25"), p25, "", 1},
		{"off", v("tt", "25"), p50, "", 1},
		{"on", v("progressive", "25"), p25, "bwdif=mode=send_frame:parity=auto:deint=all", 2},
		{"on", v("", "25"), p50, "bwdif=mode=send_field:parity=auto:deint=all", 2},
		{"on", &probe.Video{Still: true}, p25, "", 1},
		{"on", nil, p25, "", 1},
		{"auto", turned(90), p25, "[0:v]transpose=dir=cclock,bwdif=mode=send_frame:parity=auto:deint=interlaced,transpose=dir=clock[o]", 2},
		{"auto", turned(180), p25, "[0:v]hflip,vflip,bwdif=mode=send_frame:parity=auto:deint=interlaced,hflip,vflip[o]", 2},
		{"auto", turned(270), p25, "[0:v]transpose=dir=clock,bwdif=mode=send_frame:parity=auto:deint=interlaced,transpose=dir=cclock[o]", 2},
		{"off", turned(90), p25, "", 1},
	}
	for _, tt := range tests {
		d := Deinterlace(tt.mode, tt.v, tt.out)
		fs, ticks := d.Filters, d.Ticks
		var got []string
		g := ffmpeg.NewGraph()
		if len(fs) > 0 {
			g.Chain([]string{"0:v"}, fs, []string{"o"})
			got = append(got, g.String())
		}
		if s := strings.Join(got, ""); (tt.want == "") != (s == "") || !strings.Contains(s, tt.want) || ticks != tt.ticks {
			t.Errorf("Deinterlace(%q, %+v, %v) = %q, ×%d; want %q, ×%d", tt.mode, tt.v, tt.out, s, ticks, tt.want, tt.ticks)
		}
	}
}

func TestFlatten(t *testing.T) {
	for _, tt := range []struct {
		v    *probe.Video
		want string
	}{
		{nil, ""},
		{&probe.Video{PixFmt: "yuv420p"}, ""},
		{&probe.Video{PixFmt: "rgba", Alpha: true}, "scale=in_color_matrix=bt709:in_range=auto,format=pix_fmts=gbrap,premultiply=inplace=1"},
		{&probe.Video{PixFmt: "yuva420p", Alpha: true, ColorSpace: "bt470bg", ColorRange: "tv", Height: 480},
			"scale=in_color_matrix=bt601:in_range=tv,format=pix_fmts=gbrap,premultiply=inplace=1"},
	} {
		g := ffmpeg.NewGraph()
		s := ""
		if fs := flatten(tt.v); len(fs) > 0 {
			g.Chain([]string{"0:v"}, fs, []string{"o"})
			s = g.String()
		}
		if (tt.want == "") != (s == "") || !strings.Contains(s, tt.want) {
			t.Errorf("flatten(%+v) = %q, want %q", tt.v, s, tt.want)
		}
	}
}
