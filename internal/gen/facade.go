package gen

import (
	"cmp"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/dave/jennifer/jen"
	"github.com/stgen-dev/stgen/internal/model"
	"github.com/stgen-dev/stgen/internal/normalize"
)

// FacadePackage is the name of the package that gathers every domain client.
const FacadePackage = "servicetitan"

// ExampleFile is the facade's file of examples, which go doc shows and go
// test compiles, running those that need no server.
const ExampleFile = "example.gen_test.go"

// AuthPath is the import path of authmw, unless FacadeOptions.Auth says otherwise.
const AuthPath = "github.com/stgen-dev/stgen/authmw"

// Domain is what the facade needs to know of one generated domain package.
type Domain struct {
	// Package is the package name ("crm").
	Package string
	// Title is the document's title ("CRM", "Job Planning and Management").
	Title string
	// ReportRuns are the method and path, as a net/http.ServeMux pattern,
	// of each of the domain's report runs, which New limits as ServiceTitan
	// does (see authmw.ReportRunLimit).
	ReportRuns []string
	// examples are the operations the facade's examples may call.
	examples examples
}

// DomainOf returns what the facade needs to know of a domain's model.
func DomainOf(dom *model.Domain) Domain {
	d := Domain{Package: dom.Package, Title: dom.Title, examples: examplesOf(dom)}
	for _, op := range dom.Operations {
		if p := op.HTTPMethod + " " + op.Path; op.ReportRun && validPattern(p) {
			d.ReportRuns = append(d.ReportRuns, p)
		}
	}
	return d
}

// wildcard matches a path's parameters.
var wildcard = regexp.MustCompile(`\{[^{}/]*\}`)

// validPattern reports whether a net/http.ServeMux takes pattern, its
// wildcards renamed as authmw renames them: a path the documents give
// that it refuses gets no limit, rather than every client failing to start.
func validPattern(pattern string) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	n := 0
	pattern = wildcard.ReplaceAllStringFunc(pattern, func(string) string {
		n++
		return fmt.Sprintf("{w%d}", n)
	})
	http.NewServeMux().Handle(pattern, http.NotFoundHandler())
	return true
}

// FieldName returns the Go name of a domain's field in the facade: the
// title's own spelling when it spells the package name ("CRM",
// "EquipmentSystems"), the package name in capitals when the title's initials
// spell it ("Job Planning and Management" gives "JPM"), else the package name
// capitalized ("Jbce").
func (d Domain) FieldName() string {
	words := strings.FieldsFunc(d.Title, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	var joined, initials strings.Builder
	for _, w := range words {
		joined.WriteString(strings.ToUpper(w[:1]) + w[1:])
		if !slices.Contains([]string{"and", "of", "the", "for"}, strings.ToLower(w)) {
			initials.WriteString(w[:1])
		}
	}
	switch {
	case strings.EqualFold(joined.String(), d.Package):
		return normalize.GoName(joined.String())
	case strings.EqualFold(initials.String(), d.Package):
		return strings.ToUpper(d.Package)
	}
	return normalize.GoName(d.Package)
}

// FacadeOptions say what the facade package imports and records.
type FacadeOptions struct {
	// Module is the import path of the folder the domain packages are in.
	Module string
	// Runtime and Auth are the import paths of stapi and authmw; empty means stgen's own.
	Runtime, Auth string
	// Release names the release the packages were generated from ("2026-05-11").
	Release string
	// Version is stgen's version.
	Version string
}

// Facade generates the servicetitan package: a Config, a Client with one
// field per domain, New wiring them to authmw, the per-call options, the
// Error type and the release the packages came from.
func Facade(opts FacadeOptions, domains []Domain) (*Package, error) {
	rt := cmp.Or(opts.Runtime, RuntimePath)
	auth := cmp.Or(opts.Auth, AuthPath)
	domains = slices.SortedFunc(slices.Values(domains), func(a, b Domain) int { return strings.Compare(a.Package, b.Package) })
	fields := map[string]string{}
	for _, d := range domains {
		if d.Package == FacadePackage {
			return nil, fmt.Errorf("domain %q has the name of the facade package: it cannot be generated beside it", d.Package)
		}
		name := d.FieldName()
		if other, dup := fields[name]; dup {
			return nil, fmt.Errorf("domains %q and %q would both be the facade's field %s", other, d.Package, name)
		}
		fields[name] = d.Package
	}

	f := jen.NewFile(FacadePackage)
	f.ImportName(rt, "stapi")
	f.ImportName(auth, "authmw")
	f.HeaderComment(Header(opts.Version, "", opts.Release))
	f.PackageComment("Package servicetitan is the entry point to ServiceTitan's API: a Client with one field per")
	f.PackageComment("domain, each field a client whose fields are the domain's resources:")
	f.PackageComment("")
	f.PackageComment("\tst, err := servicetitan.New(servicetitan.Config{")
	f.PackageComment("\t\tClientID: id, ClientSecret: secret, AppKey: appKey,")
	f.PackageComment("\t\tTenant: 1234567, Environment: authmw.Integration,")
	f.PackageComment("\t})")
	f.PackageComment("\tcustomer, err := st.CRM.Customers.Get(ctx, 42)")
	f.PackageComment("")
	f.PackageComment("Every method takes per-call options after its arguments ([WithQuery], [WithHeader],")
	f.PackageComment("[WithIdempotencyKey], [WithTimeout], [WithResponse]); a response outside 2xx is an [*Error].")

	f.Comment("Release is the ServiceTitan release the packages were generated from.")
	f.Const().Id("Release").Op("=").Lit(opts.Release)
	f.Comment("GeneratorVersion is the version of stgen that generated the packages.")
	f.Const().Id("GeneratorVersion").Op("=").Lit(opts.Version)

	f.Comment("Config holds what New needs to reach ServiceTitan.")
	f.Type().Id("Config").Struct(
		jen.Comment("ClientID and ClientSecret are the app's credentials for the environment."),
		jen.Id("ClientID").String(),
		jen.Id("ClientSecret").String(),
		jen.Comment("AppKey is the app's key, sent as ST-App-Key."),
		jen.Id("AppKey").String(),
		jen.Comment("Tenant is the id of the ServiceTitan tenant every call is for."),
		jen.Id("Tenant").Int64(),
		jen.Comment("Environment selects the token URL and the API host."),
		jen.Id("Environment").Qual(auth, "Environment"),
		jen.Comment("BaseURL, if set, overrides the Environment's API host (a proxy, or a fake in tests);"),
		jen.Comment("the token and app key go to this host only, over https unless it is a loopback address."),
		jen.Id("BaseURL").String(),
		jen.Comment("TokenURL, if set, overrides the Environment's token URL."),
		jen.Id("TokenURL").String(),
		jen.Comment("PageSize is the page size iterators ask for when the call sets none and the"),
		jen.Comment("document states no maximum; zero means stapi.DefaultPageSize (5000)."),
		jen.Id("PageSize").Int(),
		jen.Comment("MaxResponseBytes bounds a response body read into memory; zero means"),
		jen.Comment("stapi.DefaultMaxResponseBytes (256 MiB). Downloads are streams, not bound."),
		jen.Id("MaxResponseBytes").Int64(),
		jen.Comment("Options apply to every call, before the call's own."),
		jen.Id("Options").Index().Qual(rt, "Option"),
		jen.Comment("Transport, if set, sends the requests under the middleware; nil means http.DefaultTransport."),
		jen.Id("Transport").Qual("net/http", "RoundTripper"),
		jen.Comment("Middleware tunes retries, rate limiting, timeouts and logging; New sets its"),
		jen.Comment("credentials and URLs from the fields above, and puts ServiceTitan's limit on"),
		jen.Comment("report runs (authmw.ReportRunLimit) before its OperationLimits, which can"),
		jen.Comment("replace it (a limit of the same pattern) or limit other operations:"),
		jen.Comment(""),
		jen.Comment("\tMiddleware: authmw.Config{OperationLimits: []authmw.OperationLimit{"),
		jen.Comment("\t\t{Pattern: \"GET /telecom/v3/tenant/{tenant}/calls\", MaxInFlight: 1},"),
		jen.Comment("\t}},"),
		jen.Id("Middleware").Qual(auth, "Config"),
	)

	f.Comment("Client gathers the clients of every domain; it is safe for concurrent use.")
	f.Type().Id("Client").StructFunc(func(g *jen.Group) {
		for _, d := range domains {
			g.Comment(fmt.Sprintf("// %s calls the %s API.", d.FieldName(), printable(d.Title)))
			g.Id(d.FieldName()).Op("*").Qual(opts.Module+"/"+d.Package, "Client")
		}
	})

	f.Comment("Error is a response outside 2xx: its Status, and what ServiceTitan said in its error body")
	f.Comment("(Type, Title, TraceID to quote to their support, and Errors, the problems by field). Get it")
	f.Comment("from a call's error with errors.As:")
	f.Comment("")
	f.Comment("\tvar apiErr *servicetitan.Error")
	f.Comment("\tif errors.As(err, &apiErr) && apiErr.Status == http.StatusNotFound { ... }")
	f.Type().Id("Error").Op("=").Qual(rt, "Error")

	f.Comment("File is a file to upload, for the body fields the documents declare as binary.")
	f.Type().Id("File").Op("=").Qual(rt, "File")
	f.Comment("Download is a response body returned as a stream, with its content type; close its Body.")
	f.Type().Id("Download").Op("=").Qual(rt, "Download")
	f.Comment("Date is a calendar date, the Go type of the documents' format: date (\"2026-01-02\").")
	f.Type().Id("Date").Op("=").Qual(rt, "Date")

	f.Comment("Option adjusts one call; every method, iterator and feed takes options after its arguments.")
	f.Type().Id("Option").Op("=").Qual(rt, "Option")
	for _, o := range []struct {
		name, doc string
		params    []jen.Code
		args      []jen.Code
	}{
		{"WithQuery", "WithQuery adds a query parameter the document does not declare, such as modifiedOnOrAfter.",
			[]jen.Code{jen.List(jen.Id("key"), jen.Id("value")).String()}, []jen.Code{jen.Id("key"), jen.Id("value")}},
		{"WithHeader", "WithHeader sets a request header.",
			[]jen.Code{jen.List(jen.Id("key"), jen.Id("value")).String()}, []jen.Code{jen.Id("key"), jen.Id("value")}},
		{"WithIdempotencyKey", "WithIdempotencyKey sends an Idempotency-Key, which also lets a POST be retried after a server error.",
			[]jen.Code{jen.Id("key").String()}, []jen.Code{jen.Id("key")}},
		{"WithTimeout", "WithTimeout bounds the whole call, retries and reading the response included.",
			[]jen.Code{jen.Id("d").Qual("time", "Duration")}, []jen.Code{jen.Id("d")}},
		{"WithResponse", "WithResponse stores the call's HTTP response in *dst, for its status and headers.",
			[]jen.Code{jen.Id("dst").Op("**").Qual("net/http", "Response")}, []jen.Code{jen.Id("dst")}},
	} {
		f.Comment(o.doc)
		f.Func().Id(o.name).Params(o.params...).Id("Option").Block(jen.Return(jen.Qual(rt, o.name).Call(o.args...)))
	}

	f.Comment("Nullable is a request field the document declares nullable: left out when unset (its zero")
	f.Comment("value), sent as null when made by Null (for a PATCH, \"clear this value\"), or with a value")
	f.Comment("made by Value.")
	f.Type().Id("Nullable").Types(jen.Id("T").Any()).Op("=").Qual(rt, "Nullable").Types(jen.Id("T"))
	f.Comment("Null returns a Nullable sent as null: Null[int64]().")
	f.Func().Id("Null").Types(jen.Id("T").Any()).Params().Id("Nullable").Types(jen.Id("T")).Block(jen.Return(jen.Qual(rt, "Null").Types(jen.Id("T")).Call()))
	f.Comment("Value returns a Nullable sent with the value v: Value(int64(42)).")
	f.Func().Id("Value").Types(jen.Id("T").Any()).Params(jen.Id("v").Id("T")).Id("Nullable").Types(jen.Id("T")).Block(jen.Return(jen.Qual(rt, "Value").Call(jen.Id("v"))))

	f.Comment("Ptr returns a pointer to v, for optional fields and parameters: Ptr(int32(50)).")
	f.Comment("Go 1.26's new(v) does the same: new(int32(50)).")
	f.Func().Id("Ptr").Types(jen.Id("T").Any()).Params(jen.Id("v").Id("T")).Op("*").Id("T").Block(jen.Return(jen.Op("&").Id("v")))

	f.Comment("New returns a Client that authenticates, retries, times out and rate-limits through package authmw.")
	f.Func().Id("New").Params(jen.Id("cfg").Id("Config")).Params(jen.Op("*").Id("Client"), jen.Error()).Block(
		jen.Id("base").Op(":=").Id("cfg").Dot("BaseURL"),
		jen.If(jen.Id("base").Op("==").Lit("")).Block(
			jen.Id("base").Op("=").Id("cfg").Dot("Environment").Dot("APIBaseURL").Call(),
		),
		jen.If(jen.Id("base").Op("==").Lit("")).Block(
			jen.Return(jen.Nil(), jen.Qual("errors", "New").Call(jen.Lit("servicetitan: Config.Environment (or Config.BaseURL) is required"))),
		),
		jen.If(jen.Id("cfg").Dot("Tenant").Op("<=").Lit(0)).Block(
			jen.Return(jen.Nil(), jen.Qual("errors", "New").Call(jen.Lit("servicetitan: Config.Tenant is required: the id of the tenant the calls are for"))),
		),
		jen.Id("mw").Op(":=").Id("cfg").Dot("Middleware"),
		reportLimits(domains, auth),
		jen.Id("mw").Dot("ClientID").Op(",").Id("mw").Dot("ClientSecret").Op(",").Id("mw").Dot("AppKey").Op("=").
			Id("cfg").Dot("ClientID").Op(",").Id("cfg").Dot("ClientSecret").Op(",").Id("cfg").Dot("AppKey"),
		jen.Id("mw").Dot("Environment").Op(",").Id("mw").Dot("TokenURL").Op(",").Id("mw").Dot("BaseURL").Op("=").
			Id("cfg").Dot("Environment").Op(",").Id("cfg").Dot("TokenURL").Op(",").Id("base"),
		jen.List(jen.Id("rt"), jen.Err()).Op(":=").Qual(auth, "NewTransport").Call(jen.Id("mw"), jen.Id("cfg").Dot("Transport")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
		jen.Id("core").Op(":=").Op("&").Qual(rt, "Client").Values(jen.Dict{
			jen.Id("BaseURL"):          jen.Id("base"),
			jen.Id("Tenant"):           jen.Id("cfg").Dot("Tenant"),
			jen.Id("HTTPClient"):       jen.Op("&").Qual("net/http", "Client").Values(jen.Dict{jen.Id("Transport"): jen.Id("rt"), jen.Id("CheckRedirect"): jen.Qual(auth, "RedirectPolicy").Call(jen.Id("mw"))}),
			jen.Id("PageSize"):         jen.Id("cfg").Dot("PageSize"),
			jen.Id("MaxResponseBytes"): jen.Id("cfg").Dot("MaxResponseBytes"),
			jen.Id("Options"):          jen.Id("cfg").Dot("Options"),
		}),
		jen.Return(jen.Op("&").Id("Client").Values(jen.DictFunc(func(dict jen.Dict) {
			for _, d := range domains {
				dict[jen.Id(d.FieldName())] = jen.Qual(opts.Module+"/"+d.Package, "NewClient").Call(jen.Id("core"))
			}
		})), jen.Nil()),
	)
	src, err := renderJen(FacadePackage+".gen.go", f)
	if err != nil {
		return nil, fmt.Errorf("generating the %s package: %w", FacadePackage, err)
	}
	files := map[string][]byte{FacadePackage + ".gen.go": src}
	if ex := exampleFile(opts, domains, rt, auth); ex != nil {
		if files[ExampleFile], err = renderJen(ExampleFile, ex); err != nil {
			return nil, fmt.Errorf("generating the %s package's examples: %w", FacadePackage, err)
		}
	}
	return &Package{Name: FacadePackage, Files: files}, nil
}

// reportLimits sets the facade's New's middleware limits: the report runs
// of every domain, limited as ServiceTitan does, before the caller's own.
func reportLimits(domains []Domain, auth string) jen.Code {
	var runs []jen.Code
	for _, d := range domains {
		for _, p := range d.ReportRuns {
			runs = append(runs, jen.Qual(auth, "ReportRunLimit").Call(jen.Lit(p)))
		}
	}
	if len(runs) == 0 {
		return jen.Null()
	}
	return jen.Id("mw").Dot("OperationLimits").Op("=").Append(
		jen.Index().Qual(auth, "OperationLimit").Values(runs...),
		jen.Id("mw").Dot("OperationLimits").Op("..."),
	)
}

// Header is the first line of a generated file: what generated it, from
// which document (empty for the facade) of which release. The names come
// from the file system: anything but printable characters is dropped, so
// that the header stays one comment line.
func Header(version, document, release string) string {
	from := "the documents"
	if document != "" {
		from = printable(document)
	}
	if release != "" {
		from += " of ServiceTitan release " + printable(release)
	}
	return fmt.Sprintf("Code generated by stgen %s from %s. DO NOT EDIT.", printable(cmp.Or(version, "(devel)")), from)
}

// printable returns s without the characters that are not printable
// (unicode.IsPrint): line breaks, controls, bidirectional formatting.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if !unicode.IsPrint(r) || unicode.Is(unicode.Bidi_Control, r) {
			return -1
		}
		return r
	}, s)
}
