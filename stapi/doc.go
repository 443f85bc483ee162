// Package stapi is the small runtime every generated ServiceTitan client
// package runs on: the connection settings the domain clients share
// ([Client]), the sending and decoding of requests, and the [Error] a call
// returns for a response outside 2xx.
//
// Authentication, the app key, retries and rate limiting are not here: they
// are an [net/http.RoundTripper] from package authmw, set on the
// [Client.HTTPClient].
package stapi
