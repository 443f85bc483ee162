//go:build darwin || dragonfly || freebsd || illumos || linux || netbsd || openbsd

package output

import (
	"errors"
	"os"
	"syscall"
)

// tryLock opens the file path, creating it if need be, and takes an
// exclusive flock(2) on it without waiting; busy reports that another open
// file holds it. A flock belongs to the open file, so two runs in one process
// exclude each other too, and it is released when the process dies. A
// symlink at path is refused, so that the holder's writing of its process id
// cannot reach another file.
func tryLock(path string) (f *os.File, busy bool, err error) {
	f, err = os.OpenFile(path, os.O_RDWR|os.O_CREATE|syscall.O_NOFOLLOW, 0o644)
	if err != nil {
		return nil, false, err
	}
	conn, err := f.SyscallConn()
	if err != nil {
		f.Close()
		return nil, false, err
	}
	var lockErr error
	err = conn.Control(func(fd uintptr) {
		for {
			lockErr = syscall.Flock(int(fd), syscall.LOCK_EX|syscall.LOCK_NB)
			if !errors.Is(lockErr, syscall.EINTR) {
				return
			}
		}
	})
	if err == nil && lockErr != nil {
		err = &os.PathError{Op: "flock", Path: path, Err: lockErr}
	}
	if err != nil {
		f.Close()
		return nil, errors.Is(err, syscall.EWOULDBLOCK), err
	}
	return f, false, nil
}
