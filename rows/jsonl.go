package rows

import "bytes"

// readJSONL reads rows from JSON Lines: one object per line; blank lines
// are skipped.
func readJSONL(name string, data []byte) ([]Row, error) {
	var rows []Row
	var bad problems
	for off := 0; off < len(data); {
		end := bytes.IndexByte(data[off:], '\n')
		if end < 0 {
			end = len(data)
		} else {
			end += off
		}
		if len(bytes.TrimSpace(data[off:end])) > 0 {
			j := newJSONReader(name, data, off, end, "line")
			r, err := j.row(len(rows) + 1)
			if err == nil {
				err = j.finish("line's object")
			}
			if err != nil {
				bad = append(bad, err)
			} else {
				bad = append(bad, j.bad...)
			}
			rows = append(rows, r)
		}
		off = end + 1
	}
	if err := bad.err(); err != nil {
		return nil, err
	}
	return rows, nil
}
