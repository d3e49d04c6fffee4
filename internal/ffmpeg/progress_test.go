package ffmpeg

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseProgress(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []Progress
	}{
		{"empty", "", nil},
		{"one block", "frame=12\nfps=0.00\nout_time_us=400000\nout_time_ms=400000\nout_time=00:00:00.400000\nspeed= 1.23x\nprogress=end\n",
			[]Progress{{Frame: 12, OutTimeUS: 400000, Speed: 1.23, Done: true}}},
		{"N/A values", "frame=0\nout_time_us=N/A\nout_time_ms=N/A\nspeed=N/A\nprogress=continue\n",
			[]Progress{{Frame: 0, OutTimeUS: -1}}},
		{"out_time_ms is microseconds", "frame=3\nout_time_ms=120000\nspeed=2x\nprogress=continue\n",
			[]Progress{{Frame: 3, OutTimeUS: 120000, Speed: 2}}},
		{"two blocks, CRLF, junk", "frame=1\r\nnoise\r\nspeed=   0.5x\r\nprogress=continue\r\nframe=2\nout_time_us=80000\nprogress=end\n",
			[]Progress{{Frame: 1, OutTimeUS: -1, Speed: 0.5}, {Frame: 2, OutTimeUS: 80000, Done: true}}},
		{"negative start time", "frame=0\nout_time_us=-23220\nprogress=continue\n",
			[]Progress{{OutTimeUS: -23220}}},
		{"incomplete trailing block dropped", "frame=5\nprogress=continue\nframe=6\n",
			[]Progress{{Frame: 5, OutTimeUS: -1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []Progress
			if err := ParseProgress(strings.NewReader(tt.in), func(p Progress) { got = append(got, p) }); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestTailWriter(t *testing.T) {
	tests := []struct {
		name   string
		max    int
		writes []string
		want   []string
	}{
		{"split writes", 3, []string{"a\nb", "b\nc\r", "d\n\ne"}, []string{"c", "d", "e"}},
		{"stats with CR", 2, []string{"frame=1\rframe=2\rError x\n"}, []string{"frame=2", "Error x"}},
		{"long line capped", 1, []string{strings.Repeat("x", maxLineBytes+10) + "\n"}, []string{strings.Repeat("x", maxLineBytes)}},
		{"nothing", 2, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newTailWriter(tt.max)
			for _, s := range tt.writes {
				_, _ = w.Write([]byte(s))
			}
			if got := w.Lines(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Lines() = %q, want %q", got, tt.want)
			}
		})
	}
}
