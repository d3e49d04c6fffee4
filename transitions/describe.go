package transitions

// descriptions explain the xfade transitions in one line each; "next" is
// the incoming scene.
var descriptions = map[string]string{
	"fade":        "the scene dissolves smoothly into the next (a crossfade)",
	"fadefast":    "a crossfade that moves quickly through the middle",
	"fadeslow":    "a crossfade that lingers in the middle",
	"fadeblack":   "the scene fades to black, then the next fades in from black",
	"fadewhite":   "the scene fades to white, then the next fades in from white",
	"fadegrays":   "the scene fades through greyscale into the next",
	"dissolve":    "the next scene appears pixel by pixel in random noise",
	"pixelize":    "the picture breaks into growing blocks, then resolves into the next scene",
	"distance":    "the next scene emerges from the colour distance between the two",
	"hblur":       "a horizontal blur smears the scene into the next",
	"wipeleft":    "the next scene wipes in from the right, moving left",
	"wiperight":   "the next scene wipes in from the left, moving right",
	"wipeup":      "the next scene wipes in from the bottom, moving up",
	"wipedown":    "the next scene wipes in from the top, moving down",
	"wipetl":      "the next scene wipes in from the bottom-right towards the top-left",
	"wipetr":      "the next scene wipes in from the bottom-left towards the top-right",
	"wipebl":      "the next scene wipes in from the top-right towards the bottom-left",
	"wipebr":      "the next scene wipes in from the top-left towards the bottom-right",
	"slideleft":   "the next scene slides in from the right, pushing the scene out to the left",
	"slideright":  "the next scene slides in from the left, pushing the scene out to the right",
	"slideup":     "the next scene slides in from the bottom, pushing the scene out the top",
	"slidedown":   "the next scene slides in from the top, pushing the scene out the bottom",
	"smoothleft":  "a soft-edged wipe moving left",
	"smoothright": "a soft-edged wipe moving right",
	"smoothup":    "a soft-edged wipe moving up",
	"smoothdown":  "a soft-edged wipe moving down",
	"circlecrop":  "the scene shrinks to a circle over black, then the next grows from one",
	"rectcrop":    "the scene shrinks to a rectangle over black, then the next grows from one",
	"circleopen":  "the next scene opens in a growing circle from the centre",
	"circleclose": "the scene closes in a shrinking circle, revealing the next around it",
	"vertopen":    "the next scene opens from a vertical line in the centre outwards",
	"vertclose":   "the next scene closes in from the left and right edges to the centre",
	"horzopen":    "the next scene opens from a horizontal line in the centre outwards",
	"horzclose":   "the next scene closes in from the top and bottom edges to the centre",
	"radial":      "the next scene sweeps in like a clock hand",
	"diagtl":      "the next scene sweeps in diagonally from the top-left corner",
	"diagtr":      "the next scene sweeps in diagonally from the top-right corner",
	"diagbl":      "the next scene sweeps in diagonally from the bottom-left corner",
	"diagbr":      "the next scene sweeps in diagonally from the bottom-right corner",
	"hlslice":     "the next scene arrives in horizontal slices moving left",
	"hrslice":     "the next scene arrives in horizontal slices moving right",
	"vuslice":     "the next scene arrives in vertical slices moving up",
	"vdslice":     "the next scene arrives in vertical slices moving down",
	"squeezeh":    "the scene squeezes horizontally to a line, then the next unfolds",
	"squeezev":    "the scene squeezes vertically to a line, then the next unfolds",
	"zoomin":      "the camera zooms into the scene, which fades into the next",
	"hlwind":      "the next scene blows in like wind from the right, moving left",
	"hrwind":      "the next scene blows in like wind from the left, moving right",
	"vuwind":      "the next scene blows in like wind from the bottom, moving up",
	"vdwind":      "the next scene blows in like wind from the top, moving down",
	"coverleft":   "the next scene slides in from the right over the still scene",
	"coverright":  "the next scene slides in from the left over the still scene",
	"coverup":     "the next scene slides in from the bottom over the still scene",
	"coverdown":   "the next scene slides in from the top over the still scene",
	"revealleft":  "the scene slides out to the left, revealing the still next scene",
	"revealright": "the scene slides out to the right, revealing the still next scene",
	"revealup":    "the scene slides out the top, revealing the still next scene",
	"revealdown":  "the scene slides out the bottom, revealing the still next scene",
}

// describe returns the one-line description of an xfade transition; names
// newer than this table get a generic one.
func describe(name string) string {
	if d, ok := descriptions[name]; ok {
		return d
	}
	return "xfade " + name + " transition"
}
