//go:build unix

package output

import "os"

// syncDir makes the entries of folder dir (files created, renamed or
// removed there) durable, as fsync(2) on the folder does.
func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
