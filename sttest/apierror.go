package sttest

import (
	"fmt"
	"net/http"
	"strconv"
)

// apiError is an error reply in ServiceTitan's ApiErrorResponse shape:
// {type, title, status, traceId, errors: {field: [messages]}, data}.
type apiError struct {
	status int
	// title overrides the status's usual title.
	title string
	// errors maps a field (parameter, body property, header) to what is wrong with it.
	errors map[string][]string
	// header holds headers to send with the reply (WWW-Authenticate, Retry-After, Allow).
	header http.Header
}

// errorType returns the problem type URI of a status, as ServiceTitan's ASP.NET stack gives it.
func errorType(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "https://tools.ietf.org/html/rfc7231#section-6.5.1"
	case http.StatusUnauthorized:
		return "https://tools.ietf.org/html/rfc7235#section-3.1"
	case http.StatusForbidden:
		return "https://tools.ietf.org/html/rfc7231#section-6.5.3"
	case http.StatusNotFound:
		return "https://tools.ietf.org/html/rfc7231#section-6.5.4"
	case http.StatusMethodNotAllowed:
		return "https://tools.ietf.org/html/rfc7231#section-6.5.5"
	case http.StatusConflict:
		return "https://tools.ietf.org/html/rfc7231#section-6.5.8"
	case http.StatusTooManyRequests:
		return "https://tools.ietf.org/html/rfc6585#section-4"
	case http.StatusBadGateway:
		return "https://tools.ietf.org/html/rfc7231#section-6.6.3"
	case http.StatusServiceUnavailable:
		return "https://tools.ietf.org/html/rfc7231#section-6.6.4"
	case http.StatusGatewayTimeout:
		return "https://tools.ietf.org/html/rfc7231#section-6.6.5"
	}
	return "https://tools.ietf.org/html/rfc7231#section-6.6.1"
}

// errorTitle returns the title of an error reply.
func (e *apiError) errorTitle() string {
	switch {
	case e.title != "":
		return e.title
	case e.status == http.StatusBadRequest:
		return "One or more validation errors occurred."
	}
	return http.StatusText(e.status)
}

// writeError writes e as an ApiErrorResponse.
func (h *Handler) writeError(w http.ResponseWriter, e *apiError) {
	for k, vs := range e.header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	errs := e.errors
	if errs == nil {
		errs = map[string][]string{}
	}
	trace := h.traces.Add(1)
	body := mustMarshal(map[string]any{
		"type":    errorType(e.status),
		"title":   e.errorTitle(),
		"status":  e.status,
		"traceId": fmt.Sprintf("00-%016x%016x-%016x-00", mix(trace, 1), mix(trace, 2), mix(trace, 3)),
		"errors":  errs,
		"data":    map[string]any{},
	})
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(e.status)
	w.Write(body)
}
