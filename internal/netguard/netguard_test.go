package netguard

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
)

func TestAllowed(t *testing.T) {
	tests := []struct {
		ip         string
		ok, okPriv bool // allowed without and with allowPrivate
	}{
		{"8.8.8.8", true, true},
		{"1.1.1.1", true, true},
		{"2606:4700:4700::1111", true, true},
		{"127.0.0.1", false, true},
		{"127.5.6.7", false, true},
		{"10.1.2.3", false, true},
		{"172.16.0.1", false, true},
		{"172.31.255.255", false, true},
		{"172.32.0.1", true, true},
		{"192.168.1.1", false, true},
		{"100.64.0.1", false, true},
		{"100.127.255.255", false, true},
		{"169.254.1.1", false, true},
		{"169.254.169.254", false, false}, // metadata: never
		{"fd00:ec2::254", false, false},
		{"0.0.0.0", false, true},
		{"0.1.2.3", false, true},
		{"224.0.0.1", false, true},
		{"255.255.255.255", false, true},
		{"::", false, true},
		{"::1", false, true},
		{"fc00::1", false, true},
		{"fd12:3456::1", false, true},
		{"fe80::1", false, true},
		{"ff02::1", false, true},
		{"::ffff:127.0.0.1", false, true},
		{"::ffff:10.0.0.1", false, true},
		{"::ffff:169.254.169.254", false, false},
		{"::ffff:8.8.8.8", true, true},
		{"64:ff9b::a00:1", false, true},  // NAT64 of 10.0.0.1
		{"64:ff9b::808:808", true, true}, // NAT64 of 8.8.8.8
		{"2002:7f00:1::1", false, true},  // 6to4 of 127.0.0.1
		{"::7f00:1", false, true},        // IPv4-compatible 127.0.0.1
		{"fe80::1%eth0", false, true},
	}
	for _, tt := range tests {
		ip := netip.MustParseAddr(tt.ip)
		if err := Allowed(ip, false); (err == nil) != tt.ok {
			t.Errorf("Allowed(%s, false) = %v, want allowed %v", tt.ip, err, tt.ok)
		} else if err != nil && !errors.Is(err, ErrBlocked) {
			t.Errorf("Allowed(%s, false) = %v, not ErrBlocked", tt.ip, err)
		}
		if err := Allowed(ip, true); (err == nil) != tt.okPriv {
			t.Errorf("Allowed(%s, true) = %v, want allowed %v", tt.ip, err, tt.okPriv)
		}
	}
}

func TestCheckURL(t *testing.T) {
	tests := []struct {
		url        string
		ok, okPriv bool
	}{
		{"https://example.com/a.mp4", true, true},
		{"http://example.com:8080/x?token=SECRET", true, true},
		{"ftp://example.com/a.mp4", false, false},
		{"file:///etc/passwd", false, false},
		{"gopher://example.com", false, false},
		{"https://", false, false},
		{"/relative/path", false, false},
		{"http://127.0.0.1:9/x", false, true},
		{"http://[::1]:9/x", false, true},
		{"http://localhost/x", false, true},
		{"http://LOCALHOST./x", false, true},
		{"http://api.localhost/x", false, true},
		{"http://10.0.0.5/hook", false, true},
		{"http://169.254.169.254/latest/meta-data/", false, false},
		{"http://[::ffff:192.168.0.1]/", false, true},
		{"http://user:SECRET@10.0.0.1/?key=SECRET", false, true},
		{"http://%zz", false, false},
	}
	for _, tt := range tests {
		err := CheckURL(tt.url, false)
		if (err == nil) != tt.ok {
			t.Errorf("CheckURL(%q, false) = %v, want allowed %v", tt.url, err, tt.ok)
		}
		if err != nil && strings.Contains(err.Error(), "SECRET") {
			t.Errorf("CheckURL(%q) error shows a secret: %v", tt.url, err)
		}
		if err := CheckURL(tt.url, true); (err == nil) != tt.okPriv {
			t.Errorf("CheckURL(%q, true) = %v, want allowed %v", tt.url, err, tt.okPriv)
		}
	}
}

func loopbackServer(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	s := httptest.NewServer(h)
	t.Cleanup(s.Close)
	return s
}

// TestClientRefusesLoopback dials loopback listeners: refused at connect
// time (by name and by address), allowed with allowPrivate.
func TestClientRefusesLoopback(t *testing.T) {
	hits := 0
	s := loopbackServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits++
		io.WriteString(w, "ok")
	}))
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(s.URL, "http://"))
	for _, u := range []string{s.URL + "/?token=SECRET", "http://localhost:" + port + "/?token=SECRET"} {
		_, err := Client(false).Get(u)
		if err == nil || !errors.Is(err, ErrBlocked) {
			t.Fatalf("Get(%s) = %v, want ErrBlocked", u, err)
		}
		if red := Redact(err); strings.Contains(red.Error(), "SECRET") || !errors.Is(red, ErrBlocked) {
			t.Errorf("Redact(err) = %v: shows the query, or lost ErrBlocked", red)
		}
		if !strings.Contains(err.Error(), "allow-private") {
			t.Errorf("error does not say how to allow it: %v", err)
		}
	}
	if hits != 0 {
		t.Fatalf("the server was reached %d times", hits)
	}
	resp, err := Client(true).Get(s.URL)
	if err != nil {
		t.Fatalf("Get with allowPrivate: %v", err)
	}
	resp.Body.Close()
	if hits != 1 {
		t.Fatalf("hits = %d, want 1", hits)
	}
}

// TestClientRechecksRedirects follows a redirect from a host the test
// treats as public to a loopback address: refused.
func TestClientRechecksRedirects(t *testing.T) {
	target := 0
	inner := loopbackServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		target++
	}))
	outer := loopbackServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, inner.URL+"/private", http.StatusFound)
	}))
	c := Client(false)
	tr := c.Transport.(*http.Transport)
	guarded := tr.DialContext
	outerAddr := strings.TrimPrefix(outer.URL, "http://")
	// public.test stands for a public host: it is dialled unchecked to the
	// outer server; every other address goes through the guard.
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		if addr == "public.test:80" {
			var d net.Dialer
			return d.DialContext(ctx, network, outerAddr)
		}
		return guarded(ctx, network, addr)
	}
	_, err := c.Get("http://public.test/start")
	if err == nil || !errors.Is(err, ErrBlocked) {
		t.Fatalf("Get = %v, want the redirect refused", err)
	}
	if target != 0 {
		t.Fatal("the private target was reached")
	}
	// Without the early check the dialer still refuses it.
	c.CheckRedirect = nil
	_, err = c.Get("http://public.test/start")
	if err == nil || !errors.Is(err, ErrBlocked) {
		t.Fatalf("Get without CheckRedirect = %v, want the dial refused", err)
	}
	if target != 0 {
		t.Fatal("the private target was reached")
	}
}

func TestHostOnly(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://hooks.example.com/a/b?token=SECRET", "https://hooks.example.com"},
		{"http://user:SECRET@example.com:8080/x", "http://example.com:8080"},
		{"not a url", "(invalid URL)"},
		{"%zz", "(invalid URL)"},
	}
	for _, tt := range tests {
		if got := HostOnly(tt.in); got != tt.want {
			t.Errorf("HostOnly(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
