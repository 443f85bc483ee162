// Command stgen-scopes reports the OAuth scopes that calls into stgen's
// generated ServiceTitan clients need (package scopecheck). It runs under
// go vet, a package at a time:
//
//	go vet -vettool=$(command -v stgen-scopes) [-have=LIST|@FILE] ./...
//
// or alone, loading the packages itself: stgen-scopes [-have=LIST|@FILE] ./...
package main

import (
	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/stgen-dev/stgen/scopecheck"
)

func main() { singlechecker.Main(scopecheck.New()) }
