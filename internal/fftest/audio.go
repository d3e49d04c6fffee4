package fftest

import (
	"encoding/binary"
	"math"
	"testing"
)

// AudioStats describes the decoded first audio stream of a file.
type AudioStats struct {
	Seconds    float64 // Samples / SampleRate
	Samples    int64   // per channel
	SampleRate int
	Channels   int
	RMSdB      float64 // RMS level over all channels in dBFS; -Inf for digital silence
}

// Audio decodes the first audio stream of path to 32-bit float and measures
// it. A sine of amplitude 1/8 (ffmpeg's default) reads about -21 dBFS.
func Audio(t testing.TB, path string) AudioStats {
	t.Helper()
	info := Info(t, path)
	if info.Audio == nil {
		t.Fatalf("fftest: %s has no audio stream", path)
	}
	raw := run(t, FFmpeg(), "-nostdin", "-v", "error", "-i", path, "-map", "0:a:0",
		"-c:a", "pcm_f32le", "-f", "f32le", "-")
	st := AudioStats{SampleRate: info.Audio.SampleRate, Channels: info.Audio.Channels}
	if st.Channels <= 0 || st.SampleRate <= 0 {
		t.Fatalf("fftest: %s: audio has %d channels at %d Hz", path, st.Channels, st.SampleRate)
	}
	n := len(raw) / 4
	st.Samples = int64(n / st.Channels)
	st.Seconds = float64(st.Samples) / float64(st.SampleRate)
	st.RMSdB = rmsDB(raw[:n*4])
	return st
}

// rmsDB is the RMS level of little-endian float32 samples in dBFS.
func rmsDB(raw []byte) float64 {
	n := len(raw) / 4
	if n == 0 {
		return math.Inf(-1)
	}
	var sum float64
	for i := 0; i < n; i++ {
		v := float64(math.Float32frombits(binary.LittleEndian.Uint32(raw[i*4:])))
		sum += v * v
	}
	return 10 * math.Log10(sum/float64(n))
}
