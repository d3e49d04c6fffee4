package cache

import (
	"os"
	"syscall"
)

// ficlone is Linux's FICLONE ioctl: dst shares src's blocks, copied on
// write.
const ficlone = 0x40049409

// clone makes dst a copy-on-write clone of src, and says whether it could
// (not on ext4, across file systems, or on a kernel without reflink).
func clone(dst, src *os.File) bool {
	_, _, errno := syscall.Syscall(syscall.SYS_IOCTL, dst.Fd(), ficlone, src.Fd())
	return errno == 0
}
