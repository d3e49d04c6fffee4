package probe

import "math"

// rotation returns the clockwise display rotation of a stream, normalised
// to 0, 90, 180 or 270.
//
// ffprobe reports a display matrix's "rotation" as av_display_rotation_get
// does: degrees counterclockwise. A value of 90 means ffmpeg's autorotate
// (and players) turn the stored picture 90° counterclockwise, so it is a
// clockwise rotation of 270; -90 is a clockwise rotation of 90 (a phone's
// portrait video). The legacy "rotate" tag, which ffmpeg up to 4.4 exported
// next to the matrix, is already clockwise. The matrix wins when both exist.
func rotation(s rawStream) int {
	for _, sd := range s.SideData {
		if sd.Type != "Display Matrix" {
			continue
		}
		if deg, ok := sd.Rotation.float(); ok {
			return normaliseRotation(-deg)
		}
	}
	if deg, ok := s.Tags["rotate"].float(); ok {
		return normaliseRotation(deg)
	}
	return 0
}

// normaliseRotation rounds deg to the nearest quarter turn in [0, 360).
func normaliseRotation(deg float64) int {
	q := int(math.Round(deg/90)) % 4
	if q < 0 {
		q += 4
	}
	return q * 90
}
