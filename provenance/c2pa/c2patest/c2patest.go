// Package c2patest helps tests check Content Credentials: it makes a
// throwaway signing key and certificate chain, and reads a file's C2PA
// manifest with an independent reader, the npm package @trustnxt/c2pa-ts,
// installed with npm the first time (node and npm are needed: a test
// skips without them, and fails under CI=true).
package c2patest

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	_ "embed"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reel-film/reel/internal/ffmpeg"
)

// Package is the reader's npm package and version.
const Package = "@trustnxt/c2pa-ts@0.9.4"

//go:embed read.mjs
var script []byte

// Report is what the reader says of a file.
type Report struct {
	Found    bool     `json:"found"` // a C2PA manifest store is in the file
	Valid    bool     `json:"valid"` // the active manifest validates
	Codes    []string `json:"codes"` // every validation status code
	Failures []struct {
		Code        string `json:"code"`
		URL         string `json:"url"`
		Explanation string `json:"explanation"`
	} `json:"failures"`
	Label          string `json:"label"`
	ClaimGenerator string `json:"claimGenerator"`
	Title          string `json:"title"`
	Signer         string `json:"signer"`
	Chain          int    `json:"chain"` // certificates after the signer's
	Actions        []struct {
		Action            string `json:"action"`
		DigitalSourceType string `json:"digitalSourceType"`
		Description       string `json:"description"`
		Ingredients       int    `json:"ingredients"`
	} `json:"actions"`
	Ingredients []struct {
		Title        string `json:"title"`
		Format       string `json:"format"`
		Relationship string `json:"relationship"`
	} `json:"ingredients"`
	Error string `json:"error"`
}

// Has reports whether the report holds the status code.
func (r Report) Has(code string) bool {
	for _, c := range r.Codes {
		if c == code {
			return true
		}
	}
	return false
}

var (
	once      sync.Once
	readerDir string
	readerErr string
	skip      bool
)

// require skips t (fails it under CI=true) when node or npm is missing.
func require(t testing.TB) {
	t.Helper()
	for _, bin := range []string{"node", "npm"} {
		if _, err := ffmpeg.LookPath(bin); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("c2patest: %s is required in CI to check Content Credentials: %v", bin, err)
			}
			t.Skipf("c2patest: %s not found: %v", bin, err)
		}
	}
}

// install puts the reader in a directory kept across test runs under the
// system's temp directory (made in a fresh directory, then renamed there).
func install() (string, string) {
	dir := filepath.Join(os.TempDir(), "reel-c2pa-ts-0.9.4")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@trustnxt", "c2pa-ts", "package.json")); err != nil {
		tmp, err := os.MkdirTemp(os.TempDir(), "reel-c2pa-ts-*")
		if err != nil {
			return "", err.Error()
		}
		var out bytes.Buffer
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		_, err = ffmpeg.Run(ctx, "npm", []string{"install", "--no-audit", "--no-fund", "--loglevel=error", "--prefix", tmp, Package},
			ffmpeg.RunOptions{Stdout: &out, Literal: true, StderrLines: 20, Dir: tmp})
		if err != nil {
			os.RemoveAll(tmp)
			return "", "npm install " + Package + ": " + err.Error()
		}
		if err := os.Rename(tmp, dir); err != nil {
			os.RemoveAll(tmp) // another test run installed it meanwhile
		}
	}
	// Written whole and renamed: test binaries of several packages may
	// read it while another writes it.
	tmp, err := os.CreateTemp(dir, ".read-*.mjs")
	if err != nil {
		return "", err.Error()
	}
	_, err = tmp.Write(script)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), filepath.Join(dir, "read.mjs"))
	}
	if err != nil {
		os.Remove(tmp.Name())
		return "", err.Error()
	}
	return dir, ""
}

// Read reads path's Content Credentials with @trustnxt/c2pa-ts.
func Read(t testing.TB, path string) Report {
	t.Helper()
	require(t)
	once.Do(func() { readerDir, readerErr = install() })
	if readerErr != "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("c2patest: %s", readerErr)
		}
		t.Skipf("c2patest: %s", readerErr)
	}
	var out bytes.Buffer
	_, err := ffmpeg.Run(context.Background(), "node", []string{filepath.Join(readerDir, "read.mjs"), path},
		ffmpeg.RunOptions{Stdout: &out, Literal: true, StderrLines: 30, Dir: readerDir})
	if err != nil {
		t.Fatalf("c2patest: node read.mjs %s: %v", path, err)
	}
	var r Report
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatalf("c2patest: the reader printed %q: %v", out.String(), err)
	}
	return r
}

// String shows the report for a failing test.
func (r Report) String() string {
	b, _ := json.MarshalIndent(r, "", "  ")
	return strings.TrimSpace(string(b))
}

// Credentials writes into dir a throwaway ECDSA P-256 signing key
// (key.pem, PKCS #8) and its certificate chain (chain.pem: the signer's
// certificate, for document signing, then the test CA that issued it),
// as C2PA's certificate profile asks; it returns their paths.
func Credentials(t testing.TB, dir string) (keyFile, certFile string) {
	t.Helper()
	now := time.Now()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	ca := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "reel test CA", Organization: []string{"reel tests"}},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	caCert, err := x509.ParseCertificate(caDER)
	if err != nil {
		t.Fatal(err)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	leaf := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "reel test signer", Organization: []string{"reel tests"}},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour), KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageEmailProtection}, BasicConstraintsValid: true}
	leafDER, err := x509.CreateCertificate(rand.Reader, leaf, caCert, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	pk, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	keyFile, certFile = filepath.Join(dir, "key.pem"), filepath.Join(dir, "chain.pem")
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pk}), 0o600); err != nil {
		t.Fatal(err)
	}
	chain := append(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: leafDER}), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER})...)
	if err := os.WriteFile(certFile, chain, 0o644); err != nil {
		t.Fatal(err)
	}
	return keyFile, certFile
}
