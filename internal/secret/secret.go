// Package secret keeps values that may be secrets out of messages: it
// recognises text that looks like an API token, and shows URLs without
// their credentials (user:password@), query strings and fragments.
package secret

import (
	"errors"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// Hidden stands for a value that is not shown.
const Hidden = "(not shown: it may be a secret)"

var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// EnvName says whether s is a valid environment variable name.
func EnvName(s string) bool { return envName.MatchString(s) }

// tokenPrefixes begin the API tokens of well-known services.
var tokenPrefixes = []string{
	"r8_", "sk-", "sk_", "rk_", "pk_", "hf_", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_",
	"glpat-", "xoxb-", "xoxp-", "xoxa-", "xapp-", "AKIA", "ASIA", "AIza", "ya29.", "eyJ", "Bearer ", "Basic ",
}

// LooksLikeToken says whether s looks like an API token or a password
// rather than a name: a well-known token prefix, or a long run of mixed
// letters and digits such as no one names a variable with.
func LooksLikeToken(s string) bool {
	for _, p := range tokenPrefixes {
		if len(s) > len(p)+8 && strings.HasPrefix(s, p) {
			return true
		}
	}
	if len(s) < 20 || strings.ContainsAny(s, " \t\n") {
		return false
	}
	var lower, upper, digit int
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z':
			lower++
		case r >= 'A' && r <= 'Z':
			upper++
		case r >= '0' && r <= '9':
			digit++
		}
	}
	mixedCase := lower > 0 && upper > 0
	return digit >= 4 && (mixedCase || lower >= 8) || digit >= 12
}

// Quote is s quoted as %q does, or Hidden when s looks like a token.
func Quote(s string) string {
	if LooksLikeToken(s) {
		return Hidden
	}
	return strconv.Quote(s)
}

// URL shows u without its user information, query string and fragment
// (signed URLs and tokens in queries are credentials). A URL that does not
// parse is not shown.
func URL(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return "(invalid URL)"
	}
	p.RawQuery, p.Fragment, p.User = "", "", nil
	p.ForceQuery = false
	return p.String()
}

// QuoteURL is URL(u) quoted, for messages about a URL; one that does not
// parse is not shown at all (Hidden), as no part of it can be told safe.
func QuoteURL(u string) string {
	if _, err := url.Parse(u); err != nil {
		return Hidden
	}
	return strconv.Quote(URL(u))
}

// ParseError is the reason url.Parse gives for rejecting a URL, without
// the URL itself.
func ParseError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
