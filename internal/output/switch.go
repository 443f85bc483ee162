package output

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
)

// stepHook, when not nil, is called before each step of a run that changes
// the output folder, with the step's number (from 0) and what it does; an
// error fails the step, but for the last one, removing the old output after
// the commit, which nothing fails. Tests use it to fail, stop or kill a run
// at each step.
type stepHook func(n int, step string) error

// steps numbers the steps of one run for its hook.
type steps struct {
	hook stepHook
	n    int
}

// next announces the next step to the hook, returning the hook's error.
func (s *steps) next(step string) error {
	if s.hook == nil {
		return nil
	}
	s.n++
	return s.hook(s.n-1, step)
}

// plan returns the journal of the switch of out to what staging folder stage
// holds: stale package folders and the folders of pkgs in out move into the
// stage's old subfolder, and the new folders and package list out of its new
// one, and so do files. previous is the package list before the switch.
func plan(out, stage string, pkgs []Package, files []File, stale, previous []string) *journal {
	j := &journal{Stage: stage, Old: previous}
	away := func(name string) {
		if there, err := exists(filepath.Join(out, name)); there || err != nil {
			j.Moves = append(j.Moves, move{From: name, To: path.Join(stage, stageOld, name)})
		}
	}
	for _, dir := range stale {
		away(dir)
	}
	for _, p := range pkgs {
		away(p.Dir)
		j.Moves = append(j.Moves, move{From: path.Join(stage, stageNew, p.Dir), To: p.Dir})
	}
	for _, f := range files {
		away(f.Name)
		j.Moves = append(j.Moves, move{From: path.Join(stage, stageNew, f.Name), To: f.Name})
	}
	away(manifestName)
	j.Moves = append(j.Moves, move{From: path.Join(stage, stageNew, manifestName), To: manifestName})
	return j
}

// switchTo switches out from the old output to the new by the renames of
// j, journaled first. If a step fails, the renames done are undone; if
// undoing fails too, the journal stays, for the next run to undo. The
// commit is the journal's removal; the staging folder, with the old
// output, is removed after it.
func switchTo(out string, j *journal, s *steps) error {
	stage := filepath.Join(out, j.Stage)
	err := s.next("write the journal")
	if err == nil {
		err = writeJournal(out, j)
	}
	if err != nil {
		// Nothing was renamed; the staging folder goes unless a journal
		// naming it stays.
		if rmErr := os.Remove(filepath.Join(out, journalName)); rmErr == nil || errors.Is(rmErr, os.ErrNotExist) {
			os.RemoveAll(stage)
		}
		return fmt.Errorf("output folder %s: writing the record of the switch: %w", out, err)
	}
	for _, m := range j.Moves {
		err := s.next("rename " + m.From + " to " + m.To)
		if err == nil {
			err = os.Rename(filepath.Join(out, filepath.FromSlash(m.From)), filepath.Join(out, filepath.FromSlash(m.To)))
		}
		if err != nil {
			what := "moving " + filepath.Join(out, m.From) + " aside"
			if j.inOut(m.To) {
				what = "putting the new " + filepath.Join(out, m.To) + " in place"
			}
			return undo(out, j, fmt.Errorf("%s: %w", what, err))
		}
	}
	err = s.next("sync")
	for _, dir := range []string{out, filepath.Join(stage, stageNew), filepath.Join(stage, stageOld)} {
		if err == nil {
			err = syncDir(dir)
		}
	}
	if err == nil {
		err = s.next("commit")
	}
	if err == nil {
		err = os.Remove(filepath.Join(out, journalName))
	}
	if err != nil {
		return undo(out, j, fmt.Errorf("output folder %s: committing the switch: %w", out, err))
	}
	// The switch is done: failing to make its commit durable or to remove
	// the old output is not a failure of the run. The next run sweeps the
	// staging folder if it stays.
	_ = syncDir(out)
	s.next("remove the old output")
	os.RemoveAll(stage)
	return nil
}

// undo rolls back the switch j after err stopped it, and returns err, with
// what is left to do if undoing failed too.
func undo(out string, j *journal, err error) error {
	if rbErr := rollBack(out, j); rbErr != nil {
		return fmt.Errorf("%w; undoing the switch failed too, so %s holds part of the new output: %v", err, out, rbErr)
	}
	return err
}
