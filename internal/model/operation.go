package model

// Operation is one operation of a document: a method of its resource.
type Operation struct {
	// Key identifies the operation across releases (see names.OperationKey).
	Key string
	// ID is the document's operationId ("Customers_GetList"), or "".
	ID string
	// Resource is the Go name of the operation's resource ("Customers").
	Resource string
	// Method is the Go name of its method ("GetList").
	Method string
	// HTTPMethod is the HTTP method, in capitals.
	HTTPMethod string
	// Path is the full path under the host, with placeholders:
	// "/crm/v2/tenant/{tenant}/customers/{id}".
	Path string
	// Location is the operation's JSON pointer in the document.
	Location string
	// Summary and Description are the document's text: Summary one line (""
	// when the document's is only the operation id), Description what it
	// says beyond the summary ("" when nothing).
	Summary, Description string
	// Tags are the document's tags, in order.
	Tags []string
	// Scopes are the OAuth scopes the operation requires, in the document's order.
	Scopes []string
	// Deprecated reports that the document marks the operation deprecated.
	Deprecated bool
	// PathParams are the path parameters the method takes, in path order;
	// the tenant, which the client supplies, is not among them.
	PathParams []*Param
	// Params is the struct of the query and header parameters, or nil.
	Params *Params
	// Body is the request body, or nil.
	Body *Body
	// Result is what a successful call returns.
	Result Result
	// Responses are the types of the operation's other responses that
	// have a named type (errors, mostly), by status.
	Responses []Response
	// Pager is how iterators move through the operation's results, or nil.
	Pager *Pager
	// ReportRun reports that the operation runs a report: a POST whose
	// result is a report page (rows named by the page's fields), which
	// ServiceTitan limits per tenant and report.
	ReportRun bool
}

// GoName returns the method's qualified Go name ("Customers.GetList").
func (op *Operation) GoName() string { return op.Resource + "." + op.Method }

// SentTypes returns the Go types of what a call sends: its path
// parameters, its Params' fields and its body, in that order.
func (op *Operation) SentTypes() []*GoType {
	var ts []*GoType
	for _, p := range op.PathParams {
		ts = append(ts, p.Type)
	}
	if op.Params != nil {
		for _, p := range op.Params.Fields {
			ts = append(ts, p.Type)
		}
	}
	if op.Body != nil {
		ts = append(ts, op.Body.Type)
	}
	return ts
}

// ReceivedTypes returns the Go types of what a call receives: its result,
// if it has one, and its other responses'.
func (op *Operation) ReceivedTypes() []*GoType {
	var ts []*GoType
	if op.Result.Type != nil {
		ts = append(ts, op.Result.Type)
	}
	for _, r := range op.Responses {
		ts = append(ts, r.Type)
	}
	return ts
}

// Param is a parameter: a method argument (path) or a field of a parameters struct.
type Param struct {
	// Name is the parameter's name as sent ("customField.Fields", "id").
	Name string
	// In is where it is sent: "path", "query" or "header".
	In string
	// GoName is the argument's name for a path parameter ("id"), the
	// field's name otherwise ("CustomFieldFields").
	GoName string
	// Type is its Go type; an optional scalar is a pointer.
	Type *GoType
	// Format is the document's format of a scalar parameter ("int64",
	// "double"), or "": formats of one Go type (double and decimal are both
	// float64) differ only here.
	Format string
	// Required reports that the document requires it.
	Required bool
	// Encoding is how a query parameter's value is written: "" for the
	// default (form, each array item a parameter of its own), "deepObject"
	// (name[key]=value), or, for an array sent as one value, "csv", "ssv" or
	// "pipes".
	Encoding string
	// Doc is the document's description.
	Doc string
	// Deprecated reports that the document marks it deprecated.
	Deprecated bool
}

// Params is an operation's query and header parameters as a struct.
type Params struct {
	// TypeName is the struct's name ("CustomersGetListParams").
	TypeName string
	// Fields are the parameters, in the document's order.
	Fields []*Param
}

// Field returns the query parameter sent as name, or nil.
func (p *Params) Field(name string) *Param {
	if p == nil {
		return nil
	}
	for _, f := range p.Fields {
		if f.Name == name && f.In == "query" {
			return f
		}
	}
	return nil
}

// Body is an operation's request body.
type Body struct {
	// Type is the Go type the method takes.
	Type *GoType
	// MediaType is the document's media type ("application/json", "multipart/form-data").
	MediaType string
	// Multipart reports that it is sent as multipart/form-data: a form, or a
	// JSON body with a file in it (the API takes files as parts).
	Multipart bool
	// Required reports that the document requires a body.
	Required bool
}

// ResultKind is what a successful call returns.
type ResultKind uint8

const (
	// ResultNone is nothing but the error: the document declares no content
	// and the operation is not a download.
	ResultNone ResultKind = iota
	// ResultJSON is a decoded JSON value.
	ResultJSON
	// ResultDownload is the body as a stream with its content type: files,
	// text, and the bodies of GET operations that declare no content (the
	// API sends them all the same).
	ResultDownload
)

// Result is what a successful call returns.
type Result struct {
	// Kind is the kind of result.
	Kind ResultKind
	// Type is the decoded type, for ResultJSON.
	Type *GoType
	// Pointer reports that the method returns *Type (a struct), not Type.
	Pointer bool
	// Accept lists the media types of the success responses ("application/json").
	Accept string
	// Status is the status code of the success response the result is read from ("200").
	Status string
}

// Response is another response of an operation than its result.
type Response struct {
	// Status is the status code, or "default".
	Status string
	// Type is the named type of its body.
	Type *GoType
}

// PagerKind is how an iterator moves through a collection.
type PagerKind uint8

const (
	// PagerPages follows the page numbers of {page, pageSize, hasMore, data} envelopes.
	PagerPages PagerKind = iota + 1
	// PagerTable is PagerPages whose rows are arrays named by the envelope's fields (reports).
	PagerTable
	// PagerExport follows the continuation tokens of {hasMore, continueFrom, data} envelopes.
	PagerExport
)

// Pager is what an operation's iterators need.
type Pager struct {
	// Kind is how the iterators move.
	Kind PagerKind
	// All is the name of the method iterating over every item ("GetListAll").
	All string
	// Feed is the name of the method returning an export's feed ("CustomersFeed").
	Feed string
	// Since is the name of the method returning an export's feed from a
	// date-time ("CustomersFeedSince").
	Since string
	// Item is the Go type of the items (a row for tables).
	Item *GoType
	// Driver is the parameter that moves through the collection: page, or from.
	Driver *Param
	// Size is the pageSize parameter, or nil.
	Size *Param
	// First is the first page number: 0 or 1.
	First int
	// MaxSize is the largest page size the document states, or 0.
	MaxSize int
	// HasMorePointer and ContinuePointer report that the envelope's hasMore
	// and continueFrom fields are pointers.
	HasMorePointer, ContinuePointer bool
	// Fields is the Go name of a table envelope's field list ("Fields").
	Fields string
	// Identity names the item fields that identify a version of a record,
	// an integer id and the date-time modifiedOn ("ID", "ModifiedOn"), when
	// the item has both: what tells a record an export repeats. Empty
	// otherwise.
	Identity []string
}
