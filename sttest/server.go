package sttest

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// Server is the fake ServiceTitan running on a loopback port for one test.
// It embeds its Handler, so Requests, AddFault and the other handler
// methods are at hand.
type Server struct {
	*Handler
	// URL is the base URL of the API ("http://127.0.0.1:PORT"); paths are as in the documents.
	URL string
	// TokenURL is the URL of the token endpoint (URL + "/connect/token").
	TokenURL string
	// ClientID is the client id the token endpoint accepts.
	ClientID string
	// ClientSecret is the client secret the token endpoint accepts.
	ClientSecret string
	// AppKey is the application key API requests must send as ST-App-Key.
	AppKey string

	srv *httptest.Server
}

// NewServer loads the documents in specsDir and starts a server for them
// that tb's cleanup closes; it fails tb when the folder cannot be loaded.
// Loading a release takes a fraction of a second: tests that start many
// servers should Load once and call API.NewServer.
func NewServer(tb testing.TB, specsDir string, opts ...Option) *Server {
	tb.Helper()
	a, err := Load(specsDir)
	if err != nil {
		tb.Fatal(err)
	}
	return a.NewServer(tb, opts...)
}

// NewServer starts a server for the API, with its own tokens, faults and
// request record, that tb's cleanup closes.
func (a *API) NewServer(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	h := a.NewHandler(opts...)
	srv := httptest.NewUnstartedServer(h)
	h.configure(srv.Config)
	srv.Start()
	c := h.Credentials()
	s := &Server{
		Handler:      h,
		URL:          srv.URL,
		TokenURL:     srv.URL + TokenPath,
		ClientID:     c.ClientID,
		ClientSecret: c.ClientSecret,
		AppKey:       c.AppKey,
		srv:          srv,
	}
	tb.Cleanup(s.Close)
	return s
}

// Client returns an HTTP client for the server.
func (s *Server) Client() *http.Client { return s.srv.Client() }

// Close stops the server, cutting injected latency short; it is safe to call more than once.
func (s *Server) Close() {
	s.Handler.Close()
	s.srv.Close()
}
