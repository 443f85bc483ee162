package gen

import (
	"strings"
	"testing"
)

func TestFieldName(t *testing.T) {
	for _, c := range []struct{ pkg, title, want string }{
		{"crm", "CRM", "CRM"},
		{"equipmentsystems", "Equipment Systems", "EquipmentSystems"},
		{"jpm", "Job Planning and Management", "JPM"},
		{"jbce", "Job Booking", "Jbce"},
		{"sales", "Sales & Estimates", "Sales"},
		{"telecom", "Telecom", "Telecom"},
		{"crm", "", "Crm"},
	} {
		if got := (Domain{Package: c.pkg, Title: c.title}).FieldName(); got != c.want {
			t.Errorf("Domain{%q, %q}.FieldName() = %q; want %q", c.pkg, c.title, got, c.want)
		}
	}
}

func TestFacade(t *testing.T) {
	p, err := Facade("example.com/app/st", []Domain{{"jpm", "Job Planning and Management"}, {"crm", "CRM"}})
	if err != nil {
		t.Fatal(err)
	}
	src := string(p.Files["servicetitan.gen.go"])
	for _, want := range []string{
		`crm "example.com/app/st/crm"`,
		"CRM *crm.Client",
		"JPM *jpm.Client",
		"CRM: crm.NewClient(core)",
		"type Error = stapi.Error",
		"func New(cfg Config) (*Client, error)",
	} {
		if !strings.Contains(src, want) {
			t.Errorf("facade lacks %q:\n%s", want, src)
		}
	}
	if strings.Index(src, "CRM *crm.Client") > strings.Index(src, "JPM *jpm.Client") {
		t.Error("facade fields are not sorted by package")
	}
	if _, err := Facade("m", []Domain{{"servicetitan", "X"}}); err == nil {
		t.Error("Facade accepted a domain named like the facade package")
	}
}
