package plan

import (
	"math/big"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/ffmpeg"
)

// posterJob writes the poster to temp: a JPEG of the film frame on screen
// at p.At (frame floor(at·fps)), at the film's size, at JPEG quality
// -q:v 2. A time at or past the film's end is an error at poster.at.
func (b *builder) posterJob(film filmFile, p config.Poster, temp string) (Job, error) {
	at := secondsAt(p.At, film.FPS)
	frame := floorRat(mulRat(at, rat(film.FPS)))
	if frame >= film.Frames {
		pos := p.Pos
		pos.Path += ".at"
		return Job{}, pos.Errorf("%s is at or after the end of the film (%s long, %s): the last frame is at %s",
			p.At, secText(film.seconds()), frameCount(film.Frames), secText(new(big.Rat).Mul(big.NewRat(film.Frames-1, 1), new(big.Rat).Inv(rat(film.FPS)))))
	}
	filters, err := pick(film.FPS, at, film.FPS, 1)
	if err != nil {
		return Job{}, p.Pos.Errorf("%v", err)
	}
	g := ffmpeg.NewGraph()
	out := g.Label("poster")
	g.Chain([]string{"0:v:0"}, append(filters, jpegColour()...), []string{out})
	th := Threads
	args := append(b.globalArgs(), "-filter_complex_threads", th)
	args = append(args, filmSeek(at)...)
	args = append(args, "-i", In(0), "-filter_complex", g.String(), "-map", "["+out+"]",
		"-frames:v", "1", "-c:v", "mjpeg", "-q:v", "2", "-threads", th)
	args = append(args, stillMuxer(Out(0))...)
	return Job{ID: "poster", Kind: KindDerived, Args: args, Inputs: []string{film.Path}, Outputs: []string{temp},
		Deps: []string{film.Job}, Frames: 1, Cost: 2 * float64(film.Width*film.Height)}, nil
}

// jpegColour converts the film's BT.709 TV range frames to what a JPEG
// holds: full range with the BT.601 matrix, which is what every JPEG
// decoder assumes (JFIF). The film's own matrix would shift saturated
// colours by up to a tenth of the scale.
func jpegColour() []ffmpeg.Filter {
	return []ffmpeg.Filter{
		ffmpeg.F("scale", "in_color_matrix", "bt709", "in_range", "tv", "out_color_matrix", "bt601", "out_range", "pc"),
		ffmpeg.F("format", "pix_fmts", "yuvj420p"),
	}
}

// stillMuxer writes one image to path (the image2 muxer, which would
// otherwise read the name as a pattern of numbered files).
func stillMuxer(path string) []string {
	return []string{"-color_range", "pc", "-f", "image2", "-update", "1", path}
}
