package c2pa

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"

	"github.com/veraison/go-cose"
)

// Signer signs claims with a private key and names its certificate chain
// (the signer's certificate first, then the CAs that issued it).
type Signer struct {
	key   crypto.Signer
	alg   cose.Algorithm
	chain []*x509.Certificate
}

// LoadSigner reads a PEM private key (PKCS #8, or SEC 1 "EC PRIVATE KEY")
// and a PEM certificate chain, the signer's certificate first. The key is
// ECDSA on P-256, P-384 or P-521 (ES256, ES384, ES512) or Ed25519 (EdDSA),
// and must be the certificate's. Errors name the file and what to fix;
// they never show the key.
func LoadSigner(keyFile, certFile string) (*Signer, error) {
	kb, err := os.ReadFile(keyFile)
	if err != nil {
		return nil, fmt.Errorf("signing key: %w", err)
	}
	key, err := parseKey(kb)
	if err != nil {
		return nil, fmt.Errorf("signing key %s: %w", keyFile, err)
	}
	cb, err := os.ReadFile(certFile)
	if err != nil {
		return nil, fmt.Errorf("signing certificate: %w", err)
	}
	chain, err := parseChain(cb)
	if err != nil {
		return nil, fmt.Errorf("signing certificate %s: %w", certFile, err)
	}
	return NewSigner(key, chain)
}

// NewSigner is a Signer of key with its certificate chain (the signer's
// certificate first).
func NewSigner(key crypto.Signer, chain []*x509.Certificate) (*Signer, error) {
	if len(chain) == 0 {
		return nil, errors.New("no certificate: name a PEM file holding the signer's certificate, then its CA certificates")
	}
	var alg cose.Algorithm
	switch k := key.Public().(type) {
	case *ecdsa.PublicKey:
		switch k.Curve {
		case elliptic.P256():
			alg = cose.AlgorithmES256
		case elliptic.P384():
			alg = cose.AlgorithmES384
		case elliptic.P521():
			alg = cose.AlgorithmES512
		default:
			return nil, errors.New("the ECDSA key is on a curve C2PA does not allow: use P-256, P-384 or P-521")
		}
	case ed25519.PublicKey:
		alg = cose.AlgorithmEdDSA
	default:
		return nil, fmt.Errorf("a %T key cannot sign Content Credentials here: use an ECDSA (P-256) or Ed25519 key", k)
	}
	type equaler interface{ Equal(crypto.PublicKey) bool }
	if pk, ok := key.Public().(equaler); !ok || !pk.Equal(chain[0].PublicKey) {
		return nil, fmt.Errorf("the key is not the certificate's (%s): the certificate file must start with the signer's own certificate", chain[0].Subject)
	}
	return &Signer{key: key, alg: alg, chain: chain}, nil
}

// Subject is the signer's certificate's subject.
func (s *Signer) Subject() string { return s.chain[0].Subject.String() }

// parseKey reads the first private key of a PEM file.
func parseKey(b []byte) (crypto.Signer, error) {
	for {
		var blk *pem.Block
		blk, b = pem.Decode(b)
		if blk == nil {
			return nil, errors.New("no PEM private key found (want \"-----BEGIN PRIVATE KEY-----\" or \"-----BEGIN EC PRIVATE KEY-----\")")
		}
		switch blk.Type {
		case "PRIVATE KEY":
			k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
			if err != nil {
				return nil, errors.New("the PKCS #8 private key does not parse")
			}
			s, ok := k.(crypto.Signer)
			if !ok {
				return nil, fmt.Errorf("a %T key cannot sign", k)
			}
			return s, nil
		case "EC PRIVATE KEY":
			k, err := x509.ParseECPrivateKey(blk.Bytes)
			if err != nil {
				return nil, errors.New("the EC private key does not parse")
			}
			return k, nil
		case "ENCRYPTED PRIVATE KEY":
			return nil, errors.New("the key is encrypted: reel reads unencrypted keys only (keep the file readable by you alone)")
		}
	}
}

// parseChain reads every certificate of a PEM file, in order.
func parseChain(b []byte) ([]*x509.Certificate, error) {
	var out []*x509.Certificate
	for {
		var blk *pem.Block
		blk, b = pem.Decode(b)
		if blk == nil {
			break
		}
		if blk.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(blk.Bytes)
		if err != nil {
			return nil, fmt.Errorf("certificate %d does not parse: %w", len(out)+1, err)
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, errors.New("no PEM certificate found (want \"-----BEGIN CERTIFICATE-----\")")
	}
	return out, nil
}

// sign returns the COSE_Sign1 (tagged) of payload, detached: the payload
// is nil in the message, the certificate chain in the protected header.
func (s *Signer) sign(payload []byte) ([]byte, error) {
	signer, err := cose.NewSigner(s.alg, s.key)
	if err != nil {
		return nil, fmt.Errorf("c2pa: %w", err)
	}
	var chain []any
	for _, c := range s.chain {
		chain = append(chain, c.Raw)
	}
	msg := cose.NewSign1Message()
	msg.Headers.Protected.SetAlgorithm(s.alg)
	msg.Headers.Protected[cose.HeaderLabelX5Chain] = chain
	msg.Payload = payload
	if err := msg.Sign(rand.Reader, nil, signer); err != nil {
		return nil, fmt.Errorf("c2pa: sign the claim: %w", err)
	}
	msg.Payload = nil
	return msg.MarshalCBOR()
}
