package suggest

import "testing"

func TestName(t *testing.T) {
	have := []string{"crm", "dispatch", "equipmentsystems", "jpm", "jbce", "marketing", "marketingads", "telecom"}
	for name, want := range map[string]string{
		"jmp": "jpm", "crn": "crm", "dispach": "dispatch", "equipmentsystem": "equipmentsystems",
		"equipment": "equipmentsystems", "market": "", "payroll": "", "xyz": "", "x": "", "j": "",
	} {
		if got := Name(name, have); got != want {
			t.Errorf("Name(%q) = %q; want %q", name, got, want)
		}
	}
}
