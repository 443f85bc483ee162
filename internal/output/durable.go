package output

import (
	"errors"
	"os"
	"sync"
)

// syncers bounds the syncs syncAll waits on at once.
const syncers = 16

// syncAll syncs the files and folders paths to disk, several at once: the
// file system commits syncs that wait together in one go.
func syncAll(paths []string) error {
	errs := make([]error, len(paths))
	sem := make(chan struct{}, syncers)
	var wg sync.WaitGroup
	for i, p := range paths {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			errs[i] = syncPath(p)
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// syncPath syncs the file or folder path to disk.
func syncPath(path string) error {
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	if info.IsDir() {
		return syncDir(path)
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cErr := f.Close(); err == nil {
		err = cErr
	}
	return err
}

// writeFileSynced writes data into a new file path and syncs it to disk.
func writeFileSynced(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cErr := f.Close(); err == nil {
		err = cErr
	}
	return err
}
