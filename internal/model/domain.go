package model

import (
	"slices"
	"strings"

	"github.com/stgen-dev/stgen/internal/names"
)

// Domain is one document of a release: one Go package.
type Domain struct {
	// Package is the Go package name ("crm", "equipmentsystems"): the domain
	// as the document's servers name it, made a name a Go program can import.
	Package string
	// Title is the document's title on one line ("CRM", "Job Planning and Management").
	Title string
	// BasePath is the path of the domain's API on a host ("/crm/v2").
	BasePath string
	// File is the document's file, for messages and file headers.
	File string
	// Types are the package's named types, by name.
	Types []*Type
	// Operations are the package's operations, by resource, then method.
	Operations []*Operation
	// Resources group the operations, by name.
	Resources []*Resource
	// DeclaresScopes reports whether the document names OAuth scopes at all
	// (the 3.1 releases do, per operation; older ones do not).
	DeclaresScopes bool
	// Names are the Go names the domain gives, keyed as the names file keys them.
	Names *names.Domain
}

// Type returns the named type called name, or nil.
func (d *Domain) Type(name string) *Type {
	i, ok := slices.BinarySearchFunc(d.Types, name, func(t *Type, name string) int { return strings.Compare(t.Name, name) })
	if !ok {
		return nil
	}
	return d.Types[i]
}

// Operation returns the operation of key ("GET /crm/v2/tenant/{}/customers",
// see names.OperationKey), or nil.
func (d *Domain) Operation(key string) *Operation {
	for _, op := range d.Operations {
		if op.Key == key {
			return op
		}
	}
	return nil
}

// Resource is a group of operations: a field of the package's Client.
type Resource struct {
	// Name is the field's name ("Customers").
	Name string
	// TypeName is the name of its type ("CustomersResource").
	TypeName string
	// Operations are its operations, by method.
	Operations []*Operation
}
