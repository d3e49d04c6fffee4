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

// credentialName matches the names of arguments, flags and headers whose
// values are credentials: --token=, --api-key, password=, Authorization:.
var credentialName = regexp.MustCompile(`(?i)(token|key|secret|passw|auth|cred|signature|bearer)`)

// wordSeparators split text into the words that Redact judges one by one.
const wordSeparators = " \t\r\n\"'`=:,;()[]{}<>|/\\?&#@"

// Redact returns text with every word that looks like a token (see
// LooksLikeToken), and every occurrence of the known values, replaced by
// "(hidden)". It is for text reel does not control, such as the standard
// error of a generator program, which may echo its arguments or its
// environment.
func Redact(text string, known ...string) string {
	for _, k := range known {
		if len(k) >= 4 {
			text = strings.ReplaceAll(text, k, "(hidden)")
		}
	}
	var b strings.Builder
	for len(text) > 0 {
		i := strings.IndexAny(text, wordSeparators)
		if i < 0 {
			i = len(text)
		}
		if w := text[:i]; LooksLikeToken(w) {
			b.WriteString("(hidden)")
		} else {
			b.WriteString(w)
		}
		if i < len(text) {
			b.WriteByte(text[i])
			i++
		}
		text = text[i:]
	}
	return b.String()
}

// ArgValues returns the values in a command's arguments that are
// credentials by their name: the value of --token=VALUE or password=VALUE,
// the argument after a flag such as --api-key, and the value of a header
// such as "Authorization: Bearer VALUE". Redact hides them in what the
// command prints.
func ArgValues(args []string) []string {
	var out []string
	for i, a := range args {
		name, val, ok := strings.Cut(a, "=")
		if !ok {
			name, val, ok = strings.Cut(a, ":")
		}
		switch {
		case ok && credentialName.MatchString(name):
			out = append(out, strings.TrimSpace(val))
			if f := strings.Fields(val); len(f) > 1 {
				out = append(out, f[len(f)-1])
			}
		case strings.HasPrefix(a, "-") && credentialName.MatchString(a) && i+1 < len(args):
			out = append(out, args[i+1])
		}
	}
	return out
}
