// Package normalize rewrites a loaded ServiceTitan document into one
// canonical shape, by general rules and in place, so that code generation and
// the API diff see the same API whatever the release's OpenAPI dialect:
//
//   - schema names lose their namespaces ("Crm.V2.Customers.CustomerResponse"
//     becomes "CustomerResponse"), colliding names are told apart by their
//     nearest differing namespace segment, then by a number (see [TypeNames]);
//   - enum values that repeat are merged and x-enumNames kept beside them;
//   - nullability, written in 3.0 as `nullable` or a one-item oneOf and in 3.1
//     as a type array or `oneOf [$ref, {type: null}]`, becomes `nullable: true`
//     on the schema, or the extension x-stgen-nullable on a $ref;
//   - a oneOf or anyOf with a single non-null alternative is that alternative;
//   - the tenant path parameter is marked as client configuration;
//   - object-valued query parameters are sent as deepObject (see params.go);
//   - every operation gets a resource and a method name.
package normalize
