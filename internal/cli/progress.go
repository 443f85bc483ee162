package cli

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/stgen-dev/stgen/internal/pipeline"
	"github.com/stgen-dev/stgen/internal/plural"
)

// spinInterval is how often the status line of a terminal is redrawn.
const spinInterval = 100 * time.Millisecond

// spinFrames are the frames of the status line's spinner, one byte each.
const spinFrames = `|/-\`

// progress prints a generation's progress to a writer (stderr): one line
// per domain as it is generated and, on a terminal, a status line below
// them that a spinner keeps alive while documents load and generate. It is
// a pipeline.Progress.
type progress struct {
	w     io.Writer
	quiet bool // no domain lines (errors are the caller's)

	mu     sync.Mutex // guards the rest, and writing to w
	total  int
	done   int
	frame  int
	live   bool          // a status line is kept below the lines
	status bool          // the status line is shown
	stop   chan struct{} // ends the spinner; nil without one
	ended  chan struct{}
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// newProgress returns the progress printer of w, with a status line on a
// terminal unless quiet.
func newProgress(w io.Writer, quiet, terminal bool) *progress {
	return &progress{w: w, quiet: quiet, live: terminal && !quiet}
}

// spin redraws the status line, with the spinner's next frame, every
// interval until end is called; it does nothing without a status line.
func (p *progress) spin(interval time.Duration) {
	if !p.live {
		return
	}
	p.stop, p.ended = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(p.ended)
		ticker := time.NewTicker(interval)
		defer ticker.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-ticker.C:
				p.tick()
			}
		}
	}()
}

// tick redraws the status line with the spinner's next frame, once the
// run has started loading documents.
func (p *progress) tick() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.frame++
	if p.live && p.total > 0 {
		p.drawStatus()
	}
}

// Start implements pipeline.Progress.
func (p *progress) Start(documents int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.total = documents
	if p.live {
		p.drawStatus()
	}
}

// Done implements pipeline.Progress: a generated domain gets its line.
func (p *progress) Done(s pipeline.Step) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	if s.Package != nil && !p.quiet {
		pkg := s.Package
		p.println(fmt.Sprintf("%-22s %4d %-10s %5d %-5s %6s", pkg.Name, pkg.Operations, plural.Of(pkg.Operations, "operation", "operations"),
			pkg.Types, plural.Of(pkg.Types, "type", "types"), s.Elapsed.Round(time.Millisecond)))
	}
	if p.live {
		p.drawStatus()
	}
}

// Printf prints a line of its own, such as the summary, above the status line.
func (p *progress) Printf(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.println(fmt.Sprintf(format, args...))
}

// end stops the spinner and clears the status line, so that what follows
// (an error) starts on a line of its own.
func (p *progress) end() {
	if p.stop != nil {
		close(p.stop)
		<-p.ended
		p.stop = nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.live = false
	p.clearStatus()
}

// println prints line above the status line. It is called with mu held.
func (p *progress) println(line string) {
	p.clearStatus()
	fmt.Fprintln(p.w, line)
}

// drawStatus draws the status line anew. It is called with mu held.
func (p *progress) drawStatus() {
	p.clearStatus()
	fmt.Fprintf(p.w, "%c generating: %d of %d documents done", spinFrames[p.frame%len(spinFrames)], p.done, p.total)
	p.status = true
}

// clearStatus erases the status line. It is called with mu held.
func (p *progress) clearStatus() {
	if p.status {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.status = false
	}
}
