package plan

import (
	"strings"
	"testing"
)

func TestWithThreads(t *testing.T) {
	tests := []struct {
		name string
		args string
		n    int
		want string
	}{
		{"x264 and the filter graph", "-filter_complex_threads 1 -i a.mp4 -c:v libx264 -threads 1 out.mp4", 4,
			"-filter_complex_threads 4 -i a.mp4 -c:v libx264 -threads 4 out.mp4"},
		{"x265 pools and frame threads", "-c:v libx265 -x265-params log-level=error:pools=2:frame-threads=2 -tag:v hvc1", 8,
			"-c:v libx265 -x265-params log-level=error:pools=8:frame-threads=8 -tag:v hvc1"},
		{"the key's form", "-threads 2 -x265-params pools=2:frame-threads=2", 0, "-threads 0 -x265-params pools=0:frame-threads=0"},
		{"other arguments untouched", "-i threads.mp4 -vf scale=threads=3 -frames:v 3", 5, "-i threads.mp4 -vf scale=threads=3 -frames:v 3"},
		{"a trailing flag without a value", "-i a.mp4 -threads", 5, "-i a.mp4 -threads"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := strings.Fields(tt.args)
			before := strings.Join(in, " ")
			got := strings.Join(WithThreads(in, tt.n), " ")
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if strings.Join(in, " ") != before {
				t.Error("WithThreads changed its argument")
			}
		})
	}
}
