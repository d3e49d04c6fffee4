package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// joinSurrogates rewrites, in a JSON file, each escaped UTF-16 surrogate
// pair ("\ud83d\udc4d", as Python's json.dump writes any character past
// U+FFFF) as the one escape YAML reads ("\U0001F44D"). YAML 1.2 means to
// read JSON, but yaml.v3 refuses such pairs. A file that is not JSON is
// returned as it is: in YAML, a backslash escapes only inside double quotes.
// Lines are kept, so errors still name the right one.
func joinSurrogates(data []byte) []byte {
	if !bytes.Contains(data, []byte(`\u`)) && !bytes.Contains(data, []byte(`\U`)) || !json.Valid(data) {
		return data
	}
	var out bytes.Buffer
	inString := false
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case !inString:
			inString = c == '"'
		case c == '"':
			inString = false
		case c == '\\':
			if hi, ok := hex4(data, i); ok && hi >= 0xd800 && hi <= 0xdbff {
				if lo, ok := hex4(data, i+6); ok && lo >= 0xdc00 && lo <= 0xdfff {
					fmt.Fprintf(&out, `\U%08X`, 0x10000+(hi-0xd800)<<10+(lo-0xdc00))
					i += 11
					continue
				}
			}
			out.WriteByte(c)
			i++
			c = data[i]
		}
		out.WriteByte(c)
	}
	return out.Bytes()
}

// hex4 reads the \uXXXX escape at data[i:].
func hex4(data []byte, i int) (uint64, bool) {
	if i+6 > len(data) || data[i] != '\\' || data[i+1] != 'u' {
		return 0, false
	}
	v, err := strconv.ParseUint(string(data[i+2:i+6]), 16, 32)
	return v, err == nil
}
