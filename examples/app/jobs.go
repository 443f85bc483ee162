package main

import (
	"context"
	"fmt"
	"io"

	"github.com/stgen-dev/stgen/examples/app/st/jpm"
	"github.com/stgen-dev/stgen/examples/app/st/servicetitan"
)

// syncJobs follows the jobs export from the start and lists the
// appointments of the last job it finds, each once. (Release 2026-03-17
// had PUT /jobs/{id}/complete, which this completed jobs with; 2026-05-11
// dropped it.)
func syncJobs(ctx context.Context, st *servicetitan.Client, w io.Writer) error {
	feed := st.JPM.Export.JobsFeed(nil)
	jobs, last := 0, int64(0)
	for job, err := range feed.All(ctx) {
		if err != nil {
			return fmt.Errorf("exporting jobs: %w", err)
		}
		jobs++
		last = job.ID
	}
	fmt.Fprintf(w, "jobs exported: %d, resume from %q\n", jobs, feed.Token())

	seen := map[int64]bool{}
	for a, err := range st.JPM.Appointments.GetListAll(ctx, &jpm.AppointmentsGetListParams{JobID: &last}) {
		if err != nil {
			return fmt.Errorf("listing the appointments of job %d: %w", last, err)
		}
		if seen[a.ID] {
			continue
		}
		seen[a.ID] = true
	}
	fmt.Fprintf(w, "appointments of job %d: %d\n", last, len(seen))
	return nil
}
