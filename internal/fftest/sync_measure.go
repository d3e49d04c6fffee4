package fftest

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"math"
	"strconv"
	"strings"
	"testing"
)

// FlashTimes returns the times, in seconds on the file's own timeline
// (ffmpeg -copyts), of the frames of path's first video stream whose mean
// luma is above mid-grey and whose previous frame's is not: the onsets of
// the flashes of a SyncClip, or of a film made from them (a flash of
// several frames, or a frame shown twice, counts once).
func FlashTimes(t testing.TB, path string) []float64 {
	t.Helper()
	Require(t)
	out := run(t, FFmpeg(), "-nostdin", "-v", "error", "-copyts", "-i", path, "-map", "0:v:0",
		"-vf", "signalstats,metadata=mode=print:key=lavfi.signalstats.YAVG:file=-", "-f", "null", "-")
	var times []float64
	pts := math.NaN()
	lit := false
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		if _, v, ok := strings.Cut(line, "pts_time:"); ok {
			pts, _ = strconv.ParseFloat(strings.Fields(v)[0], 64)
			continue
		}
		if _, v, ok := strings.Cut(line, "lavfi.signalstats.YAVG="); ok {
			y, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			bright := err == nil && y > 128
			if bright && !lit {
				times = append(times, pts)
			}
			lit = bright
		}
	}
	return times
}

// BeepTimes returns the onsets, in seconds on the file's own timeline, of
// the beeps in path's first audio stream (left channel, at 48 kHz; samples
// are placed by their timestamps, a gap of over 1 ms filled): sound
// after at least 30 ms below 0.05. An onset is where the mean square over a
// 1 ms window centred on the sample first reaches half of the beep's own
// (measured 5 to 25 ms after): for a sharp start, exactly its first sample,
// whatever the codec smears around it.
func BeepTimes(t testing.TB, path string) []float64 {
	t.Helper()
	info := Info(t, path)
	if info.Audio == nil {
		t.Fatalf("fftest: %s has no audio stream", path)
	}
	first := int64(math.Round(info.Audio.StartTime * 48000))
	raw := run(t, FFmpeg(), "-nostdin", "-v", "error", "-copyts", "-i", path, "-map", "0:a:0",
		"-af", "aresample=osr=48000:min_hard_comp=0.001:first_pts="+strconv.FormatInt(first, 10)+",pan=mono|c0=c0",
		"-f", "f32le", "-")
	s := make([]float64, len(raw)/4)
	for i := range s {
		s[i] = float64(math.Float32frombits(binary.LittleEndian.Uint32(raw[i*4:])))
	}
	const quiet, gap, half = 0.05, 1440, 24
	meanSq := func(from, to int) float64 {
		from, to = max(from, 0), min(to, len(s))
		if to <= from {
			return 0
		}
		var sum float64
		for _, x := range s[from:to] {
			sum += x * x
		}
		return sum / float64(to-from)
	}
	var times []float64
	last := -gap
	for i, x := range s {
		if math.Abs(x) < quiet {
			continue
		}
		if i-last >= gap {
			level := meanSq(i+240, i+1200)
			j := i - 240
			for j < i+240 && meanSq(j-half, j+half) < level/2 {
				j++
			}
			times = append(times, float64(first+int64(j))/48000)
		}
		last = i
	}
	return times
}

// AVOffsets measures path's flashes and beeps, pairs them in order and
// returns, for each pair, how many seconds the beep comes after its flash
// (negative: before it). It fails the test unless there are n of each.
func AVOffsets(t testing.TB, path string, n int) []float64 {
	t.Helper()
	flashes, beeps := FlashTimes(t, path), BeepTimes(t, path)
	if len(flashes) != n || len(beeps) != n {
		t.Fatalf("fftest: %s: flashes at %v and beeps at %v, want %d of each", path, flashes, beeps, n)
	}
	offs := make([]float64, n)
	for i := range offs {
		offs[i] = beeps[i] - flashes[i]
	}
	return offs
}
