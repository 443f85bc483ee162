// Command stgen generates Go clients for ServiceTitan's API from its OpenAPI
// documents. Run `stgen help` for the subcommands.
package main

import (
	"os"

	"github.com/stgen-dev/stgen/internal/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdout, os.Stderr))
}
