package stapi_test

import (
	"encoding/json"
	"testing"
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
