package output

import (
	"errors"
	"os"
	"syscall"
)

// errorSharingViolation is ERROR_SHARING_VIOLATION, which package syscall
// does not name.
const errorSharingViolation syscall.Errno = 32

// tryLock opens the file path, creating it if need be, for reading and
// writing while sharing it for reading only: a second such open fails with a
// sharing violation (busy) until the first handle is closed, which the
// system does when the process dies. Others can still read the process id in
// it. A symbolic link at path is opened itself, not followed, so that the
// holder's writing of its process id cannot reach another file.
func tryLock(path string) (f *os.File, busy bool, err error) {
	name, err := syscall.UTF16PtrFromString(path)
	if err != nil {
		return nil, false, err
	}
	h, err := syscall.CreateFile(name, syscall.GENERIC_READ|syscall.GENERIC_WRITE, syscall.FILE_SHARE_READ,
		nil, syscall.OPEN_ALWAYS, syscall.FILE_ATTRIBUTE_NORMAL|syscall.FILE_FLAG_OPEN_REPARSE_POINT, 0)
	if err != nil {
		return nil, errors.Is(err, errorSharingViolation), &os.PathError{Op: "open", Path: path, Err: err}
	}
	return os.NewFile(uintptr(h), path), false, nil
}
