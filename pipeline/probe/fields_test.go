package probe_test

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/binary"
	"hash/crc32"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/reel-film/reel/internal/fftest"

	"github.com/reel-film/reel/pipeline/probe"
)

// TestFrameFieldOrder reads the first frame's flags as ffprobe prints
// them (compact, no keys; some versions end the line with a separator).
func TestFrameFieldOrder(t *testing.T) {
	for _, tt := range []struct{ out, want string }{
		{"1|1\n", "tt"}, {"1|0\n", "bb"}, {"1|1|\n", "tt"}, {"1|0|\n\n", "bb"},
		{"0|0\n", ""}, {"0|1\n", ""}, {"", ""}, {"garbage", ""},
		{"1|1\n0|0\n", "tt"}, // only the first frame counts
	} {
		if got := probe.FrameFieldOrder(tt.out); got != tt.want {
			t.Errorf("FrameFieldOrder(%q) = %q, want %q", tt.out, got, tt.want)
		}
	}
}

// adam7PNG writes a 32x16 RGBA PNG stored in Adam7 order (Go's encoder
// writes none): left half red, right half transparent.
func adam7PNG(t *testing.T, path string) {
	t.Helper()
	const w, h = 32, 16
	var raw bytes.Buffer
	for _, p := range [][4]int{{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}} {
		for y := p[1]; y < h; y += p[3] {
			if p[0] >= w {
				break
			}
			raw.WriteByte(0) // no filter
			for x := p[0]; x < w; x += p[2] {
				if x < w/2 {
					raw.Write([]byte{255, 0, 0, 255})
				} else {
					raw.Write([]byte{0, 0, 0, 0})
				}
			}
		}
	}
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(raw.Bytes())
	zw.Close()
	var png bytes.Buffer
	png.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&png, binary.BigEndian, uint32(len(data)))
		png.WriteString(typ)
		png.Write(data)
		binary.Write(&png, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr, w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	copy(ihdr[8:], []byte{8, 6, 0, 0, 1}) // 8-bit RGBA, Adam7
	chunk("IHDR", ihdr)
	chunk("IDAT", z.Bytes())
	chunk("IEND", nil)
	if err := os.WriteFile(path, png.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestScanFieldOrder: a stream that says nothing of interlacing, or says
// progressive, takes its first frame's field order (ProRes in MOV,
// interlaced frames of either order), but not a PNG's Adam7 row order (FFmpeg's decoder flags it
// interlaced too), nor a progressive clip.
func TestScanFieldOrder(t *testing.T) {
	fftest.Require(t)
	dir := t.TempDir()
	adam7PNG(t, filepath.Join(dir, "adam7.png"))
	src := "testsrc2=s=32x16:r=25:d=0.2"
	tests := []struct {
		name string
		args []string
		want string
	}{
		// FFmpeg's ProRes encoder writes bottom field first unless told
		// -top 1, which also flags the stream: here flagged progressive.
		{"tff.mov", []string{"-f", "lavfi", "-i", src, "-c:v", "prores_ks", "-flags", "+ilme+ildct", "-top", "1", "-field_order", "progressive"}, "tt"},
		{"bff.mov", []string{"-f", "lavfi", "-i", src, "-c:v", "prores_ks", "-flags", "+ilme+ildct"}, "bb"},
		{"prog.mov", []string{"-f", "lavfi", "-i", src, "-c:v", "prores_ks"}, "progressive"},
		{"adam7.mov", []string{"-loop", "1", "-i", filepath.Join(dir, "adam7.png"), "-t", "0.2", "-c:v", "copy"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.name)
			args := append(append([]string{"-nostdin", "-v", "error", "-y"}, tt.args...), path)
			if out, err := exec.Command(fftest.FFmpeg(), args...).CombinedOutput(); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			info, err := probe.Probe(context.Background(), fftest.FFprobe(), path)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := probe.Scan(context.Background(), fftest.FFprobe(), path, info); err != nil {
				t.Fatal(err)
			}
			if got := info.Video.FieldOrder; got != tt.want {
				t.Errorf("field order %q, want %q", got, tt.want)
			}
		})
	}
}
