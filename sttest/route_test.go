package sttest

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

func TestMatchConflictingParameterNames(t *testing.T) {
	a := latest(t)
	// Same path shape, different parameter names, different methods.
	for _, tc := range []struct {
		method, opID, param string
	}{
		{http.MethodGet, "Zone_Get", "id"},
		{http.MethodPatch, "Zone_UpdateZone", "zoneId"},
		{http.MethodDelete, "Zone_DeleteZone", "zoneId"},
	} {
		rt, params, _ := a.match(tc.method, "/dispatch/v2/tenant/5/zones/42")
		if rt == nil || rt.op.OperationID != tc.opID {
			t.Fatalf("%s: got %v, want %s", tc.method, rt, tc.opID)
		}
		if params[tc.param] != "42" || params["tenant"] != "5" {
			t.Errorf("%s: params %v, want %s=42 tenant=5", tc.method, params, tc.param)
		}
	}
}

func TestMatchLiteralBeatsParameter(t *testing.T) {
	a := latest(t)
	rt, _, _ := a.match(http.MethodGet, "/crm/v2/tenant/1/customers/contacts")
	if rt == nil || rt.template != "/crm/v2/tenant/{tenant}/customers/contacts" {
		t.Fatalf("got %v, want the customers/contacts route", rt)
	}
	rt, params, _ := a.match(http.MethodGet, "/crm/v2/tenant/1/customers/7")
	if rt == nil || rt.template != "/crm/v2/tenant/{tenant}/customers/{id}" || params["id"] != "7" {
		t.Fatalf("got %v %v, want customers/{id} with id 7", rt, params)
	}
}

func TestMatchFallsBackToParameterWhenLiteralLacksMethod(t *testing.T) {
	a := latest(t)
	// customers/contacts has only GET; PATCH customers/{id} must still be found for id "contacts".
	rt, params, _ := a.match(http.MethodPatch, "/crm/v2/tenant/1/customers/contacts")
	if rt == nil || rt.template != "/crm/v2/tenant/{tenant}/customers/{id}" || params["id"] != "contacts" {
		t.Fatalf("got %v %v, want PATCH customers/{id}", rt, params)
	}
}

func TestMatchUnknownPathAndMethod(t *testing.T) {
	a := latest(t)
	if rt, _, allowed := a.match(http.MethodGet, "/crm/v2/tenant/1/nothing-here"); rt != nil || allowed != nil {
		t.Errorf("unknown path matched %v %v", rt, allowed)
	}
	rt, _, allowed := a.match(http.MethodPut, "/dispatch/v2/tenant/1/zones/3")
	if rt != nil {
		t.Fatalf("PUT zones matched %v", rt.key)
	}
	if want := []string{"DELETE", "GET", "PATCH"}; !slices.Equal(allowed, want) {
		t.Errorf("allowed %v, want %v", allowed, want)
	}
	if rt, _, _ := a.match(http.MethodGet, "/crm/v2/tenant//customers"); rt != nil {
		t.Errorf("empty parameter segment matched %v", rt.key)
	}
}

func TestMatchEscapedSegment(t *testing.T) {
	a := latest(t)
	rt, params, _ := a.match(http.MethodGet, "/crm/v2/tenant/1/customers/a%2Fb")
	if rt == nil || params["id"] != "a/b" {
		t.Fatalf("got %v %v, want customers/{id} with id a/b", rt, params)
	}
	if rt, _, _ := a.match(http.MethodGet, "/crm/v2/tenant/1/customers/%zz"); rt != nil {
		t.Errorf("bad escape matched %v", rt.key)
	}
}

func TestEveryRouteMatchesItsOwnTemplate(t *testing.T) {
	for _, name := range releaseNames(t) {
		a := release(t, name)
		for _, rt := range a.routes {
			path := rt.template
			for _, p := range rt.params {
				path = strings.Replace(path, "{"+p+"}", "9", 1)
			}
			got, _, _ := a.match(rt.method, path)
			if got != rt {
				t.Errorf("%s: %s %s matched %v", name, rt.method, path, got)
			}
		}
	}
}

func TestTemplateHelpers(t *testing.T) {
	if got := templateParams("/a/{tenant}/b/{id}"); !slices.Equal(got, []string{"tenant", "id"}) {
		t.Errorf("templateParams = %v", got)
	}
	if got := shapeOf("/a/{tenant}/b/{id}"); got != "/a/{}/b/{}" {
		t.Errorf("shapeOf = %q", got)
	}
	if _, ok := paramName("{}"); ok {
		t.Error(`paramName("{}") is a parameter`)
	}
}
