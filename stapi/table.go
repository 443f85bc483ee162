package stapi

import "slices"

// Columns names the columns of a table page (a report's data): the names
// its response's fields give, in order.
type Columns struct {
	names []string
	index map[string]int
}

// NewColumns returns the columns with the given names.
func NewColumns(names []string) *Columns {
	c := &Columns{names: names, index: make(map[string]int, len(names))}
	for i, n := range names {
		if _, dup := c.index[n]; !dup {
			c.index[n] = i
		}
	}
	return c
}

// Names returns the column names, in order; the caller must not modify them.
func (c *Columns) Names() []string { return c.names }

// Row is one row of a table page: values read by column name.
type Row struct {
	// Columns names the row's values.
	Columns *Columns
	// Values are the row's values as the API sent them, in column order
	// (JSON numbers are float64, as with encoding/json).
	Values []any
}

// Get returns the value of the named column, and whether the row has it.
func (r Row) Get(name string) (any, bool) {
	if r.Columns == nil {
		return nil, false
	}
	i, ok := r.Columns.index[name]
	if !ok || i >= len(r.Values) {
		return nil, false
	}
	return r.Values[i], true
}

// String returns the named column's value if it is a string, else "".
func (r Row) String(name string) string {
	v, _ := r.Get(name)
	s, _ := v.(string)
	return s
}

// Float returns the named column's value if it is a number, else 0.
func (r Row) Float(name string) float64 {
	v, _ := r.Get(name)
	f, _ := v.(float64)
	return f
}

// Map returns the row as a map from column name to value.
func (r Row) Map() map[string]any {
	m := make(map[string]any, len(r.Values))
	if r.Columns == nil {
		return m
	}
	for i, n := range r.Columns.names {
		if i < len(r.Values) {
			m[n] = r.Values[i]
		}
	}
	return m
}

// Rows pairs each row of a table page's data with its columns.
func Rows(columns *Columns, data [][]any) []Row {
	rows := make([]Row, len(data))
	for i, values := range data {
		rows[i] = Row{Columns: columns, Values: values}
	}
	return rows
}

// Table reads a report's pages as rows by column name: the generated
// iterator over a report's data keeps one for all its pages. Its zero value
// is ready to use; it is for one goroutine at a time.
type Table struct {
	columns *Columns
}

// Rows pairs each row of a page's data with the page's columns, named by
// names in order: a page that names none (a server may name them on the
// first page only) has the columns of the page before, and a page that names
// the same as the page before shares its Columns rather than building them
// again. Its work is linear in the page's rows and columns.
func (t *Table) Rows(names []string, data [][]any) []Row {
	switch {
	case len(names) == 0 && t.columns != nil:
	case t.columns == nil || !slices.Equal(names, t.columns.names):
		t.columns = NewColumns(names)
	}
	return Rows(t.columns, data)
}
