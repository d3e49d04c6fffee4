// Package netguard keeps a server's outgoing HTTP requests (URL sources,
// generators' APIs, webhooks) off the machine's own and its private
// networks, so that a submitted project cannot make the server reach what
// only it can reach (server-side request forgery).
//
// The check happens when a connection is made, on the address actually
// dialled: a host name that resolves to a private address (DNS rebinding
// included) and a redirect to one are refused alike. CheckURL gives the
// same answer early, for a URL that names an address or localhost.
package netguard

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// ErrBlocked is wrapped by the errors of a refused address.
var ErrBlocked = errors.New("address not allowed")

// always are refused even when private addresses are allowed: the cloud
// providers' metadata services, which hand out credentials.
var always = []netip.Prefix{
	netip.MustParsePrefix("169.254.169.254/32"),
	netip.MustParsePrefix("fd00:ec2::254/128"),
}

// private are the ranges a server must not reach for a user unless told:
// "this" network, loopback, private, shared (CGNAT), link-local,
// benchmarking, reserved, multicast, broadcast, and their IPv6 kin.
var private = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("127.0.0.0/8"),
	netip.MustParsePrefix("169.254.0.0/16"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("192.168.0.0/16"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("224.0.0.0/4"),
	netip.MustParsePrefix("240.0.0.0/4"), // reserved, and 255.255.255.255
	netip.MustParsePrefix("::/128"),
	netip.MustParsePrefix("::1/128"),
	netip.MustParsePrefix("fc00::/7"),
	netip.MustParsePrefix("fe80::/10"),
	netip.MustParsePrefix("fec0::/10"), // deprecated site-local
	netip.MustParsePrefix("ff00::/8"),
}

// Embedded IPv4 in IPv6: NAT64, 6to4 and IPv4-compatible addresses are
// judged by the IPv4 address they carry.
var (
	nat64     = netip.MustParsePrefix("64:ff9b::/96")
	sixToFour = netip.MustParsePrefix("2002::/16")
	compat    = netip.MustParsePrefix("::/96")
)

// Allowed says whether a connection to ip may be made; allowPrivate
// allows the private and loopback ranges (never the metadata services).
func Allowed(ip netip.Addr, allowPrivate bool) error {
	ip = ip.Unmap().WithZone("")
	if !ip.IsValid() {
		return fmt.Errorf("%w: not an IP address", ErrBlocked)
	}
	for _, p := range always {
		if p.Contains(ip) {
			return fmt.Errorf("%w: %s is a metadata service", ErrBlocked, ip)
		}
	}
	if allowPrivate {
		return nil
	}
	if ip.Is6() {
		b := ip.As16()
		var v4 netip.Addr
		switch {
		case nat64.Contains(ip), compat.Contains(ip) && ip != netip.IPv6Unspecified() && ip != netip.IPv6Loopback():
			v4 = netip.AddrFrom4([4]byte(b[12:16]))
		case sixToFour.Contains(ip):
			v4 = netip.AddrFrom4([4]byte(b[2:6]))
		}
		if v4.IsValid() {
			if err := Allowed(v4, false); err != nil {
				return fmt.Errorf("%w: %s carries %s, a private or reserved address", ErrBlocked, ip, v4)
			}
		}
	}
	for _, p := range private {
		if p.Contains(ip) {
			return fmt.Errorf("%w: %s is a loopback, private or reserved address", ErrBlocked, ip)
		}
	}
	return nil
}

// control refuses a connection about to be made to a blocked address.
func control(allowPrivate bool) func(network, address string, _ syscall.RawConn) error {
	return func(network, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return fmt.Errorf("%w: %q is not an IP address and port", ErrBlocked, address)
		}
		return Allowed(ap.Addr(), allowPrivate)
	}
}

// Dialer returns a dialer whose connections are checked by Allowed at
// connect time (after name resolution, for every address tried).
func Dialer(allowPrivate bool) *net.Dialer {
	return &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second, Control: control(allowPrivate)}
}

// DialContext dials like Dialer and names the host asked for in a refusal.
func DialContext(allowPrivate bool) func(ctx context.Context, network, addr string) (net.Conn, error) {
	d := Dialer(allowPrivate)
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := d.DialContext(ctx, network, addr)
		if err != nil && errors.Is(err, ErrBlocked) {
			host, _, _ := net.SplitHostPort(addr)
			return nil, fmt.Errorf("connecting to %s: %w (reaching private addresses needs --allow-private)", host, unwrapBlocked(err))
		}
		return c, err
	}
}

// unwrapBlocked returns the ErrBlocked error inside err (without the
// dialer's "dial tcp ...:" prefix, which repeats the address).
func unwrapBlocked(err error) error {
	for e := err; e != nil; e = errors.Unwrap(e) {
		if strings.HasPrefix(e.Error(), ErrBlocked.Error()) {
			return e
		}
	}
	return err
}

// Client returns an HTTP client whose every connection, redirects
// included, is checked by Allowed; it uses no proxy unless private
// addresses are allowed (a proxy would connect on its behalf, unchecked).
// It has no overall timeout: callers bound their requests with contexts.
func Client(allowPrivate bool) *http.Client {
	t := &http.Transport{
		DialContext:           DialContext(allowPrivate),
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
	if allowPrivate {
		t.Proxy = http.ProxyFromEnvironment
	}
	return &http.Client{
		Transport: t,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 10 {
				return errors.New("stopped after 10 redirects")
			}
			if err := checkURL(req.URL, allowPrivate); err != nil {
				return fmt.Errorf("redirect refused: %w", err)
			}
			return nil
		},
	}
}

// CheckURL refuses early a URL the Client would refuse: a scheme other
// than http or https, no host, an IP address or localhost that Allowed
// refuses. A host name is only judged when it is dialled. The error names
// the host, never the rest of the URL (it may hold a token).
func CheckURL(u string, allowPrivate bool) error {
	p, err := url.Parse(u)
	if err != nil {
		return fmt.Errorf("%w: not a valid URL", ErrBlocked)
	}
	return checkURL(p, allowPrivate)
}

func checkURL(p *url.URL, allowPrivate bool) error {
	if p.Scheme != "http" && p.Scheme != "https" {
		return fmt.Errorf("%w: the scheme must be http or https", ErrBlocked)
	}
	host := p.Hostname()
	if host == "" {
		return fmt.Errorf("%w: the URL has no host", ErrBlocked)
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		return Allowed(ip, allowPrivate)
	}
	h := strings.TrimSuffix(strings.ToLower(host), ".")
	if !allowPrivate && (h == "localhost" || strings.HasSuffix(h, ".localhost")) {
		return fmt.Errorf("%w: %s is the machine itself (reaching private addresses needs --allow-private)", ErrBlocked, host)
	}
	return nil
}

// Redact returns err with the URL of an *url.Error (what http.Client
// returns) cut to its scheme and host: its path and query may hold a
// token. Other errors are returned as they are.
func Redact(err error) error {
	var ue *url.Error
	if !errors.As(err, &ue) {
		return err
	}
	c := *ue
	c.URL = HostOnly(ue.URL)
	return &c
}

// HostOnly returns the scheme and host of the URL u ("https://example.com"),
// or "(invalid URL)": what may be shown of a URL that may hold a secret.
func HostOnly(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.Host == "" {
		return "(invalid URL)"
	}
	return p.Scheme + "://" + p.Host
}
