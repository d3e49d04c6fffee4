package pipeline_test

import (
	"context"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-film/reel/internal/fftest"
	"github.com/reel-film/reel/pipeline/probe/probetest"
)

// interlaced encodes the lavfi graph src as interlaced H.264 (or MPEG-2
// for a .mpg name) with the field order given (tff or bff): the stream is
// flagged tt or bb and every frame is coded as fields. A .mov is ProRes
// with interlaced frames in a stream that says nothing of it (bff: no fiel
// atom, as FFmpeg writes it) or says progressive (tff): only each frame
// tells.
func interlaced(t *testing.T, dir, name, src, order string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	args := []string{"-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", src}
	switch {
	case strings.HasSuffix(name, ".mpg"):
		args = append(args, "-c:v", "mpeg2video", "-q:v", "2", "-flags", "+ilme+ildct", "-top", map[string]string{"tff": "1", "bff": "0"}[order])
	case strings.HasSuffix(name, ".mov") && order == "tff":
		// FFmpeg's ProRes encoder writes bottom first unless told -top 1,
		// which flags the stream too: flagged progressive instead.
		args = append(args, "-c:v", "prores_ks", "-flags", "+ilme+ildct", "-top", "1", "-field_order", "progressive")
	case strings.HasSuffix(name, ".mov"):
		args = append(args, "-c:v", "prores_ks", "-flags", "+ilme+ildct")
	default:
		args = append(args, "-c:v", "libx264", "-preset", "ultrafast", "-crf", "10", "-flags", "+ilme+ildct", "-x264opts", order+"=1")
	}
	if !strings.HasSuffix(name, ".mov") {
		args = append(args, "-field_order", map[string]string{"tff": "tt", "bff": "bb"}[order])
	}
	args = append(args, path)
	if out, err := exec.Command(fftest.FFmpeg(), args...).CombinedOutput(); err != nil {
		t.Fatalf("make %s: %v\n%s", name, err, out)
	}
	return path
}

// moving is 0.6 s of a white bar crossing a black frame at 200 pixels a
// second, filmed at 50 fps and woven into 15 interlaced frames of 160x96
// (interlaced H.264 needs a height divisible by 4). The bar's edges are
// vertical, so only weaving makes neighbouring lines differ.
const moving = "color=c=black:s=160x96:r=50:d=0.6,format=gray," +
	"geq=lum='if(between(X\\,mod(T*200\\,160)\\,mod(T*200\\,160)+20)\\,235\\,16)',format=yuv420p,interlace=scan="

// combing is the mean vertical high frequency of the luma of img: how far
// each line is from the mean of its neighbours. Woven fields of a moving
// picture make it large; deinterlaced frames do not.
func combing(img *image.RGBA) float64 { return highFrequency(img, 0, 1) }

// highFrequency is how far each pixel's luma is from the mean of its two
// neighbours (dx, dy) away, on average: combing across rows for (0, 1),
// across columns for (1, 0) (the fields of a picture turned a quarter).
func highFrequency(img *image.RGBA, dx, dy int) float64 {
	b := img.Bounds()
	luma := func(x, y int) float64 {
		c := img.RGBAAt(x, y)
		return 0.2126*float64(c.R) + 0.7152*float64(c.G) + 0.0722*float64(c.B)
	}
	var sum float64
	n := 0
	for y := b.Min.Y + dy; y < b.Max.Y-dy; y++ {
		for x := b.Min.X + dx; x < b.Max.X-dx; x++ {
			d := luma(x, y) - (luma(x-dx, y-dy)+luma(x+dx, y+dy))/2
			if d < 0 {
				d = -d
			}
			sum += d
			n++
		}
	}
	return sum / float64(n)
}

// meanCombing is combing averaged over frames first+2, +5, +8 and +11 of
// path.
func meanCombing(t *testing.T, path string, first int) float64 {
	t.Helper()
	var sum float64
	for n := first + 2; n < first+14; n += 3 {
		sum += combing(fftest.Frame(t, path, n))
	}
	return sum / 4
}

// TestDeinterlacePlan: clips flagged interlaced (tt or bb, H.264 or MPEG-2)
// get bwdif with deinterlace auto (the default), none with off; on forces
// it on a progressive clip; a film faster than the clip gets a frame per
// field.
func TestDeinterlacePlan(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	interlaced(t, dir, "tt.mp4", moving+"tff", "tff")
	interlaced(t, dir, "bb.mp4", moving+"bff", "bff")
	interlaced(t, dir, "tt.mpg", moving+"tff", "tff")
	fftest.Make(t, dir, fftest.Clip{Name: "p.mp4", FPS: "25", Width: 160, Height: 96})
	tests := []struct {
		source, opts, fps string
		want              string // "" for no bwdif
	}{
		{"tt.mp4", "", "25", "bwdif=mode=send_frame:parity=auto:deint=interlaced"},
		{"bb.mp4", "deinterlace: auto", "25", "bwdif=mode=send_frame:parity=auto:deint=interlaced"},
		{"tt.mpg", "", "25", "bwdif=mode=send_frame:parity=auto:deint=interlaced"},
		{"tt.mp4", "", "50", "bwdif=mode=send_field:parity=auto:deint=interlaced"},
		{"tt.mp4", "deinterlace: off", "25", ""},
		{"p.mp4", "", "25", ""},
		{"p.mp4", "deinterlace: on", "25", "bwdif=mode=send_frame:parity=auto:deint=all"},
	}
	for _, tt := range tests {
		t.Run(tt.source+" "+tt.opts+" "+tt.fps, func(t *testing.T) {
			yaml := "output: {path: out.mp4, size: 160x96, fps: " + tt.fps + "}\nscenes:\n  - source: " + tt.source + "\n    " + tt.opts + "\n"
			prep, err := prepare(context.Background(), dir, writeProject(t, dir, yaml))
			if err != nil {
				t.Fatal(err)
			}
			args := strings.Join(prep.Plan.Jobs[0].Args, " ")
			if got := strings.Contains(args, "bwdif"); got != (tt.want != "") || !strings.Contains(args, tt.want) {
				t.Errorf("scene job:\n%s\nwant %q", args, tt.want)
			}
		})
	}
}

// TestDeinterlaceRemovesCombing renders moving interlaced clips of both
// field orders, and ProRes flagged interlaced only in its frames, with
// deinterlace auto and off, as 15-frame scenes of one film: auto leaves
// under a third of the combing, within a grey level of what the
// progressive source has.
func TestDeinterlaceRemovesCombing(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	prog := filepath.Join(dir, "prog.mp4")
	bar := strings.Replace(strings.TrimSuffix(moving, ",interlace=scan="), "r=50", "r=25", 1)
	if out, err := exec.Command(fftest.FFmpeg(), "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", bar,
		"-c:v", "libx264", "-preset", "ultrafast", "-crf", "10", prog).CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	reference := meanCombing(t, prog, 0)
	yaml := "output: {path: out.mp4, size: 160x96, fps: 25}\nscenes:\n"
	sources := []struct{ name, order string }{{"tff.mp4", "tff"}, {"bff.mp4", "bff"}, {"tff.mov", "tff"}, {"bff.mov", "bff"}}
	for _, s := range sources {
		interlaced(t, dir, s.name, moving+s.order, s.order)
		yaml += "  - source: " + s.name + "\n    deinterlace: auto\n  - source: " + s.name + "\n    deinterlace: off\n"
	}
	p := render(t, dir, yaml)
	for i, s := range sources {
		order := s.name
		auto, off := meanCombing(t, p.Output, 30*i), meanCombing(t, p.Output, 30*i+15)
		t.Logf("%s: combing: progressive source %.1f, interlaced %.1f, deinterlaced %.1f", order, reference, off, auto)
		if auto > off/3 || auto > reference+1 {
			t.Errorf("%s: combing %.1f after deinterlacing, %.1f without, %.1f in the progressive source", order, auto, off, reference)
		}
	}
}

// TestDeinterlaceKeepsFrames: deinterlacing changes no frame's place. A clip
// of flat frames (grey level = frame index) coded as interlaced fields,
// trimmed, plays the same frames at the clip's rate and each frame twice at
// double the rate (one per field).
func TestDeinterlaceKeepsFrames(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	interlaced(t, dir, "index.mp4", "color=c=black:s=160x96:r=25:d=2,format=gbrp,geq=r='mod(N*8\\,256)':g='mod(N*8\\,256)':b='mod(N*8\\,256)'", "tff")
	for _, tt := range []struct {
		fps     string
		perClip int // output frames per clip frame
	}{{"25", 1}, {"50", 2}} {
		t.Run(tt.fps, func(t *testing.T) {
			sub := filepath.Join(dir, tt.fps)
			if err := os.Mkdir(sub, 0o755); err != nil {
				t.Fatal(err)
			}
			p := render(t, sub, "output: {path: out.mp4, size: 160x96, fps: "+tt.fps+"}\nscenes:\n  - source: ../index.mp4\n    trim: {start: 0.6s, duration: 0.4s}\n")
			if !strings.Contains(strings.Join(p.Jobs[0].Args, " "), "bwdif") {
				t.Fatal("no bwdif in the plan")
			}
			n := fftest.FrameCount(t, p.Output)
			if want := 10 * tt.perClip; n != want {
				t.Fatalf("%d frames, want %d", n, want)
			}
			for _, k := range []int{0, 1, n / 2, n - 1} {
				if got, want := fftest.FrameIndex(fftest.Frame(t, p.Output, k)), 15+k/tt.perClip; got != want%32 {
					t.Errorf("frame %d shows clip frame %d, want %d", k, got, want)
				}
			}
		})
	}
}

// TestDeinterlaceTurnedClip: a clip with a display rotation is deinterlaced
// as stored (the fields are rows of the stored picture), so a quarter-turned
// interlaced clip shows no combing across its columns, and comes out turned.
func TestDeinterlaceTurnedClip(t *testing.T) {
	t.Parallel()
	fftest.Require(t)
	dir := t.TempDir()
	src := interlaced(t, dir, "flat.mp4", moving+"tff", "tff")
	turned := filepath.Join(dir, "turned.mp4")
	for _, tag := range []string{"270", "90"} { // whichever FFmpeg reads as 90° clockwise
		if out, err := exec.Command(fftest.FFmpeg(), "-nostdin", "-v", "error", "-y", "-i", src, "-c", "copy",
			"-metadata:s:v:0", "rotate="+tag, turned).CombinedOutput(); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		if probetest.Info(t, turned).Video.Rotation == 90 {
			break
		}
	}
	if v := probetest.Info(t, turned).Video; v.Rotation != 90 || !v.Interlaced() {
		t.Fatalf("turned.mp4: rotation %d, field order %q", v.Rotation, v.FieldOrder)
	}
	p := render(t, dir, "output: {path: out.mp4, size: 96x160, fps: 25}\nscenes:\n  - source: turned.mp4\n  - source: turned.mp4\n    deinterlace: off\n")
	if args := strings.Join(p.Jobs[0].Args, " "); !strings.Contains(args, "transpose=dir=cclock,bwdif") {
		t.Errorf("scene job does not deinterlace the stored picture:\n%s", args)
	}
	var auto, off float64
	for n := 2; n < 14; n += 3 {
		auto += highFrequency(fftest.Frame(t, p.Output, n), 1, 0) / 4
		off += highFrequency(fftest.Frame(t, p.Output, 15+n), 1, 0) / 4
	}
	t.Logf("combing across columns: %.1f deinterlaced, %.1f not", auto, off)
	if auto > off/3 || auto > 1 {
		t.Errorf("combing across columns %.1f after deinterlacing, %.1f without", auto, off)
	}
	if img := fftest.Frame(t, p.Output, 0); img.Bounds().Dx() != 96 || img.Bounds().Dy() != 160 {
		t.Errorf("output %v, want 96x160", img.Bounds())
	}
}
