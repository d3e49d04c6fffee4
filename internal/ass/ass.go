// Package ass writes Advanced SubStation Alpha (ASS) scripts, the text format
// libass renders (FFmpeg's ass and subtitles filters). reel draws all its
// text through such files: libass shapes complex and right-to-left scripts,
// falls back across fonts through fontconfig, outlines and animates, and
// user text never becomes filter syntax.
//
// The writer is small on purpose: a script has a play resolution, styles and
// dialogue events; Escape turns any user text into literal ASS text.
package ass

import (
	"fmt"
	"strings"
	"time"
)

// Alignment is a numpad position: 1-3 bottom, 4-6 middle, 7-9 top (left,
// centre, right).
type Alignment int

// The alignments reel uses.
const (
	BottomCenter Alignment = 2
	Center       Alignment = 5
	TopCenter    Alignment = 8
)

// Wrap styles of a script ([Script Info] WrapStyle).
const (
	WrapSmart = 0 // libass breaks lines that are too wide, evenly
	WrapEOL   = 1 // libass breaks lines that are too wide, at the end
	WrapNone  = 2 // only \N breaks a line
)

// Color is an RGB colour with an alpha (0 opaque, 255 transparent, as ASS
// counts it).
type Color struct{ R, G, B, Alpha uint8 }

// String writes the colour as ASS does: &HAABBGGRR.
func (c Color) String() string {
	return fmt.Sprintf("&H%02X%02X%02X%02X", c.Alpha, c.B, c.G, c.R)
}

// Style is one [V4+ Styles] entry. Sizes and margins are in script pixels
// (the play resolution).
type Style struct {
	Name    string
	Font    string  // a font family, resolved by fontconfig
	Size    float64 // the line height in script pixels
	Primary Color   // text
	Outline Color   // outline (border)
	Back    Color   // shadow
	Bold    bool
	Border  float64 // outline width
	Shadow  float64 // shadow offset
	Align   Alignment
	MarginL int
	MarginR int
	MarginV int
	Spacing float64 // extra space between letters
	// OpaqueBox draws an opaque box (BorderStyle 3) in the Outline colour
	// around the text, Border pixels beyond it, instead of an outline.
	OpaqueBox bool
	// AutoDirection lets libass find each line's base direction from its
	// text (Encoding -1), so a right-to-left line keeps its punctuation at
	// its own end.
	AutoDirection bool
}

// Event is one Dialogue line: text shown with a style from Start to End.
type Event struct {
	Start, End time.Duration
	Style      string
	Layer      int
	Text       string // ASS text: escape user text with Escape first
}

// Script is a whole ASS file.
type Script struct {
	Title        string
	PlayResX     int // the video's width: script pixels are video pixels
	PlayResY     int
	WrapStyle    int
	Styles       []Style
	Events       []Event
	ScaledBorder bool // outline and shadow scale with the video
}

// String renders the script.
func (s Script) String() string {
	var b strings.Builder
	b.WriteString("[Script Info]\n")
	b.WriteString("; written by reel\n")
	fmt.Fprintf(&b, "Title: %s\n", oneLine(s.Title))
	b.WriteString("ScriptType: v4.00+\n")
	fmt.Fprintf(&b, "PlayResX: %d\nPlayResY: %d\n", s.PlayResX, s.PlayResY)
	fmt.Fprintf(&b, "WrapStyle: %d\n", s.WrapStyle)
	fmt.Fprintf(&b, "ScaledBorderAndShadow: %s\n", yesNo(s.ScaledBorder))
	b.WriteString("YCbCr Matrix: None\n\n")
	b.WriteString("[V4+ Styles]\n")
	b.WriteString("Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, " +
		"Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, " +
		"Alignment, MarginL, MarginR, MarginV, Encoding\n")
	for _, st := range s.Styles {
		border, enc := 1, 1
		if st.OpaqueBox {
			border = 3
		}
		if st.AutoDirection {
			enc = -1
		}
		fmt.Fprintf(&b, "Style: %s,%s,%s,%s,%s,%s,%s,%d,0,0,0,100,100,%s,0,%d,%s,%s,%d,%d,%d,%d,%d\n",
			field(st.Name), field(st.Font), num(st.Size), st.Primary, st.Primary, st.Outline, st.Back,
			boolInt(st.Bold), num(st.Spacing), border, num(st.Border), num(st.Shadow),
			st.Align, st.MarginL, st.MarginR, st.MarginV, enc)
	}
	b.WriteString("\n[Events]\n")
	b.WriteString("Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n")
	for _, e := range s.Events {
		fmt.Fprintf(&b, "Dialogue: %d,%s,%s,%s,,0,0,0,,%s\n",
			e.Layer, Timestamp(e.Start), Timestamp(e.End), field(e.Style), oneLine(e.Text))
	}
	return b.String()
}

// Timestamp writes d as ASS does, H:MM:SS.cc (centiseconds, rounded down;
// hours may take more digits).
func Timestamp(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	cs := int64(d / (10 * time.Millisecond))
	return fmt.Sprintf("%d:%02d:%02d.%02d", cs/360000, cs/6000%60, cs/100%60, cs%100)
}

var (
	fieldSafe = strings.NewReplacer(",", " ", "\n", " ", "\r", " ")
	lineSafe  = strings.NewReplacer("\n", " ", "\r", " ")
)

// field makes a value safe inside a comma-separated Format line.
func field(s string) string { return fieldSafe.Replace(s) }

// oneLine keeps a value on its line.
func oneLine(s string) string { return lineSafe.Replace(s) }

func num(f float64) string {
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.2f", f), "0"), ".")
}

func boolInt(b bool) int {
	if b {
		return -1 // ASS writes true as -1
	}
	return 0
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
