package source

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/reel-film/reel/config"
)

// TestNetworkErrorsHideCredentials fails downloads and API calls in the
// ways that make Go's HTTP client put the whole URL in its error (refused
// connection, redirect loop, bad response) and checks that neither the
// errors nor the retry warnings show a URL's password or query.
func TestNetworkErrorsHideCredentials(t *testing.T) {
	const hunter = "hunter2XYZ"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := "http://me:" + hunter + "@" + ln.Addr().String()
	ln.Close()
	loop := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.String(), http.StatusFound)
	}))
	defer loop.Close()
	for _, base := range []string{refused, strings.Replace(loop.URL, "://", "://me:"+hunter+"@", 1)} {
		u := base + "/clip.mp4?sig=" + hunter + "&token=" + hunter
		var logs bytes.Buffer
		d := fastDeps()
		d.Log = slog.New(slog.NewTextHandler(&logs, nil))
		cl := &client{d: d.withDefaults(), retries: 1}
		errs := []error{
			cl.download(context.Background(), u, t.TempDir()+"/f"),
			cl.call(context.Background(), http.MethodGet, u, nil, nil),
			cl.call(context.Background(), http.MethodPost, u, map[string]string{"a": "b"}, nil),
		}
		for _, err := range errs {
			if err == nil || strings.Contains(err.Error(), hunter) {
				t.Errorf("error %v: want a failure that hides the credentials", err)
			}
		}
		if strings.Contains(logs.String(), hunter) {
			t.Errorf("retry warnings show the credentials:\n%s", logs.String())
		}
	}
}

// TestTokenEnvNeverEchoed builds a replicate generator whose token_env
// holds a token (a library caller skipping config validation) and checks
// the setup error does not show it.
func TestTokenEnvNeverEchoed(t *testing.T) {
	const tok = "r8_Ab3dEfGh1jKlMn0pQrStUvWxYz1234567890"
	for _, v := range []string{tok, "my " + tok} {
		_, err := New(&config.Generator{Name: "g", Kind: config.KindReplicate, Model: "a/b", TokenEnv: v}, fastDeps())
		if err == nil || strings.Contains(err.Error(), tok[:10]) || !strings.Contains(err.Error(), "must name an environment variable") {
			t.Errorf("token_env %q: error %v", v, err)
		}
	}
}
