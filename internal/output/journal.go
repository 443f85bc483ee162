package output

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// journalName is the file in the output folder that lists the renames of a
// switch in progress. It is written, durably, before the first rename and
// removed after the last: while it is there the switch counts as not done,
// and the next run (under the lock) undoes the renames it lists. Removing
// it is the switch's commit.
const journalName = ".stgen-journal"

// journal is a switch from the old output to the new, as written in
// journalName.
type journal struct {
	// Stage is the run's staging folder, a plain name in out.
	Stage string `json:"stage"`
	// Old is what the package list said before the switch, which Written
	// reports while the journal is there.
	Old []string `json:"old"`
	// Moves are the renames, in the order they are done, with paths
	// relative to out and slash-separated.
	Moves []move `json:"moves"`
}

// move is one rename of a switch.
type move struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// Subfolders of a staging folder: the new packages and package list, and
// what the switch moves out of the output folder.
const (
	stageNew = "new"
	stageOld = "old"
)

// writeJournal makes j the journal of out, durably: written in the staging
// folder, synced, then renamed into out, so that it appears whole or not at
// all.
func writeJournal(out string, j *journal) error {
	b, err := json.MarshalIndent(j, "", "\t")
	if err != nil {
		return err
	}
	staged := filepath.Join(out, j.Stage, journalName)
	if err := writeFileSynced(staged, append(b, '\n')); err != nil {
		return err
	}
	if err := os.Rename(staged, filepath.Join(out, journalName)); err != nil {
		return err
	}
	return syncDir(out)
}

// readJournal returns the journal of out, nil when there is none.
func readJournal(out string) (*journal, error) {
	file := filepath.Join(out, journalName)
	b, err := os.ReadFile(file)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s, the record of an unfinished run: %w", file, err)
	}
	var j journal
	if err := json.Unmarshal(b, &j); err != nil {
		return nil, fmt.Errorf("%s is not a record stgen wrote (%v): check %s by hand and remove the file", file, err, out)
	}
	if err := j.check(); err != nil {
		return nil, fmt.Errorf("%s is not a record stgen wrote (%v): check %s by hand and remove the file", file, err, out)
	}
	return &j, nil
}

// check rejects a journal that would rename anything but package folders
// and the package list of out, and entries of its own staging folder.
func (j *journal) check() error {
	if !isPlainName(j.Stage) || !strings.HasPrefix(j.Stage, stagePrefix) {
		return fmt.Errorf("staging folder %q is not one of stgen's", j.Stage)
	}
	for _, m := range j.Moves {
		for _, p := range []string{m.From, m.To} {
			if !j.inOut(p) && !j.inStage(p) {
				return fmt.Errorf("it would rename %q", p)
			}
		}
	}
	return nil
}

// inOut reports whether p is the name of a package folder or the package
// list in the output folder.
func (j *journal) inOut(p string) bool {
	return isPackageDir(p) || p == manifestName
}

// inStage reports whether p is an entry of the new or old subfolder of the
// journal's staging folder.
func (j *journal) inStage(p string) bool {
	rest, ok := strings.CutPrefix(p, j.Stage+"/")
	if !ok {
		return false
	}
	sub, name, _ := strings.Cut(rest, "/")
	return (sub == stageNew || sub == stageOld) && isPlainName(name)
}

// recoverOut undoes the switch of a run that stopped before its commit (it
// was killed, or its own undoing failed), as its journal in out lists it,
// so that out holds the old output whole again. It is called under the lock.
func recoverOut(out string) error {
	j, err := readJournal(out)
	if err != nil || j == nil {
		return err
	}
	if err := rollBack(out, j); err != nil {
		return fmt.Errorf("%s holds part of an unfinished run's output, which could not be undone: %w", out, err)
	}
	return nil
}

// rollBack undoes the renames of j that were done, last first, then
// removes the journal and the staging folder. Run again after it was
// stopped, it goes on where it stopped, so a run killed while undoing is
// undone by the next. It fails, leaving the journal, when out is not as
// some number of j's renames leave it: something else changed it since.
func rollBack(out string, j *journal) error {
	stage := filepath.Join(out, j.Stage)
	for _, dir := range []string{stage, filepath.Join(stage, stageNew), filepath.Join(stage, stageOld)} {
		info, err := os.Lstat(dir)
		if err == nil && !info.IsDir() {
			err = errors.New("not a folder")
		}
		if err != nil {
			return fmt.Errorf("staging folder %s, which holds what the run moved out of %s: %w: check %s by hand and remove %s", dir, out, err, out, filepath.Join(out, journalName))
		}
	}
	done, err := j.done(out)
	if err != nil {
		return err
	}
	for i := done - 1; i >= 0; i-- {
		from := filepath.Join(out, filepath.FromSlash(j.Moves[i].From))
		to := filepath.Join(out, filepath.FromSlash(j.Moves[i].To))
		if err := os.Rename(to, from); err != nil {
			return fmt.Errorf("moving %s back to %s: %w: run stgen again, which finishes undoing the run", to, from, err)
		}
	}
	for _, dir := range []string{out, filepath.Join(stage, stageNew), filepath.Join(stage, stageOld)} {
		if err := syncDir(dir); err != nil {
			return fmt.Errorf("syncing %s: %w: run stgen again, which finishes undoing the run", dir, err)
		}
	}
	if err := os.Remove(filepath.Join(out, journalName)); err != nil {
		return fmt.Errorf("%w: run stgen again, which finishes undoing the run", err)
	}
	_ = syncDir(out)
	// Only clutter if it stays: the next run sweeps it.
	os.RemoveAll(stage)
	return nil
}

// done returns how many of j's renames were done (renames are done in
// order), found by comparing which of the paths they involve exist with
// which each number of them done leaves. A path exists before the renames
// if the first rename that names it moves it away. If no number fits,
// something else changed out: the error names the paths that differ from
// the closest fit.
func (j *journal) done(out string) (int, error) {
	var paths []string
	there := map[string]bool{} // after the first k renames
	for _, m := range j.Moves {
		for _, p := range []string{m.From, m.To} {
			if _, seen := there[p]; !seen {
				there[p] = p == m.From
				paths = append(paths, p)
			}
		}
	}
	actual := map[string]bool{}
	for _, p := range paths {
		ok, err := exists(filepath.Join(out, filepath.FromSlash(p)))
		if err != nil {
			return 0, err
		}
		actual[p] = ok
	}
	// The closest fit differs in the fewest paths, then in the fewest
	// paths of the staging folder, which people do not touch.
	var closest []string
	closestInStage := 0
	for k := 0; ; k++ {
		var differ []string
		inStage := 0
		for _, p := range paths {
			if there[p] != actual[p] {
				differ = append(differ, p)
				if j.inStage(p) {
					inStage++
				}
			}
		}
		if len(differ) == 0 {
			return k, nil
		}
		if closest == nil || len(differ) < len(closest) || len(differ) == len(closest) && inStage < closestInStage {
			closest, closestInStage = differ, inStage
		}
		if k == len(j.Moves) {
			break
		}
		there[j.Moves[k].From], there[j.Moves[k].To] = false, true
	}
	var what []string
	for _, p := range closest {
		if actual[p] {
			what = append(what, filepath.Join(out, filepath.FromSlash(p))+" is there")
		} else {
			what = append(what, filepath.Join(out, filepath.FromSlash(p))+" is missing")
		}
	}
	return 0, fmt.Errorf("%s is not as the stopped run left it (%s): move back or away what differs and run stgen again, which finishes undoing the run; or set %s right by hand and remove %s",
		out, strings.Join(what, ", "), out, filepath.Join(out, journalName))
}

// exists reports whether path exists, itself and not what it links to.
func exists(path string) (bool, error) {
	_, err := os.Lstat(path)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	return err == nil, err
}
