package authmw

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// maxTitleBody bounds how much of a 429 response's body RetryTransport reads
// for the wait its title states: an ApiErrorResponse states it near the
// start, and a body that is not retried goes back to the caller whole.
const maxTitleBody = 16 << 10

// statedWait matches the wait a 429's title or message states, as
// ServiceTitan's API (behind Azure API Management) and its public clients
// phrase it: "Rate limit is exceeded. Try again in 26 seconds.", "Please
// retry after 43 seconds", "retry in 1.5s", "Try again in 00:00:07".
var statedWait = regexp.MustCompile(`(?i)\b(?:try(?:\s+it)?\s+again|retry|wait)(?:\s+(?:in|after|for))?\s+(?:(\d{1,9}(?:\.\d{1,9})?)\s*(milliseconds?|ms|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h)\b|(\d{1,2}):(\d{2}):(\d{2})\b)`)

// titleWait returns the wait the title (or, from Azure API Management, the
// message) of resp's JSON body states, reading at most maxTitleBody bytes
// of it; resp.Body is left to read from its start, the error that ended
// the read (if any) after the bytes before it.
func titleWait(resp *http.Response) (time.Duration, bool) {
	if resp.Body == nil || resp.Body == http.NoBody {
		return 0, false
	}
	head, err := io.ReadAll(io.LimitReader(resp.Body, maxTitleBody))
	var rest io.Reader = resp.Body
	if err != nil {
		rest = &errorBody{r: bytes.NewReader(nil), err: err}
	}
	resp.Body = &peekedBody{Reader: io.MultiReader(bytes.NewReader(head), rest), body: resp.Body}
	for _, text := range titles(head) {
		if d, ok := parseStatedWait(text); ok {
			return d, true
		}
	}
	return 0, false
}

// titles returns the string values of the top-level title and message
// members (in any case) of the JSON object that starts b, which may be cut
// off after them.
func titles(b []byte) []string {
	dec := json.NewDecoder(bytes.NewReader(b))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil
	}
	var texts []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return texts
		}
		key, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return texts
		}
		var s string
		if (strings.EqualFold(key, "title") || strings.EqualFold(key, "message")) && json.Unmarshal(v, &s) == nil {
			texts = append(texts, s)
		}
	}
	return texts
}

// parseStatedWait returns the wait text states (see statedWait).
func parseStatedWait(text string) (time.Duration, bool) {
	m := statedWait.FindStringSubmatch(text)
	if m == nil {
		return 0, false
	}
	if m[1] == "" { // hh:mm:ss
		h, _ := strconv.Atoi(m[3])
		mins, _ := strconv.Atoi(m[4])
		secs, _ := strconv.Atoi(m[5])
		return time.Duration(h)*time.Hour + time.Duration(mins)*time.Minute + time.Duration(secs)*time.Second, true
	}
	n, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return 0, false
	}
	unit := time.Second
	switch u := strings.ToLower(m[2]); {
	case strings.HasPrefix(u, "ms"), strings.HasPrefix(u, "milli"):
		unit = time.Millisecond
	case strings.HasPrefix(u, "m"):
		unit = time.Minute
	case strings.HasPrefix(u, "h"):
		unit = time.Hour
	}
	if d := n * float64(unit); d < math.MaxInt64 {
		return time.Duration(d), true
	}
	return math.MaxInt64, true
}

// peekedBody is a response body whose start was read: its bytes, then the rest.
type peekedBody struct {
	io.Reader
	body io.Closer
}

func (b *peekedBody) Close() error { return b.body.Close() }
