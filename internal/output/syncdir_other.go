//go:build !unix

package output

// syncDir does nothing: these systems cannot fsync a folder (Windows denies
// it; NTFS journals its entries itself).
func syncDir(dir string) error { return nil }
