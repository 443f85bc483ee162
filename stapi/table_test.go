package stapi

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// reportPage is a report's page of data as generated code has it.
type reportPage struct {
	Fields  []reportField
	Data    [][]any
	HasMore bool
}

type reportField struct{ Name string }

func decodeReportPage(d *Decoder, v *reportPage) {
	for key := d.Object(); key != nil; key = d.Field() {
		switch string(key) {
		case "FIELDS":
			Slice(d, &v.Fields, func(d *Decoder, f *reportField) {
				for key := d.Object(); key != nil; key = d.Field() {
					if string(key) == "NAME" {
						d.String(&f.Name)
					}
				}
			})
		case "DATA":
			Slice(d, &v.Data, SliceOf((*Decoder).Any))
		case "HASMORE":
			d.Bool(&v.HasMore)
		}
	}
}

// reportRows returns the iterator over a report's rows that generated code
// writes, against c.
func reportRows(c *Client) func(context.Context) func(func(Row, error) bool) {
	return func(ctx context.Context) func(func(Row, error) bool) {
		var tbl Table
		return Pages(ctx, 1, func(ctx context.Context, page int) ([]Row, bool, error) {
			resp, err := JSON(ctx, c, &Call{Method: http.MethodPost, Path: "/reporting/tenant/{tenant}/data", Params: &listParams{Page: PtrTo(int32(page))}}, new(reportPage), decodeReportPage, nil)
			if err != nil {
				return nil, false, err
			}
			names := make([]string, len(resp.Fields))
			for i, f := range resp.Fields {
				names[i] = f.Name
			}
			return tbl.Rows(names, resp.Data), resp.HasMore, nil
		})
	}
}

// TestReportRowsAcrossPages reads a report whose second page names no
// columns and whose third names them in another order: every row reads by
// column name.
func TestReportRowsAcrossPages(t *testing.T) {
	pages := map[string]string{
		"1": `{"fields":[{"name":"Technician"},{"name":"Total"}],"data":[["Ada",1],["Bob",2]],"hasMore":true}`,
		"2": `{"data":[["Cy",3]],"hasMore":true}`,
		"3": `{"fields":[{"name":"Total"},{"name":"Technician"}],"data":[[4,"Di"]],"hasMore":false}`,
	}
	c, _ := recorder(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, pages[r.URL.Query().Get("page")]) })
	var got []string
	for row, err := range reportRows(c)(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%s=%g", row.String("Technician"), row.Float("Total")))
	}
	if want := "Ada=1 Bob=2 Cy=3 Di=4"; strings.Join(got, " ") != want {
		t.Errorf("rows %v; want %s", got, want)
	}
}

// TestTableRowsShareColumns reads pages naming the same columns: their rows
// share one Columns, and Rows allocates once whatever the rows.
func TestTableRowsShareColumns(t *testing.T) {
	var tbl Table
	a := tbl.Rows([]string{"A", "B"}, [][]any{{1.0, 2.0}})
	b := tbl.Rows([]string{"A", "B"}, [][]any{{3.0, 4.0}})
	if a[0].Columns != b[0].Columns {
		t.Error("pages naming the same columns have two Columns")
	}
	names := []string{"A", "B"}
	for _, n := range []int{2500, 25_000} {
		data := make([][]any, n)
		if allocs := testing.AllocsPerRun(10, func() { tbl.Rows(names, data) }); allocs != 1 {
			t.Errorf("Rows of %d rows made %v allocations; want 1", n, allocs)
		}
	}
}

// reportBody returns a page of a report: n rows of 40 columns, numbers,
// strings, booleans and nulls.
func reportBody(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"fields":[`)
	for c := range 40 {
		if c > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"name":"Column%d"}`, c)
	}
	b.WriteString(`],"data":[`)
	for r := range n {
		if r > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('[')
		for c := range 40 {
			if c > 0 {
				b.WriteByte(',')
			}
			switch c % 4 {
			case 0:
				fmt.Fprintf(&b, "%d", r*40+c)
			case 1:
				fmt.Fprintf(&b, `"Technician %d"`, r%97)
			case 2:
				b.WriteString("true")
			default:
				fmt.Fprintf(&b, "%d.%02d", r%1000, c)
			}
		}
		b.WriteByte(']')
	}
	b.WriteString(`],"hasMore":true}`)
	return []byte(b.String())
}

// BenchmarkReportPage decodes a page of a report into rows and reads a
// column of each by name, at 2,500 and 25,000 rows: the time per row is
// the same (no work grows faster than the rows).
func BenchmarkReportPage(b *testing.B) {
	for _, n := range []int{2500, 25_000} {
		body := reportBody(n)
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			var tbl Table
			for b.Loop() {
				var page reportPage
				if err := Decode(body, &page, decodeReportPage); err != nil {
					b.Fatal(err)
				}
				names := make([]string, len(page.Fields))
				for i, f := range page.Fields {
					names[i] = f.Name
				}
				total := 0.0
				for _, row := range tbl.Rows(names, page.Data) {
					total += row.Float("Column0")
				}
				if total == 0 {
					b.Fatal("no rows")
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/row")
		})
	}
}
