package subtitles

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// timing reads a timing line, "start --> end" plus whatever follows the
// end (WebVTT's cue settings, SubRip's coordinates), with stamps read by
// stamp; rest is what follows the end.
func timing(s string, stamp func(string) (time.Duration, string)) (start, end time.Duration, rest, problem string) {
	a, b, ok := strings.Cut(s, "-->")
	if !ok {
		return 0, 0, "", "expected a timing line such as 00:00:01,000 --> 00:00:02,500"
	}
	start, problem = stamp(strings.TrimSpace(a))
	if problem != "" {
		return 0, 0, "", "the start " + problem
	}
	fields := strings.Fields(b)
	if len(fields) == 0 {
		return 0, 0, "", "the end time is missing after -->"
	}
	end, problem = stamp(fields[0])
	if problem != "" {
		return 0, 0, "", "the end " + problem
	}
	return start, end, strings.Join(fields[1:], " "), ""
}

// srtStamp reads a SubRip time, hh:mm:ss,mmm (a full stop for the comma is
// accepted, as many programs write it).
func srtStamp(s string) (time.Duration, string) {
	return stamp(s, true, ",.", "hh:mm:ss,mmm (e.g. 00:01:02,500)")
}

// vttStamp reads a WebVTT time, [hh:]mm:ss.mmm.
func vttStamp(s string) (time.Duration, string) {
	return stamp(s, false, ".", "[hh:]mm:ss.mmm (e.g. 01:02.500)")
}

// stamp reads h:mm:ss<sep>mmm (the hours optional unless needHours); form
// shows the syntax in messages.
func stamp(s string, needHours bool, seps, form string) (time.Duration, string) {
	bad := func(why string) (time.Duration, string) {
		q := s
		if len(q) > 40 {
			q = q[:40] + "..."
		}
		return 0, fmt.Sprintf("time %q %s: write %s", q, why, form)
	}
	i := strings.IndexAny(s, seps)
	if i < 0 || len(s)-i-1 != 3 || !digits(s[i+1:]) {
		return bad("needs three digits of milliseconds")
	}
	ms, _ := strconv.Atoi(s[i+1:])
	parts := strings.Split(s[:i], ":")
	if len(parts) == 2 && needHours || len(parts) < 2 || len(parts) > 3 {
		return bad("is not a time")
	}
	var h int64
	if len(parts) == 3 {
		if !digits(parts[0]) || len(parts[0]) > 4 {
			return bad("has bad hours")
		}
		h, _ = strconv.ParseInt(parts[0], 10, 64)
		parts = parts[1:]
	}
	if len(parts[0]) != 2 || len(parts[1]) != 2 || !digits(parts[0]) || !digits(parts[1]) {
		return bad("needs two digits of minutes and of seconds")
	}
	m, _ := strconv.Atoi(parts[0])
	sec, _ := strconv.Atoi(parts[1])
	if m > 59 || sec > 59 {
		return bad("has minutes or seconds over 59")
	}
	d := time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(sec)*time.Second + time.Duration(ms)*time.Millisecond
	if d > MaxTime {
		return bad("is after 24 hours, the longest film")
	}
	return d, ""
}

// digits reports whether s is one or more ASCII digits.
func digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
