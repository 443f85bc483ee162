package stapi

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
)

// Error is a response outside 2xx. ServiceTitan describes most of them with
// an ApiErrorResponse body, whose fields are copied here; use [errors.As] to
// get one from a call's error.
type Error struct {
	// Method and Path name the request that failed.
	Method, Path string
	// Status is the HTTP status code.
	Status int
	// Type is a URI or short code for the kind of problem.
	Type string
	// Title is a human-readable summary.
	Title string
	// TraceID identifies the request in ServiceTitan's logs; quote it to their support.
	TraceID string
	// Errors maps a field name to what is wrong with it.
	Errors map[string][]string
	// Data holds any further details the server sent.
	Data map[string]any
	// Body is the response body as received (at most 1 MiB).
	Body []byte
}

// apiErrorResponse is ServiceTitan's error body.
type apiErrorResponse struct {
	Type    string              `json:"type"`
	Title   string              `json:"title"`
	Status  int                 `json:"status"`
	TraceID string              `json:"traceId"`
	Errors  map[string][]string `json:"errors"`
	Data    map[string]any      `json:"data"`
}

func newError(req *http.Request, resp *http.Response, body []byte) *Error {
	e := &Error{Method: req.Method, Path: req.URL.Path, Status: resp.StatusCode, Body: body}
	var b apiErrorResponse
	if json.Unmarshal(body, &b) == nil {
		e.Type, e.Title, e.TraceID, e.Errors, e.Data = b.Type, b.Title, b.TraceID, b.Errors, b.Data
	}
	return e
}

// Error returns "stapi: METHOD PATH: STATUS TITLE (traceId ...)".
func (e *Error) Error() string {
	msg := fmt.Sprintf("stapi: %s %s: %d %s", e.Method, e.Path, e.Status, http.StatusText(e.Status))
	if e.Title != "" {
		msg += ": " + e.Title
	}
	for _, field := range slices.Sorted(maps.Keys(e.Errors)) {
		msg += fmt.Sprintf("; %s: %s", field, strings.Join(e.Errors[field], " "))
	}
	if e.TraceID != "" {
		msg += " (traceId " + e.TraceID + ")"
	}
	return msg
}
