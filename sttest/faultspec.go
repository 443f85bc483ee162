package sttest

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// FaultSyntax describes the text form of a fault that ParseFault reads and
// Fault.String writes.
const FaultSyntax = `MATCH=EFFECT[,EFFECT...]
  MATCH   [METHOD] PATH, [METHOD] OPERATION_ID or [METHOD] *: a path template
          or request path (a trailing * matches a prefix), an operationId,
          or every API request; /connect/token matches the token endpoint
  EFFECT  a status from 400 to 599 (answered with ServiceTitan's error body),
          drop (close the connection), a duration such as 300ms (delay the
          reply), N/s (let N requests a second through, 429 the rest),
          retry-after=DURATION, retry-in-title=DURATION (state the wait in
          the error's title, "Rate limit is exceeded. Try again in N
          seconds.", without Retry-After; bare, with a rate: its wait),
          skip=N (spare the first N), count=N (then stop)`

// ParseFault reads a fault in the form FaultSyntax describes:
//
//	GET /crm/v2/tenant/{tenant}/customers=429,retry-after=2s
//	Customers_Get=503,count=2
//	/jpm/v2/*=300ms
//	*=10/s
//	ReportCategoryReports_GetData=409,count=1
//	Customers_GetList=429,retry-in-title=12s
//
// Its errors say which part of s is wrong and what would be right.
func ParseFault(s string) (Fault, error) {
	var f Fault
	fail := func(format string, args ...any) (Fault, error) {
		return Fault{}, fmt.Errorf("sttest: fault %q: %s", s, fmt.Sprintf(format, args...))
	}
	match, effects, ok := strings.Cut(s, "=")
	if !ok {
		return fail("no '=': write MATCH=EFFECT, such as Customers_Get=503")
	}
	every := false
	for _, word := range strings.Fields(match) {
		switch {
		case isMethod(word) && f.Method == "":
			f.Method = strings.ToUpper(word)
		case word == "*" && !every:
			every = true
		case strings.HasPrefix(word, "/") && f.Path == "":
			f.Path = word
		case !isMethod(word) && !strings.HasPrefix(word, "/") && word != "*" && f.OperationID == "":
			f.OperationID = word
		default:
			return fail("%q: the match names at most one method, one path or operationId, or *", word)
		}
	}
	switch {
	case every && (f.Path != "" || f.OperationID != ""):
		return fail("* matches every API request: give it alone or after a method, not with a path or an operationId")
	case f.Method == "" && f.Path == "" && f.OperationID == "" && !every:
		return fail("nothing to match before '=': give a path, an operationId or *")
	}

	seen := map[string]bool{}
	for _, e := range strings.Split(effects, ",") {
		e = strings.TrimSpace(e)
		key, val, hasVal := strings.Cut(e, "=")
		kind := key
		switch {
		case hasVal:
		case e == "drop", e == "retry-in-title":
		case strings.HasSuffix(e, "/s"):
			kind = "rate"
		case isDigits(e):
			kind = "status"
		default:
			kind = "latency"
		}
		if seen[kind] {
			return fail("%q: a second %s", e, kind)
		}
		seen[kind] = true
		var err error
		switch kind {
		case "drop":
			f.Drop = true
		case "status":
			f.Status, err = strconv.Atoi(e)
			if err != nil || f.Status < 400 || f.Status > 599 {
				return fail("%q: a status is from 400 to 599", e)
			}
		case "rate":
			f.RateLimit, err = positive(strings.TrimSuffix(e, "/s"))
			if err != nil {
				return fail("%q: a rate is a whole number of requests per second from 1, such as 10/s", e)
			}
		case "latency":
			f.Latency, err = time.ParseDuration(e)
			if err != nil || f.Latency <= 0 {
				return fail("%q is not an effect: give a status (429), drop, a duration (300ms), a rate (10/s), retry-after=, skip= or count=", e)
			}
		case "retry-after", "retry-in-title":
			if seen["retry-after"] && seen["retry-in-title"] {
				return fail("%q: give retry-after= (a header) or retry-in-title (the title), not both", e)
			}
			f.TitleWait = kind == "retry-in-title"
			if !hasVal && f.TitleWait {
				break
			}
			f.RetryAfter, err = time.ParseDuration(val)
			if err != nil || f.RetryAfter <= 0 {
				return fail("%q: %s takes a duration, such as %s=2s", e, kind, kind)
			}
		case "skip", "count":
			n, err := positive(val)
			if err != nil {
				return fail("%q: %s takes a whole number from 1", e, key)
			}
			if key == "skip" {
				f.Skip = n
			} else {
				f.Count = n
			}
		default:
			return fail("%q: unknown setting %s: known are retry-after=, skip= and count=", e, key)
		}
	}
	switch {
	case f.Status == 0 && !f.Drop && f.Latency == 0 && f.RateLimit == 0:
		return fail("no effect: give a status (429), drop, a duration (300ms) or a rate (10/s)")
	case f.Drop && (f.Status != 0 || f.RateLimit != 0):
		return fail("drop closes the connection: it takes no status or rate")
	case f.TitleWait && f.Status == 0 && f.RateLimit == 0:
		return fail("retry-in-title goes with a status or a rate")
	case f.RetryAfter != 0 && f.Status == 0 && f.RateLimit == 0:
		return fail("retry-after goes with a status or a rate")
	case f.TitleWait && f.RetryAfter == 0 && f.RateLimit == 0:
		return fail("retry-in-title with a status needs the wait, such as retry-in-title=12s")
	}
	return f, nil
}

// String writes the fault in the form ParseFault reads (see FaultSyntax),
// which ParseFault reads back into the same fault when it is one ParseFault
// accepts.
func (f Fault) String() string {
	var match []string
	if f.Method != "" {
		match = append(match, f.Method)
	}
	if f.Path != "" {
		match = append(match, f.Path)
	}
	if f.OperationID != "" {
		match = append(match, f.OperationID)
	}
	if f.Path == "" && f.OperationID == "" {
		match = append(match, "*")
	}
	var effects []string
	if f.Status != 0 {
		effects = append(effects, strconv.Itoa(f.Status))
	}
	if f.Drop {
		effects = append(effects, "drop")
	}
	if f.Latency != 0 {
		effects = append(effects, f.Latency.String())
	}
	if f.RateLimit != 0 {
		effects = append(effects, strconv.Itoa(f.RateLimit)+"/s")
	}
	switch {
	case f.TitleWait && f.RetryAfter == 0:
		effects = append(effects, "retry-in-title")
	case f.TitleWait:
		effects = append(effects, "retry-in-title="+f.RetryAfter.String())
	case f.RetryAfter != 0:
		effects = append(effects, "retry-after="+f.RetryAfter.String())
	}
	if f.Skip != 0 {
		effects = append(effects, "skip="+strconv.Itoa(f.Skip))
	}
	if f.Count != 0 {
		effects = append(effects, "count="+strconv.Itoa(f.Count))
	}
	return strings.Join(match, " ") + "=" + strings.Join(effects, ",")
}

// isMethod reports whether word is an HTTP method an operation may have, in any case.
func isMethod(word string) bool {
	return slices.Contains(methods, strings.ToUpper(word))
}

// isDigits reports whether s is a non-empty run of ASCII digits.
func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// positive reads a whole number from 1.
func positive(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err == nil && n < 1 {
		err = fmt.Errorf("%d is below 1", n)
	}
	return n, err
}
