package authmw

import (
	"io"
	"net/http"
)

// maxDrain bounds how much of a discarded response body is read so its connection can be reused.
const maxDrain = 64 << 10

// closeRequestBody closes req.Body, as a RoundTripper must on every return path.
func closeRequestBody(req *http.Request) {
	if req.Body != nil {
		req.Body.Close()
	}
}

// drainAndClose discards (a bounded part of) resp.Body and closes it.
func drainAndClose(resp *http.Response) {
	if resp == nil || resp.Body == nil {
		return
	}
	io.CopyN(io.Discard, resp.Body, maxDrain)
	resp.Body.Close()
}

// rewindable reports whether req can be sent again: it has no body or its body can be recreated with GetBody.
func rewindable(req *http.Request) bool {
	return req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
}

// rewindBody returns a fresh copy of req's body for sending req again.
func rewindBody(req *http.Request) (io.ReadCloser, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return req.Body, nil
	}
	return req.GetBody()
}
