package config

import (
	"strings"
	"testing"
)

// TestSecretsNeverEchoed puts tokens and credentials where names and
// addresses belong, in every spelling a paste produces, and checks that the
// error says what was expected without ever showing the value.
func TestSecretsNeverEchoed(t *testing.T) {
	const hunter = "hunter2XYZ"
	tests := []struct {
		name, yaml, secret, want string
	}{
		{"replicate token in token_env", "token_env: r8_Ab3dEfGh1jKlMn0pQrStUvWxYz1234567890", "r8_Ab3dEfGh1jKlMn0pQrStUvWxYz1234567890",
			"token_env must name an environment variable (like REPLICATE_API_TOKEN), not hold the token itself: the value looks like a token"},
		{"hugging face token", "token_env: hf_AbCdEfGhIjKlMnOpQrStUvWxYz", "hf_AbCdEfGhIjKlMnOpQrStUvWxYz", "the value looks like a token"},
		{"openai-style token", "token_env: sk-proj-abcdefghijklmnop1234", "sk-proj-abcdefghijklmnop1234", "the value looks like a token"},
		{"hex token", "token_env: a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6", "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6", "the value looks like a token"},
		{"bearer header", `token_env: "Bearer abcdefghijkl0123"`, "abcdefghijkl0123", "not hold the token itself"},
		{"not a name", `token_env: "my ` + hunter + `"`, hunter, "a name is letters, digits and '_'"},
		{"token in model", "model: r8_Ab3dEfGh1jKlMn0pQrStUvWxYz1234567890", "r8_Ab3dEfGh1jKlMn0pQrStUvWxYz1234567890", "is not a model name like owner/name"},
		{"password in a non-http url", "model: a/b, url: \"ftp://me:" + hunter + "@example.org/x\"", hunter, `"ftp://example.org/x" is not an http or https URL`},
		{"password in a malformed url", "model: a/b, url: \"https://me:" + hunter + "@exa mple.org/\"", hunter, "not a valid URL"},
		{"query token in a url without host", "model: a/b, url: \"https:///v1?token=" + hunter + "\"", hunter, `"https:///v1" is not an http or https URL`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "generators:\n  g: {kind: replicate, " + tt.yaml + "}\nscenes: [{source: a.mp4}]\n"
			_, err := Parse([]byte(src), "project.yaml", t.TempDir(), testOptions())
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want %q", err, tt.want)
			}
			if strings.Contains(err.Error(), tt.secret) || strings.Contains(err.Error(), tt.secret[:8]) {
				t.Errorf("the error shows the secret: %v", err)
			}
		})
	}
	for _, name := range []string{"REPLICATE_API_TOKEN", "MY_TOKEN_2", "replicate_token", "_T"} {
		src := "generators:\n  g: {kind: replicate, model: a/b, token_env: " + name + "}\nscenes: [{source: a.mp4}]\n"
		p, err := Parse([]byte(src), "project.yaml", t.TempDir(), testOptions())
		if err != nil || p.Generators["g"].TokenEnv != name {
			t.Errorf("token_env %s: %v", name, err)
		}
	}
}

// TestSourceURLCredentialsNeverEchoed checks the scene source URL errors.
func TestSourceURLCredentialsNeverEchoed(t *testing.T) {
	const hunter = "hunter2XYZ"
	for _, src := range []string{
		"https://me:" + hunter + "@exa mple.org/a.mp4",
		"https://me:" + hunter + "@/a.mp4",
		"https:///a.mp4?sig=" + hunter,
		"http://[::1%" + hunter + "/a.mp4",
	} {
		_, err := Parse([]byte("scenes:\n  - source: \""+src+"\"\n"), "project.yaml", t.TempDir(), testOptions())
		if err == nil || strings.Contains(err.Error(), hunter) || !strings.Contains(err.Error(), "scenes[0].source") {
			t.Errorf("source %q: error %v, want one at scenes[0].source without the credentials", src, err)
		}
	}
}

// TestTokenInAnyFieldNeverEchoed pastes a token where any other value
// belongs (a duration, a number, a name from a list, a URL, a key): every
// error still names the file, line and field, and none shows the token.
func TestTokenInAnyFieldNeverEchoed(t *testing.T) {
	for _, tok := range []string{"r8_Ab3dEfGh1jKlMn0pQrStUvWxYz1234567890", "4f9Kq2LmZx8Wv3Rt7YpBn6Hs", "hf_AbCdEfGhIjKlMnOpQrStUvWxYz"} {
		tests := []struct{ name, yaml, field string }{
			{"duration", "generators:\n  g: {kind: replicate, model: a/b, timeout: " + tok + "}\nscenes: [{source: a.mp4}]\n", "generators.g.timeout"},
			{"number", "generators:\n  g: {kind: replicate, model: a/b, retries: " + tok + "}\nscenes: [{source: a.mp4}]\n", "generators.g.retries"},
			{"url", "generators:\n  g: {kind: comfyui, url: " + tok + "}\nscenes: [{source: a.mp4}]\n", "generators.g.url"},
			{"kind", "generators:\n  g: {kind: " + tok + "}\nscenes: [{source: a.mp4}]\n", "generators.g.kind"},
			{"generator", "scenes: [{prompt: a, generator: " + tok + ", duration: 1s}]\n", "scenes[0].generator"},
			{"fit", "scenes: [{source: a.mp4, fit: " + tok + "}]\n", "scenes[0].fit"},
			{"transition", "scenes: [{source: a.mp4, transition: " + tok + "}, {source: a.mp4}]\n", "scenes[0].transition"},
			{"key", "scenes: [{source: a.mp4, " + tok + ": 1}]\n", "scenes[0]."},
		}
		for _, tt := range tests {
			_, err := Parse([]byte(tt.yaml), "project.yaml", t.TempDir(), testOptions())
			if err == nil || !strings.Contains(err.Error(), "project.yaml:") || !strings.Contains(err.Error(), tt.field) {
				t.Errorf("%s: error %v, want one at %s", tt.name, err, tt.field)
				continue
			}
			if strings.Contains(err.Error(), tok[:12]) {
				t.Errorf("%s: the error shows the token: %v", tt.name, err)
			}
		}
	}
}
