package config

import "testing"

// outputs1 starts an outputs list with a valid first output.
const outputs1 = "outputs:\n  - {path: a.mp4}\n"

// outputErrors are the rules of outputs, renditions, the poster and the
// thumbnails (issue 11), each with the exact report.
var outputErrors = []errorCase{
	{"output and outputs", "output: {path: a.mp4}\noutputs: [{path: b.mp4}]\n" + scene1,
		`project.yaml:2: outputs: give either output (one file) or outputs (a list of files), not both (output at line 1): make the output map the first entry of outputs`},
	{"empty outputs", "outputs: []\n" + scene1,
		`project.yaml:1: outputs: the list is empty (write at least one output, or leave outputs out for the default out/<project>.mp4)`},
	{"outputs is a map", "outputs: {path: a.mp4}\n" + scene1,
		`project.yaml:1: outputs: expected a list of outputs, found a map`},
	{"output item is a string", "outputs:\n  - a.mp4\n" + scene1,
		`project.yaml:2: outputs[0]: expected a map, found the string "a.mp4"`},
	{"first output without path", "outputs:\n  - {size: 640x360}\n" + scene1,
		`project.yaml:2: outputs[0]: missing key "path" (each output names its file, e.g. path: out/film.mp4)`},
	{"renditions are lists", outputs1 + "  - [b.mp4]\n  - [c.mp4]\n  - {size: 640x360}\n" + scene1,
		"project.yaml:3: outputs[1]: expected a map, found a list\n" +
			"project.yaml:4: outputs[2]: expected a map, found a list\n" +
			"project.yaml:5: outputs[3]: missing key \"path\" (each output names its file, e.g. path: out/vertical.mp4)"},
	{"rendition without path", outputs1 + "  - {size: 640x360}\n" + scene1,
		`project.yaml:3: outputs[1]: missing key "path" (each output names its file, e.g. path: out/vertical.mp4)`},
	{"unknown rendition key", outputs1 + "  - {path: b.mp4, sise: 640x360}\n" + scene1,
		`project.yaml:3: outputs[1].sise: unknown key (did you mean "size"?)`},
	{"first output a GIF", "outputs:\n  - {path: a.gif}\n  - {path: b.mp4}\n" + scene1,
		`project.yaml:2: outputs[0].path: the first output sets the film's format and is the master the other outputs are made from, so a GIF (256 colours, no sound) cannot be it: put a full video output (such as out/film.mp4) first, and this one after it`},
	{"first output audio only", "outputs:\n  - {path: a.m4a}\n" + scene1,
		`project.yaml:2: outputs[0].path: the first output sets the film's format and is the master the other outputs are made from, so an audio-only .m4a file has no picture: put a full video output (such as out/film.mp4) first, and this one after it`},
	{"single output audio only", "output: {path: film.MP3}\n" + scene1,
		`project.yaml:1: output.path: the first output sets the film's format and is the master the other outputs are made from, so an audio-only .mp3 file has no picture: put a full video output (such as out/film.mp4) first, and this one after it`},
	{"single output a GIF", "output: {path: film.gif}\n" + scene1,
		`project.yaml:1: output.path: the first output sets the film's format and is the master the other outputs are made from, so a GIF (256 colours, no sound) cannot be it: put a full video output (such as out/film.mp4) first, and this one after it`},
	{"first output with a range", "output: {path: a.mp4, range: {start: 1s, duration: 2s}}\n" + scene1,
		`project.yaml:1: output.range: the first output is the film's master and holds the whole film, so it takes no range: put a full video output first, and this part of the film after it`},
	{"first output with a range in frames", "outputs:\n- {range: {start: 0f,end: 0s}}\n" + scene1,
		"project.yaml:2: outputs[0].range.end: end 0s must be after start 0f\n" +
			"project.yaml:2: outputs[0]: missing key \"path\" (each output names its file, e.g. path: out/film.mp4)\n" +
			"project.yaml:2: outputs[0].range: the first output is the film's master and holds the whole film, so it takes no range: put a full video output first, and this part of the film after it"},
	{"first of outputs with a range", "outputs:\n  - {path: a.mp4, range: {end: 2s}}\n  - {path: b.mp4}\n" + scene1,
		`project.yaml:2: outputs[0].range: the first output is the film's master and holds the whole film, so it takes no range: put a full video output first, and this part of the film after it`},
	{"first output with a fit", "outputs:\n  - {path: a.mp4, fit: blur}\n" + scene1,
		`project.yaml:2: outputs[0].fit: the first output is the film's own frame, so fit does not apply to it; to fit the clips into it, write fit at the top level or on a scene`},
	{"unknown rendition fit", outputs1 + "  - {path: b.mp4, fit: zoom}\n" + scene1,
		`project.yaml:3: outputs[1].fit: unknown fit "zoom" (expected one of: cover, contain, blur, stretch)`},
	{"prores in mp4", outputs1 + "  - {path: b.mp4, codec: prores}\n" + scene1,
		`project.yaml:3: outputs[1].codec: prores video cannot go in a .mp4 file (FFmpeg writes it into .mov, .mkv only): change the path's extension to .mov, or use a codec a .mp4 file takes (h264, h265, vp9, av1)`},
	{"h264 in webm", outputs1 + "  - {path: c.webm, codec: h264}\n" + scene1,
		`project.yaml:3: outputs[1].codec: h264 video cannot go in a .webm file (FFmpeg writes it into .mp4, .mov, .mkv only): change the path's extension to .mp4, or use a codec a .webm file takes (vp9, av1)`},
	{"hevc in webm", outputs1 + "  - {path: c.WEBM, codec: hevc}\n" + scene1,
		`project.yaml:3: outputs[1].codec: h265 video cannot go in a .webm file (FFmpeg writes it into .mp4, .mov, .mkv only): change the path's extension to .mp4, or use a codec a .webm file takes (vp9, av1)`},
	{"vp9 in mov", outputs1 + "  - {path: d.mov, codec: vp9}\n" + scene1,
		`project.yaml:3: outputs[1].codec: vp9 video cannot go in a .mov file (FFmpeg writes it into .mp4, .mkv, .webm only): change the path's extension to .mp4, or use a codec a .mov file takes (h264, h265, prores)`},
	{"av1 in mov", outputs1 + "  - {path: e.mov, codec: av1}\n" + scene1,
		`project.yaml:3: outputs[1].codec: av1 video cannot go in a .mov file (FFmpeg writes it into .mp4, .mkv, .webm only): change the path's extension to .mp4, or use a codec a .mov file takes (h264, h265, prores)`},
	{"gif codec in mp4", outputs1 + "  - {path: f.mp4, codec: gif}\n" + scene1,
		`project.yaml:3: outputs[1].codec: gif video cannot go in a .mp4 file (FFmpeg writes it into .gif only): change the path's extension to .gif, or use a codec a .mp4 file takes (h264, h265, vp9, av1)`},
	{"h264 in gif", outputs1 + "  - {path: g.gif, codec: h264}\n" + scene1,
		`project.yaml:3: outputs[1].codec: h264 video cannot go in a .gif file (FFmpeg writes it into .mp4, .mov, .mkv only): change the path's extension to .mp4, or use a codec a .gif file takes (gif)`},
	{"h264 in a webm film", "output: {path: film.webm, codec: avc}\n" + scene1,
		`project.yaml:1: output.codec: h264 video cannot go in a .webm file (FFmpeg writes it into .mp4, .mov, .mkv only): change the path's extension to .mp4, or use a codec a .webm file takes (vp9, av1)`},
	{"codec on its own line", "outputs:\n  - path: a.mp4\n    size: 1280x720\n  - path: b.webm\n    fit: blur\n    codec: h264\n" + scene1,
		`project.yaml:6: outputs[1].codec: h264 video cannot go in a .webm file (FFmpeg writes it into .mp4, .mov, .mkv only): change the path's extension to .mp4, or use a codec a .webm file takes (vp9, av1)`},
	{"audio-only keys on their own lines", "outputs:\n  - path: a.mp4\n  - path: b.mp3\n    range:\n      start: 1s\n    size: 1280x720\n" + scene1,
		`project.yaml:6: outputs[1].size: size does not apply to an audio-only file (.mp3, whose sound is mp3): remove it, or write a video file (such as .mp4)`},
	{"output and outputs, outputs first", "outputs:\n  - path: a.mp4\nfit: cover\noutput:\n  path: b.mp4\n" + scene1,
		`project.yaml:1: outputs: give either output (one file) or outputs (a list of files), not both (output at line 4): make the output map the first entry of outputs`},
	{"unknown rendition codec", outputs1 + "  - {path: b.mp4, codec: vp8}\n" + scene1,
		`project.yaml:3: outputs[1].codec: unknown codec "vp8" (did you mean "vp9"?)`},
	{"picture keys on m4a", outputs1 + "  - {path: s.m4a, size: 640x360, fps: 25, codec: h264, fit: blur, crf: 20}\n" + scene1,
		"project.yaml:3: outputs[1].size: size does not apply to an audio-only file (.m4a, whose sound is aac): remove it, or write a video file (such as .mp4)\n" +
			"project.yaml:3: outputs[1].fps: fps does not apply to an audio-only file (.m4a, whose sound is aac): remove it, or write a video file (such as .mp4)\n" +
			"project.yaml:3: outputs[1].codec: codec does not apply to an audio-only file (.m4a, whose sound is aac): remove it, or write a video file (such as .mp4)\n" +
			"project.yaml:3: outputs[1].crf: crf does not apply to an audio-only file (.m4a, whose sound is aac): remove it, or write a video file (such as .mp4)\n" +
			"project.yaml:3: outputs[1].fit: fit does not apply to an audio-only file (.m4a, whose sound is aac): remove it, or write a video file (such as .mp4)"},
	{"picture keys on wav", outputs1 + "  - {path: s.wav, quality: high, preset: slow, bitrate: 1M, profile: hq}\n" + scene1,
		"project.yaml:3: outputs[1].quality: quality does not apply to an audio-only file (.wav, whose sound is pcm): remove it, or write a video file (such as .mp4)\n" +
			"project.yaml:3: outputs[1].preset: preset does not apply to an audio-only file (.wav, whose sound is pcm): remove it, or write a video file (such as .mp4)\n" +
			"project.yaml:3: outputs[1].bitrate: bitrate does not apply to an audio-only file (.wav, whose sound is pcm): remove it, or write a video file (such as .mp4)\n" +
			"project.yaml:3: outputs[1].profile: profile does not apply to an audio-only file (.wav, whose sound is pcm): remove it, or write a video file (such as .mp4)"},
	{"profile without prores", "output: {path: a.mp4, profile: hq}\n" + scene1,
		`project.yaml:1: output.profile: profile applies to prores only (h264); remove it, or write codec: prores in a .mov or .mkv file`},
	{"profile on vp9", outputs1 + "  - {path: b.webm, profile: lt}\n" + scene1,
		`project.yaml:3: outputs[1].profile: profile applies to prores only (vp9); remove it, or write codec: prores in a .mov or .mkv file`},
	{"unknown profile", outputs1 + "  - {path: b.mov, codec: prores, profile: ultra}\n" + scene1,
		`project.yaml:3: outputs[1].profile: unknown ProRes profile "ultra" (expected one of: proxy, lt, standard, hq, 4444)`},
	{"rate keys on prores", outputs1 + "  - {path: c.mov, codec: prores, crf: 20, preset: slow, bitrate: 8M, quality: high}\n" + scene1,
		"project.yaml:3: outputs[1].quality: quality does not apply to prores: ProRes has a fixed rate per profile, so profile sets its quality (proxy, lt, standard, hq, 4444); remove it\n" +
			"project.yaml:3: outputs[1].crf: prores has no crf: ProRes has a fixed rate per profile, so profile sets its quality (proxy, lt, standard, hq, 4444); remove it\n" +
			"project.yaml:3: outputs[1].bitrate: prores has no bitrate: ProRes has a fixed rate per profile, so profile sets its quality (proxy, lt, standard, hq, 4444); remove it\n" +
			"project.yaml:3: outputs[1].preset: prores has no preset: ProRes has a fixed rate per profile, so profile sets its quality (proxy, lt, standard, hq, 4444); remove it"},
	{"h264 crf 52", "output: {crf: 52}\n" + scene1,
		`project.yaml:1: output.crf: crf 52 is out of range (0..51; lower is better quality)`},
	{"vp9 crf 64", outputs1 + "  - {path: b.webm, crf: 64}\n" + scene1,
		`project.yaml:3: outputs[1].crf: crf 64 is out of range for vp9 (0..63; lower is better quality)`},
	{"av1 crf negative", outputs1 + "  - {path: c.mp4, codec: av1, crf: -1}\n" + scene1,
		`project.yaml:3: outputs[1].crf: crf -1 is out of range for av1 (0..63; lower is better quality)`},
	{"h265 crf 52", outputs1 + "  - {path: c.mkv, codec: h265, crf: 52}\n" + scene1,
		`project.yaml:3: outputs[1].crf: crf 52 is out of range (0..51; lower is better quality)`},
	{"crf on a GIF", outputs1 + "  - {path: e.gif, crf: 10}\n" + scene1,
		`project.yaml:3: outputs[1].crf: gif has no crf: a GIF is lossless within a palette made for the clip; remove it`},
	{"quality on a GIF", outputs1 + "  - {path: e.gif, quality: high}\n" + scene1,
		`project.yaml:3: outputs[1].quality: quality does not apply to gif: a GIF is lossless within a palette made for the clip; remove it`},
	{"preset on vp9", outputs1 + "  - {path: b.webm, preset: slow}\n" + scene1,
		`project.yaml:3: outputs[1].preset: vp9 has no preset: its speed follows quality (draft, standard, high); remove preset`},
	{"x264 preset on av1", outputs1 + "  - {path: c.mp4, codec: av1, preset: slow}\n" + scene1,
		`project.yaml:3: outputs[1].preset: av1 presets are SVT-AV1's numbers from 0 (slowest, smallest file) to 13 (fastest), found slow; quality picks one (draft 12, standard 10, high 6)`},
	{"av1 preset 14", outputs1 + "  - {path: d.mp4, codec: av1, preset: 14}\n" + scene1,
		`project.yaml:3: outputs[1].preset: av1 presets are SVT-AV1's numbers from 0 (slowest, smallest file) to 13 (fastest), found 14; quality picks one (draft 12, standard 10, high 6)`},
	{"av1 preset negative", outputs1 + "  - {path: d.webm, codec: av1, preset: -1}\n" + scene1,
		`project.yaml:3: outputs[1].preset: av1 presets are SVT-AV1's numbers from 0 (slowest, smallest file) to 13 (fastest), found -1; quality picks one (draft 12, standard 10, high 6)`},
	{"preset on a GIF", outputs1 + "  - {path: e.gif, preset: fast}\n" + scene1,
		`project.yaml:3: outputs[1].preset: gif has no preset: a GIF is lossless within a palette made for the clip; remove it`},
	{"number preset on h265", outputs1 + "  - {path: g.mp4, codec: hevc, preset: 7}\n" + scene1,
		`project.yaml:3: outputs[1].preset: unknown preset "7" (expected one of: ultrafast, superfast, veryfast, faster, fast, medium, slow, slower, veryslow, placebo)`},
	{"mistyped x265 preset", outputs1 + "  - {path: g.mkv, codec: h265, preset: slwo}\n" + scene1,
		`project.yaml:3: outputs[1].preset: unknown preset "slwo" (did you mean "slow"?)`},
	{"bitrate zero", "output: {bitrate: 0}\n" + scene1,
		`project.yaml:1: output.bitrate: bitrate 0 is out of range (10k to 500M)`},
	{"bitrate with a unit", outputs1 + "  - {path: c.mp4, bitrate: 8 Mbps}\n" + scene1,
		`project.yaml:3: outputs[1].bitrate: "8 Mbps" is not a bitrate (write bits per second such as 8M, 2500k or 800000)`},
	{"bitrate in G", outputs1 + "  - {path: d.mp4, bitrate: 1G}\n" + scene1,
		`project.yaml:3: outputs[1].bitrate: "1G" is not a bitrate (write bits per second such as 8M, 2500k or 800000)`},
	{"bitrate too low", outputs1 + "  - {path: e.mp4, bitrate: 9999}\n" + scene1,
		`project.yaml:3: outputs[1].bitrate: bitrate 9999 is out of range (10k to 500M)`},
	{"bitrate too high", outputs1 + "  - {path: e.mp4, bitrate: 501M}\n" + scene1,
		`project.yaml:3: outputs[1].bitrate: bitrate 501M is out of range (10k to 500M)`},
	{"bitrate not whole", outputs1 + "  - {path: e.mp4, bitrate: 2.0000005M}\n" + scene1,
		`project.yaml:3: outputs[1].bitrate: bitrate 2.0000005M is not a whole number of bits per second (write e.g. 2500k)`},
	{"bitrate negative", outputs1 + "  - {path: e.mp4, bitrate: -8M}\n" + scene1,
		`project.yaml:3: outputs[1].bitrate: "-8M" is not a bitrate (write bits per second such as 8M, 2500k or 800000)`},
	{"bitrate and crf", outputs1 + "  - {path: f.mp4, bitrate: 2500k, crf: 20}\n" + scene1,
		`project.yaml:3: outputs[1].bitrate: give crf (a constant quality) or bitrate (a size per second), not both (crf at line 3)`},
	{"bitrate is a list", outputs1 + "  - {path: g.mp4, bitrate: [1]}\n" + scene1,
		`project.yaml:3: outputs[1].bitrate: expected a bitrate like 8M, 2500k or 800000, found a list`},
	{"bitrate on a GIF", outputs1 + "  - {path: g.gif, bitrate: 1M}\n" + scene1,
		`project.yaml:3: outputs[1].bitrate: gif has no bitrate: a GIF is lossless within a palette made for the clip; remove it`},
	{"odd rendition size", outputs1 + "  - {path: b.mp4, size: 641x360}\n" + scene1,
		`project.yaml:3: outputs[1].size: width 641 is odd (H.264/H.265 in yuv420p need even sizes)`},
	{"av1 too small", outputs1 + "  - {path: c.mp4, codec: av1, size: 64x62}\n" + scene1,
		`project.yaml:3: outputs[1].size: 64x62 is too small for av1: each side must be at least 64 (SVT-AV1 refuses smaller frames); use h264, or a larger size`},
	{"h265 rendition too small", outputs1 + "  - {path: d.mkv, codec: h265, size: 62x64}\n" + scene1,
		`project.yaml:3: outputs[1].size: 62x64 is too small for h265: each side must be at least 64 (libx265 corrupts its memory and crashes on smaller frames, such as 34x64); use h264, or a larger size`},
	{"h265 rendition of a small film", "outputs:\n  - {path: a.mp4, size: 48x48}\n  - {path: b.mp4, codec: h265}\n" + scene1,
		`project.yaml:3: outputs[1].codec: 48x48 is too small for h265: each side must be at least 64 (libx265 corrupts its memory and crashes on smaller frames, such as 34x64); use h264, or a larger size`},
	{"av1 in webm of a small film", "outputs:\n  - {path: a.mp4, size: 48x48}\n  - {path: b.webm, codec: av1}\n" + scene1,
		`project.yaml:3: outputs[1].codec: 48x48 is too small for av1: each side must be at least 64 (SVT-AV1 refuses smaller frames); use h264, or a larger size`},
	{"GIF at 60 fps", outputs1 + "  - {path: t.gif, fps: 60}\n" + scene1,
		`project.yaml:3: outputs[1].fps: a GIF plays at most 50 frames a second (its frame delays count hundredths of a second, and browsers play delays under 2 hundredths slower); write fps: 50 or less, such as 25 or 12`},
	{"GIF at 59.94 fps", outputs1 + "  - {path: t.gif, fps: 59.94}\n" + scene1,
		`project.yaml:3: outputs[1].fps: a GIF plays at most 50 frames a second (its frame delays count hundredths of a second, and browsers play delays under 2 hundredths slower); write fps: 50 or less, such as 25 or 12`},
	{"rendition fps too high", outputs1 + "  - {path: t.mp4, fps: 241}\n" + scene1,
		`project.yaml:3: outputs[1].fps: frame rate 241 is out of range (1 to 240)`},
	{"same path", "outputs:\n  - {path: out/a.mp4}\n  - {path: out/./x/../a.mp4, name: b}\n" + scene1,
		`project.yaml:3: outputs[1].path: this output is the same file as the output at outputs[0].path (line 2): each file a render writes needs its own path`},
	{"same path, other case", "outputs:\n  - {path: out/a.mp4}\n  - {path: out/A.MP4, name: b}\n" + scene1,
		`project.yaml:3: outputs[1].path: this output differs only in case from the output at outputs[0].path (line 2): on macOS and Windows they are one file; give each its own name`},
	{"same file name in two folders", "outputs:\n  - {path: out/a.mp4}\n  - {path: out/x/a.mp4}\n" + scene1,
		`project.yaml:3: outputs[1]: two outputs are named "a.mp4" (outputs[0] at line 2 too): --output picks outputs by name, so give one of them a name of its own (e.g. name: a-mp4)`},
	{"same written name", "outputs:\n  - {path: out/a.mp4, name: film}\n  - {path: out/b.mov, name: film}\n" + scene1,
		`project.yaml:3: outputs[1]: two outputs are named "film" (outputs[0] at line 2 too): --output picks outputs by name, so give one of them a name of its own (e.g. name: b-mov)`},
	{"bad name", "outputs:\n  - {path: out/a.mp4}\n  - {path: out/c.mov, name: \"my name\"}\n" + scene1,
		`project.yaml:3: outputs[1].name: name "my name" may only hold ASCII letters (a-z, A-Z), digits, '_', '.' and '-' (e.g. "my-name")`},
	{"empty name", "output: {name: \"\"}\n" + scene1,
		`project.yaml:1: output.name: must not be empty`},
	{"poster and sheet differ in case", "output: {path: out/a.mp4}\nposter: {at: 1s, path: out/p.jpg}\nthumbnails: {every: 1s, path: out/P.JPG}\n" + scene1,
		`project.yaml:3: thumbnails.path: this thumbnail sheet differs only in case from the poster at poster.path (line 2): on macOS and Windows they are one file; give each its own name`},
	{"poster and sheet on one path", "poster: {at: 1s, path: out/p.jpg}\nthumbnails: {every: 1s, path: out/p.jpg}\n" + scene1,
		`project.yaml:2: thumbnails.path: this thumbnail sheet is the same file as the poster at poster.path (line 1): each file a render writes needs its own path`},
	{"range end before start", outputs1 + "  - {path: t.gif, range: {start: 5s, end: 2s}}\n" + scene1,
		`project.yaml:3: outputs[1].range.end: end 2s must be after start 5s`},
	{"range end in frames", outputs1 + "  - {path: t.gif, range: {start: 30f, end: 1s}}\n" + scene1,
		`project.yaml:3: outputs[1].range.end: end 1s must be after start 30f`},
	{"range zero duration", outputs1 + "  - {path: t.gif, range: {duration: 0s}}\n" + scene1,
		`project.yaml:3: outputs[1].range.duration: must be greater than zero, found 0s`},
	{"range end and duration", outputs1 + "  - {path: t.gif, range: {end: 3s, duration: 1s}}\n" + scene1,
		`project.yaml:3: outputs[1].range: give either end or duration, not both (end at line 3)`},
	{"unknown range key", outputs1 + "  - {path: t.gif, range: {stat: 1s}}\n" + scene1,
		`project.yaml:3: outputs[1].range.stat: unknown key (did you mean "start"?)`},
	{"range is a duration", outputs1 + "  - {path: t.gif, range: 2s}\n" + scene1,
		`project.yaml:3: outputs[1].range: expected a map, found the string "2s"`},
	{"range without unit", outputs1 + "  - {path: t.m4a, range: {start: 2}}\n" + scene1,
		`project.yaml:3: outputs[1].range.start: "2" has no unit (write 2s, 2ms or 2f)`},
	{"poster bad values", "poster: {at: -1s, path: p.png}\n" + scene1,
		"project.yaml:1: poster.at: \"-1s\" is not a duration (write e.g. 1.5s, 1500ms, 00:00:01.500 or 45f)\n" +
			"project.yaml:1: poster.path: unsupported extension \".png\" for a poster (did you mean \".jpg\"?)"},
	{"poster empty", "poster: {}\n" + scene1,
		"project.yaml:1: poster: missing key \"at\" (the time of the film the poster shows, e.g. at: 3s)\n" +
			"project.yaml:1: poster: missing key \"path\" (the file to write, e.g. path: out/poster.jpg)"},
	{"poster is a duration", "poster: 3s\n" + scene1,
		`project.yaml:1: poster: expected a map, found the string "3s"`},
	{"unknown poster key", "poster: {time: 3s, path: p.jpg}\n" + scene1,
		"project.yaml:1: poster.time: unknown key (expected one of: at, path)\n" +
			"project.yaml:1: poster: missing key \"at\" (the time of the film the poster shows, e.g. at: 3s)"},
	{"thumbnails bad values", "thumbnails: {every: 0s, width: 15, columns: 0, path: t.gif}\n" + scene1,
		"project.yaml:1: thumbnails.every: must be greater than zero, found 0s\n" +
			"project.yaml:1: thumbnails.width: width 15 is out of range (16..1920)\n" +
			"project.yaml:1: thumbnails.columns: columns 0 is out of range (1..100)\n" +
			"project.yaml:1: thumbnails.path: unsupported extension \".gif\" for a thumbnail sheet (expected one of: .jpg, .jpeg, .png)"},
	{"thumbnails missing keys", "thumbnails: {width: 1921, columns: 101}\n" + scene1,
		"project.yaml:1: thumbnails: missing key \"every\" (the time between two tiles, e.g. every: 2s)\n" +
			"project.yaml:1: thumbnails.width: width 1921 is out of range (16..1920)\n" +
			"project.yaml:1: thumbnails.columns: columns 101 is out of range (1..100)\n" +
			"project.yaml:1: thumbnails: missing key \"path\" (the file to write, e.g. path: out/thumbs.jpg)"},
	{"thumbnails odd width", "thumbnails: {every: 2s, width: 161, path: t.jpg}\n" + scene1,
		`project.yaml:1: thumbnails.width: width 161 is odd (tiles are cut from a yuv420p film, whose sizes are even)`},
	{"thumbnails sheet too wide", "thumbnails: {every: 2s, width: 1920, columns: 10, path: t.png}\n" + scene1,
		`project.yaml:1: thumbnails: a sheet of 10 columns of 1920 pixels is 19200 pixels wide, more than 16384: use fewer columns or narrower tiles`},
	{"thumbnails width is text", "thumbnails: {every: 2s, width: wide, path: t.jpg}\n" + scene1,
		`project.yaml:1: thumbnails.width: expected a whole number, found the string "wide"`},
}

// TestOutputErrors checks the exact report for each rule of the outputs.
func TestOutputErrors(t *testing.T) {
	for _, tc := range outputErrors {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse([]byte(tc.src), "project.yaml", t.TempDir(), testOptions())
			checkErrors(t, p, err, tc.want)
		})
	}
}
