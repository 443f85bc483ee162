package normalize

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stgen-dev/stgen/internal/model"
	"github.com/stgen-dev/stgen/internal/spec"
)

// loadText loads a document written in YAML (paths only) and builds its model.
func loadText(t *testing.T, paths string) (*model.Domain, error) {
	t.Helper()
	doc := "openapi: 3.0.1\ninfo: {title: T, version: '1'}\nservers: [{url: 'https://x/crm/v2'}]\npaths:\n" + paths +
		"components:\n  schemas:\n    Item: {type: object, properties: {id: {type: integer}}}\n" +
		"    Page: {type: object, properties: {page: {type: integer}, pageSize: {type: integer}, hasMore: {type: boolean}, data: {type: array, items: {$ref: '#/components/schemas/Item'}}}}\n"
	file := filepath.Join(t.TempDir(), "doc.yaml")
	if err := os.WriteFile(file, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := spec.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	return Domain(d, nil)
}

// op writes one operation for loadText: method, id, and a list or item result.
func op(method, id string, list bool) string {
	result := "Item"
	if list {
		result = "Page"
	}
	return "    " + method + ": {operationId: " + id + ", parameters: [{name: page, in: query, schema: {type: integer}}], responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/" + result + "'}}}}}}\n"
}

func TestOperationNames(t *testing.T) {
	tests := []struct {
		name  string
		paths string
		want  map[string]string // "METHOD path" -> Resource.Method
	}{
		{
			name: "the resource is not repeated; a bare Get of a list is GetList",
			paths: "  /tenant/{tenant}/tasks:\n" + op("get", "Tasks_GetTasks", true) + op("post", "Tasks_CreateTask", false) +
				"  /tenant/{tenant}/tasks/{id}:\n" + op("get", "Tasks_GetTask", false) + op("delete", "Tasks_DeleteTasks", false) +
				"  /tenant/{tenant}/credit-memos/{id}/splits:\n" + op("post", "CreditMemos_AddCreditMemoSplits", false),
			want: map[string]string{
				"GET /tenant/{tenant}/tasks":                     "Tasks.GetList",
				"POST /tenant/{tenant}/tasks":                    "Tasks.Create",
				"GET /tenant/{tenant}/tasks/{id}":                "Tasks.Get",
				"DELETE /tenant/{tenant}/tasks/{id}":             "Tasks.Delete",
				"POST /tenant/{tenant}/credit-memos/{id}/splits": "CreditMemos.AddSplits",
			},
		},
		{
			name: "an action that is only the resource is named by its method",
			paths: "  /v2/tenant/{tenant}/calls:\n" + op("get", "Calls_GetCalls", true) +
				"  /v3/tenant/{tenant}/calls:\n" + op("get", "Calls_Calls", true),
			want: map[string]string{
				"GET /v2/tenant/{tenant}/calls": "Calls.GetListV2",
				"GET /v3/tenant/{tenant}/calls": "Calls.GetListV3",
			},
		},
		{
			name: "exports form one resource, named by what they export",
			paths: "  /tenant/{tenant}/export/customers:\n" + op("get", "ExportCustomers_GetCustomers", true) +
				"  /tenant/{tenant}/export/customers/contacts:\n" + op("get", "ExportContacts_CustomersContacts", true) +
				"  /tenant/{tenant}/export/bookings:\n" + op("get", "ExportBookings_Get", true),
			want: map[string]string{
				"GET /tenant/{tenant}/export/customers":          "Export.Customers",
				"GET /tenant/{tenant}/export/customers/contacts": "Export.CustomersContacts",
				"GET /tenant/{tenant}/export/bookings":           "Export.Bookings",
			},
		},
		{
			name: "numbered ids are told apart by their paths",
			paths: "  /tenant/{tenant}/bookings:\n" + op("get", "Bookings_GetList", true) +
				"  /tenant/{tenant}/booking-provider/{provider}/bookings:\n" + op("get", "Bookings_GetList2", true) +
				"  /tenant/{tenant}/installed-equipment/{id}:\n" + op("get", "InstalledEquipment_Get", false) +
				"  /tenant/{tenant}/installed-equipment/attachments:\n" + op("get", "InstalledEquipment_Get2", false),
			want: map[string]string{
				"GET /tenant/{tenant}/bookings":                             "Bookings.GetList",
				"GET /tenant/{tenant}/booking-provider/{provider}/bookings": "Bookings.GetListForProvider",
				"GET /tenant/{tenant}/installed-equipment/{id}":             "InstalledEquipment.Get",
				"GET /tenant/{tenant}/installed-equipment/attachments":      "InstalledEquipment.GetAttachments",
			},
		},
		{
			name: "names that meet after the resource is removed: by path parameters",
			paths: "  /tenant/{tenant}/locations/contacts:\n" + op("get", "Locations_GetLocationsContactsList", true) +
				"  /tenant/{tenant}/locations/{id}/contacts:\n" + op("get", "Locations_GetContactsList", true),
			want: map[string]string{
				"GET /tenant/{tenant}/locations/contacts":      "Locations.GetContactsList",
				"GET /tenant/{tenant}/locations/{id}/contacts": "Locations.GetContactsListByID",
			},
		},
		{
			name: "a letter outside ASCII is kept; an id that meets another once an emoji is dropped does not take its name",
			paths: "  /tenant/{tenant}/widgets/{id}:\n" + op("get", "Wïdgets_Get", false) + op("delete", "Widgets_Get", false) +
				"  /tenant/{tenant}/aaa-other/{id}:\n" + op("delete", "Widgets_Get🚀", false),
			want: map[string]string{
				"GET /tenant/{tenant}/widgets/{id}":      "Wïdgets.Get",
				"DELETE /tenant/{tenant}/widgets/{id}":   "Widgets.Get",
				"DELETE /tenant/{tenant}/aaa-other/{id}": "Widgets.GetAaaOther",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := loadText(t, tt.paths)
			if err != nil {
				t.Fatal(err)
			}
			for key, want := range tt.want {
				method, path, _ := strings.Cut(key, " ")
				if got := opOf(t, d, method, "/crm/v2"+path).GoName(); got != want {
					t.Errorf("%s is %s; want %s", key, got, want)
				}
			}
		})
	}
}

func TestDuplicateOperationID(t *testing.T) {
	_, err := loadText(t, "  /tenant/{tenant}/widgets/{id}:\n"+op("get", "Widgets_Get", false)+
		"  /tenant/{tenant}/aaa-other/{id}:\n"+op("delete", "Widgets_Get", false))
	if err == nil {
		t.Fatal("two operations with one operationId: no error")
	}
	for _, want := range []string{"doc.yaml", `operationId "Widgets_Get"`, "DELETE /tenant/{tenant}/aaa-other/{id}", "GET /tenant/{tenant}/widgets/{id}"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %q", err, want)
		}
	}
}
