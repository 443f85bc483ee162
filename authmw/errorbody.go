package authmw

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// maxErrorBody bounds how much of a response outside 2xx AuthTransport
// keeps: 1 MiB, what package stapi keeps of an error body.
const maxErrorBody = 1 << 20

// redactErrorBody replaces the body of resp, a response outside 2xx, with
// at most its first maxErrorBody bytes, the secrets known to rd replaced.
// A gzip body is decompressed first; a body in another content coding,
// where secrets cannot be found, is dropped. A read error is kept for the
// reader of the new body, after the bytes that came before it.
func redactErrorBody(resp *http.Response, rd *redactor) {
	if resp.Body == nil || resp.Body == http.NoBody {
		return
	}
	orig := resp.Body
	defer orig.Close()
	var src io.Reader = orig
	switch coding := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))); coding {
	case "", "identity":
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(orig)
		if err != nil {
			src = bytes.NewReader(nil)
			break
		}
		src = zr
		resp.Uncompressed = true
	default:
		src = bytes.NewReader(nil)
	}
	body, err := io.ReadAll(io.LimitReader(src, maxErrorBody+1))
	truncated := err != nil || len(body) > maxErrorBody
	body = rd.Bytes(body[:min(len(body), maxErrorBody)], truncated)
	if len(body) > maxErrorBody { // markers longer than what they replace
		body = body[:maxErrorBody]
	}
	if err == io.ErrUnexpectedEOF && src != io.Reader(orig) {
		err = nil // a cut-off gzip stream: keep what it held
	}
	resp.Body = &errorBody{r: bytes.NewReader(body), err: err}
	resp.ContentLength = int64(len(body))
	resp.Header.Del("Content-Encoding")
	if resp.Header.Get("Content-Length") != "" {
		resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
	}
}

// errorBody is a redacted error body: its bytes, then the error that ended
// the read of the original, if any.
type errorBody struct {
	r   *bytes.Reader
	err error
}

func (b *errorBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err == io.EOF && b.err != nil {
		err = b.err
	}
	return n, err
}

func (b *errorBody) Close() error { return nil }
