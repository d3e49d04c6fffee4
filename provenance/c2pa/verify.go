package c2pa

import (
	"bytes"
	"crypto"
	"crypto/sha256"
	"crypto/x509"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/fxamacker/cbor/v2"
	"github.com/veraison/go-cose"
)

// ErrNoCredentials is Verify's error for a file without a C2PA box.
var ErrNoCredentials = errors.New("no Content Credentials")

// ErrBindingMismatch is Verify's error when the file's BMFF hash differs
// from the one signed: the file changed after it was signed.
var ErrBindingMismatch = errors.New("the file does not match its Content Credentials' hash (changed after signing)")

// Verified is what Verify found in a file reel signed.
type Verified struct {
	Label   string   // the manifest's label (urn:c2pa:...)
	Signer  string   // the signing certificate's subject
	Actions []string // each action as "c2pa.created <digitalSourceType>" ("" when none)
}

// Verify checks the Content Credentials of the MP4 or MOV file at path as
// reel writes them: the claim's COSE signature against the certificate in
// its x5chain (not the certificate's trust: that is a validator's trust
// list), every assertion's hash in the claim, and the BMFF hash of the
// file. It is reel's own check; tests also read the files with an
// independent reader.
func Verify(path string) (*Verified, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	boxes, err := topBoxes(f, fi.Size())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var store []byte
	for _, b := range boxes {
		if b.isC2PA() {
			raw := make([]byte, b.Size)
			if _, err := f.ReadAt(raw, b.Offset); err != nil {
				return nil, err
			}
			head := 8
			if binary.BigEndian.Uint32(raw) == 1 {
				head = 16
			}
			p := raw[head+16+4:]
			if !bytes.HasPrefix(p, []byte("manifest\x00")) || len(p) < 17 {
				return nil, fmt.Errorf("%s: the C2PA box holds no manifest store", path)
			}
			store = p[17:]
		}
	}
	if store == nil {
		return nil, ErrNoCredentials
	}
	root, err := parseSuperBox(store)
	if err != nil {
		return nil, fmt.Errorf("%s: the manifest store: %w", path, err)
	}
	if len(root.children) == 0 {
		return nil, fmt.Errorf("%s: the manifest store holds no manifest", path)
	}
	m := root.children[len(root.children)-1]
	assertions, claimBox, sigBox := m.child("c2pa.assertions"), m.child("c2pa.claim.v2"), m.child("c2pa.signature")
	if assertions == nil || claimBox == nil || sigBox == nil || claimBox.cbor == nil || sigBox.cbor == nil {
		return nil, fmt.Errorf("%s: the manifest lacks its assertions, claim or signature", path)
	}
	var cl claimMap
	if err := cbor.Unmarshal(claimBox.cbor, &cl); err != nil {
		return nil, fmt.Errorf("%s: the claim: %w", path, err)
	}
	signer, err := verifySignature(sigBox.cbor, claimBox.cbor)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	v := &Verified{Label: m.label, Signer: signer}
	var binding *bmffHashMap
	for _, ref := range cl.Created {
		name := ref.URL[strings.LastIndex(ref.URL, "/")+1:]
		a := assertions.child(name)
		if a == nil {
			return nil, fmt.Errorf("%s: the claim names assertion %s, which is missing", path, name)
		}
		if sum := sha256.Sum256(a.raw[8:]); !bytes.Equal(sum[:], ref.Hash) {
			return nil, fmt.Errorf("%s: assertion %s does not match its hash in the claim", path, name)
		}
		switch {
		case strings.HasPrefix(name, "c2pa.hash.bmff"):
			binding = &bmffHashMap{}
			if err := cbor.Unmarshal(a.cbor, binding); err != nil {
				return nil, fmt.Errorf("%s: %s: %w", path, name, err)
			}
		case strings.HasPrefix(name, "c2pa.actions"):
			var acts actionsMap
			if err := cbor.Unmarshal(a.cbor, &acts); err != nil {
				return nil, fmt.Errorf("%s: %s: %w", path, name, err)
			}
			for _, x := range acts.Actions {
				v.Actions = append(v.Actions, strings.TrimSpace(x.Action+" "+x.DigitalSourceType))
			}
		}
	}
	if binding == nil {
		return nil, fmt.Errorf("%s: the claim has no BMFF hash (no hard binding)", path)
	}
	sum, err := bmffHash(f, boxes)
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(sum, binding.Hash) {
		return v, fmt.Errorf("%s: %w", path, ErrBindingMismatch)
	}
	return v, nil
}

// verifySignature checks the COSE_Sign1 sig over the detached claim and
// returns the signer's subject.
func verifySignature(sig, claim []byte) (string, error) {
	var msg cose.Sign1Message
	if err := msg.UnmarshalCBOR(sig); err != nil {
		return "", fmt.Errorf("the signature: %w", err)
	}
	alg, err := msg.Headers.Protected.Algorithm()
	if err != nil {
		return "", fmt.Errorf("the signature: %w", err)
	}
	var der []byte
	switch x := msg.Headers.Protected[cose.HeaderLabelX5Chain].(type) {
	case []byte:
		der = x
	case []any:
		if len(x) > 0 {
			der, _ = x[0].([]byte)
		}
	}
	if der == nil {
		return "", errors.New("the signature names no certificate (x5chain)")
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return "", fmt.Errorf("the signer's certificate: %w", err)
	}
	verifier, err := cose.NewVerifier(alg, cert.PublicKey.(crypto.PublicKey))
	if err != nil {
		return "", fmt.Errorf("the signature: %w", err)
	}
	msg.Payload = claim
	if err := msg.Verify(nil, verifier); err != nil {
		return "", fmt.Errorf("the claim's signature does not verify: %w", err)
	}
	return cert.Subject.String(), nil
}

// jumbf is a parsed JUMBF superbox: its label, its raw bytes, its child
// superboxes and the data of its CBOR content box.
type jumbf struct {
	label    string
	raw      []byte
	children []*jumbf
	cbor     []byte
}

// child returns the child superbox labelled label.
func (j *jumbf) child(label string) *jumbf {
	for _, c := range j.children {
		if c.label == label {
			return c
		}
	}
	return nil
}

// parseSuperBox parses the JUMBF superbox at the start of b.
func parseSuperBox(b []byte) (*jumbf, error) {
	typ, body, n, err := readBox(b)
	if err != nil {
		return nil, err
	}
	if typ != "jumb" {
		return nil, fmt.Errorf("a %q box where a JUMBF superbox belongs", typ)
	}
	j := &jumbf{raw: b[:n]}
	first := true
	for len(body) > 0 {
		ct, cbody, cn, err := readBox(body)
		if err != nil {
			return nil, err
		}
		switch {
		case first && ct == "jumd":
			if len(cbody) < 17 {
				return nil, errors.New("a description box is too short")
			}
			if cbody[16]&0x02 != 0 {
				l, _, _ := bytes.Cut(cbody[17:], []byte{0})
				j.label = string(l)
			}
		case ct == "jumb":
			c, err := parseSuperBox(body[:cn])
			if err != nil {
				return nil, err
			}
			j.children = append(j.children, c)
		case ct == "cbor":
			j.cbor = cbody
		}
		first = false
		body = body[cn:]
	}
	return j, nil
}

// readBox reads the box at the start of b: its type, payload and size.
func readBox(b []byte) (typ string, payload []byte, size int, err error) {
	if len(b) < 8 {
		return "", nil, 0, errors.New("a box is cut short")
	}
	n := int(binary.BigEndian.Uint32(b))
	if n < 8 || n > len(b) {
		return "", nil, 0, fmt.Errorf("a box's size %d does not fit its %d bytes", n, len(b))
	}
	return string(b[4:8]), b[8:n], n, nil
}
