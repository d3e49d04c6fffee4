package cache

import (
	"fmt"
	"os"
	"syscall"
)

// statusStamp is a file's device, inode and status-change time. They catch a
// file rewritten in place with its size and modification time put back
// (touch -d, a restore, a sync tool): setting the mtime changes the ctime,
// which no user can set.
func statusStamp(fi os.FileInfo) string {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return ""
	}
	return fmt.Sprintf(" %d %d %d.%09d", st.Dev, st.Ino, st.Ctim.Sec, st.Ctim.Nsec)
}
