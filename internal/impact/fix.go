package impact

import "github.com/stgen-dev/stgen/internal/diff"

// fixFor says what to do about code a change of the kind touches.
func fixFor(k diff.Kind) string {
	switch k {
	case diff.DomainRemoved:
		return "the domain's package is gone: remove the code that uses it"
	case diff.OperationRemoved:
		return "the operation is gone: remove the call, or move to the operation the release notes name instead"
	case diff.MethodRenamed:
		return "call the method by its new name"
	case diff.ResourceRemoved:
		return "the resource is gone with its operations: remove the code that uses it"
	case diff.ScopeAdded:
		return "grant the app the scope on the developer portal, then check with stgen scopes --have"
	case diff.ScopesUnknown:
		return "make sure the app's registration has the scope: stgen scopes --have lists what it lacks"
	case diff.ParameterAdded, diff.RequestBodyAdded:
		return "pass the new argument"
	case diff.ParameterRemoved, diff.RequestBodyRemoved:
		return "stop passing it"
	case diff.ParameterLocationChanged:
		return "pass the value where the method now takes it: an argument, or a field of its Params"
	case diff.ParameterRequiredChanged, diff.RequestFieldRequiredChanged, diff.ResponseFieldRequiredChanged,
		diff.RequestFieldNullableChanged, diff.ResponseFieldNullableChanged:
		return "use the field's new Go type: a pointer (servicetitan.Ptr(v)), a Nullable (servicetitan.Value(v)), or the value itself"
	case diff.ParameterTypeChanged, diff.RequestBodyTypeChanged, diff.ResponseBodyTypeChanged,
		diff.RequestFieldTypeChanged, diff.ResponseFieldTypeChanged:
		return "convert the value to, or from, the new Go type"
	case diff.ResponseBodyAdded, diff.ResponseBodyRemoved:
		return "use the method's new results"
	case diff.RequestFieldRemoved, diff.ResponseFieldRemoved:
		return "stop using the field"
	case diff.RequestFieldAdded:
		return "set the new field"
	case diff.FieldValuesChanged:
		return "send nil in the field"
	case diff.EnumValueRemoved:
		return "drop the value: the API no longer sends or accepts it"
	case diff.EnumValueAdded:
		return "handle the new value, or add a default case"
	case diff.TypeRenamed:
		return "name the type by its new name"
	case diff.TypeRemoved:
		return "stop naming the type"
	case diff.ComparabilityLost:
		return "compare the fields that matter (or use reflect.DeepEqual), and key maps by an id"
	}
	return "change the code to the new release's API"
}
