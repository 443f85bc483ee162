package stapi_test

import (
	"encoding/json"
	"hash/maphash"
	"testing"

	"github.com/stgen-dev/stgen/stapi"
)

// BenchmarkDecode decodes a page of customers, as generated clients will,
// with encoding/json and with stapi's Decoder; compare them with
// benchstat -col /decoder.
func BenchmarkDecode(b *testing.B) {
	for _, size := range []struct {
		name    string
		records int
	}{{"page", 5000}, {"record", 1}} {
		body := customerPage(size.records)
		b.Run("body="+size.name+"/decoder=encoding-json", func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				var out PaginatedResponseOfCustomerResponse
				if err := json.Unmarshal(body, &out); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("body="+size.name+"/decoder=stapi", func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := decodePage(body); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPageRepeatCheck decodes a page of 5,000 customers as Pages has
// it decoded, its records hashed to tell a repeated page, and as other
// calls do; compare them with benchstat -col /hash. hash=alone is the
// hashing of the page's bytes by itself.
func BenchmarkPageRepeatCheck(b *testing.B) {
	body := customerPage(5000)
	b.Run("hash=alone", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		seed := maphash.MakeSeed()
		for b.Loop() {
			maphash.Bytes(seed, body)
		}
	})
	b.Run("hash=off", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			var out PaginatedResponseOfCustomerResponse
			if err := stapi.Decode(body, &out, decodePaginatedResponseOfCustomerResponse); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("hash=on", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			var out PaginatedResponseOfCustomerResponse
			if _, err := stapi.DecodeSummed(body, &out, decodePaginatedResponseOfCustomerResponse); err != nil {
				b.Fatal(err)
			}
		}
	})
}
