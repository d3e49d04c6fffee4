package transitions

// ffmpeg51 are the xfade transitions FFmpeg 5.1 lists (`ffmpeg -h
// filter=xfade`, without "custom"), in its order.
var ffmpeg51 = []string{
	"fade", "wipeleft", "wiperight", "wipeup", "wipedown", "slideleft", "slideright", "slideup", "slidedown",
	"circlecrop", "rectcrop", "distance", "fadeblack", "fadewhite", "radial", "smoothleft", "smoothright",
	"smoothup", "smoothdown", "circleopen", "circleclose", "vertopen", "vertclose", "horzopen", "horzclose",
	"dissolve", "pixelize", "diagtl", "diagtr", "diagbl", "diagbr", "hlslice", "hrslice", "vuslice", "vdslice",
	"hblur", "fadegrays", "wipetl", "wipetr", "wipebl", "wipebr", "squeezeh", "squeezev", "zoomin",
	"fadefast", "fadeslow",
}

// FFmpeg51 is the catalogue of FFmpeg 5.1 (the version reel is tested
// with), built without running it: for plans made from fixed data (tests,
// tools). A render uses Discover, which asks the installed FFmpeg.
func FFmpeg51() *Catalogue { return newCatalogue(ffmpeg51) }
