package plan

import (
	"regexp"
	"strconv"
)

// The thread counts in a job's arguments are a property of the machine and
// the moment, not of the job: the executor sets them when it starts the job
// (all the cores for a job running alone, a share when several run at once),
// and the job's key leaves them out, so an entry made on one machine serves
// another with a different core count. The counts only change how x264 and
// x265 split their work: the bits differ, the frames, their timing and the
// encoder's parameter sets do not, so segments still join by stream copy.

// x265Threads matches the thread settings inside -x265-params.
var x265Threads = regexp.MustCompile(`\b(pools|frame-threads)=\d+`)

// WithThreads returns a copy of args with every thread count set to n: the
// values of -threads and -filter_complex_threads, and pools and
// frame-threads inside -x265-params. n = 0 gives the form the key hashes.
func WithThreads(args []string, n int) []string {
	out := make([]string, len(args))
	copy(out, args)
	v := strconv.Itoa(n)
	for i := 0; i+1 < len(out); i++ {
		switch out[i] {
		case "-threads", "-filter_complex_threads":
			out[i+1] = v
			i++
		case "-x265-params":
			out[i+1] = x265Threads.ReplaceAllString(out[i+1], "${1}="+v)
			i++
		}
	}
	return out
}
