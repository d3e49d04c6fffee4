package pipeline_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// The value pools of the property test: valid values of every key of
// docs/project-file.md, edge values first among them.
var (
	propSizes  = []string{"64x36", "32x32", "96x54", "34x64", "160x90"}
	propFPS    = []any{1, 2, 24, 25, 30, 60, 240, 12.5, 29.97, "30000/1001", "24000/1001", "1001000/1000999"}
	propTypes  = []string{"cut", "dip", "fade", "dissolve", "wipeleft", "slideup", "circleopen", "pixelize", "zoomin", "hblur", "fadegrays", "squeezeh", "radial", "distance", "crossfade", "mix", "none", "hardcut", "FADE", "fadeblack", "fadewhite"}
	propColors = []string{"black", "white", "red@0.5", "#203040", "0x20304080", "DarkSlateGray", "#ff0000@0x80", "navy@1", "lime@0"}
	propCurves = []string{"tri", "qsin", "esin", "hsin", "log", "ipar", "qua", "cub", "squ", "cbr", "par", "exp", "iqsin", "ihsin", "dese", "desi", "losi", "sinc", "isinc", "nofade"}
	propFits   = []string{"cover", "contain", "blur", "stretch"}
	propGains  = []string{"-100dB", "+60dB", "mute", "0dB", "-6.5dB"}
	propTexts  = []string{"", "a", strings.Repeat("x", 300), "{\\b1}%:'\n\\N,;[]", "مرحبا بالعالم", strings.Repeat("中文字符", 30), "👍 🏳️‍🌈", "\t tab"}
	propLoud   = []any{"off", "broadcast", "streaming", map[string]any{"target": -5, "true_peak": 0}, map[string]any{"target": -70, "true_peak": -9}}
	// propClips are the media of the test with their length (0: a still).
	propClips = []struct {
		name    string
		seconds float64
	}{{"wide.mp4", 1}, {"tall.mp4", 0.5}, {"still.png", 0}}
)

// pick returns a random element of xs.
func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// randomProject returns a project (as JSON-ready maps) of 1 to 4 scenes.
func randomProject(r *rand.Rand) map[string]any {
	fps := pick(r, propFPS)
	rate := fpsValue(fps)
	p := map[string]any{"output": map[string]any{
		"size": pick(r, propSizes), "fps": fps,
		"quality": pick(r, []string{"draft", "draft", "standard"}), "codec": pick(r, []string{"h264", "h264", "hevc"}),
	}}
	maybe := func(prob float64, key string, v func() any) {
		if r.Float64() < prob {
			p[key] = v()
		}
	}
	maybe(0.5, "transition", func() any { return randomTransition(r, rate) })
	maybe(0.3, "fade_in", func() any { return randomFade(r, rate) })
	maybe(0.3, "fade_out", func() any { return randomFade(r, rate) })
	maybe(0.3, "fit", func() any { return pick(r, propFits) })
	maybe(0.3, "grade", func() any { return randomGrade(r) })
	scenes := make([]any, 1+r.IntN(4))
	for i := range scenes {
		scenes[i] = randomScene(r, rate)
	}
	p["scenes"] = scenes
	maybe(0.4, "audio", func() any { return randomAudio(r) })
	return p
}

// randomScene returns a placeholder, clip or still scene.
func randomScene(r *rand.Rand, rate float64) map[string]any {
	s := map[string]any{}
	set := func(prob float64, key string, v func() any) {
		if r.Float64() < prob {
			s[key] = v()
		}
	}
	if r.Float64() < 0.4 {
		s["placeholder"] = map[string]any{"text": pick(r, propTexts), "color": pick(r, propColors)}
		s["duration"] = randomDuration(r, rate, 0.5)
	} else {
		c := pick(r, propClips)
		s["source"] = c.name
		if c.seconds == 0 {
			s["duration"] = randomDuration(r, rate, 0.5)
		} else {
			set(0.4, "trim", func() any { return map[string]any{"start": fmt.Sprintf("%.3fs", r.Float64()*c.seconds*0.8)} })
			set(0.3, "duration", func() any { return randomDuration(r, rate, 0.15) })
			set(0.2, "deinterlace", func() any { return pick(r, []any{"auto", "on", "off", true, false}) })
		}
		set(0.3, "fit", func() any { return pick(r, propFits) })
		set(0.3, "volume", func() any { return pick(r, propGains) })
		set(0.3, "grade", func() any { return randomGrade(r) })
	}
	set(0.6, "transition", func() any { return randomTransition(r, rate) })
	return s
}

// randomTransition returns a transition in the map form or by name.
func randomTransition(r *rand.Rand, rate float64) any {
	if r.Float64() < 0.2 {
		return pick(r, propTypes)
	}
	return map[string]any{"type": pick(r, propTypes), "duration": randomDuration(r, rate, 0.3),
		"color": pick(r, propColors), "curve": pick(r, propCurves)}
}

// randomFade returns a film fade, as a duration or a map.
func randomFade(r *rand.Rand, rate float64) any {
	if r.Float64() < 0.5 {
		return randomDuration(r, rate, 0.5)
	}
	return map[string]any{"duration": randomDuration(r, rate, 0.6), "color": pick(r, propColors), "curve": pick(r, propCurves)}
}

// randomGrade returns a grade by name or as a map.
func randomGrade(r *rand.Rand) any {
	return pick(r, []any{"cinematic", "none", "noir",
		map[string]any{"preset": "warm", "intensity": pick(r, []float64{0, 0.3, 1}), "vignette": pick(r, []float64{0, 1}),
			"grain": pick(r, []float64{0, 1}), "sharpen": pick(r, []float64{0, 1})},
		map[string]any{"lut": "id.cube", "intensity": pick(r, []float64{0, 0.5, 1})},
		map[string]any{"match": "first", "preset": "moonlight"}})
}

// randomAudio returns an audio section: a bed, a voice-over, a loudness.
func randomAudio(r *rand.Rand) map[string]any {
	a := map[string]any{}
	if r.Float64() < 0.5 {
		a["beds"] = []any{map[string]any{"source": pick(r, []string{"beep.wav", "wide.mp4"}), "volume": pick(r, propGains[:2]),
			"loop": r.Float64() < 0.5, "duck": r.Float64() < 0.5}}
	}
	if r.Float64() < 0.5 {
		a["voiceover"] = []any{map[string]any{"source": "beep.wav", "at": "1f"}}
	}
	if r.Float64() < 0.5 {
		a["loudness"] = pick(r, propLoud)
	}
	return a
}

// randomDuration returns a duration of at most max seconds in frames,
// milliseconds or seconds (some are shorter than a frame, on purpose).
func randomDuration(r *rand.Rand, rate, max float64) string {
	switch r.IntN(3) {
	case 0:
		return fmt.Sprintf("%df", 1+r.IntN(int(max*rate)+1))
	case 1:
		return fmt.Sprintf("%dms", 1+r.IntN(int(max*1000)))
	}
	return fmt.Sprintf("%.3fs", 0.001+r.Float64()*max)
}

// fpsValue is the frame rate a propFPS value stands for.
func fpsValue(v any) float64 {
	switch f := v.(type) {
	case int:
		return float64(f)
	case float64:
		return f
	}
	var n, d float64
	fmt.Sscanf(v.(string), "%g/%g", &n, &d)
	return n / d
}
