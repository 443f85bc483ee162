package spec

import "fmt"

// Error reports a document that cannot be used, with the place in it.
type Error struct {
	// File is the path of the document.
	File string
	// Location is a line and column ("12:5") or a JSON pointer ("#/paths/..."); it may be empty.
	Location string
	// Err is the cause.
	Err error
}

// Error returns "file:location: cause".
func (e *Error) Error() string {
	if e.Location == "" {
		return fmt.Sprintf("%s: %v", e.File, e.Err)
	}
	return fmt.Sprintf("%s:%s: %v", e.File, e.Location, e.Err)
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }
