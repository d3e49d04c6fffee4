package main

import (
	"errors"
	"testing"
)

func TestFlagError(t *testing.T) {
	cases := []struct{ in, want string }{
		{`invalid argument "1.5" for "--width" flag: strconv.ParseInt: parsing "1.5": invalid syntax`, `--width "1.5": expected a whole number`},
		{`invalid argument "x" for "-j, --jobs" flag: strconv.ParseInt: parsing "x": invalid syntax`, `--jobs "x": expected a whole number`},
		{`invalid argument "5" for "--deadline" flag: time: missing unit in duration "5"`, `--deadline "5": expected a duration with a unit, like 90s, 45m or 1h30m`},
		{`invalid argument "y" for "--rate" flag: strconv.ParseFloat: parsing "y": invalid syntax`, `--rate "y": expected a number`},
		{`invalid argument "maybe" for "--force" flag: strconv.ParseBool: parsing "maybe": invalid syntax`, `--force "maybe": expected true or false`},
		{`unknown flag: --colour`, `unknown flag: --colour`},
		{`invalid argument "a" for "--odd" flag: something else`, `invalid argument "a" for "--odd" flag: something else`},
	}
	for _, c := range cases {
		if got := flagError(errors.New(c.in)).Error(); got != c.want {
			t.Errorf("flagError(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
