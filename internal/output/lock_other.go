//go:build !(darwin || dragonfly || freebsd || illumos || linux || netbsd || openbsd || windows)

package output

import "os"

// tryLock opens the file path, creating it if need be. These systems offer
// no file lock through package syscall that goes with the process, so runs
// are not excluded: two runs into one folder at once may mix their output.
func tryLock(path string) (f *os.File, busy bool, err error) {
	f, err = os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	return f, false, err
}
