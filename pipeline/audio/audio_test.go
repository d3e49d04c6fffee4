package audio

import (
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/ffmpeg"
)

// chain renders filters as in a graph.
func chain(fs []ffmpeg.Filter) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = f.String()
	}
	return strings.Join(parts, ",")
}

func TestPlace(t *testing.T) {
	for _, tc := range []struct {
		name string
		p    Placement
		want string
	}{
		{"synth under the whole film", Placement{Length: 100, Total: 100},
			"atrim=end_sample=100,apad=whole_len=100,atrim=end_sample=100,asetpts=N/SR/TB"},
		{"looped file with fades, gain and delay", Placement{Source: 40, Loop: true, Start: 10, Length: 80, Total: 100, FadeIn: 5, FadeOut: 8, GainDB: -6},
			"atrim=end_sample=40,asetpts=N/SR/TB,aloop=loop=-1:size=40,atrim=end_sample=80,afade=t=in:ss=0:ns=5," +
				"afade=t=out:ss=72:ns=8,volume=volume=-6dB,adelay=delays=10S:all=1,apad=whole_len=100,atrim=end_sample=100,asetpts=N/SR/TB"},
	} {
		if got := chain(Place(tc.p)); got != tc.want {
			t.Errorf("%s:\n got  %s\n want %s", tc.name, got, tc.want)
		}
	}
}

func TestDuckMix(t *testing.T) {
	for db, mix := range map[float64]string{-12: "mix=0.7488", -6: "mix=0.4988", -20: "mix=0.9000"} {
		if got := Duck(db, 20, 300).String(); !strings.Contains(got, mix) || !strings.Contains(got, "attack=20:release=300") {
			t.Errorf("Duck(%g) = %s, want %s", db, got, mix)
		}
	}
}

func TestSynthAndLoudness(t *testing.T) {
	if _, err := Synth("nope"); err == nil {
		t.Error("unknown synth: no error")
	}
	for _, name := range []string{"pad", "voice"} {
		if fs, err := Synth(name); err != nil || fs[0].Name != "aevalsrc" {
			t.Errorf("Synth(%s) = %v, %v", name, fs, err)
		}
	}
	if got, want := chain(ApplyLoudness()), "volume=volume={{gain}}dB:precision=float,{{limiter}},aformat=sample_fmts=fltp:channel_layouts=stereo"; got != want {
		t.Errorf("ApplyLoudness = %s, want %s", got, want)
	}
	mix, peak, hot := MeasureLoudness()
	if got, want := chain(mix)+";"+chain(peak)+";"+chain(hot), "volume=volume={{gain}}dB:precision=float,{{limiter}},asplit=outputs=2;"+
		"ebur128=peak=true:framelog=verbose;volume=volume=-40dB:precision=float,ebur128=framelog=verbose"; got != want {
		t.Errorf("MeasureLoudness = %s, want %s", got, want)
	}
	if got, want := Limiter(-1.5), "aresample=osr=192000,alimiter=limit=0.841395:attack=5:release=50:asc=false:level=false:latency=true,aresample=osr=48000"; got != want {
		t.Errorf("Limiter(-1.5) = %s, want %s", got, want)
	}
}
