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
// operation and location, and the Go identifiers it names.
type want struct {
	kind      Kind
	breaking  bool
	operation string
	location  string
	goIdents  []string
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
	"domain-added":   {{DomainAdded, false, "", "", []string{"depot"}}},
	"domain-removed": {{DomainRemoved, true, "", "", []string{"depot"}}},
	"scopes-unknown": {{ScopesUnknown, false, "", "security", nil}},

	"operation-added":        {{OperationAdded, false, "DELETE /shop/v2/tenant/{tenant}/widgets/{id}", "", []string{"shop.WidgetsResource.Delete"}}},
	"operation-removed":      {{OperationRemoved, true, archive, "", []string{"shop.WidgetsResource.Archive"}}},
	"operation-renamed":      {{OperationRenamed, false, "GET /shop/v2/tenant/{tenant}/widgets/{widgetId}", "path", []string{"shop.WidgetsResource.Get"}}},
	"method-renamed":         {{MethodRenamed, true, get, "", []string{"shop.WidgetsResource.Get", "shop.WidgetsResource.Fetch"}}},
	"operation-deprecated":   {{OperationDeprecated, false, list, "", []string{"shop.WidgetsResource.GetList"}}},
	"operation-undeprecated": {{OperationUndeprecated, false, list, "", []string{"shop.WidgetsResource.GetList"}}},
	"scope-added":            {{ScopeAdded, true, list, "security", []string{"shop.WidgetsResource.GetList"}}},
	"scope-removed":          {{ScopeRemoved, false, list, "security", []string{"shop.WidgetsResource.GetList"}}},

	"parameter-added":                     {{ParameterAdded, false, list, "query parameter size", []string{"shop.WidgetsGetListParams.Size"}}},
	"parameter-added-required":            {{ParameterAdded, true, list, "query parameter size", []string{"shop.WidgetsGetListParams.Size"}}},
	"parameter-removed":                   {{ParameterRemoved, true, list, "query parameter page", []string{"shop.WidgetsGetListParams.Page"}}},
	"parameter-location-changed":          {{ParameterLocationChanged, false, list, "header parameter page", []string{"shop.WidgetsGetListParams.Page"}}},
	"parameter-required-changed":          {{ParameterRequiredChanged, true, list, "query parameter page", []string{"shop.WidgetsGetListParams.Page"}}},
	"parameter-type-changed":              {{ParameterTypeChanged, true, list, "query parameter page", []string{"shop.WidgetsGetListParams.Page"}}},
	"parameter-type-changed-same-go-type": {{ParameterTypeChanged, false, list, "query parameter minPrice", []string{"shop.WidgetsGetListParams.MinPrice"}}},
	"parameter-deprecated":                {{ParameterDeprecated, false, list, "query parameter page", []string{"shop.WidgetsGetListParams.Page"}}},

	"request-body-added":         {{RequestBodyAdded, true, archive, "request body", []string{"shop.WidgetsResource.Archive"}}},
	"request-body-removed":       {{RequestBodyRemoved, true, create, "request body", []string{"shop.WidgetsResource.Create"}}},
	"request-body-type-changed":  {{RequestBodyTypeChanged, true, create, "request body", []string{"shop.WidgetsResource.Create"}}},
	"response-body-added":        {{ResponseBodyAdded, true, archive, "response body", []string{"shop.WidgetsResource.Archive"}}},
	"response-body-removed":      {{ResponseBodyRemoved, true, get, "response body", []string{"shop.WidgetsResource.Get"}}},
	"response-body-type-changed": {{ResponseBodyTypeChanged, true, get, "response body", []string{"shop.WidgetsResource.Get"}}},

	"request-field-added":            {{RequestFieldAdded, false, "", "WidgetCreateRequest.size2", []string{"shop.WidgetCreateRequest.Size2"}}},
	"request-field-added-required":   {{RequestFieldAdded, true, "", "WidgetCreateRequest.count", []string{"shop.WidgetCreateRequest.Count"}}},
	"request-field-removed":          {{RequestFieldRemoved, true, "", "WidgetCreateRequest.note", []string{"shop.WidgetCreateRequest.Note"}}},
	"request-field-type-changed":     {{RequestFieldTypeChanged, true, "", "WidgetCreateRequest.note", []string{"shop.WidgetCreateRequest.Note"}}},
	"request-field-required-changed": {{RequestFieldRequiredChanged, true, "", "WidgetCreateRequest.note", []string{"shop.WidgetCreateRequest.Note"}}},
	"request-field-nullable-changed": {{RequestFieldNullableChanged, false, "", "WidgetCreateRequest.note", []string{"shop.WidgetCreateRequest.Note"}}},

	"response-field-added":                     {{ResponseFieldAdded, false, "", "WidgetResponse.weight", []string{"shop.WidgetResponse.Weight"}}},
	"response-field-removed":                   {{ResponseFieldRemoved, true, "", "WidgetResponse.tags", []string{"shop.WidgetResponse.Tags"}}},
	"response-field-type-changed":              {{ResponseFieldTypeChanged, true, "", "WidgetResponse.price", []string{"shop.WidgetResponse.Price"}}},
	"response-field-type-changed-same-go-type": {{ResponseFieldTypeChanged, false, "", "WidgetResponse.price", []string{"shop.WidgetResponse.Price"}}},
	"response-field-required-changed":          {{ResponseFieldRequiredChanged, true, "", "WidgetResponse.name", []string{"shop.WidgetResponse.Name"}}},
	"response-field-nullable-changed":          {{ResponseFieldNullableChanged, true, "", "WidgetResponse.name", []string{"shop.WidgetResponse.Name"}}},
	"response-field-nullable-changed-optional": {{ResponseFieldNullableChanged, false, "", "WidgetResponse.price", []string{"shop.WidgetResponse.Price"}}},
	"field-deprecated":                         {{FieldDeprecated, false, "", "WidgetResponse.price", []string{"shop.WidgetResponse.Price"}}},
	"shared-field-added-required":              {{RequestFieldAdded, true, "", "Size.depth", []string{"shop.Size.Depth"}}},

	"enum-value-added":   {{EnumValueAdded, false, "", "Color", []string{"shop.ColorBlue"}}},
	"enum-value-removed": {{EnumValueRemoved, true, "", "Color", []string{"shop.ColorGreen"}}},
	"type-renamed":       {{TypeRenamed, true, "", "CreateWidgetRequest", []string{"shop.WidgetCreateRequest", "shop.CreateWidgetRequest"}}},

	"no-change-namespace-moved": nil,
	"no-change-openapi-31":      nil,
}

// compareDirs loads and compares two release folders.
func compareDirs(t testing.TB, oldDir, newDir string, opts Options) *Report {
	t.Helper()
	old, err := Load(oldDir)
	if err != nil {
		t.Fatal(err)
	}
	new, err := Load(newDir)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Compare(old, new, opts)
	if err != nil {
		t.Fatal(err)
	}
	return r
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
			r := compareDirs(t, filepath.Join(dir, "old"), filepath.Join(dir, "new"), Options{})
			var got []string
			for _, c := range r.Changes {
				got = append(got, fmt.Sprintf("%s %v %q %q %q", c.Kind, c.Breaking, c.Operation, c.Location, c.Go))
				if c.Reason == "" || c.Message == "" {
					t.Errorf("%s: empty message or reason: %+v", c.Kind, c)
				}
			}
			var wanted []string
			for _, w := range wants {
				wanted = append(wanted, fmt.Sprintf("%s %v %q %q %q", w.kind, w.breaking, w.operation, w.location, w.goIdents))
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
