package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"
)

// maxStateBytes bounds the state file read: two tokens and two sizes take
// a few hundred bytes.
const maxStateBytes = 1 << 20

// A position is where one export stands: the token to resume from and the
// size of its file when every record before that token was written.
type position struct {
	Token string `json:"token"`
	Bytes int64  `json:"bytes"`
}

// A store is the state file, state.json: the position of each export,
// saved whole and atomically. It is safe for concurrent use.
type store struct {
	path string

	mu    sync.Mutex // guards feeds and the file
	feeds map[string]position
}

// openStore reads the state file at path; a missing one is an empty state.
func openStore(path string) (*store, error) {
	s := &store{path: path, feeds: map[string]position{}}
	b, err := readLimited(path, maxStateBytes)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the state: %w", err)
	}
	var st struct {
		Feeds map[string]position `json:"feeds"`
	}
	if err := json.Unmarshal(b, &st); err != nil {
		return nil, fmt.Errorf("the state %s is not what etl writes (%v): restore it, or delete the folder to sync from the start", path, err)
	}
	for name, p := range st.Feeds {
		if p.Bytes < 0 {
			return nil, fmt.Errorf("the state %s gives %s a negative size: restore it, or delete the folder to sync from the start", path, name)
		}
		s.feeds[name] = p
	}
	return s, nil
}

// readLimited reads the file at path, failing if it holds more than limit bytes.
func readLimited(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s is larger than %d bytes", path, limit)
	}
	return b, nil
}

// get returns the position saved for the export name, the zero position if none.
func (s *store) get(name string) position {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.feeds[name]
}

// save records the position of the export name and writes the state file
// atomically: a new file, synced, renamed over the old one, the folder synced.
func (s *store) save(name string, p position) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.feeds[name] = p
	b, err := json.MarshalIndent(struct {
		Feeds map[string]position `json:"feeds"`
	}{s.feeds}, "", "  ")
	if err != nil {
		return err
	}
	if err := writeAtomic(s.path, append(b, '\n')); err != nil {
		return fmt.Errorf("saving the state: %w", err)
	}
	return nil
}

// writeAtomic replaces the file at path with data, whole or not at all,
// even if the machine stops.
func writeAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	return syncDir(dir)
}

// syncDir makes a rename in dir durable. Windows cannot sync a folder; its
// renames are journaled.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
