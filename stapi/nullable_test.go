package stapi

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestNullable(t *testing.T) {
	type patch struct {
		Code Nullable[int64]    `json:"code,omitzero"`
		Tags Nullable[[]string] `json:"tags,omitzero"`
		Must Nullable[string]   `json:"must"`
	}
	// back is what the JSON decodes to: a field not left out when unset
	// is sent as null, and comes back null.
	for _, c := range []struct {
		v, back patch
		json    string
	}{
		{patch{}, patch{Must: Null[string]()}, `{"must":null}`},
		{patch{Code: Null[int64](), Tags: Null[[]string](), Must: Value("x")}, patch{Code: Null[int64](), Tags: Null[[]string](), Must: Value("x")}, `{"code":null,"tags":null,"must":"x"}`},
		{patch{Code: Value(int64(0)), Tags: Value([]string{}), Must: Null[string]()}, patch{Code: Value(int64(0)), Tags: Value([]string{}), Must: Null[string]()}, `{"code":0,"tags":[],"must":null}`},
	} {
		b, err := json.Marshal(c.v)
		if err != nil || string(b) != c.json {
			t.Errorf("Marshal(%+v) = %s, %v; want %s", c.v, b, err, c.json)
		}
		var back patch
		if err := json.Unmarshal([]byte(c.json), &back); err != nil {
			t.Fatal(err)
		}
		want := c.back
		if !reflect.DeepEqual(back, want) {
			t.Errorf("Unmarshal(%s) = %+v; want %+v", c.json, back, want)
		}
		var decoded patch
		err = Decode([]byte(c.json), &decoded, func(d *Decoder, p *patch) {
			for key := d.Object(); key != nil; key = d.Field() {
				switch string(key) {
				case "CODE":
					NullableOf((*Decoder).Int64)(d, &p.Code)
				case "TAGS":
					NullableOf(SliceOf((*Decoder).String))(d, &p.Tags)
				case "MUST":
					NullableOf((*Decoder).String)(d, &p.Must)
				}
			}
		})
		if err != nil || !reflect.DeepEqual(decoded, want) {
			t.Errorf("the decoder gives %+v, %v; want %+v", decoded, err, want)
		}
	}
	if v, ok := Value(int64(7)).Get(); v != 7 || !ok {
		t.Errorf("Value(7).Get() = %d, %v", v, ok)
	}
	if _, ok := Null[int64]().Get(); ok || !Null[int64]().IsNull() || Null[int64]().IsZero() {
		t.Error("Null: Get reports a value, or IsNull is false, or it is zero")
	}
	var unset Nullable[int64]
	if _, ok := unset.Get(); ok || unset.IsNull() || !unset.IsZero() {
		t.Error("the zero Nullable is not unset")
	}
}
