package cli

import (
	"strings"
	"testing"
	"time"

	"github.com/stgen-dev/stgen/internal/gen"
	"github.com/stgen-dev/stgen/internal/pipeline"
)

// TestProgressTerminal drives the printer of a terminal: a status line
// counts the documents, is redrawn on every tick with the spinner's next
// frame, is erased before each domain line and the summary, and is gone
// once the run ends.
func TestProgressTerminal(t *testing.T) {
	var w strings.Builder
	p := newProgress(&w, false, true)
	p.tick() // while waiting for --out: no status line yet
	p.Start(2)
	p.tick()
	p.Done(pipeline.Step{File: "crm.json", Package: &gen.Package{Name: "crm", Operations: 2, Types: 4}, Elapsed: 1500 * time.Microsecond})
	p.Done(pipeline.Step{File: "broken.json"})
	p.tick()
	p.Printf("generated 1 domain package")
	p.end()
	p.tick()
	const clear = "\r\x1b[K"
	want := "/ generating: 0 of 2 documents done" +
		clear + "- generating: 0 of 2 documents done" +
		clear + "crm                       2 operations     4 types    2ms\n" +
		"- generating: 1 of 2 documents done" +
		clear + "- generating: 2 of 2 documents done" +
		clear + "\\ generating: 2 of 2 documents done" +
		clear + "generated 1 domain package\n"
	if got := w.String(); got != want {
		t.Errorf("output =\n%q\nwant\n%q", got, want)
	}
}

// TestProgressPlain: elsewhere than on a terminal, the domain lines only;
// quiet, nothing.
func TestProgressPlain(t *testing.T) {
	for _, quiet := range []bool{false, true} {
		var w strings.Builder
		p := newProgress(&w, quiet, false)
		p.spin(time.Nanosecond)
		p.Start(2)
		p.Done(pipeline.Step{File: "crm.json", Package: &gen.Package{Name: "crm", Operations: 2, Types: 4}, Elapsed: time.Millisecond})
		p.end()
		want := "crm                       2 operations     4 types    1ms\n"
		if quiet {
			want = ""
		}
		if w.String() != want {
			t.Errorf("quiet %t: output = %q; want %q", quiet, w.String(), want)
		}
	}
}
