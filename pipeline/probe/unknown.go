package probe

// measured gives a moving picture whose header states no length (an
// animated PNG: FFmpeg's apng demuxer reports neither a duration nor a
// frame count, and the file none either) the length and frame count that
// the scan of its packets found, so it is neither taken for 0 s long nor
// for a still. A one-frame animation is a still image. Streams whose
// header gives a length keep it: the scan only checks them (a truncated
// file keeps its header's promise, and the planner compares the two).
func (i *Info) measured(e *Extent) {
	v := i.Video
	if v == nil || v.Still || v.Duration > 0 || e.VideoPackets == 0 {
		return
	}
	if e.VideoPackets == 1 && i.Audio == nil {
		v.Still, v.Frames, v.FramesExact, v.VFR = true, 1, true, false
		v.Duration, i.Duration = 0, 0
		return
	}
	v.Duration = max(0, e.VideoEnd-v.StartTime)
	v.Frames, v.FramesExact = e.VideoPackets, true
	if i.Duration < v.Duration {
		i.Duration = v.StartTime + v.Duration - i.StartTime
	}
}
