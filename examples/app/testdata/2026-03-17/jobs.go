package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/stgen-dev/stgen/examples/app/st/jpm"
	"github.com/stgen-dev/stgen/examples/app/st/servicetitan"
)

// syncJobs follows the jobs export from the start, completes the jobs
// whose work is done, and lists the appointments of the last job it
// finds, each once. This is the app as it was written against release
// 2026-03-17, before the upgrade to 2026-05-11.
func syncJobs(ctx context.Context, st *servicetitan.Client, w io.Writer) error {
	feed := st.JPM.Export.JobsFeed(nil)
	jobs, last := 0, int64(0)
	for job, err := range feed.All(ctx) {
		if err != nil {
			return fmt.Errorf("exporting jobs: %w", err)
		}
		jobs++
		last = job.ID
		if job.JobStatus == "Working" {
			if err := st.JPM.Jobs.Complete(ctx, job.ID, jpm.CompleteJobRequest{CompletedOn: time.Now()}); err != nil {
				return fmt.Errorf("completing job %d: %w", job.ID, err)
			}
		}
	}
	fmt.Fprintf(w, "jobs exported: %d, resume from %q\n", jobs, feed.Token())

	var previous jpm.AppointmentResponse
	n := 0
	for a, err := range st.JPM.Appointments.GetListAll(ctx, &jpm.AppointmentsGetListParams{JobID: &last}) {
		if err != nil {
			return fmt.Errorf("listing the appointments of job %d: %w", last, err)
		}
		if a == previous {
			continue
		}
		previous = a
		n++
	}
	fmt.Fprintf(w, "appointments of job %d: %d\n", last, n)
	return nil
}
