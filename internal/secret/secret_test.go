package secret

import (
	"strings"
	"testing"
)

func TestLooksLikeToken(t *testing.T) {
	tokens := []string{
		"r8_Ab3dEfGh1jKlMn0pQrStUvWxYz1234567890",
		"r8_PLANTEDsecretTOKEN0123456789",
		"sk-proj-abcdefghijklmnop1234",
		"hf_AbCdEfGhIjKlMnOpQrStUvWxYz",
		"ghp_0123456789abcdefghijABCDEFGHIJ",
		"github_pat_11ABCDEFG0123456789_abcdefghij",
		"AKIAIOSFODNN7EXAMPLE",
		"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig",
		"a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6", // hex
		"4f9Kq2LmZx8Wv3Rt7YpBn6Hs",         // mixed case and digits
		"01234567890123456789",
	}
	names := []string{
		"REPLICATE_API_TOKEN", "MY_TOKEN_2", "token", "HF_TOKEN", "replicate_token",
		"OPENAI_API_KEY", "SK_TOKEN", "AWS_SECRET_ACCESS_KEY", "GITHUB_TOKEN_FOR_CI_2024",
		"my token", "sk-", "r8_", "MyServiceToken",
	}
	for _, s := range tokens {
		if !LooksLikeToken(s) {
			t.Errorf("LooksLikeToken(%q) = false, want true", s)
		}
		if Quote(s) != Hidden {
			t.Errorf("Quote(%q) = %q, want it hidden", s, Quote(s))
		}
	}
	for _, s := range names {
		if LooksLikeToken(s) {
			t.Errorf("LooksLikeToken(%q) = true, want false", s)
		}
	}
}

func TestURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://user:hunter2@example.org/a.mp4?token=hunter2#frag", "https://example.org/a.mp4"},
		{"https://example.org/a.mp4?X-Amz-Signature=hunter2", "https://example.org/a.mp4"},
		{"http://127.0.0.1:8188", "http://127.0.0.1:8188"},
		{"https://hunter2@example.org/", "https://example.org/"},
		{"https://example.org/x?", "https://example.org/x"},
	}
	for _, tt := range tests {
		if got := URL(tt.in); got != tt.want {
			t.Errorf("URL(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := QuoteURL(tt.in); strings.Contains(got, "hunter2") {
			t.Errorf("QuoteURL(%q) = %q", tt.in, got)
		}
	}
	for _, bad := range []string{"https://user:hunter2@exa mple.org/", "http://[::1%hunter2", "https://h/%zz?k=hunter2"} {
		if got := QuoteURL(bad) + URL(bad); strings.Contains(got, "hunter2") {
			t.Errorf("a malformed URL is shown: %q", got)
		}
	}
}

func TestRedact(t *testing.T) {
	const tok = "r8_Ab3dEfGh1jKlMn0pQrStUvWxYz1234567890"
	tests := []struct {
		text  string
		known []string
		want  string
	}{
		{"failed with --token=" + tok, nil, "failed with --token=(hidden)"},
		{"401: Bearer " + tok + " refused", nil, "401: Bearer (hidden) refused"},
		{`{"key":"` + tok + `"}`, nil, `{"key":"(hidden)"}`},
		{"GET https://h/x?sig=" + tok + "&a=1", nil, "GET https://h/x?sig=(hidden)&a=1"},
		{"auth failed for hunter22", []string{"hunter22"}, "auth failed for (hidden)"},
		{"wrote /tmp/reel/make-95747649/output.mp4 (120 frames)", nil, "wrote /tmp/reel/make-95747649/output.mp4 (120 frames)"},
		{"error: model not found: wan-2.1", []string{"ab"}, "error: model not found: wan-2.1"},
	}
	for _, tt := range tests {
		if got := Redact(tt.text, tt.known...); got != tt.want {
			t.Errorf("Redact(%q, %q) = %q, want %q", tt.text, tt.known, got, tt.want)
		}
	}
}

func TestArgValues(t *testing.T) {
	args := []string{"--token=hunter22", "--api-key", "hunter33", "-H", "Authorization: Bearer hunter44",
		"password=hunter55", "--prompt", "a castle", "out.mp4", "--width=640"}
	got := strings.Join(ArgValues(args), ",")
	for _, v := range []string{"hunter22", "hunter33", "hunter44", "hunter55"} {
		if !strings.Contains(got, v) {
			t.Errorf("ArgValues(%q) = %q: %s missing", args, got, v)
		}
	}
	for _, v := range []string{"a castle", "out.mp4", "640"} {
		if strings.Contains(got, v) {
			t.Errorf("ArgValues(%q) = %q: %s is no credential", args, got, v)
		}
	}
}

func TestRedactTokens(t *testing.T) {
	tests := []struct{ in, want string }{
		{`unknown fit "r8_Ab3dEfGh1jKlMn0pQrStUvWxYz12"`, `unknown fit "(hidden)"`},
		{`"4f9Kq2LmZx8Wv3Rt7YpBn6Hs" is not a duration`, `"(hidden)" is not a duration`},
		{`key hf_AbCdEfGhIjKlMnOpQrStUvWxYz: unknown`, `key (hidden): unknown`},
		{`bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig`, `bearer (hidden)`},
		// file names, ordinary values and short words stay
		{`file not found: clips/shot_20240101_123456.mp4`, `file not found: clips/shot_20240101_123456.mp4`},
		{`unknown transition "wipeleft" (did you mean "wipe-left"?)`, `unknown transition "wipeleft" (did you mean "wipe-left"?)`},
		{`1920x1080 at 30000/1001 fps, scene s01-opening`, `1920x1080 at 30000/1001 fps, scene s01-opening`},
	}
	for _, tt := range tests {
		if got := RedactTokens(tt.in); got != tt.want {
			t.Errorf("RedactTokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
