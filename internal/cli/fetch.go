package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/stgen-dev/stgen/internal/fetch"
)

const fetchUsage = `Usage: stgen fetch --out DIR [--from BASEURL] [--ids tenant-crm-v2,...] [--date YYYY-MM-DD] [--force] [--keep-going] [--timeout 1m]

Downloads a release of ServiceTitan's API documents from the developer portal
into DIR/YYYY-MM-DD: every API of the portal's catalog, beta APIs included, or
those --ids names. Each document is written byte for byte as served, as
<id>.json (<id>.yaml for a YAML document), and checked to load as an OpenAPI
document. A failed or interrupted (SIGINT) run leaves DIR as it was; an
existing release folder is replaced, in one step, only with --force. With
--keep-going the documents that load are written even if others fail (the
run still fails, naming them). Progress goes to stderr, one line per
document.

What it reads from the portal (--from, default https://developer.servicetitan.io):
  GET {base}/api/docs/apis       the catalog: a JSON array of groups
                                 {"displayName", "apis": [{"id", "displayName",
                                 "description", "isBeta", "hasWebhooks"}]}
  GET {base}/api/docs/apis/{id}  the OpenAPI document of the API id
An id that cannot name a file in the release folder (not letters, digits,
'.', '_' and '-'; a Windows device name; "manifest"; two ids differing only
in case) is refused. Requests go 4 at a time; 429, 5xx, dropped connections
and bodies cut short are retried, after Retry-After when the server sends
one; --timeout bounds each attempt, the body included.

What it writes: DIR/YYYY-MM-DD/manifest.json, beside the documents:
{"release", "source", "fetchedAt", "stgenVersion", "documents": [{"id",
"displayName", "beta", "file", "bytes", "sha256", "openapi", "domain",
"basePath", "operations"}], "failed": [{"id", "displayName", "error"}]}
(failed: with --keep-going, the documents the release lacks).
`

func runFetch(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("fetch", fetchUsage, stderr)
	out := fs.String("out", "", "folder to write the release folder into")
	from := fs.String("from", fetch.DefaultBaseURL, "base URL of the portal: https, or http to a loopback host")
	ids := fs.String("ids", "", "comma-separated catalog ids to fetch (default: all, beta APIs included)")
	date := fs.String("date", "", "name of the release folder, a date YYYY-MM-DD (default: today, UTC)")
	force := fs.Bool("force", false, "replace the release folder if it exists")
	timeout := fs.Duration("timeout", fetch.DefaultTimeout, "time allowed for one attempt of a request, reading the document included")
	keepGoing := fs.Bool("keep-going", false, "write the documents that load even if others fail (the run still fails)")
	if code := parseFlags(fs, args, stdout); code >= 0 {
		return code
	}
	if code := requireFlags(fs, "out"); code >= 0 {
		return code
	}
	if _, err := fetch.ParseBaseURL(*from); err != nil {
		return usageError(fs, "--from: %v", err)
	}
	if *date != "" {
		if _, err := time.Parse(fetch.DateLayout, *date); err != nil {
			return usageError(fs, "--date %q is not a date YYYY-MM-DD", *date)
		}
	}
	if *timeout <= 0 {
		return usageError(fs, "--timeout %v must be positive", *timeout)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// A second signal, while the run cleans up, ends the process as usual.
	context.AfterFunc(ctx, stop)
	_, err := fetch.Release(ctx, fetch.Config{
		Out:       *out,
		BaseURL:   *from,
		Date:      *date,
		IDs:       splitList(*ids),
		Force:     *force,
		Timeout:   *timeout,
		KeepGoing: *keepGoing,
		Log:       stderr,
	})
	if err != nil {
		// One line per error: a run joins one per failed document.
		for line := range strings.SplitSeq(err.Error(), "\n") {
			fmt.Fprintln(stderr, "stgen fetch:", line)
		}
		return exitError
	}
	return exitOK
}
