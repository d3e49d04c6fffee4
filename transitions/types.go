// Package transitions is the catalogue of transitions between scenes: every
// xfade transition the installed FFmpeg offers, cut, dips through a colour,
// and the aliases users expect; plus the audio crossfade curves.
package transitions

// Kind says how a transition is rendered.
type Kind int

const (
	// Cut switches on a frame boundary; no overlap.
	Cut Kind = iota
	// XFade renders with ffmpeg's xfade filter (XFade names its transition).
	XFade
	// Dip fades the first scene out to a colour and the next in from it.
	Dip
)

// Transition is one entry of the catalogue.
type Transition struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Kind        Kind   `json:"-"`
	KindName    string `json:"kind"`            // "cut", "xfade", "dip"
	XFade       string `json:"xfade,omitempty"` // the xfade transition for Kind XFade
	AliasOf     string `json:"alias_of,omitempty"`
}
