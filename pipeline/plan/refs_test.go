package plan

import (
	"strings"
	"testing"
)

func TestExpand(t *testing.T) {
	env := Env{
		Inputs:  []string{"/clips/a b.mp4", "/luts/it's:[1],x;y .cube", "/odd/{{out0}}.mp4"},
		Outputs: []string{"/cache/ab/seg.mp4", "/work/x.nut"},
		Files:   []string{"/work/card.ass"},
		Threads: 3,
		Values:  map[string]string{"gain": "-1.5"},
	}
	tests := []struct {
		name, arg, want string
	}{
		{"input", "{{in0}}", "/clips/a b.mp4"},
		{"output", "{{out1}}", "/work/x.nut"},
		{"file", "{{file0}}", "/work/card.ass"},
		{"threads", "log-level=error:pools={{threads}}:frame-threads={{threads}}", "log-level=error:pools=3:frame-threads=3"},
		{"measured value", "volume={{gain}}dB", "volume=-1.5dB"},
		{"filter value: both levels", "lut3d=file={{in1|filter}}", `lut3d=file=/luts/it\\\'s\\:\[1\]\,x\;y\ .cube`},
		{"concat line", "{{in0|concat}}", "file '/clips/a b.mp4'"},
		{"a path is never read again", "{{in2}}", "/odd/{{out0}}.mp4"},
		{"no reference", "-c:v", "-c:v"},
		{"unclosed braces stay", "a{{b", "a{{b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ExpandString(tt.arg, env)
			if err != nil || got != tt.want {
				t.Errorf("ExpandString(%q) = %q, %v; want %q", tt.arg, got, err, tt.want)
			}
		})
	}
	for _, bad := range []string{"{{in3}}", "{{out2}}", "{{limiter}}", "{{in0|shell}}"} {
		if got, err := ExpandString(bad, env); err == nil {
			t.Errorf("ExpandString(%q) = %q, want an error", bad, got)
		}
	}
	kept, err := Expand([]string{"{{limiter}}", "-threads", Threads}, Env{Keep: true, NoThreads: true})
	if err != nil || strings.Join(kept, " ") != "{{limiter}} -threads {{threads}}" {
		t.Errorf("Keep: %q, %v", kept, err)
	}
}

// TestKeysIgnoreLocations keys the same job with its files in two places
// (paths with the characters filters escape) and with other thread counts
// in the environment: one key. Another input content is another key.
func TestKeysIgnoreLocations(t *testing.T) {
	job := func(dir string) *Job {
		return &Job{ID: "s01-a", Inputs: []string{dir + "/a.mp4", dir + "/look.cube"},
			Outputs: []string{dir + "/work/s01-a-body.mp4"}, Files: []File{{Path: dir + "/work/card.ass", Content: "text"}},
			Args: []string{"-threads", Threads, "-i", In(0), "-vf", "lut3d=file=" + InFilter(1) + ",ass=filename=" + FileFilter(0), Out(0)}}
	}
	keys := []string{"file:aa", "file:bb"}
	c := Cache{FFmpegVersion: "ffmpeg version 5.1"}
	a, err := jobKey(job("/home/me/film"), job("/home/me/film").Args, keys, c)
	if err != nil {
		t.Fatal(err)
	}
	b, err := jobKey(job("/mnt/it's a:[b],c;d"), job("/x").Args, keys, c)
	if err != nil || a != b {
		t.Errorf("keys %s and %s (%v), want one", a, b, err)
	}
	if o, _ := jobKey(job("/x"), job("/x").Args, []string{"file:aa", "file:cc"}, c); o == a {
		t.Error("another LUT content, the same key")
	}
}

// TestFilePath: a File at exactly {{outN}} is written at that output; any
// other path is taken as it is, braces included (a project in a directory
// named "{{in0}}").
func TestFilePath(t *testing.T) {
	env := Env{Inputs: []string{"/in"}, Outputs: []string{"/w/a.jpg", "/w/a.vtt"}}
	for path, want := range map[string]string{
		Out(1):                     "/w/a.vtt",
		"/p/{{in0}}/work/card.ass": "/p/{{in0}}/work/card.ass",
		"/p/{{out1}}":              "/p/{{out1}}",
		"{{out1}}/x":               "{{out1}}/x",
		"{{outx}}":                 "{{outx}}",
	} {
		if got, err := FilePath(File{Path: path}, env); err != nil || got != want {
			t.Errorf("FilePath(%q) = %q, %v; want %q", path, got, err, want)
		}
	}
	if _, err := FilePath(File{Path: Out(5)}, env); err == nil {
		t.Errorf("FilePath of a missing output: no error")
	}
}
