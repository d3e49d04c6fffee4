package main

import (
	"fmt"
	"regexp"
	"strings"
)

// badFlagValue matches pflag's report of a value its parser refused.
var badFlagValue = regexp.MustCompile(`^invalid argument (".*") for "(.*)" flag: (.*)$`)

// flagError turns pflag's report of a bad flag value, which ends in the
// words of Go's parser (`strconv.ParseInt: parsing "1.5": invalid
// syntax`), into what the flag expects. Other flag errors pass unchanged.
func flagError(err error) error {
	m := badFlagValue.FindStringSubmatch(err.Error())
	if m == nil {
		return err
	}
	value, flag, cause := m[1], m[2], m[3]
	want := ""
	switch {
	case strings.Contains(cause, "strconv.ParseInt"), strings.Contains(cause, "strconv.ParseUint"):
		want = "a whole number"
	case strings.Contains(cause, "strconv.ParseFloat"):
		want = "a number"
	case strings.Contains(cause, "strconv.ParseBool"):
		want = "true or false"
	case strings.HasPrefix(cause, "time: "):
		want = "a duration with a unit, like 90s, 45m or 1h30m"
	default:
		return err
	}
	if i := strings.LastIndex(flag, "--"); i >= 0 {
		flag = flag[i:]
	}
	return fmt.Errorf("%s %s: expected %s", flag, value, want)
}
