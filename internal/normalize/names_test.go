package normalize

import (
	"go/token"
	"maps"
	"slices"
	"testing"
)

func TestGoName(t *testing.T) {
	for in, want := range map[string]string{
		"customerId":          "CustomerID",
		"ApiErrorResponse":    "APIErrorResponse",
		"customField.Fields":  "CustomFieldFields",
		"gps_provider":        "GPSProvider",
		"customerIds":         "CustomerIDs",
		"skus":                "SKUs",
		"jbce":                "JBCE",
		"Wïdgets":             "Wïdgets",
		"Widgets_Get🚀":        "WidgetsGet",
		"日本":                  "X日本",
		"ñandú":               "Ñandú",
		"2fa":                 "N2Fa",
		"":                    "X",
		"---":                 "X",
		"V2Api":               "V2Api",
		"apiKey":              "APIKey",
		"already_URL_cased":   "AlreadyURLCased",
		"TechnicianIDs":       "TechnicianIDs",
		"Sales & Estimates":   "SalesEstimates",
		"html":                "HTML",
		"ExportInvoiceItem2x": "ExportInvoiceItem2X",
	} {
		if got := GoName(in); got != want {
			t.Errorf("GoName(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestTypeNames(t *testing.T) {
	names := []string{
		"Crm.V2.AddressPatchModel",
		"Crm.V2.Locations.AddressPatchModel",
		"Crm.V2.Customers.CustomFieldTypeResponse",
		"Crm.V2.Locations.CustomFieldTypeResponse",
		"PaginatedResponse_Of_Crm.V2.Customers.CustomFieldTypeResponse",
		"PaginatedResponse_Of_Crm.V2.Locations.CustomFieldTypeResponse",
		"Telecom.V3.CallDirection",
		"Telecom.CallDirection",
		"Telecom.V2.CallDirection",
		"Telecom.V3.JobTypeModel",
		"JobTypeModel",
		"ApiErrorResponse",
		"ExportResponse_Of_Crm.V2.Customers.CustomerExportResponse",
		"Crm.V2.CustomerType",
	}
	want := map[string]string{
		"Crm.V2.AddressPatchModel":                                      "AddressPatchModel",
		"Crm.V2.Locations.AddressPatchModel":                            "LocationsAddressPatchModel",
		"Crm.V2.Customers.CustomFieldTypeResponse":                      "CustomersCustomFieldTypeResponse",
		"Crm.V2.Locations.CustomFieldTypeResponse":                      "LocationsCustomFieldTypeResponse",
		"PaginatedResponse_Of_Crm.V2.Customers.CustomFieldTypeResponse": "PaginatedResponseOfCustomersCustomFieldTypeResponse",
		"PaginatedResponse_Of_Crm.V2.Locations.CustomFieldTypeResponse": "PaginatedResponseOfLocationsCustomFieldTypeResponse",
		"Telecom.CallDirection":                                         "CallDirection",
		"Telecom.V2.CallDirection":                                      "CallDirection2",
		"Telecom.V3.CallDirection":                                      "CallDirection3",
		"JobTypeModel":                                                  "JobTypeModel",
		"Telecom.V3.JobTypeModel":                                       "TelecomJobTypeModel",
		"ApiErrorResponse":                                              "APIErrorResponse",
		"ExportResponse_Of_Crm.V2.Customers.CustomerExportResponse":     "ExportResponseOfCustomerExportResponse",
		"Crm.V2.CustomerType":                                           "CustomerType",
	}
	got := TypeNames(names, nil, nil)
	for k, w := range want {
		if got[k] != w {
			t.Errorf("TypeNames()[%q] = %q; want %q", k, got[k], w)
		}
	}
	// Order of the input does not matter.
	slices.Reverse(names)
	if again := TypeNames(names, nil, nil); !maps.Equal(again, got) {
		t.Errorf("TypeNames depends on input order: %v vs %v", again, got)
	}
}

// FuzzTypeNames checks, for any set of names, that the results are distinct
// exported Go identifiers and that GoName is idempotent.
func FuzzTypeNames(f *testing.F) {
	f.Add("Crm.V2.A", "Crm.V2.Locations.A", "Telecom.V3.A")
	f.Add("PaginatedResponse_Of_X.V2.A", "A", "_Of_")
	f.Add("..", ".", "V2.V3")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		names := []string{a, b, c}
		got := TypeNames(names, nil, []string{"Client"})
		seen := map[string]string{}
		for _, n := range names {
			g, ok := got[n]
			if !ok {
				t.Fatalf("no name for %q", n)
			}
			if !token.IsIdentifier(g) || !token.IsExported(g) {
				t.Fatalf("TypeNames()[%q] = %q: not an exported Go identifier", n, g)
			}
			if g == "Client" {
				t.Fatalf("TypeNames()[%q] is the reserved name Client", n)
			}
			if prev, dup := seen[g]; dup && prev != n {
				t.Fatalf("%q and %q both named %q", prev, n, g)
			}
			seen[g] = n
		}
		if GoName(GoName(a)) != GoName(a) {
			t.Fatalf("GoName not idempotent on %q: %q then %q", a, GoName(a), GoName(GoName(a)))
		}
	})
}

func TestTypeNamesReserved(t *testing.T) {
	got := TypeNames([]string{"Crm.V2.Client", "Crm.V2.CustomersResource", "Crm.V2.Other"}, nil, []string{"Client", "CustomersResource"})
	want := map[string]string{"Crm.V2.Client": "Client2", "Crm.V2.CustomersResource": "CustomersResource2", "Crm.V2.Other": "Other"}
	if !maps.Equal(got, want) {
		t.Errorf("TypeNames with reserved names = %v; want %v", got, want)
	}
}

// TestTypeNamesPinned: a name an earlier release recorded keeps its Go
// name, and a newcomer of the same short name is told apart by its
// namespace, not a number.
func TestTypeNamesPinned(t *testing.T) {
	got := TypeNames([]string{"Telecom.CallAgentModel", "Telecom.ModuleShared.CallAgentModel", "Telecom.Other"},
		map[string]string{"Telecom.CallAgentModel": "CallAgentModel"}, nil)
	want := map[string]string{
		"Telecom.CallAgentModel":              "CallAgentModel",
		"Telecom.ModuleShared.CallAgentModel": "ModuleSharedCallAgentModel",
		"Telecom.Other":                       "Other",
	}
	if !maps.Equal(got, want) {
		t.Errorf("TypeNames = %v; want %v", got, want)
	}
}
