package diff

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// want is a change a rule fixture must produce: its rule, classification,
// operation and location, the Go identifiers it names, and the kinds of
// the other differences made part of it.
type want struct {
	kind      Kind
	breaking  bool
	operation string
	location  string
	goIdents  []string
	also      []Kind
}

const (
	list    = "GET /shop/v2/tenant/{tenant}/widgets"
	create  = "POST /shop/v2/tenant/{tenant}/widgets"
	get     = "GET /shop/v2/tenant/{tenant}/widgets/{id}"
	archive = "POST /shop/v2/tenant/{tenant}/widgets/{id}/archive"
)

// ruleCases maps each folder of testdata/rules (a pair of releases, old and
// new, that differ in one thing) to the changes the pair must produce.
var ruleCases = map[string][]want{
	"domain-added":   {{DomainAdded, false, "", "", []string{"depot"}, nil}},
	"domain-removed": {{DomainRemoved, true, "", "", []string{"depot"}, nil}},
	"scopes-unknown": {{ScopesUnknown, false, "", "security", nil, nil}},

	"operation-added":        {{OperationAdded, false, "DELETE /shop/v2/tenant/{tenant}/widgets/{id}", "", []string{"shop.WidgetsResource.Delete"}, nil}},
	"operation-removed":      {{OperationRemoved, true, archive, "", []string{"shop.WidgetsResource.Archive"}, nil}},
	"operation-renamed":      {{OperationRenamed, false, "GET /shop/v2/tenant/{tenant}/widgets/{widgetId}", "path", []string{"shop.WidgetsResource.Get"}, nil}},
	"method-renamed":         {{MethodRenamed, true, get, "", []string{"shop.WidgetsResource.Get", "shop.WidgetsResource.Fetch"}, nil}},
	"operation-deprecated":   {{OperationDeprecated, false, list, "", []string{"shop.WidgetsResource.GetList"}, nil}},
	"operation-undeprecated": {{OperationUndeprecated, false, list, "", []string{"shop.WidgetsResource.GetList"}, nil}},
	"scope-added":            {{ScopeAdded, true, list, "security", []string{"shop.WidgetsResource.GetList"}, nil}},
	"scope-removed":          {{ScopeRemoved, false, list, "security", []string{"shop.WidgetsResource.GetList"}, nil}},
	"resource-removed": {
		{ResourceRemoved, true, "", "Client.Gadgets", []string{"shop.Client.Gadgets", "shop.GadgetsResource"}, nil},
		{OperationRemoved, true, "GET /shop/v2/tenant/{tenant}/gadgets", "", []string{"shop.GadgetsResource.GetList"}, nil},
	},

	"parameter-added":                     {{ParameterAdded, false, list, "query parameter size", []string{"shop.WidgetsGetListParams.Size"}, nil}},
	"parameter-added-required":            {{ParameterAdded, true, list, "query parameter size", []string{"shop.WidgetsGetListParams.Size"}, nil}},
	"parameter-removed":                   {{ParameterRemoved, true, list, "query parameter page", []string{"shop.WidgetsGetListParams.Page"}, nil}},
	"parameter-location-changed":          {{ParameterLocationChanged, false, list, "header parameter page", []string{"shop.WidgetsGetListParams.Page"}, nil}},
	"parameter-required-changed":          {{ParameterRequiredChanged, true, list, "query parameter page", []string{"shop.WidgetsGetListParams.Page"}, nil}},
	"parameter-type-changed":              {{ParameterTypeChanged, true, list, "query parameter page", []string{"shop.WidgetsGetListParams.Page"}, nil}},
	"parameter-type-changed-same-go-type": {{ParameterTypeChanged, false, list, "query parameter minPrice", []string{"shop.WidgetsGetListParams.MinPrice"}, nil}},
	"parameter-deprecated":                {{ParameterDeprecated, false, list, "query parameter page", []string{"shop.WidgetsGetListParams.Page"}, nil}},

	"request-body-added": {{RequestBodyAdded, true, archive, "request body", []string{"shop.WidgetsResource.Archive"}, nil}},
	// The body's type, which only it used, goes with it.
	"request-body-removed": {
		{RequestBodyRemoved, true, create, "request body", []string{"shop.WidgetsResource.Create"}, nil},
		{TypeRemoved, true, "", "WidgetCreateRequest", []string{"shop.WidgetCreateRequest"}, nil},
	},
	// WidgetResponse is now sent: its nullable fields become stapi.Nullable.
	"request-body-type-changed": {
		{RequestBodyTypeChanged, true, create, "request body", []string{"shop.WidgetsResource.Create"}, nil},
		{TypeRemoved, true, "", "WidgetCreateRequest", []string{"shop.WidgetCreateRequest"}, nil},
		{RequestFieldTypeChanged, true, "", "WidgetResponse.color", []string{"shop.WidgetResponse.Color"}, nil},
		{RequestFieldTypeChanged, true, "", "WidgetResponse.size", []string{"shop.WidgetResponse.Size"}, nil},
	},
	"response-body-added":        {{ResponseBodyAdded, true, archive, "response body", []string{"shop.WidgetsResource.Archive"}, nil}},
	"response-body-removed":      {{ResponseBodyRemoved, true, get, "response body", []string{"shop.WidgetsResource.Get"}, nil}},
	"response-body-type-changed": {{ResponseBodyTypeChanged, true, get, "response body", []string{"shop.WidgetsResource.Get"}, nil}},

	"request-field-added":            {{RequestFieldAdded, false, "", "WidgetCreateRequest.size2", []string{"shop.WidgetCreateRequest.Size2"}, nil}},
	"request-field-added-required":   {{RequestFieldAdded, true, "", "WidgetCreateRequest.count", []string{"shop.WidgetCreateRequest.Count"}, nil}},
	"request-field-removed":          {{RequestFieldRemoved, true, "", "WidgetCreateRequest.note", []string{"shop.WidgetCreateRequest.Note"}, nil}},
	"request-field-type-changed":     {{RequestFieldTypeChanged, true, "", "WidgetCreateRequest.note", []string{"shop.WidgetCreateRequest.Note"}, nil}},
	"request-field-required-changed": {{RequestFieldRequiredChanged, true, "", "WidgetCreateRequest.note", []string{"shop.WidgetCreateRequest.Note"}, nil}},
	// A request field that may be null is a stapi.Nullable: *string becomes stapi.Nullable[string].
	"request-field-nullable-changed": {{RequestFieldNullableChanged, true, "", "WidgetCreateRequest.note", []string{"shop.WidgetCreateRequest.Note"}, nil}},

	"response-field-added":                     {{ResponseFieldAdded, false, "", "WidgetResponse.weight", []string{"shop.WidgetResponse.Weight"}, nil}},
	"response-field-removed":                   {{ResponseFieldRemoved, true, "", "WidgetResponse.tags", []string{"shop.WidgetResponse.Tags"}, nil}},
	"response-field-type-changed":              {{ResponseFieldTypeChanged, true, "", "WidgetResponse.price", []string{"shop.WidgetResponse.Price"}, nil}},
	"response-field-type-changed-same-go-type": {{ResponseFieldTypeChanged, false, "", "WidgetResponse.price", []string{"shop.WidgetResponse.Price"}, nil}},
	"response-field-required-changed":          {{ResponseFieldRequiredChanged, true, "", "WidgetResponse.name", []string{"shop.WidgetResponse.Name"}, nil}},
	"response-field-nullable-changed":          {{ResponseFieldNullableChanged, true, "", "WidgetResponse.name", []string{"shop.WidgetResponse.Name"}, nil}},
	"response-field-nullable-changed-optional": {{ResponseFieldNullableChanged, false, "", "WidgetResponse.price", []string{"shop.WidgetResponse.Price"}, nil}},
	"field-deprecated":                         {{FieldDeprecated, false, "", "WidgetResponse.price", []string{"shop.WidgetResponse.Price"}, nil}},
	"field-values-changed":                     {{FieldValuesChanged, true, "", "WidgetCreateRequest.extra", []string{"shop.WidgetCreateRequest.Extra"}, nil}},
	"field-values-changed-response":            {{FieldValuesChanged, false, "", "WidgetResponse.extra", []string{"shop.WidgetResponse.Extra"}, nil}},
	// OpenAPI 3.0 writes null only as {nullable: true, enum: [null]}; here
	// a request field becomes it, and a response field is it no longer.
	"field-values-changed-openapi-30":          {{FieldValuesChanged, true, "", "WidgetCreateRequest.extra", []string{"shop.WidgetCreateRequest.Extra"}, nil}},
	"field-values-changed-openapi-30-response": {{FieldValuesChanged, false, "", "WidgetResponse.extra", []string{"shop.WidgetResponse.Extra"}, nil}},
	"one-entry-per-field": {{ResponseFieldRequiredChanged, true, "", "WidgetResponse.name", []string{"shop.WidgetResponse.Name"},
		[]Kind{ResponseFieldNullableChanged}}},
	"shared-field-added-required": {{RequestFieldAdded, true, "", "Size.depth", []string{"shop.Size.Depth"}, nil}},

	"enum-value-added":   {{EnumValueAdded, false, "", "Color", []string{"shop.ColorBlue"}, nil}},
	"enum-value-removed": {{EnumValueRemoved, true, "", "Color", []string{"shop.ColorGreen"}, nil}},
	"type-renamed":       {{TypeRenamed, true, "", "CreateWidgetRequest", []string{"shop.WidgetCreateRequest", "shop.CreateWidgetRequest"}, nil}},
	"type-removed": {
		{TypeRemoved, true, "", "Maker", []string{"shop.Maker"}, nil},
		{ResponseFieldRemoved, true, "", "WidgetResponse.maker", []string{"shop.WidgetResponse.Maker"}, nil},
	},
	// Size is sent and received: an optional field added breaks neither way.
	// WidgetCreateRequest holds a stapi.Nullable[Size], comparable as Size is.
	"comparability-lost": {
		{ComparabilityLost, true, "", "Size", []string{"shop.Size"}, nil},
		{ComparabilityLost, true, "", "WidgetCreateRequest", []string{"shop.WidgetCreateRequest"}, nil},
		{ResponseFieldAdded, false, "", "Size.labels", []string{"shop.Size.Labels"}, nil},
	},

	"no-change-namespace-moved": nil,
	"no-change-openapi-31":      nil,
}

// namedAnew are the rule fixtures compared as two releases named anew,
// without the old one's names: the names a names file keeps never give a
// method another name.
var namedAnew = map[string]bool{"method-renamed": true}

// compareDirs loads two release folders as stgen diff does and compares them.
func compareDirs(t testing.TB, oldDir, newDir string) *Report {
	t.Helper()
	old, new, err := LoadPair(oldDir, newDir, nil)
	if err != nil {
		t.Fatal(err)
	}
	return Compare(old, new)
}

// compareAnew loads two release folders each with names given anew and
// compares them.
func compareAnew(t testing.TB, oldDir, newDir string) *Report {
	t.Helper()
	old, err := Load(oldDir)
	if err != nil {
		t.Fatal(err)
	}
	new, err := Load(newDir)
	if err != nil {
		t.Fatal(err)
	}
	return Compare(old, new)
}

func TestRules(t *testing.T) {
	dirs, err := os.ReadDir("testdata/rules")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if _, ok := ruleCases[d.Name()]; !ok {
			t.Errorf("testdata/rules/%s has no case in ruleCases", d.Name())
		}
	}
	for name, wants := range ruleCases {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join("testdata/rules", name)
			compare := compareDirs
			if namedAnew[name] {
				compare = compareAnew
			}
			r := compare(t, filepath.Join(dir, "old"), filepath.Join(dir, "new"))
			var got []string
			for _, c := range r.Changes {
				got = append(got, fmt.Sprintf("%s %v %q %q %q %q", c.Kind, c.Breaking, c.Operation, c.Location, c.Go, c.Also))
				if c.Reason == "" || c.Message == "" {
					t.Errorf("%s: empty message or reason: %+v", c.Kind, c)
				}
			}
			var wanted []string
			for _, w := range wants {
				wanted = append(wanted, fmt.Sprintf("%s %v %q %q %q %q", w.kind, w.breaking, w.operation, w.location, w.goIdents, w.also))
			}
			if !slices.Equal(got, wanted) {
				t.Errorf("changes:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(wanted, "\n\t"))
			}
		})
	}
}

// TestRulesCovered checks that every rule has a fixture that reports it.
func TestRulesCovered(t *testing.T) {
	covered := map[Kind]bool{}
	for _, wants := range ruleCases {
		for _, w := range wants {
			covered[w.kind] = true
		}
	}
	for _, r := range Rules() {
		if !covered[r.Kind] {
			t.Errorf("rule %s has no fixture in testdata/rules", r.Kind)
		}
		if r.Description == "" || r.classify == nil {
			t.Errorf("rule %s: no description or classification", r.Kind)
		}
	}
}
