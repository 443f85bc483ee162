package cli

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/stgen-dev/stgen/sttest"
)

const serveUsage = `Usage: stgen serve --specs DIR [--addr 127.0.0.1:PORT] [--client-id ID --client-secret S --app-key K]

Serves a fake ServiceTitan for the release in --specs: a token endpoint at
/connect/token and every operation of every document at its path, validating
requests and answering with responses synthesized from the documents. It
prints the URLs and the credentials it accepts, and stops on SIGINT or SIGTERM.
`

func runServe(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("serve", serveUsage, stderr)
	specs := fs.String("specs", "", "folder of the release's OpenAPI documents")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	clientID := fs.String("client-id", "", "client id the token endpoint accepts (default: sttest's)")
	clientSecret := fs.String("client-secret", "", "client secret the token endpoint accepts (default: sttest's)")
	appKey := fs.String("app-key", "", "app key API requests must carry as ST-App-Key (default: sttest's)")
	if code := parseFlags(fs, args, stdout); code >= 0 {
		return code
	}
	if code := requireFlags(fs, "specs"); code >= 0 {
		return code
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := serve(ctx, *specs, *addr, stdout, sttest.WithCredentials(*clientID, *clientSecret, *appKey)); err != nil {
		fmt.Fprintln(stderr, "stgen serve:", err)
		return exitError
	}
	return exitOK
}

// serve runs the fake on addr until ctx ends, printing its banner to log.
func serve(ctx context.Context, specs, addr string, log io.Writer, opts ...sttest.Option) error {
	h, err := sttest.NewHandler(specs, opts...)
	if err != nil {
		return err
	}
	defer h.Close()
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", addr, err)
	}
	fmt.Fprintln(log, h.Banner("http://"+l.Addr().String()))
	return sttest.Serve(ctx, l, h)
}
