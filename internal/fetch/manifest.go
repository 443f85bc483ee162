package fetch

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/stgen-dev/stgen/internal/spec"
)

// ManifestName is the name of the manifest in a release folder.
const ManifestName = spec.ManifestFile

// DateLayout is the layout of a release date and of a release folder's name ("2026-05-11").
const DateLayout = time.DateOnly

// Manifest describes a fetched release; it is written as manifest.json in
// the release folder, indented, with its documents sorted by id.
type Manifest struct {
	// Release is the release date, the folder's name ("2026-05-11").
	Release string `json:"release"`
	// Source is the base URL of the portal the documents came from.
	Source string `json:"source"`
	// FetchedAt is when the fetch started, in UTC, to the second.
	FetchedAt time.Time `json:"fetchedAt"`
	// StgenVersion is the version of the stgen that fetched the release, "(devel)" for a build from source.
	StgenVersion string `json:"stgenVersion"`
	// Documents lists the release's documents, sorted by ID.
	Documents []Entry `json:"documents"`
	// Failed lists the catalog's documents that a fetch with --keep-going
	// could not fetch or load, sorted by ID: the release lacks them.
	Failed []Failure `json:"failed,omitempty"`
}

// Failure is a document of the catalog that a fetch left out.
type Failure struct {
	// ID is the API's id in the portal's catalog.
	ID string `json:"id"`
	// DisplayName is the API's name in the catalog.
	DisplayName string `json:"displayName"`
	// Error says why it was left out.
	Error string `json:"error"`

	err error
}

// Entry describes one document of a fetched release.
type Entry struct {
	// ID is the API's id in the portal's catalog ("tenant-crm-v2").
	ID string `json:"id"`
	// DisplayName is the API's name in the catalog ("CRM").
	DisplayName string `json:"displayName"`
	// Beta reports whether the catalog marks the API as beta.
	Beta bool `json:"beta"`
	// File is the document's file name in the release folder ("tenant-crm-v2.json").
	File string `json:"file"`
	// Bytes is the document's size.
	Bytes int64 `json:"bytes"`
	// SHA256 is the hex SHA-256 of the document's bytes.
	SHA256 string `json:"sha256"`
	// OpenAPI is the document's OpenAPI version ("3.1.0").
	OpenAPI string `json:"openapi"`
	// Domain is the domain's Go package name, as the loader derives it ("crm").
	Domain string `json:"domain"`
	// BasePath is the path of the document's servers ("/crm/v2").
	BasePath string `json:"basePath"`
	// Operations is the number of operations the document declares.
	Operations int `json:"operations"`
}

// ReadManifest reads the manifest of the release folder dir.
func ReadManifest(dir string) (*Manifest, error) {
	file := filepath.Join(dir, ManifestName)
	b, err := os.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: no %s: the folder was not written by stgen fetch", dir, ManifestName)
	}
	if err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s: not a release manifest: %v", file, err)
	}
	if _, err := time.Parse(DateLayout, m.Release); err != nil {
		return nil, fmt.Errorf("%s: release %q is not a date (YYYY-MM-DD)", file, m.Release)
	}
	return &m, nil
}

// write writes m into the folder dir.
func (m *Manifest) write(dir string) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, ManifestName), append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("writing the manifest: %w", err)
	}
	return nil
}

// ReleaseName names the release in dir: the release date of the manifest
// stgen fetch wrote there, else the folder's name ("2026-05-11").
func ReleaseName(dir string) string {
	m, _ := ReadManifest(dir)
	return m.ReleaseIn(dir)
}

// ReleaseIn names the release in dir, whose manifest is m (nil for a
// folder without one): as ReleaseName does, for a caller that has read
// the manifest already.
func (m *Manifest) ReleaseIn(dir string) string {
	if m != nil && m.Release != "" {
		return m.Release
	}
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	return filepath.Base(filepath.Clean(dir))
}
