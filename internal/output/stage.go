package output

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
)

// makeStage writes pkgs, files and the package list manifest, synced to disk, into the
// new subfolder of a new staging folder in out, beside an empty old
// subfolder for what the switch moves out; it returns the staging folder's
// name. On failure it removes what it wrote.
func makeStage(out string, pkgs []Package, files []File, manifest []byte) (name string, err error) {
	stage, err := os.MkdirTemp(out, fmt.Sprintf("%s%d-", stagePrefix, os.Getpid()))
	if err != nil {
		return "", fmt.Errorf("output folder %s is not writable: %w", out, err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(stage)
		}
	}()
	staged := filepath.Join(stage, stageNew)
	for _, dir := range []string{staged, filepath.Join(stage, stageOld)} {
		if err := os.Mkdir(dir, 0o755); err != nil {
			return "", fmt.Errorf("output folder %s is not writable: %w", out, err)
		}
	}
	var written []string
	for _, p := range pkgs {
		dir := filepath.Join(staged, p.Dir)
		if err := writePackage(dir, p.Files); err != nil {
			return "", err
		}
		written = append(written, dir)
		for name := range p.Files {
			written = append(written, filepath.Join(dir, name))
		}
	}
	if err := os.WriteFile(filepath.Join(staged, manifestName), manifest, 0o644); err != nil {
		return "", fmt.Errorf("writing the package list: %w", err)
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(staged, f.Name), f.Data, 0o644); err != nil {
			return "", fmt.Errorf("writing %s: %w", f.Name, err)
		}
		written = append(written, filepath.Join(staged, f.Name))
	}
	// The journal's writing syncs out, where the staging folder is.
	written = append(written, filepath.Join(staged, manifestName), staged, stage)
	if err := syncAll(written); err != nil {
		return "", fmt.Errorf("writing the packages to disk: %w", err)
	}
	return filepath.Base(stage), nil
}

// writePackage writes files into a new folder dir.
func writePackage(dir string, files map[string][]byte) error {
	if err := os.Mkdir(dir, 0o755); err != nil {
		return fmt.Errorf("writing package %s: %w", filepath.Base(dir), err)
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if err := os.WriteFile(filepath.Join(dir, name), files[name], 0o644); err != nil {
			return fmt.Errorf("writing %s: %w", filepath.Join(filepath.Base(dir), name), err)
		}
	}
	return nil
}
