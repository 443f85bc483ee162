package stapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// maxErrorBody bounds how much of an error response is read.
const maxErrorBody = 1 << 20

// Client holds what every call of every domain needs: the API host, the
// tenant and the HTTP client. It is safe for concurrent use once built; do
// not change its fields while calls are in flight.
type Client struct {
	// BaseURL is the API host, such as https://api.servicetitan.io, without the domain's base path.
	BaseURL string
	// Tenant is the ServiceTitan tenant id that every request path carries.
	Tenant int64
	// HTTPClient sends the requests; nil means http.DefaultClient. Use one
	// whose transport adds the token and app key (package authmw).
	HTTPClient *http.Client
}

// URL returns the BaseURL joined with a domain's base path ("/crm/v2").
func (c *Client) URL(basePath string) string {
	return strings.TrimSuffix(c.BaseURL, "/") + basePath
}

func (c *Client) httpClient() *http.Client {
	if c.HTTPClient != nil {
		return c.HTTPClient
	}
	return http.DefaultClient
}

// Do sends req and, for a 2xx response, decodes its JSON body into out
// (unless out is nil); an empty body leaves out as it is. A response outside
// 2xx is returned as an [*Error].
func (c *Client) Do(req *http.Request, out any) error {
	resp, err := c.send(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if out == nil {
		_, err = io.Copy(io.Discard, resp.Body)
		return err
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("stapi: %s %s: decoding the %d response: %w", req.Method, req.URL.Path, resp.StatusCode, err)
	}
	return nil
}

// Stream sends req and returns the body of a 2xx response for the caller to
// read and close; a response outside 2xx is returned as an [*Error].
func (c *Client) Stream(req *http.Request) (io.ReadCloser, error) {
	resp, err := c.send(req)
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}

// send performs req and turns a response outside 2xx into an *Error.
func (c *Client) send(req *http.Request) (*http.Response, error) {
	if c.Tenant <= 0 {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, fmt.Errorf("stapi: %s %s: Client.Tenant is not set: every ServiceTitan request is for a tenant", req.Method, req.URL.Path)
	}
	resp, err := c.httpClient().Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 == 2 {
		return resp, nil
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	return nil, newError(req, resp, body)
}
