package spec

import "testing"

func TestIsDomainName(t *testing.T) {
	for name, want := range map[string]bool{
		"crm": true, "serviceagreements": true, "jbce": true, "mainapi": true, "typeapi": true,
		"": false, "CRM": false, "service-agreements": false, "2fa": false, "main": false,
		"type": false, "string": false, "servicetitan": false, "stapi": false, "é": false,
	} {
		if got := IsDomainName(name); got != want {
			t.Errorf("IsDomainName(%q) = %v, want %v", name, got, want)
		}
	}
}
