// Package scopes finds the OAuth scopes a program needs: it type-checks
// the program against the packages stgen generated (finding them by their
// files' header), follows each call of a generated method, iterator or
// feed to the operation it makes, and reads that operation's scopes from
// the stgen-operations.json written beside the packages. stgen scopes
// reports the result; the scopecheck analyzer shares [Inspect]; stgen diff
// --against shares [Discover], [TypeCheck] and [Inspect] to check a
// program against a newer release's packages.
package scopes
