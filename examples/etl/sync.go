package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/stgen-dev/stgen/examples/etl/internal/st/accounting"
	"github.com/stgen-dev/stgen/examples/etl/internal/st/crm"
	"github.com/stgen-dev/stgen/examples/etl/internal/st/servicetitan"
	"github.com/stgen-dev/stgen/stapi"
)

// A syncer drains exports into JSON Lines files, saving where each stands
// in the state.
type syncer struct {
	state  *store
	tables []*table
	unlock func()
	log    *slog.Logger
}

// A table is one export and the file its records go to.
type table struct {
	name  string
	out   *jsonl
	drain func(ctx context.Context) (int, error)
}

// open takes the folder opts.out for this process, cuts its files back to
// the saved state, and starts the customers and invoices exports where the
// state says, or at opts.since.
func open(st *servicetitan.Client, opts options, log *slog.Logger) (_ *syncer, err error) {
	if err := os.MkdirAll(opts.out, 0o755); err != nil {
		return nil, fmt.Errorf("creating the output folder: %w", err)
	}
	unlock, err := lock(filepath.Join(opts.out, "etl.lock"))
	if err != nil {
		return nil, err
	}
	s := &syncer{unlock: unlock, log: log}
	defer func() {
		if err != nil {
			s.close()
		}
	}()
	if s.state, err = openStore(filepath.Join(opts.out, "state.json")); err != nil {
		return nil, err
	}
	if err := addTable(s, opts, "customers", func(saved string) *stapi.Feed[crm.ExportCustomerResponse] {
		return customersFeed(st, saved, opts.since, opts.recent)
	}); err != nil {
		return nil, err
	}
	if err := addTable(s, opts, "invoices", func(saved string) *stapi.Feed[accounting.ExportInvoiceResponse] {
		return invoicesFeed(st, saved, opts.since, opts.recent)
	}); err != nil {
		return nil, err
	}
	return s, nil
}

// addTable opens the file of the export name, cut back to the size the
// state saved, and its feed from the token the state saved.
func addTable[T any](s *syncer, opts options, name string, newFeed func(saved string) *stapi.Feed[T]) error {
	pos := s.state.get(name)
	path := filepath.Join(opts.out, name+".jsonl")
	out, cut, err := openJSONL(path, pos.Bytes)
	if err != nil {
		return err
	}
	if cut > 0 {
		s.log.Info("cut back what the last run wrote after its last saved token: those records come again", "export", name, "file", path, "bytes", cut)
	}
	switch {
	case pos.Token != "":
		s.log.Info("resuming from the saved token", "export", name)
	case !opts.since.IsZero():
		s.log.Info("starting at the records modified since", "export", name, "since", opts.since)
	default:
		s.log.Info("starting at the beginning", "export", name)
	}
	feed, saved := newFeed(pos.Token), pos.Token
	s.tables = append(s.tables, &table{name: name, out: out, drain: func(ctx context.Context) (int, error) {
		return drain(ctx, feed, &saved, out, func(p position) error { return s.state.save(name, p) })
	}})
	return nil
}

// close closes the files and lets another process take the folder.
func (s *syncer) close() {
	for _, t := range s.tables {
		t.out.close()
	}
	s.unlock()
}

// loop drains the exports until they have caught up, then, every so
// often, again from where they stand, until ctx ends; with every zero it
// returns once they have caught up.
func (s *syncer) loop(ctx context.Context, every time.Duration) error {
	for {
		if err := s.once(ctx); err != nil {
			return err
		}
		if every == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(every):
		}
	}
}

// once drains every export, each in its own goroutine, until it has caught
// up; the first error stops them all.
func (s *syncer) once(ctx context.Context) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var wg sync.WaitGroup
	for _, t := range s.tables {
		wg.Go(func() {
			n, err := t.drain(ctx)
			if err != nil {
				cancel(fmt.Errorf("%s: %w", t.name, err))
				return
			}
			s.log.Info("caught up", "export", t.name, "records", n)
		})
	}
	wg.Wait()
	return context.Cause(ctx)
}

// drain writes the records of feed to out until the server says it has no
// more, which means the feed has caught up: its Token is then where to poll
// from later. After each batch whose records are all written, it saves the
// token with the size of out, the state a later run starts from; *saved is
// the token the state holds.
func drain[T any](ctx context.Context, feed *stapi.Feed[T], saved *string, out *jsonl, save func(position) error) (int, error) {
	checkpoint := func(caughtUp bool) error {
		// A last batch may come without a token: once caught up, its
		// records are saved with the token before it, and may come again.
		if feed.Token() == *saved && !(caughtUp && out.pending()) {
			return nil
		}
		size, err := out.commit()
		if err != nil {
			return err
		}
		if err := save(position{Token: feed.Token(), Bytes: size}); err != nil {
			return err
		}
		*saved = feed.Token()
		return nil
	}
	n := 0
	for rec, err := range feed.All(ctx) {
		// The feed moves its token once every record of a batch was
		// yielded, before it asks for the next: the records written so
		// far all came before it, and an error comes between batches.
		if cerr := checkpoint(false); cerr != nil {
			return n, cerr
		}
		if err != nil {
			return n, err
		}
		if err := out.write(rec); err != nil {
			return n, err
		}
		n++
	}
	return n, checkpoint(true)
}
