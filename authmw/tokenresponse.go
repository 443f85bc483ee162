package authmw

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// maxTokenResponse bounds how much of a token response is read, as
// golang.org/x/oauth2 bounds it.
const maxTokenResponse = 1 << 20

// tokenTransport sends the token requests of one fetch. It remembers the
// status and the Retry-After of the last response, and rewrites the
// expires_in of a JSON token response into the whole seconds
// golang.org/x/oauth2 can parse: it takes only an integer, and fails the
// whole response for 1.5, 1e300 or true.
type tokenTransport struct {
	base       http.RoundTripper
	status     int
	retryAfter string
}

func (t *tokenTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	t.status = resp.StatusCode
	t.retryAfter = resp.Header.Get("Retry-After")
	if resp.StatusCode/100 == 2 && resp.Body != nil {
		switch mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt {
		case "application/x-www-form-urlencoded", "text/plain":
			// x/oauth2 ignores an expires_in it cannot parse in a form;
			// tokenLifetime reads it as text.
		default:
			b, rerr := io.ReadAll(io.LimitReader(resp.Body, maxTokenResponse))
			resp.Body.Close()
			resp.Body = &errorBody{r: bytes.NewReader(normalizeExpiresIn(b)), err: rerr}
			resp.ContentLength = -1
		}
	}
	return resp, nil
}

// normalizeExpiresIn returns the JSON object b with its expires_in (any
// member whose name is expires_in in any case, the last one counting, as
// encoding/json decodes it) replaced by its whole seconds, capped at
// maxTokenLifetime, and dropped if it gives no positive lifetime. It returns
// b itself if b is not one JSON object or has no expires_in.
func normalizeExpiresIn(b []byte) []byte {
	dec := json.NewDecoder(bytes.NewReader(b))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return b
	}
	var out bytes.Buffer
	out.Grow(len(b))
	out.WriteByte('{')
	var expiresIn json.RawMessage
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return b
		}
		key, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return b
		}
		if strings.EqualFold(key, "expires_in") {
			expiresIn = v
			continue
		}
		if out.Len() > 1 {
			out.WriteByte(',')
		}
		k, _ := json.Marshal(key)
		out.Write(k)
		out.WriteByte(':')
		out.Write(v)
	}
	if _, err := dec.Token(); err != nil || len(bytes.TrimSpace(b[dec.InputOffset():])) > 0 || expiresIn == nil {
		return b // not one object: x/oauth2 rejects it as it is
	}
	var v any
	d := json.NewDecoder(bytes.NewReader(expiresIn))
	d.UseNumber()
	d.Decode(&v)
	if life, known := lifetime(v); known {
		if out.Len() > 1 {
			out.WriteByte(',')
		}
		out.WriteString(`"expires_in":`)
		out.WriteString(strconv.FormatInt(int64(life/time.Second), 10))
	}
	out.WriteByte('}')
	return out.Bytes()
}

// tokenLifetime returns how long tok may be used: see lifetime.
func tokenLifetime(tok *oauth2.Token) time.Duration {
	life, _ := lifetime(tok.Extra("expires_in"))
	return life
}

// lifetime returns the lifetime an expires_in value gives a token: its
// whole seconds (it may be a JSON number, a form's int64 or float64, or a
// string holding a number), capped at maxTokenLifetime; or
// unknownTokenLifetime, and known false, if that is not at least a second.
func lifetime(v any) (life time.Duration, known bool) {
	secs := math.NaN()
	var err error
	switch v := v.(type) {
	case float64:
		secs = v
	case int64:
		secs = float64(v)
	case json.Number:
		secs, err = strconv.ParseFloat(string(v), 64)
	case string:
		secs, err = strconv.ParseFloat(strings.TrimSpace(v), 64)
	}
	if err != nil && !errors.Is(err, strconv.ErrRange) { // out of range: ±Inf or ±0
		return unknownTokenLifetime, false
	}
	switch secs = math.Floor(secs); {
	case !(secs >= 1): // NaN too
		return unknownTokenLifetime, false
	case secs >= maxTokenLifetime.Seconds():
		return maxTokenLifetime, true
	}
	return time.Duration(secs) * time.Second, true
}
