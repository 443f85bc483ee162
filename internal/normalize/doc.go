// Package normalize builds the model of a loaded ServiceTitan document
// ([Domain]): the second of stgen's phases, parse, model, emit (see package
// model). It reads the document and never changes it. Its general rules
// make the model the same whatever the release's OpenAPI dialect:
//
//   - schema names lose their namespaces ("Crm.V2.Customers.CustomerResponse"
//     becomes "CustomerResponse"), colliding names are told apart by their
//     nearest differing namespace segment, then by a number (see [TypeNames]);
//     enums that differ only by namespace are one type;
//   - enum values that repeat are merged, their constants named from
//     x-enumNames;
//   - nullability, written in 3.0 as `nullable` or a one-item oneOf and in 3.1
//     as a type array or `oneOf [$ref, {type: null}]`, is one notion; so is
//     a value that may only be null (3.1's `{type: null}`, 3.0's
//     `{nullable: true, enum: [null]}`), which is any;
//   - a oneOf or anyOf with a single non-null alternative is that alternative,
//     and so is an allOf of one member that is not an object (`allOf: [$ref]`
//     beside a description or nullable);
//   - the tenant path parameter is left to the client's configuration;
//   - object-valued query parameters are sent as deepObject (see encoding);
//   - every operation gets a resource and a method name, and page and export
//     envelopes get iterators;
//   - the Go names an earlier generation recorded (package names) are kept.
package normalize
