package main

import "github.com/stgen-dev/stgen/examples/app/st/serviceagreements"

// billing says how often an agreement is billed. This is the app as it
// was written against release 2026-03-17, before the upgrade to
// 2026-05-11.
func billing(s *serviceagreements.BillingScheduleType) string {
	if s == nil {
		return "not yet"
	}
	switch *s {
	case serviceagreements.BillingScheduleTypeMonthly:
		return "monthly"
	case serviceagreements.BillingScheduleTypeQuarterly, serviceagreements.BillingScheduleTypeBiannual, serviceagreements.BillingScheduleTypeAnnual, serviceagreements.BillingScheduleTypeEveryOtherMonth:
		return "periodically"
	case serviceagreements.BillingScheduleTypeTimeOfService, serviceagreements.BillingScheduleTypeUpfront:
		return "once"
	}
	return "unknown"
}
