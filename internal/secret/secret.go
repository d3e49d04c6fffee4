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
	return redactWords(text, LooksLikeToken)
}

// redactWords replaces each word of text (split at wordSeparators) for
// which hide is true by "(hidden)".
func redactWords(text string, hide func(string) bool) string {
	return redactWordsSep(text, wordSeparators, hide)
}

// redactWordsSep is redactWords with other separators.
func redactWordsSep(text, seps string, hide func(string) bool) string {
	var b strings.Builder
	for len(text) > 0 {
		i := strings.IndexAny(text, seps)
		if i < 0 {
			i = len(text)
		}
		if w := text[:i]; hide(w) {
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

// RedactTokens returns text with every word that looks like a pasted
// token replaced by "(hidden)": a well-known token prefix (r8_, hf_, sk-,
// ...), or a run of at least 20 characters with at least 3 lower-case and 3
// upper-case letters and 4 digits, or at least 32 hex digits (letters and digits). Words with a '.' or '/' (file
// names and paths, which a project names by the hundred, and which may
// hold test or date digits) are shown; a JSON web token ("eyJ...") is
// hidden all the same. It is for messages about values a user typed, where
// a token pasted into the wrong field must not be echoed, and an ordinary
// value must stay readable.
func RedactTokens(text string) string {
	if !strings.ContainsAny(text, "0123456789_-") {
		return text // the common case: no word can be a token
	}
	return redactWordsSep(text, strings.ReplaceAll(wordSeparators, "/", ""), pastedToken)
}

// pastedToken is RedactTokens's test of one word.
func pastedToken(w string) bool {
	if strings.HasPrefix(w, "eyJ") && len(w) > 30 {
		return true
	}
	if strings.ContainsAny(w, "./") {
		return false
	}
	for _, p := range tokenPrefixes {
		if len(w) > len(p)+8 && strings.HasPrefix(w, p) {
			return true
		}
	}
	var lower, upper, digit, hex int
	for _, r := range w {
		switch {
		case r >= 'a' && r <= 'z':
			lower++
			if r <= 'f' {
				hex++
			}
		case r >= 'A' && r <= 'Z':
			upper++
		case r >= '0' && r <= '9':
			digit++
			hex++
		}
	}
	return len(w) >= 20 && lower >= 3 && upper >= 3 && digit >= 4 || len(w) >= 32 && hex == len(w) && lower > 0 && digit > 0
}
