package diff

import "fmt"

// Kind is the constant id of a rule, and so of the changes it reports.
type Kind string

// The kinds of change, each reported and classified by one rule of [Rules].
const (
	// DomainAdded is a domain (document) only the new release has.
	DomainAdded Kind = "domain-added"
	// DomainRemoved is a domain only the old release has.
	DomainRemoved Kind = "domain-removed"
	// ScopesUnknown notes, once per domain, that one release declares no
	// OAuth scopes (the 3.0 releases use app-key security), so scope changes
	// cannot be told.
	ScopesUnknown Kind = "scopes-unknown"

	// OperationAdded is an operation only the new release has.
	OperationAdded Kind = "operation-added"
	// OperationRemoved is an operation only the old release has.
	OperationRemoved Kind = "operation-removed"
	// OperationRenamed is an operation whose path changed only in the names of its parameters.
	OperationRenamed Kind = "operation-renamed"
	// MethodRenamed is an operation whose Go resource or method name changed (its operationId did).
	MethodRenamed Kind = "method-renamed"
	// OperationDeprecated is an operation newly marked deprecated.
	OperationDeprecated Kind = "operation-deprecated"
	// OperationUndeprecated is an operation no longer marked deprecated.
	OperationUndeprecated Kind = "operation-undeprecated"
	// ScopeAdded is an OAuth scope an operation newly requires.
	ScopeAdded Kind = "scope-added"
	// ScopeRemoved is an OAuth scope an operation no longer requires.
	ScopeRemoved Kind = "scope-removed"
	// ResourceRemoved is a resource (a field of the Client, and its type)
	// whose every operation is gone.
	ResourceRemoved Kind = "resource-removed"

	// ParameterAdded is a parameter only the new release has.
	ParameterAdded Kind = "parameter-added"
	// ParameterRemoved is a parameter only the old release has.
	ParameterRemoved Kind = "parameter-removed"
	// ParameterLocationChanged is a parameter sent elsewhere (path, query, header).
	ParameterLocationChanged Kind = "parameter-location-changed"
	// ParameterRequiredChanged is a parameter that became required or optional.
	ParameterRequiredChanged Kind = "parameter-required-changed"
	// ParameterTypeChanged is a parameter whose type or format changed.
	ParameterTypeChanged Kind = "parameter-type-changed"
	// ParameterDeprecated is a parameter newly marked deprecated.
	ParameterDeprecated Kind = "parameter-deprecated"

	// RequestBodyAdded is an operation that takes a body it did not.
	RequestBodyAdded Kind = "request-body-added"
	// RequestBodyRemoved is an operation that no longer takes a body.
	RequestBodyRemoved Kind = "request-body-removed"
	// RequestBodyTypeChanged is a request body of another type or media type.
	RequestBodyTypeChanged Kind = "request-body-type-changed"
	// ResponseBodyAdded is an operation that returns a JSON body it did not.
	ResponseBodyAdded Kind = "response-body-added"
	// ResponseBodyRemoved is an operation that no longer returns a JSON body.
	ResponseBodyRemoved Kind = "response-body-removed"
	// ResponseBodyTypeChanged is a response body of another type.
	ResponseBodyTypeChanged Kind = "response-body-type-changed"

	// RequestFieldAdded is a request body field only the new release has.
	RequestFieldAdded Kind = "request-field-added"
	// RequestFieldRemoved is a request body field only the old release has.
	RequestFieldRemoved Kind = "request-field-removed"
	// RequestFieldTypeChanged is a request body field whose type or format changed.
	RequestFieldTypeChanged Kind = "request-field-type-changed"
	// RequestFieldRequiredChanged is a request body field that became required or optional.
	RequestFieldRequiredChanged Kind = "request-field-required-changed"
	// RequestFieldNullableChanged is a request body field that became nullable or not.
	RequestFieldNullableChanged Kind = "request-field-nullable-changed"
	// ResponseFieldAdded is a response body field only the new release has.
	ResponseFieldAdded Kind = "response-field-added"
	// ResponseFieldRemoved is a response body field only the old release has.
	ResponseFieldRemoved Kind = "response-field-removed"
	// ResponseFieldTypeChanged is a response body field whose type or format changed.
	ResponseFieldTypeChanged Kind = "response-field-type-changed"
	// ResponseFieldRequiredChanged is a response body field that became required or optional.
	ResponseFieldRequiredChanged Kind = "response-field-required-changed"
	// ResponseFieldNullableChanged is a response body field that became nullable or not.
	ResponseFieldNullableChanged Kind = "response-field-nullable-changed"
	// FieldDeprecated is a body field newly marked deprecated.
	FieldDeprecated Kind = "field-deprecated"
	// FieldValuesChanged is a body field whose values changed without its Go
	// type changing: any value became only null, or the other way.
	FieldValuesChanged Kind = "field-values-changed"

	// EnumValueAdded is an enum value only the new release has.
	EnumValueAdded Kind = "enum-value-added"
	// EnumValueRemoved is an enum value only the old release has.
	EnumValueRemoved Kind = "enum-value-removed"
	// TypeRenamed is a schema whose Go type name changed, its structure the same.
	TypeRenamed Kind = "type-renamed"
	// TypeRemoved is a Go type the old release's package declares and the
	// new one's does not: its schema is gone, or no operation uses it.
	TypeRemoved Kind = "type-removed"
	// ComparabilityLost is a Go type whose values could be compared with ==
	// and no longer can: it gained a field of a slice, map or union type.
	ComparabilityLost Kind = "comparability-lost"
)

// Rule reports the changes of one kind and classifies each for a Go caller of
// the generated clients: breaking when code written against the old
// release's client may stop compiling or stop working against the new one.
type Rule struct {
	// Kind is the rule's id.
	Kind Kind
	// Description says what the rule reports.
	Description string
	// classify returns whether a change is breaking and why, in one line.
	classify func(c *Change) (breaking bool, reason string)
}

// always returns a classification that does not depend on the change.
func always(breaking bool, reason string) func(*Change) (bool, string) {
	return func(*Change) (bool, string) { return breaking, reason }
}

// Rules returns every rule, in the order of the kinds above.
func Rules() []Rule {
	return []Rule{
		{DomainAdded, "a domain (document) only the new release has",
			always(false, "a new package; nothing existing changes")},
		{DomainRemoved, "a domain (document) only the old release has",
			always(true, "the package is no longer generated: code importing it stops compiling")},
		{ScopesUnknown, "one release declares OAuth scopes for the domain, the other none",
			always(false, "scope changes cannot be told; make sure the app is granted the scopes listed on the developer portal")},

		{OperationAdded, "an operation only the new release has",
			always(false, "a new method; existing calls are unaffected")},
		{OperationRemoved, "an operation only the old release has",
			always(true, "the method is gone: calls to it stop compiling")},
		{OperationRenamed, "an operation whose path changed only in the names of its parameters",
			always(false, "the same operation: the Go method and the order of its arguments stay")},
		{MethodRenamed, "an operation whose Go resource or method name changed (its operationId did)",
			always(true, "calls to the old Go name stop compiling")},
		{OperationDeprecated, "an operation newly marked deprecated",
			always(false, "still served; plan a move before it is removed")},
		{OperationUndeprecated, "an operation no longer marked deprecated",
			always(false, "nothing to do")},
		{ScopeAdded, "an OAuth scope an operation newly requires",
			always(true, "calls fail until the app is granted the scope on the developer portal")},
		{ScopeRemoved, "an OAuth scope an operation no longer requires",
			always(false, "the app needs less")},
		{ResourceRemoved, "a resource (a Client field and its type) whose every operation is gone",
			always(true, "code naming the Client field or the resource type stops compiling")},

		{ParameterAdded, "a parameter only the new release has", classifyParameterAdded},
		{ParameterRemoved, "a parameter only the old release has",
			always(true, "the Go argument or Params field is gone: code setting it stops compiling")},
		{ParameterLocationChanged, "a parameter sent elsewhere (path, query, header)", classifyLocation},
		{ParameterRequiredChanged, "a parameter that became required or optional", classifyRequired},
		{ParameterTypeChanged, "a parameter whose type or format changed", classifyType},
		{ParameterDeprecated, "a parameter newly marked deprecated",
			always(false, "still accepted; plan a move before it is removed")},

		{RequestBodyAdded, "an operation that takes a body it did not",
			always(true, "the Go method takes a body argument: calls without it stop compiling")},
		{RequestBodyRemoved, "an operation that no longer takes a body",
			always(true, "the Go method loses its body argument: calls with it stop compiling")},
		{RequestBodyTypeChanged, "a request body of another type or media type", classifyType},
		{ResponseBodyAdded, "an operation that returns a JSON body it did not",
			always(true, "the Go method's results change: code using them stops compiling")},
		{ResponseBodyRemoved, "an operation that no longer returns a JSON body",
			always(true, "the Go method's results change: code using them stops compiling")},
		{ResponseBodyTypeChanged, "a response body of another type", classifyType},

		{RequestFieldAdded, "a request body field only the new release has", classifyFieldAdded},
		{RequestFieldRemoved, "a request body field only the old release has",
			always(true, "the Go field is gone: code setting it stops compiling")},
		{RequestFieldTypeChanged, "a request body field whose type or format changed", classifyType},
		{RequestFieldRequiredChanged, "a request body field that became required or optional", classifyRequired},
		{RequestFieldNullableChanged, "a request body field that became nullable or not", classifyNullable},
		{ResponseFieldAdded, "a response body field only the new release has",
			always(false, "a new Go field; existing code is unaffected")},
		{ResponseFieldRemoved, "a response body field only the old release has",
			always(true, "the Go field is gone: code reading it stops compiling")},
		{ResponseFieldTypeChanged, "a response body field whose type or format changed", classifyType},
		{ResponseFieldRequiredChanged, "a response body field that became required or optional", classifyRequired},
		{ResponseFieldNullableChanged, "a response body field that became nullable or not", classifyNullable},
		{FieldDeprecated, "a body field newly marked deprecated",
			always(false, "still served; plan a move before it is removed")},
		{FieldValuesChanged, "a body field whose values changed, its Go type the same (any and null only)", classifyValues},

		{EnumValueAdded, "an enum value only the new release has", classifyEnumAdded},
		{EnumValueRemoved, "an enum value only the old release has",
			always(true, "the Go constant is gone, and the value is no longer sent or accepted")},
		{TypeRenamed, "a schema whose Go type name changed, its structure the same",
			always(true, "code naming the old Go type stops compiling")},
		{TypeRemoved, "a Go type the new release's package no longer declares",
			always(true, "code naming the type stops compiling")},
		{ComparabilityLost, "a Go type whose values can no longer be compared with ==",
			always(true, "code comparing its values with == or using them as map keys stops compiling")},
	}
}

// classifyParameterAdded: a new required parameter breaks every call, and
// so does an operation's first query or header parameter, which gives the Go
// method a Params argument.
func classifyParameterAdded(c *Change) (bool, string) {
	if c.facts.newArgument {
		return true, "the operation's first query or header parameter: the Go method gains a Params argument, so calls stop compiling"
	}
	if c.facts.required {
		return true, "required: calls without it are rejected (and a path parameter is a new Go argument)"
	}
	return false, "an optional Params field; existing calls are unaffected"
}

// classifyLocation: path parameters are Go arguments, query and header
// parameters fields of the Params struct.
func classifyLocation(c *Change) (bool, string) {
	from, to := c.facts.in[0], c.facts.in[1]
	if (from == "path") != (to == "path") {
		return true, fmt.Sprintf("the value moves between the Go method's arguments and its Params struct (%s to %s)", from, to)
	}
	return false, "the Go field stays in the Params struct; the client sends it where the document says"
}

// classifyRequired: a required input breaks callers that omit it; otherwise
// a change matters to Go when the field turns from T to *T or back.
func classifyRequired(c *Change) (bool, string) {
	if c.facts.became && c.facts.dir&dirRequest != 0 {
		return true, "requests without it are rejected" + wrapNote(c)
	}
	if c.facts.wrap[0] != c.facts.wrap[1] {
		return true, wrapReason(c)
	}
	if c.facts.dir&dirResponse != 0 && !c.facts.became {
		return false, "the Go field was already a pointer; nil now also means absent"
	}
	return false, "the Go field keeps its type"
}

// classifyNullable: nullability matters to Go when the field turns from T
// to *T, or from *T to stapi.Nullable[T] (a request field that may be sent
// as null), or back.
func classifyNullable(c *Change) (bool, string) {
	if c.facts.wrap[0] != c.facts.wrap[1] {
		return true, wrapReason(c)
	}
	return false, "the Go field keeps its type (an optional field is a pointer either way)"
}

func wrapNote(c *Change) string {
	if c.facts.wrap[0] != c.facts.wrap[1] {
		return ", and " + wrapReason(c)
	}
	return ""
}

// wrapReason says how the Go field's type changes its wrapping.
func wrapReason(c *Change) string {
	t := c.facts.goType[1]
	if t == "" {
		t = "T"
	}
	return fmt.Sprintf("the Go field changes from %s to %s", spell(c.facts.wrap[0], t), spell(c.facts.wrap[1], t))
}

// classifyType: a type change is breaking when the Go type changes; a format
// that maps to the same Go type (decimal and double are both float64) is not.
func classifyType(c *Change) (bool, string) {
	from, to := c.facts.goType[0], c.facts.goType[1]
	if from != "" && from == to {
		return false, fmt.Sprintf("the Go type stays %s", to)
	}
	if from == "" || to == "" {
		return true, "the Go type changes: code using the value stops compiling"
	}
	return true, fmt.Sprintf("the Go type changes from %s to %s: code using the value stops compiling", from, to)
}

// classifyFieldAdded: a new required request field must be sent.
func classifyFieldAdded(c *Change) (bool, string) {
	if c.facts.required {
		return true, "required: requests built without it send its zero value or are rejected"
	}
	return false, "an optional Go field; existing code is unaffected"
}

// classifyValues: a field that may now only be null rejects the values a
// request used to send in it; a response only holds nil. Allowing any value
// where only null was breaks nothing that compiled: the Go type is any.
func classifyValues(c *Change) (bool, string) {
	switch {
	case c.facts.became && c.facts.dir&dirRequest != 0:
		return true, "the Go type stays any, but requests sending a value other than nil may be rejected"
	case c.facts.became:
		return false, "the Go type stays any; its value is now always nil"
	}
	return false, "the Go type stays any; it may now hold any JSON value"
}

// classifyEnumAdded: a new value is a new Go constant; a response may now carry it.
func classifyEnumAdded(c *Change) (bool, string) {
	if c.facts.dir&dirResponse != 0 {
		return false, "a new Go constant; a switch over the type may meet a value it does not handle"
	}
	return false, "a new Go constant and accepted value; existing values still work"
}
