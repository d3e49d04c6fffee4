package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// batchNames are the viewers of the batch benchmark's variants.
var batchNames = []string{"Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "John", "Margaret", "Ken",
	"Dennis", "Radia", "Tim", "Sophie", "Niklaus", "Hedy", "Linus", "Karen", "Guido", "Jean", "Bjarne", "Anita"}

// batchTitle is the personalised title on the first scene (a scene layer:
// its four seconds, its transition out included).
const batchTitle = `, layers: [{text: "Hello {{ name }}", style: title}]`

// batchBench measures a cold batch of variants of the film that differ
// only in the first scene's title, against the same variants rendered one
// by one (reel render --no-cache) and against one hand-written one-pass
// ffmpeg command per variant drawing the same title with the same libass
// (an ASS file per variant, on the first clip). Then one more row is added
// and the batch run again: what one more variant costs.
func batchBench(reel, dir string, n, jobs int) {
	bdir := filepath.Join(dir, "batch")
	check(os.MkdirAll(bdir, 0o755))
	top := "fields: {name: {description: \"the viewer's first name\"}}\n"
	tpl := writeFilm(dir, "batch.yaml", top, map[int]string{0: batchTitle})
	b, err := os.ReadFile(tpl)
	check(err)
	check(os.WriteFile(tpl, []byte(strings.Replace(string(b), "path: reel.mp4", `path: "batch/{{ name }}.mp4"`, 1)), 0o644))
	names := batchNames[:n]
	rows := filepath.Join(dir, "rows.csv")
	check(os.WriteFile(rows, []byte("name\n"+strings.Join(names, "\n")+"\n"), 0o644))
	fmt.Printf("\nbatch: %d variants of the film, each with its viewer's name in a title over the first scene (--jobs %d)\n", n, jobs)

	var onePass time.Duration
	for i, name := range names {
		ass := filepath.Join(bdir, fmt.Sprintf("title%d.ass", i))
		check(os.WriteFile(ass, []byte(titleASS("Hello "+name)), 0o644))
		onePass += timeCmd("ffmpeg", onePassTitled(dir, ass, filepath.Join(bdir, fmt.Sprintf("onepass%d.mp4", i)))).wall
	}
	var separate time.Duration
	for _, name := range names {
		start := time.Now()
		cmd := exec.Command(reel, "render", tpl, "--set", "name="+name, "--jobs", fmt.Sprint(jobs), "--progress", "none", "--no-cache")
		cmd.Stderr = os.Stderr
		check(cmd.Run())
		separate += time.Since(start)
	}
	cacheDir := filepath.Join(dir, "batch-cache")
	cold := timeBatch(reel, tpl, rows, jobs, cacheDir)
	check(os.WriteFile(rows, []byte("name\n"+strings.Join(batchNames[:n+1], "\n")+"\n"), 0o644))
	more := timeBatch(reel, tpl, rows, jobs, cacheDir)

	r := cold.Seconds() / onePass.Seconds()
	fmt.Printf("%-34s %9.2fs\n", fmt.Sprintf("%d one-pass ffmpeg commands", n), onePass.Seconds())
	fmt.Printf("%-34s %9.2fs  %.3fx of the one-pass commands\n", fmt.Sprintf("%d reel render --no-cache", n), separate.Seconds(), separate.Seconds()/onePass.Seconds())
	fmt.Printf("%-34s %9.2fs  %.3fx of the one-pass commands (target <= 0.25x) %s, %.3fx of the separate renders\n",
		"reel batch, cold", cold.Seconds(), r, verdict(r <= 0.25), cold.Seconds()/separate.Seconds())
	fmt.Printf("%-34s %9.2fs  (%.3fx of one one-pass command; the %d done variants up to date)\n", "one more row, batch again", more.Seconds(),
		more.Seconds()/(onePass.Seconds()/float64(n)), n)
}

// timeBatch runs reel batch with its own cache and returns its wall time.
func timeBatch(reel, tpl, rows string, jobs int, cacheDir string) time.Duration {
	cmd := exec.Command(reel, "batch", tpl, "--data", rows, "--jobs", fmt.Sprint(jobs), "--progress", "none", "--cache-dir", cacheDir)
	cmd.Stderr = os.Stderr
	start := time.Now()
	out, err := cmd.Output()
	if err != nil {
		fatal("reel batch: %v\n%s", err, out)
	}
	return time.Since(start)
}

// onePassTitled is the one-pass command of the film with an ASS title
// drawn over the first clip's conformed frames.
func onePassTitled(dir, ass, out string) []string {
	args := onePassArgs(dir, out)
	for i, a := range args {
		if a == "-filter_complex" {
			args[i+1] = strings.Replace(args[i+1], "settb=1/30[v0]", "settb=1/30,ass=filename="+ass+"[v0]", 1)
		}
	}
	return args
}

// titleASS is an ASS script drawing text as reel's title preset does
// (DejaVu Sans bold, 10% of the height, centred, a soft shadow), on the
// first clip's four seconds.
func titleASS(text string) string {
	return `[Script Info]
ScriptType: v4.00+
PlayResX: 1280
PlayResY: 720
WrapStyle: 0
ScaledBorderAndShadow: yes

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
Style: Title,DejaVu Sans,72,&H00FFFFFF,&H00FFFFFF,&H00000000,&H80000000,-1,0,0,0,100,100,0,0,1,0,3,5,64,64,36,1

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
Dialogue: 0,0:00:00.00,0:00:04.00,Title,,0,0,0,,` + text + "\n"
}
