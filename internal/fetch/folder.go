package fetch

import "fmt"

// stagePrefix begins the name of the folder a run downloads into, beside the
// release folder, so that moving it into place is one rename.
const stagePrefix = ".stgen-fetch-"

// existsError reports a release folder that is already there.
func existsError(final string) error {
	return fmt.Errorf("%s already exists: pass --force to replace it, or --date to name the release otherwise", final)
}
