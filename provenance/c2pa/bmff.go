package c2pa

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
)

// topBox is one top-level box of a BMFF file.
type topBox struct {
	Type     string
	Offset   int64
	Size     int64
	UserType []byte // a 'uuid' box's user type
}

// isC2PA reports whether b holds a C2PA manifest store.
func (b topBox) isC2PA() bool { return b.Type == "uuid" && bytes.Equal(b.UserType, BoxUUID) }

// topBoxes lists the top-level boxes of the file r of size n, refusing a
// file that is not BMFF (no 'ftyp' first) or whose boxes overrun it.
func topBoxes(r io.ReaderAt, n int64) ([]topBox, error) {
	var out []topBox
	var hdr [32]byte
	for pos := int64(0); pos < n; {
		if n-pos < 8 {
			return nil, fmt.Errorf("a box at byte %d is cut short (%d bytes left)", pos, n-pos)
		}
		if _, err := r.ReadAt(hdr[:8], pos); err != nil {
			return nil, err
		}
		b := topBox{Type: string(hdr[4:8]), Offset: pos, Size: int64(binary.BigEndian.Uint32(hdr[:4]))}
		head := int64(8)
		switch b.Size {
		case 0:
			b.Size = n - pos
		case 1:
			if _, err := r.ReadAt(hdr[8:16], pos+8); err != nil {
				return nil, fmt.Errorf("the large box at byte %d is cut short: %w", pos, err)
			}
			b.Size, head = int64(binary.BigEndian.Uint64(hdr[8:16])), 16
		}
		if b.Size < head || b.Size > n-pos {
			return nil, fmt.Errorf("box %q at byte %d has a size of %d bytes, which does not fit the file's %d", b.Type, pos, b.Size, n)
		}
		if b.Type == "uuid" {
			if b.Size < head+16 {
				return nil, fmt.Errorf("uuid box at byte %d is too small", pos)
			}
			b.UserType = make([]byte, 16)
			if _, err := r.ReadAt(b.UserType, pos+head); err != nil {
				return nil, err
			}
		}
		if len(out) == 0 && b.Type != "ftyp" {
			return nil, fmt.Errorf("not an MP4 or MOV file: it starts with a %q box, not 'ftyp'", b.Type)
		}
		out = append(out, b)
		pos += b.Size
	}
	if len(out) == 0 {
		return nil, errors.New("the file is empty")
	}
	return out, nil
}

// excluded reports whether the BMFF hash leaves box b out: the file type,
// the movie fragment random access box and the C2PA box itself (the
// exclusions of hashExclusions).
func excluded(b topBox) bool {
	return b.Type == "ftyp" || b.Type == "mfra" || b.isC2PA()
}

// hashExclusions are the c2pa.hash.bmff.v3 exclusions written in the
// assertion (xpath, and for the uuid box the C2PA user type at offset 8).
func hashExclusions() []exclusion {
	return []exclusion{
		{XPath: "/uuid", Data: []dataMap{{Offset: 8, Value: BoxUUID}}},
		{XPath: "/ftyp"},
		{XPath: "/mfra"},
	}
}

// bmffHash is the SHA-256 of the file r as C2PA's BMFF hard binding
// defines it (C2PA 2.1, §15.12.1): for every top-level box that is not
// excluded, in file order, its offset as a 64-bit big-endian number and
// then its bytes.
func bmffHash(r io.ReaderAt, boxes []topBox) ([]byte, error) {
	h := sha256.New()
	if err := hashBoxes(h, r, boxes); err != nil {
		return nil, err
	}
	return h.Sum(nil), nil
}

// hashBoxes writes what bmffHash hashes to h.
func hashBoxes(h hash.Hash, r io.ReaderAt, boxes []topBox) error {
	var off [8]byte
	for _, b := range boxes {
		if excluded(b) {
			continue
		}
		binary.BigEndian.PutUint64(off[:], uint64(b.Offset))
		h.Write(off[:])
		if _, err := io.Copy(h, io.NewSectionReader(r, b.Offset, b.Size)); err != nil {
			return err
		}
	}
	return nil
}

// c2paBox wraps a JUMBF manifest store in the BMFF 'uuid' box C2PA
// defines: the user type, a FullBox version and flags of 0, the purpose
// "manifest", a Merkle offset of 0, the store.
func c2paBox(store []byte) []byte {
	payload := make([]byte, 0, 16+4+9+8+len(store))
	payload = append(payload, BoxUUID...)
	payload = append(payload, 0, 0, 0, 0)
	payload = append(payload, "manifest\x00"...)
	payload = append(payload, 0, 0, 0, 0, 0, 0, 0, 0)
	payload = append(payload, store...)
	return box("uuid", payload)
}

// prepareFile opens path for embedding: its top-level boxes with any C2PA
// box it holds already removed (it must be the last box, as reel writes
// it: a C2PA box elsewhere would move the boxes after it). Another
// top-level 'uuid' box is refused: the exclusion "/uuid" must name one box.
func prepareFile(path string) (*os.File, []topBox, error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	boxes, err := topBoxes(f, fi.Size())
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	for i, b := range boxes {
		switch {
		case b.isC2PA() && i == len(boxes)-1:
			if err := f.Truncate(b.Offset); err != nil {
				f.Close()
				return nil, nil, err
			}
			boxes = boxes[:i]
		case b.isC2PA():
			f.Close()
			return nil, nil, fmt.Errorf("%s: holds Content Credentials before its last box (written by another tool): reel replaces only its own", path)
		case b.Type == "uuid":
			f.Close()
			return nil, nil, fmt.Errorf("%s: holds another top-level uuid box at byte %d, which the C2PA hash cannot tell from its own", path, b.Offset)
		}
	}
	return f, boxes, nil
}

// Strip removes the Content Credentials reel appended to the MP4 or MOV
// file at path (a C2PA box that is its last top-level box), if any. A file
// that is not BMFF, or holds none, is left as it is.
func Strip(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	boxes, err := topBoxes(f, fi.Size())
	if err != nil {
		return nil
	}
	if last := boxes[len(boxes)-1]; last.isC2PA() {
		if err := f.Truncate(last.Offset); err != nil {
			return fmt.Errorf("remove the earlier Content Credentials of %s: %w", path, err)
		}
	}
	return f.Close()
}
