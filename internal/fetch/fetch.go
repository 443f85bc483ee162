package fetch

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/stgen-dev/stgen/internal/output"
	"github.com/stgen-dev/stgen/internal/spec"
	"github.com/stgen-dev/stgen/internal/version"
)

// Defaults of the Config fields left zero.
const (
	// DefaultConcurrency is how many documents are downloaded at a time.
	DefaultConcurrency = 4
	// DefaultTimeout bounds one attempt of one request, reading the body included.
	DefaultTimeout = time.Minute
	// DefaultMaxAttempts bounds the attempts per request, the first included.
	DefaultMaxAttempts = 4
	// DefaultRetryBaseDelay is the ceiling of the first backoff delay; it doubles on every retry.
	DefaultRetryBaseDelay = 500 * time.Millisecond
	// DefaultRetryMaxDelay caps the backoff delay ceiling.
	DefaultRetryMaxDelay = 8 * time.Second
	// DefaultMaxRetryAfter caps the wait a server asks for with Retry-After.
	DefaultMaxRetryAfter = 30 * time.Second
	// DefaultMaxBytes bounds the size of one response: documents are a few megabytes.
	DefaultMaxBytes = 64 << 20
)

// Config says what to fetch and where; zero fields mean the defaults.
type Config struct {
	// Out is the folder the release folder is written into (required); it is created if need be.
	Out string
	// BaseURL is the portal's base URL; it must pass ParseBaseURL. Default: DefaultBaseURL.
	BaseURL string
	// Date names the release folder, in DateLayout. Default: today in UTC.
	Date string
	// IDs limits the fetch to these APIs of the catalog. Default: every API, beta ones included.
	IDs []string
	// Force replaces an existing release folder; without it Release fails when the folder exists.
	Force bool

	// Concurrency is how many documents are downloaded at a time.
	Concurrency int
	// Timeout bounds one attempt of one request, reading the body included;
	// when ctx has a deadline, authmw.RetryTransport lets that deadline
	// bound each request instead.
	Timeout time.Duration
	// MaxAttempts bounds the attempts per request, the first included; 1 disables retries.
	MaxAttempts int
	// RetryBaseDelay is the ceiling of the first backoff delay; the ceiling doubles on every retry.
	RetryBaseDelay time.Duration
	// RetryMaxDelay caps the backoff delay ceiling.
	RetryMaxDelay time.Duration
	// MaxRetryAfter caps the wait a server asks for with Retry-After.
	MaxRetryAfter time.Duration
	// MaxBytes bounds the size of one response.
	MaxBytes int64
	// Transport sends the requests; nil means http.DefaultTransport.
	// Retries (authmw.RetryTransport) are made above it.
	Transport http.RoundTripper
	// KeepGoing writes the release with the documents that were fetched
	// and load when others fail; Release still fails, naming those.
	KeepGoing bool

	// Log, if set, gets one line per document (id, bytes, operations, time) and a summary.
	Log io.Writer
	// Logger, if set, gets one record per request attempt (authmw.RetryTransport's).
	Logger *slog.Logger
}

// Release downloads the catalog at cfg.BaseURL and the documents it lists
// (or cfg.IDs of them), checks each with the project's loader, and writes
// them with a manifest into the folder cfg.Out/cfg.Date, which it returns
// the manifest of. Everything is first written into a staging folder beside
// it, then moved into place in one step (output.InstallFolder): on any
// failure, or when ctx ends, nothing is left behind. Each failed document
// is one line of the error. With cfg.KeepGoing, the documents that did
// load are written, and the manifest lists the others as failed; Release
// still returns the error, with the manifest.
func Release(ctx context.Context, cfg Config) (*Manifest, error) {
	start := time.Now()
	base, err := ParseBaseURL(orDefault(cfg.BaseURL, DefaultBaseURL))
	if err != nil {
		return nil, err
	}
	date := cfg.Date
	if date == "" {
		date = start.UTC().Format(DateLayout)
	} else if _, err := time.Parse(DateLayout, date); err != nil {
		return nil, fmt.Errorf("release date %q is not a date (YYYY-MM-DD)", date)
	}
	if cfg.Out == "" {
		return nil, errors.New("no output folder given")
	}
	final := filepath.Join(cfg.Out, date)
	if _, err := os.Lstat(final); err == nil && !cfg.Force {
		return nil, existsError(final)
	}
	log := cfg.Log
	if log == nil {
		log = io.Discard
	}
	d := newDownloader(cfg)

	apis, err := fetchCatalog(ctx, d, base)
	if err != nil {
		return nil, interrupted(ctx, err)
	}
	if apis, err = selectAPIs(apis, cfg.IDs); err != nil {
		return nil, err
	}
	apis, refused := checkIDs(apis)
	if len(refused) > 0 && (!cfg.KeepGoing || len(apis) == 0) {
		return nil, errors.Join(failureErrors(refused)...)
	}

	undo, err := output.MakeDirs(cfg.Out)
	if err != nil {
		return nil, fmt.Errorf("output folder %s cannot be created: %w", cfg.Out, err)
	}
	installed := false
	defer func() {
		if !installed {
			undo()
		}
	}()
	stage, err := os.MkdirTemp(cfg.Out, stagePrefix+date+"-")
	if err != nil {
		return nil, fmt.Errorf("output folder %s is not writable: %w", cfg.Out, err)
	}
	defer os.RemoveAll(stage)

	entries, failures := fetchDocuments(ctx, d, base, apis, stage, orDefault(cfg.Concurrency, DefaultConcurrency), log)
	if ctx.Err() != nil {
		return nil, interrupted(ctx, ctx.Err())
	}
	failures = append(refused, failures...)
	slices.SortFunc(failures, func(a, b Failure) int { return strings.Compare(a.ID, b.ID) })
	if len(failures) > 0 && (!cfg.KeepGoing || len(entries) == 0) {
		return nil, errors.Join(failureErrors(failures)...)
	}
	m := &Manifest{
		Release:      date,
		Source:       base,
		FetchedAt:    start.UTC().Truncate(time.Second),
		StgenVersion: version.Current().Version,
		Documents:    entries,
		Failed:       failures,
	}
	if err := m.write(stage); err != nil {
		return nil, err
	}
	// MkdirTemp made the folder private; a release is as readable as any folder.
	if err := os.Chmod(stage, 0o755); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, interrupted(ctx, err)
	}
	previous, err := output.InstallFolder(stage, final, cfg.Force)
	if errors.Is(err, fs.ErrExist) {
		return nil, existsError(final)
	}
	if err != nil {
		return nil, err
	}
	installed = true
	if previous != "" && previous != stage {
		os.RemoveAll(previous)
	}
	var size int64
	var ops int
	for _, e := range entries {
		size += e.Bytes
		ops += e.Operations
	}
	noun := "documents"
	if len(entries) == 1 {
		noun = "document"
	}
	fmt.Fprintf(log, "fetched %d %s (%d bytes, %d operations) from %s into %s in %s\n",
		len(entries), noun, size, ops, base, final, time.Since(start).Round(time.Millisecond))
	if len(failures) > 0 {
		return m, fmt.Errorf("%w\n%d of the documents failed: %s holds the others, and its manifest lists the failed ones", errors.Join(failureErrors(failures)...), len(failures), final)
	}
	return m, nil
}

// failureErrors returns the errors of failures, in their order.
func failureErrors(failures []Failure) []error {
	errs := make([]error, len(failures))
	for i, f := range failures {
		errs[i] = f.err
	}
	return errs
}

// interrupted replaces err by one line when ctx has ended: every download
// then fails alike.
func interrupted(ctx context.Context, err error) error {
	if ctx.Err() == nil {
		return err
	}
	return fmt.Errorf("interrupted (%w): nothing was written", context.Cause(ctx))
}

// fetchDocuments downloads the documents of apis, concurrency at a time,
// into the folder stage and checks each; it returns the entries of those
// that load, and the failures of the others, each in the order of apis.
func fetchDocuments(ctx context.Context, d *downloader, base string, apis []api, stage string, concurrency int, log io.Writer) ([]Entry, []Failure) {
	entries := make([]Entry, len(apis))
	errs := make([]error, len(apis))
	var logMu sync.Mutex // serializes the progress lines
	sem := make(chan struct{}, concurrency)
	var wg sync.WaitGroup
	for i, a := range apis {
		wg.Go(func() {
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				errs[i] = ctx.Err()
				return
			}
			defer func() { <-sem }()
			t0 := time.Now()
			entries[i], errs[i] = fetchDocument(ctx, d, base, a, stage)
			if errs[i] != nil {
				return
			}
			logMu.Lock()
			defer logMu.Unlock()
			fmt.Fprintf(log, "%-36s %9d bytes %4d operations %7s\n", a.ID, entries[i].Bytes, entries[i].Operations, time.Since(t0).Round(time.Millisecond))
		})
	}
	wg.Wait()
	var ok []Entry
	var failed []Failure
	for i, a := range apis {
		if errs[i] != nil {
			failed = append(failed, Failure{ID: a.ID, DisplayName: a.DisplayName, Error: errs[i].Error(), err: errs[i]})
		} else {
			ok = append(ok, entries[i])
		}
	}
	return ok, failed
}

// fetchDocument downloads the document of a into the folder stage, named
// after its id and its format, and loads it. A document that cannot be
// written whole or does not load is removed from stage: with KeepGoing the
// stage becomes the release, which must hold only documents that load.
func fetchDocument(ctx context.Context, d *downloader, base string, a api, stage string) (Entry, error) {
	u := base + catalogPath + "/" + url.PathEscape(a.ID)
	body, err := d.get(ctx, u)
	if err != nil {
		return Entry{}, fmt.Errorf("%s: %w", a.ID, err)
	}
	name := a.ID + extension(body)
	file := filepath.Join(stage, name)
	if err := os.WriteFile(file, body, 0o644); err != nil {
		os.Remove(file)
		return Entry{}, fmt.Errorf("%s: writing %s: %w", a.ID, name, err)
	}
	doc, err := spec.Load(file)
	if err != nil {
		if rerr := os.Remove(file); rerr != nil {
			return Entry{}, fmt.Errorf("%s: removing %s, which does not load: %w", a.ID, name, rerr)
		}
		// The staged file is gone once the run ends: name the document as served.
		var serr *spec.Error
		if errors.As(err, &serr) {
			located := *serr
			located.File = name
			err = &located
		}
		return Entry{}, fmt.Errorf("%s: %s is not a usable OpenAPI document: %w", a.ID, u, err)
	}
	sum := sha256.Sum256(body)
	return Entry{
		ID:          a.ID,
		DisplayName: a.DisplayName,
		Beta:        a.IsBeta,
		File:        name,
		Bytes:       int64(len(body)),
		SHA256:      hex.EncodeToString(sum[:]),
		OpenAPI:     doc.OpenAPI.OpenAPI,
		Domain:      doc.Domain,
		BasePath:    doc.BasePath,
		Operations:  doc.Operations(),
	}, nil
}

// extension returns ".json" for a body that is a JSON object or array (as
// the loader tells them), ".yaml" for anything else.
func extension(body []byte) string {
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(body, []byte("\ufeff")), " \t\r\n")
	if len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[') {
		return ".json"
	}
	return ".yaml"
}

// orDefault returns v, or def when v is the zero value.
func orDefault[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}
