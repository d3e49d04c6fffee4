package plan

import (
	"math/big"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/frac"
)

// window is the part of the film a derived rendition shows, on the
// rendition's own frame grid: frames frames at rate from start.
type window struct {
	start  *big.Rat // seconds on the film's timeline
	end    *big.Rat // where the range ends (exclusive)
	frames int64    // at rate; 0 for a rendition without a picture
	rate   frac.Rational
}

// length is the time the window's frames cover (frames/rate), or the
// range itself for a rendition without a picture.
func (w window) length() *big.Rat {
	if w.frames == 0 {
		return new(big.Rat).Sub(w.end, w.start)
	}
	return new(big.Rat).Mul(big.NewRat(w.frames, 1), new(big.Rat).Inv(rat(w.rate)))
}

// rangeWindow places rendition o on the film: its range (start, then end
// or duration; the whole film by default; frame counts in it are frames
// of the film) and its frame count, floor(duration·rate). Flooring keeps
// every frame's time, start + k/rate, inside the range, so a range that
// ends with the film never needs a frame, or a sample, past it; the sound
// then covers exactly the frames' time. A range that starts or ends past
// the film, ends before it starts, or holds no whole frame is an error at
// the range's line.
func rangeWindow(film filmFile, o config.Output) (window, *config.Error) {
	w := window{start: new(big.Rat), end: film.seconds(), rate: o.FPS}
	if w.rate.IsZero() {
		w.rate = film.FPS
	}
	length := film.seconds()
	if r := o.Range; r != nil {
		w.start = secondsAt(r.Start, film.FPS)
		switch {
		case r.End != nil:
			w.end = secondsAt(*r.End, film.FPS)
		case r.Duration != nil:
			w.end = new(big.Rat).Add(w.start, secondsAt(*r.Duration, film.FPS))
		}
		if err := checkRange(r, w, length); err != nil {
			return w, err
		}
	}
	if o.AudioOnly() {
		return w, nil
	}
	w.frames = floorRat(mulRat(new(big.Rat).Sub(w.end, w.start), rat(w.rate)))
	if w.frames < 1 {
		pos := o.Pos
		if o.Range != nil {
			pos = o.Range.Pos
		}
		return w, pos.Errorf("%s to %s is shorter than one frame at %v fps (%s)",
			secText(w.start), secText(w.end), w.rate, secText(new(big.Rat).Inv(rat(w.rate))))
	}
	return w, nil
}

// checkRange reports a range that the film cannot give.
func checkRange(r *config.Range, w window, length *big.Rat) *config.Error {
	switch {
	case w.start.Cmp(length) >= 0:
		return r.Pos.Errorf("range starts at %s, at or after the end of the film (%s long)", r.Start, secText(length))
	case w.end.Cmp(w.start) <= 0:
		return r.Pos.Errorf("range ends at %s, not after its start (%s)", secText(w.end), r.Start)
	case w.end.Cmp(length) > 0:
		rest := new(big.Rat).Sub(length, w.start)
		return r.Pos.Errorf("range ends at %s, after the end of the film (%s long); from %s the film has %s left: use duration: %s, or leave end and duration out to go to the end",
			secText(w.end), secText(length), r.Start, secText(rest), secText(rest))
	}
	return nil
}
