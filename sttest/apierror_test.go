package sttest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestWriteError(t *testing.T) {
	h := &Handler{}
	w := httptest.NewRecorder()
	h.writeError(w, &apiError{status: http.StatusTooManyRequests, header: http.Header{"Retry-After": {"2"}}})
	var e map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil {
		t.Fatal(err)
	}
	if w.Code != 429 || w.Header().Get("Retry-After") != "2" || e["status"] != float64(429) || e["title"] != "Too Many Requests" ||
		e["type"] != "https://tools.ietf.org/html/rfc6585#section-4" {
		t.Errorf("%d %v %s", w.Code, w.Header(), w.Body)
	}
	for _, k := range []string{"type", "title", "status", "traceId", "errors", "data"} {
		if _, ok := e[k]; !ok {
			t.Errorf("no %s in %s", k, w.Body)
		}
	}
	w2 := httptest.NewRecorder()
	h.writeError(w2, badRequest("x", "y"))
	var e2 map[string]any
	json.Unmarshal(w2.Body.Bytes(), &e2)
	if e2["traceId"] == e["traceId"] || e2["title"] != "One or more validation errors occurred." {
		t.Errorf("second error %s", w2.Body)
	}
	if errorType(599) == "" {
		t.Error("no type for an unusual status")
	}
}
