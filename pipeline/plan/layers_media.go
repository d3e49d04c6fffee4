package plan

import (
	"sort"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/frac"
	"github.com/reel-film/reel/pipeline/probe"
)

// placeMedia resolves b.layers' image and video layers against their probed
// files: an image layer needs a still image, a video layer a clip with
// moving pictures. A video layer plays its clip from the clip's first frame
// at the layer's first frame and stops with it: a layer without a duration
// or an end lasts the clip (or to the end of its film or scene), and one
// that asks for more is cut at the clip's last frame, with a warning. Text
// layers pass unchanged. (config keeps every layer's corner on the frame.)
func (b *builder) placeMedia(ls []layer, media map[string]*probe.Info) (warns, errs config.Errors) {
	var out []layer
	for _, l := range ls {
		var err *config.Error
		switch l.cfg.Kind {
		case config.LayerImage:
			l.info, err = imageMedia(l.cfg, media[l.cfg.Image])
		case config.LayerVideo:
			l.info, err = videoMedia(l.cfg, media[l.cfg.Video])
			if err == nil {
				var w *config.Error
				l, w, err = b.clipEnd(l)
				if w != nil {
					warns = append(warns, w)
				}
			}
		default:
			out = append(out, l)
			continue
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, l)
	}
	b.layers = out
	return warns, errs
}

// withLayerMedia adds to the scenes' errors those of the layers' files (an
// image layer given a video, a damaged file), which need no timeline to
// see, in file order: one round of validation reports both.
func withLayerMedia(errs config.Errors, p *config.Project, media map[string]*probe.Info) config.Errors {
	all := append(config.Errors{}, errs...)
	check := func(ls []config.Layer) {
		for i := range ls {
			var err *config.Error
			switch l := &ls[i]; l.Kind {
			case config.LayerImage:
				_, err = imageMedia(l, media[l.Image])
			case config.LayerVideo:
				_, err = videoMedia(l, media[l.Video])
			}
			if err != nil {
				all = append(all, err)
			}
		}
	}
	check(p.Layers)
	for _, s := range p.Scenes {
		check(s.Layers)
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].Line < all[j].Line })
	return all
}

// imageMedia checks the file of an image layer.
func imageMedia(l *config.Layer, info *probe.Info) (*probe.Info, *config.Error) {
	switch {
	case info == nil || info.Video == nil:
		return nil, l.Pos.Errorf("image %s has no picture (use a PNG, JPEG or WebP image)", l.Image)
	case undecodable(info):
		return nil, l.Pos.Errorf("image %s cannot be decoded; the file is probably truncated or damaged: re-export it%s", l.Image, said(info.Extent.Problems))
	case !info.Video.Still:
		return nil, l.Pos.Errorf("image %s is a video, not an image: draw it as picture in picture with `video: ...`", l.Image)
	}
	return info, nil
}

// videoMedia checks the file of a video layer.
func videoMedia(l *config.Layer, info *probe.Info) (*probe.Info, *config.Error) {
	switch {
	case info == nil || info.Video == nil:
		return nil, l.Pos.Errorf("video %s has no video stream (picture in picture needs a video file)", l.Video)
	case undecodable(info):
		return nil, l.Pos.Errorf("video %s cannot be decoded; the file is probably truncated or damaged: re-export it%s", l.Video, said(info.Extent.Problems))
	case info.Video.Still:
		return nil, l.Pos.Errorf("video %s is a still image: draw it with `image: ...`", l.Video)
	}
	return info, nil
}

// undecodable says that decoding the file gave no picture.
func undecodable(info *probe.Info) bool {
	return info.Extent != nil && info.Extent.VideoPackets == 0
}

// clipEnd ends video layer l with its clip at the latest.
func (b *builder) clipEnd(l layer) (layer, *config.Error, *config.Error) {
	fps := b.tl.FPS
	n := clipFrames(l.info, fps)
	if n < 1 {
		return l, nil, l.cfg.Pos.Errorf("video %s gives less than one frame at %v fps", l.cfg.Video, fps)
	}
	var w *config.Error
	if end := l.from + n; end < l.to {
		if l.cfg.Duration != nil || l.cfg.End != nil {
			w = l.cfg.Pos.Errorf("the layer asks for %s but video %s lasts %s: the layer ends with the clip",
				frameCount(l.to-l.from), l.cfg.Video, frameCount(n))
		}
		l.to = end
	}
	return l, w, nil
}

// clipFrames is how many frames a clip lasts at fps.
func clipFrames(info *probe.Info, fps frac.Rational) int64 {
	d := info.Video.Duration
	if d <= 0 {
		d = info.Duration
	}
	return frac.SecondsToFrames(d, fps)
}
