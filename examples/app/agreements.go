package main

import "github.com/stgen-dev/stgen/examples/app/st/serviceagreements"

// billing says how often an agreement is billed.
func billing(s *serviceagreements.BillingScheduleType) string {
	if s == nil {
		return "not yet"
	}
	switch *s {
	case serviceagreements.BillingScheduleTypeMonthly:
		return "monthly"
	case serviceagreements.BillingScheduleTypeQuarterly, serviceagreements.BillingScheduleTypeBiannual, serviceagreements.BillingScheduleTypeAnnual:
		return "periodically"
	case serviceagreements.BillingScheduleTypeTimeOfService, serviceagreements.BillingScheduleTypeUpfront:
		return "once"
	default:
		return "on a schedule of its own"
	}
}
