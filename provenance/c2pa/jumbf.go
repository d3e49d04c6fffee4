// Package c2pa writes C2PA Content Credentials into MP4 and MOV files: the
// subset of the C2PA specification (2.x) reel needs, on fxamacker/cbor and
// veraison/go-cose. A manifest store (JUMBF, ISO 19566-5) holds one
// standard manifest: its assertions (c2pa.actions.v2, c2pa.ingredient.v3
// for each source, and the c2pa.hash.bmff.v3 hard binding), its claim
// (c2pa.claim.v2, CBOR) and the claim's signature (COSE_Sign1, detached
// payload, the signer's certificate chain in the protected header's
// x5chain). The store goes into a top-level 'uuid' box (the C2PA user type
// d8fec3d6-1b0e-483c-9297-5828877ec481) appended at the end of the file, so
// no offset in the file's 'moov' changes.
package c2pa

import (
	"encoding/binary"
	"encoding/hex"
	"strings"
)

// JUMBF description box UUIDs of C2PA (C2PA 2.1, §11.1.4).
var (
	uuidStore      = mustUUID("63327061-0011-0010-8000-00AA00389B71") // c2pa: the manifest store
	uuidManifest   = mustUUID("63326D61-0011-0010-8000-00AA00389B71") // c2ma: a standard manifest
	uuidAssertions = mustUUID("63326173-0011-0010-8000-00AA00389B71") // c2as: the assertion store
	uuidCBOR       = mustUUID("63626F72-0011-0010-8000-00AA00389B71") // cbor: a CBOR assertion
	uuidClaim      = mustUUID("6332636C-0011-0010-8000-00AA00389B71") // c2cl: the claim
	uuidSignature  = mustUUID("63326373-0011-0010-8000-00AA00389B71") // c2cs: the claim signature
)

// BoxUUID is the user type of the BMFF 'uuid' box that holds a C2PA
// manifest store.
var BoxUUID = mustUUID("d8fec3d6-1b0e-483c-9297-5828877ec481")

// mustUUID parses a UUID written with dashes.
func mustUUID(s string) []byte {
	b, err := hex.DecodeString(strings.ReplaceAll(s, "-", ""))
	if err != nil || len(b) != 16 {
		panic("c2pa: bad UUID " + s)
	}
	return b
}

// box is an ISO BMFF box: a 32-bit size, a type and the payload.
func box(typ string, payload ...[]byte) []byte {
	n := 8
	for _, p := range payload {
		n += len(p)
	}
	out := make([]byte, 8, n)
	binary.BigEndian.PutUint32(out, uint32(n))
	copy(out[4:], typ)
	for _, p := range payload {
		out = append(out, p...)
	}
	return out
}

// superBox is a JUMBF superbox ('jumb'): a description box ('jumd': the
// content type's UUID, the toggles "requestable, labelled", the label
// NUL-terminated) and the content boxes.
func superBox(uuid []byte, label string, content ...[]byte) []byte {
	desc := make([]byte, 0, 17+len(label)+1)
	desc = append(desc, uuid...)
	desc = append(desc, 0x03)
	desc = append(desc, label...)
	desc = append(desc, 0)
	return box("jumb", append([][]byte{box("jumd", desc)}, content...)...)
}

// cborBox is a JUMBF content box of CBOR data.
func cborBox(data []byte) []byte { return box("cbor", data) }
