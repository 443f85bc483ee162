package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
)

// A jsonl is an export's JSON Lines file, one record a line, appended to
// and committed (flushed and synced) at the checkpoints.
type jsonl struct {
	path      string
	f         *os.File
	w         *bufio.Writer
	size      int64 // bytes written, buffered ones included
	committed int64 // bytes on disk as of the last commit
}

// openJSONL opens the file at path for appending after its first size
// bytes, the ones the state counts, and cuts what follows them: what a run
// stopped mid-batch wrote, which comes again. It returns how many bytes it
// cut.
func openJSONL(path string, size int64) (*jsonl, int64, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, 0, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	if fi.Size() < size {
		f.Close()
		return nil, 0, fmt.Errorf("%s holds %d bytes where the state counts %d: it was changed since; restore it, or delete the folder to sync from the start", path, fi.Size(), size)
	}
	cut := fi.Size() - size
	if cut > 0 {
		if err := f.Truncate(size); err != nil {
			f.Close()
			return nil, 0, err
		}
		if err := f.Sync(); err != nil {
			f.Close()
			return nil, 0, err
		}
	}
	if _, err := f.Seek(size, io.SeekStart); err != nil {
		f.Close()
		return nil, 0, err
	}
	return &jsonl{path: path, f: f, w: bufio.NewWriterSize(f, 1<<16), size: size, committed: size}, cut, nil
}

// write appends rec as a line of JSON.
func (j *jsonl) write(rec any) error {
	b, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("encoding a record for %s: %w", j.path, err)
	}
	b = append(b, '\n')
	n, err := j.w.Write(b)
	j.size += int64(n)
	if err != nil {
		return fmt.Errorf("writing %s: %w", j.path, err)
	}
	return nil
}

// pending reports whether records were written since the last commit.
func (j *jsonl) pending() bool { return j.size != j.committed }

// commit writes the buffered records and syncs the file, returning its size.
func (j *jsonl) commit() (int64, error) {
	if err := j.w.Flush(); err != nil {
		return 0, fmt.Errorf("writing %s: %w", j.path, err)
	}
	if err := j.f.Sync(); err != nil {
		return 0, fmt.Errorf("syncing %s: %w", j.path, err)
	}
	j.committed = j.size
	return j.size, nil
}

// close closes the file, dropping the records not committed: the state
// does not count them, and they come again.
func (j *jsonl) close() error {
	return j.f.Close()
}
