package scopes

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"github.com/stgen-dev/stgen/internal/opsfile"
)

// Methods tells [Inspect] what the generated packages' methods call.
type Methods interface {
	// Method returns the record of fn and of its domain when fn is a
	// method stgen generated that calls an operation; ok is false for any
	// other function.
	Method(fn *types.Func) (m opsfile.Method, d *opsfile.Domain, ok bool)
	// Generated reports whether pkg is a package stgen generated, or its runtime.
	Generated(pkg *types.Package) bool
}

// Call is a place in a program that calls a generated method, or takes it
// as a value (to call it later).
type Call struct {
	// Pos is the position of the method's name.
	Pos token.Pos
	// Method is the generated method: "crm.CustomersResource.GetListAll".
	Method string
	// Domain is the domain package's name ("crm").
	Domain string
	// Operation is the operation it calls and the scopes that requires.
	Operation opsfile.Method
	// Release names the release the package was generated from.
	Release string
	// Declared reports whether that release declares OAuth scopes for
	// the domain; when it does not, Operation.Scopes are unknown.
	Declared bool
	// Value reports that the method is taken as a value (a method value
	// or expression), not called there.
	Value bool
}

// Unseen is a place that may call generated methods in a way no static
// analysis can follow: through an interface, or through reflection.
type Unseen struct {
	// Pos is its position.
	Pos token.Pos
	// Message says what the code does and why the calls are not seen.
	Message string
}

// Inspect finds, in files (type-checked into info), every call of a
// generated method, with its operation and scopes: methods, iterators
// and feeds, whether through the facade's client or a domain's. It also
// reports the calls it cannot follow: a call of an interface method that
// a generated method could implement (its signature uses a generated type
// or the runtime's, as every generated method's does: its options), and a
// generated client or resource passed to package reflect. A function
// value holding a generated method is seen where it is made.
func Inspect(files []*ast.File, info *types.Info, m Methods) (calls []Call, unseen []Unseen) {
	in := &inspector{info: info, m: m, clients: map[*types.TypeName]bool{}}
	for _, f := range files {
		called := map[ast.Expr]bool{}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				called[ast.Unparen(n.Fun)] = true
				in.reflection(n)
			case *ast.SelectorExpr:
				in.selector(n, called[n])
			}
			return true
		})
	}
	return in.calls, in.unseen
}

// inspector is one run of Inspect.
type inspector struct {
	info    *types.Info
	m       Methods
	calls   []Call
	unseen  []Unseen
	clients map[*types.TypeName]bool // named types known to be clients, or not
}

// selector records a generated method selected by sel, or a call of an
// interface method a generated one could implement.
func (in *inspector) selector(sel *ast.SelectorExpr, called bool) {
	s := in.info.Selections[sel]
	if s == nil || (s.Kind() != types.MethodVal && s.Kind() != types.MethodExpr) {
		return
	}
	fn, ok := s.Obj().(*types.Func)
	if !ok {
		return
	}
	if types.IsInterface(s.Recv()) {
		if in.mentionsGenerated(fn.Signature(), map[types.Type]bool{}) {
			verb := "calls"
			if !called {
				verb = "takes"
			}
			in.unseen = append(in.unseen, Unseen{Pos: sel.Sel.Pos(), Message: fmt.Sprintf(
				"%s %s of interface %s, which a generated method may implement: which operation it calls, and which scopes that needs, cannot be told",
				verb, fn.Name(), types.TypeString(s.Recv(), packageName))})
		}
		return
	}
	rec, dom, ok := in.m.Method(fn)
	if !ok {
		return
	}
	in.calls = append(in.calls, Call{
		Pos: sel.Sel.Pos(), Method: methodName(fn), Domain: fn.Pkg().Name(),
		Operation: rec, Release: dom.Release, Declared: dom.DeclaresScopes, Value: !called,
	})
}

// reflection records a generated client or resource passed to package reflect.
func (in *inspector) reflection(call *ast.CallExpr) {
	fn, ok := typeOfCallee(in.info, call).(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "reflect" {
		return
	}
	for _, arg := range call.Args {
		t := in.info.TypeOf(arg)
		if t != nil && in.isClient(t, map[*types.TypeName]bool{}) {
			in.unseen = append(in.unseen, Unseen{Pos: arg.Pos(), Message: fmt.Sprintf(
				"passes a %s to reflect.%s: the calls made through reflection, and the scopes they need, cannot be told",
				types.TypeString(t, packageName), fn.Name())})
		}
	}
}

// typeOfCallee returns the object a call calls: a function or method, a
// builtin, or nil for a call of a function value or a conversion.
func typeOfCallee(info *types.Info, call *ast.CallExpr) types.Object {
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		return info.Uses[fun]
	case *ast.SelectorExpr:
		if s := info.Selections[fun]; s != nil {
			return s.Obj()
		}
		return info.Uses[fun.Sel]
	}
	return nil
}

// isClient reports whether t is, or points to, a generated type whose
// methods call operations (a resource) or that holds one (a Client).
func (in *inspector) isClient(t types.Type, seen map[*types.TypeName]bool) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || named.Obj().Pkg() == nil || !in.m.Generated(named.Obj().Pkg()) {
		return false
	}
	obj := named.Obj()
	if known, ok := in.clients[obj]; ok {
		return known
	}
	if seen[obj] {
		return false
	}
	seen[obj] = true
	is := false
	mset := types.NewMethodSet(types.NewPointer(named))
	for i := range mset.Len() {
		if fn, ok := mset.At(i).Obj().(*types.Func); ok {
			if _, _, ok := in.m.Method(fn); ok {
				is = true
				break
			}
		}
	}
	if st, ok := named.Underlying().(*types.Struct); ok && !is {
		for i := range st.NumFields() {
			if in.isClient(st.Field(i).Type(), seen) {
				is = true
				break
			}
		}
	}
	in.clients[obj] = is
	return is
}

// mentionsGenerated reports whether t uses a named type of a generated
// package or of the runtime, anywhere in it.
func (in *inspector) mentionsGenerated(t types.Type, seen map[types.Type]bool) bool {
	if t == nil || seen[t] {
		return false
	}
	seen[t] = true
	switch t := types.Unalias(t).(type) {
	case *types.Named:
		if pkg := t.Obj().Pkg(); pkg != nil && in.m.Generated(pkg) {
			return true
		}
		for arg := range t.TypeArgs().Types() {
			if in.mentionsGenerated(arg, seen) {
				return true
			}
		}
	case *types.Pointer:
		return in.mentionsGenerated(t.Elem(), seen)
	case *types.Slice:
		return in.mentionsGenerated(t.Elem(), seen)
	case *types.Array:
		return in.mentionsGenerated(t.Elem(), seen)
	case *types.Map:
		return in.mentionsGenerated(t.Key(), seen) || in.mentionsGenerated(t.Elem(), seen)
	case *types.Chan:
		return in.mentionsGenerated(t.Elem(), seen)
	case *types.Signature:
		return in.mentionsGenerated(t.Params(), seen) || in.mentionsGenerated(t.Results(), seen)
	case *types.Tuple:
		for v := range t.Variables() {
			if in.mentionsGenerated(v.Type(), seen) {
				return true
			}
		}
	}
	return false
}

// methodName returns "crm.CustomersResource.Get" for a method, the
// package by its name.
func methodName(fn *types.Func) string {
	if recv := Receiver(fn); recv != "" {
		return fn.Pkg().Name() + "." + recv + "." + fn.Name()
	}
	return fn.Pkg().Name() + "." + fn.Name()
}

// Receiver returns the name of the type a method is declared on
// ("CustomersResource"), or "" for a function.
func Receiver(fn *types.Func) string {
	recv := fn.Signature().Recv()
	if recv == nil {
		return ""
	}
	t := recv.Type()
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	if named, ok := types.Unalias(t).(*types.Named); ok {
		return named.Obj().Name()
	}
	return ""
}

// packageName qualifies a type's packages by their names.
func packageName(p *types.Package) string { return p.Name() }
