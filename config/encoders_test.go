package config

import "testing"

// TestEncoding covers EncoderTable for every codec and quality, and the
// output's own settings over it.
func TestEncoding(t *testing.T) {
	tests := []struct {
		o    Output
		want Encoding
	}{
		{Output{Codec: "h264", Quality: "high", CRF: -1}, Encoding{Encoder: "libx264", Preset: "slow", CRF: 18, PixFmt: "yuv420p"}},
		{Output{Codec: "h265", Quality: "draft", CRF: -1}, Encoding{Encoder: "libx265", Preset: "ultrafast", CRF: 30, PixFmt: "yuv420p"}},
		{Output{Codec: "h264", Quality: "standard", CRF: -1, Bitrate: 8_000_000}, Encoding{Encoder: "libx264", Preset: "veryfast", CRF: -1, Bitrate: 8_000_000, PixFmt: "yuv420p"}},
		{Output{Codec: "vp9", Quality: "draft", CRF: -1}, Encoding{Encoder: "libvpx-vp9", CRF: 40, Deadline: "realtime", CPUUsed: 8, PixFmt: "yuv420p"}},
		{Output{Codec: "vp9", Quality: "standard", CRF: -1}, Encoding{Encoder: "libvpx-vp9", CRF: 33, Deadline: "good", CPUUsed: 4, PixFmt: "yuv420p"}},
		{Output{Codec: "vp9", Quality: "high", CRF: 20}, Encoding{Encoder: "libvpx-vp9", CRF: 20, Deadline: "good", CPUUsed: 2, PixFmt: "yuv420p"}},
		{Output{Codec: "av1", Quality: "draft", CRF: -1}, Encoding{Encoder: "libsvtav1", Preset: "12", CRF: 40, PixFmt: "yuv420p"}},
		{Output{Codec: "av1", Quality: "standard", CRF: -1}, Encoding{Encoder: "libsvtav1", Preset: "10", CRF: 35, PixFmt: "yuv420p"}},
		{Output{Codec: "av1", Quality: "high", CRF: -1, Preset: "4"}, Encoding{Encoder: "libsvtav1", Preset: "4", CRF: 28, PixFmt: "yuv420p"}},
		{Output{Codec: "prores", Quality: "high", CRF: -1, Profile: "hq"}, Encoding{Encoder: "prores_ks", CRF: -1, Profile: "hq", PixFmt: "yuv422p10le"}},
		{Output{Codec: "prores", Quality: "draft", CRF: -1, Profile: "4444"}, Encoding{Encoder: "prores_ks", CRF: -1, Profile: "4444", PixFmt: "yuv444p10le"}},
		{Output{Codec: "prores", CRF: -1}, Encoding{Encoder: "prores_ks", CRF: -1, Profile: "hq", PixFmt: "yuv422p10le"}},
		{Output{Codec: "gif", Quality: "high", CRF: -1}, Encoding{Encoder: "gif", CRF: -1}},
		{Output{Codec: "", Container: "m4a", CRF: -1}, Encoding{CRF: -1}},
	}
	for _, tt := range tests {
		if got := tt.o.Encoding(); got != tt.want {
			t.Errorf("%s/%s: got %+v, want %+v", tt.o.Codec, tt.o.Quality, got, tt.want)
		}
	}
	for codec, byQuality := range EncoderTable {
		for _, q := range Qualities {
			if _, ok := byQuality[q]; !ok {
				t.Errorf("EncoderTable[%s] has no %s", codec, q)
			}
		}
	}
}

// TestParseBitrate covers the spellings of a bitrate and its bounds.
func TestParseBitrate(t *testing.T) {
	good := map[string]int64{"8M": 8_000_000, "8m": 8_000_000, "2500k": 2_500_000, "2500K": 2_500_000, "800000": 800_000,
		"2.5M": 2_500_000, "10k": MinBitrate, "500M": MaxBitrate, " 1M ": 1_000_000, "0.5M": 500_000}
	for s, want := range good {
		if got, err := ParseBitrate(s); err != nil || got != want {
			t.Errorf("ParseBitrate(%q) = %d, %v; want %d", s, got, err, want)
		}
		if got, _ := ParseBitrate(FormatBitrate(want)); got != want {
			t.Errorf("FormatBitrate(%d) = %s does not read back", want, FormatBitrate(want))
		}
	}
	bad := map[string]string{
		"":                              `"" is not a bitrate (write bits per second such as 8M, 2500k or 800000)`,
		"8 Mbps":                        `"8 Mbps" is not a bitrate (write bits per second such as 8M, 2500k or 800000)`,
		"8Mb":                           `"8Mb" is not a bitrate (write bits per second such as 8M, 2500k or 800000)`,
		"1e6":                           `"1e6" is not a bitrate (write bits per second such as 8M, 2500k or 800000)`,
		"-1M":                           `"-1M" is not a bitrate (write bits per second such as 8M, 2500k or 800000)`,
		"0":                             `bitrate 0 is out of range (10k to 500M)`,
		"9999":                          `bitrate 9999 is out of range (10k to 500M)`,
		"500.001M":                      `bitrate 500.001M is out of range (10k to 500M)`,
		"1.0000001M":                    `bitrate 1.0000001M is not a whole number of bits per second (write e.g. 2500k)`,
		"99999999999999999999999999999": `bitrate 99999999999999999999999999999 is out of range (10k to 500M)`,
	}
	for s, want := range bad {
		if _, err := ParseBitrate(s); err == nil || err.Error() != want {
			t.Errorf("ParseBitrate(%q): got %v, want %s", s, err, want)
		}
	}
}
