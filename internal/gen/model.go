package gen

// The model is what the client emitter needs of a normalized, lowered
// document: every operation with the Go shapes of its arguments and result.
// lower builds it (lower.go); client.go, params.go and iterators.go emit it.

// model is one domain's operations, sorted by resource and method.
type model struct {
	domain, basePath, title string
	ops                     []*operation
}

// operation is one operation as a method of its resource.
type operation struct {
	resource, method string // Go names: CustomersResource.GetList
	httpMethod, path string // "GET", "/crm/v2/tenant/{tenant}/customers/{id}"
	summary, details string // doc text; details only when it says more than summary
	scopes           []string
	deprecated       bool
	pathParams       []*param // in path order, the tenant left out
	params           *paramsStruct
	body             *body
	result           result
	pager            *pager
}

// param is a path parameter (a method argument) or a field of a parameters struct.
type param struct {
	name    string // as sent: "customField.Fields", "id"
	in      string // "path", "query" or "header"
	goName  string // the Go name: argument name for path parameters, field name otherwise
	goType  string // Go type, in the package's terms: "int64", "*int32", "[]SortField", "map[string]string"
	deep    bool   // sent as deepObject
	delim   string // an array sent as one value: "csv" (form, not exploded), "ssv" or "pipes"
	doc     string
	deprec  bool
	pointer bool // goType is a pointer to an optional scalar
}

// paramsStruct is an operation's query and header parameters as a struct.
type paramsStruct struct {
	typeName string
	fields   []*param
}

// field returns the field sent as name, or nil.
func (p *paramsStruct) field(name string) *param {
	if p == nil {
		return nil
	}
	for _, f := range p.fields {
		if f.name == name && f.in == "query" {
			return f
		}
	}
	return nil
}

// body is an operation's request body.
type body struct {
	goType    string
	multipart bool // sent as multipart/form-data (see stapi.Multipart)
}

// resultKind is what a successful call returns.
type resultKind int

const (
	// resultJSON is a decoded JSON value.
	resultJSON resultKind = iota
	// resultDownload is the body as a stream (*stapi.Download): files, text,
	// and bodies of GET operations whose documents declare none.
	resultDownload
	// resultBytes is the body read in full ([]byte): the body of another
	// method whose document declares none, which the API may still send.
	resultBytes
)

// result is what a successful call returns.
type result struct {
	kind    resultKind
	goType  string // for resultJSON: the decoded type
	pointer bool   // for resultJSON: the method returns *goType
	accept  string // the Accept header
}

// pagerKind is how an iterator moves through a collection.
type pagerKind int

const (
	// pagerPages follows page numbers of {page, pageSize, hasMore, data} envelopes.
	pagerPages pagerKind = iota
	// pagerTable is pagerPages whose data rows are arrays named by the envelope's fields (reports).
	pagerTable
	// pagerExport follows the continuation tokens of {hasMore, continueFrom, data} envelopes.
	pagerExport
)

// pager is what an operation's iterators need.
type pager struct {
	kind            pagerKind
	allName         string // the iterator: GetListAll, CustomersAll
	feedName        string // the feed, for exports: CustomersFeed
	itemType        string // Go type of the items (stapi.Row for tables)
	driver          *param // the page or from parameter
	size            *param // the pageSize parameter, or nil
	first           int    // the first page number: 0 or 1
	maxSize         int    // the largest page size the document states, or 0
	hasMorePointer  bool   // the envelope's hasMore is a pointer
	continuePointer bool   // the envelope's continueFrom is a pointer
	fieldsName      string // for tables: the Go name of the envelope's field list field
}
