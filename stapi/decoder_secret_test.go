package stapi_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stgen-dev/stgen/stapi"
)

// secret stands for what a body can echo back: an app key, a token.
const secret = "sk_live_Zq8x9Vw2"

// TestDecodeErrorsQuoteNoSecret puts a secret in every place of a body where
// decoding can fail, as a field name and as a value: the errors name the
// place, but never quote the secret, whole or in part.
func TestDecodeErrorsQuoteNoSecret(t *testing.T) {
	for _, c := range []struct{ body, want string }{
		{`{"data":[{"SECRET":[1,}]}`, `data[0].?[1] at offset 32: invalid character '}'; expected a value`},
		{`{"data":[{"SECRET":{"SECRET":}}]}`, `data[0].?.? at offset 49: invalid character '}'; expected a value`},
		{`{"data":[{"SECRET":1 x}]}`, `data[0].? at offset 31: invalid letter; expected ',' or '}' after an object field`},
		{`{"data":[{"SECRET" 1}]}`, `data[0].? at offset 29: invalid digit; expected ':' after a field name`},
		{`{"data":[{"SECRET\q":1}]}`, `data[0].? at offset 27: invalid escape sequence in a string`},
		{`{"data":[{"SECRET`, `data[0].? at offset 27: unexpected end of the input; expected '"' at the end of a string`},
		{`{"data":[{"labels":{"SECRET":1}}]}`, `data[0].labels.? at offset 39: expected a string, got a number`},
		{`{"data":[{"metadata":{"SECRET":[1,]}}]}`, `data[0].metadata.?[1] at offset 44: invalid character ']'; expected a value`},
		{`{"data":[{"id":"SECRET"}]}`, `data[0].id at offset 15: expected an integer, got a string`},
		{`{"data":[{"active":SECRET}]}`, `data[0].active at offset 19: invalid letter; expected true or false`},
		{`{"data":[{"active":tSECRET}]}`, `data[0].active at offset 19: invalid literal; expected true, false or null`},
		{`{"data":[{"memberSince":"SECRET"}]}`, `data[0].memberSince at offset 24: expected a date (2006-01-02, or a date and time), got a string that is not one`},
		{`{"data":[{"createdOn":"SECRET"}]}`, `data[0].createdOn at offset 22: expected a date-time (RFC 3339, or without an offset, or a date), got a string that is not one`},
		{`{"data":[{"createdOn":"2026-01-02T03:04:05+SECRET"}]}`, `data[0].createdOn at offset 22: expected a date-time (RFC 3339, or without an offset, or a date), got a string that is not one`},
		{`{"data":[{"name":"SECRET\q"}]}`, `data[0].name at offset 34: invalid escape sequence in a string`},
		{"{\"data\":[{\"name\":\"SECRET\x01\"}]}", `data[0].name at offset 34: invalid control character; expected a string character (control characters must be escaped)`},
		{`{"data":[{"name":"SECRET`, `data[0].name at offset 34: unexpected end of the input; expected '"' at the end of a string`},
		{`{"data":[{"id":98765432109876543210}]}`, `data[0].id at offset 15: expected an int64, got a number out of its range`},
		{`{"data":[{"id":9876.5432109}]}`, `data[0].id at offset 15: expected an int64, got a number with a fraction or an exponent`},
		{`{"data":[{"priority":98765432109876543210}]}`, `data[0].priority at offset 21: expected an integer, got a number out of its range`},
		{`{"data":[{"balance":9876543210e400}]}`, `data[0].balance at offset 20: expected a float64, got a number out of its range`},
		{`{"data":[]} SECRET`, `at offset 12: invalid letter; expected the end of the input after the value`},
	} {
		body := strings.ReplaceAll(c.body, "SECRET", secret)
		_, err := decodePage([]byte(body))
		if err == nil {
			t.Errorf("%s: decoded without an error", body)
			continue
		}
		if got := err.Error(); got != "stapi: JSON "+c.want && !(strings.HasPrefix(c.want, "at ") && got == "stapi: JSON "+c.want) {
			t.Errorf("%s:\n got %s\nwant stapi: JSON %s", body, got, c.want)
		}
		for i := 0; i+4 <= len(secret); i++ {
			if strings.Contains(err.Error(), secret[i:i+4]) {
				t.Errorf("%s: the error quotes the secret: %v", body, err)
				break
			}
		}
	}
}

// echoing is a type whose UnmarshalJSON fails quoting its input, as a
// careless one does.
type echoing struct{}

func (*echoing) UnmarshalJSON(b []byte) error { return fmt.Errorf("echoing: cannot take %s", b) }

// nested is a type whose UnmarshalJSON decodes with the Decoder, as a
// generated type's does.
type nested struct{ Zip string }

func (v *nested) UnmarshalJSON(b []byte) error {
	return stapi.Decode(b, v, func(d *stapi.Decoder, v *nested) {
		for key := d.Object(); key != nil; key = d.Field() {
			if string(key) == "ZIP" {
				d.String(&v.Zip)
			}
		}
	})
}

// TestDecodeUnmarshalErrors decodes fields whose types have UnmarshalJSON
// methods: an error of the Decoder inside one is placed in the body, with
// the whole path; another type's error is kept in Err, out of the message.
func TestDecodeUnmarshalErrors(t *testing.T) {
	d := stapi.NewDecoder([]byte(`{"a": [1, {"zip": 7}]}`))
	var a []nested
	for key := d.Object(); key != nil; key = d.Field() {
		if string(key) == "A" {
			stapi.Slice(d, &a, stapi.UnmarshalOf[nested])
		}
	}
	err := d.Finish()
	var de *stapi.DecodeError
	if !errors.As(err, &de) || de.Path != "a[0]" || de.Offset != 7 {
		t.Errorf("a number for a struct: %v; want a[0] at offset 7", err)
	}
	d = stapi.NewDecoder([]byte(`{"a": [{"zip": 7}]}`))
	for key := d.Object(); key != nil; key = d.Field() {
		if string(key) == "A" {
			stapi.Slice(d, &a, stapi.UnmarshalOf[nested])
		}
	}
	if err := d.Finish(); err == nil || err.Error() != "stapi: JSON a[0].zip at offset 15: expected a string, got a number" {
		t.Errorf("a number for a nested string: %v; want a[0].zip at offset 15", err)
	}

	d = stapi.NewDecoder([]byte(`{"x": "` + secret + `"}`))
	for key := d.Object(); key != nil; key = d.Field() {
		d.Unmarshal(new(echoing))
	}
	err = d.Finish()
	if err == nil || strings.Contains(err.Error(), secret) || !errors.As(err, &de) || de.Err == nil {
		t.Errorf("a failing UnmarshalJSON: %v; want an error keeping its own in Err, out of the message", err)
	}
}
