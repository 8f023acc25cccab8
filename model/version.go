package model

import (
	"errors"
	"fmt"
	"strings"
)

// Model versions. A model only grows: a variable or a potential, once added, stays. What is
// made from a model (an approximation, an inference, a compiled log density) describes the
// model as it was then; a free variable added later changes the flat vector's length, and
// an observed variable or a potential added later changes the log density. Re-running a
// notebook cell that adds a variable does exactly this. So every such change counts as a new
// version, and whatever was made from an earlier version is refused with an error that says
// what changed, rather than indexing out of range or fitting a model that is no longer the
// user's. Deterministics, data containers and input nodes are not changes: they leave the
// log density and the flat vector as they were.

// ErrChanged is wrapped by the error CheckVersion returns when the model changed.
var ErrChanged = errors.New("the model changed")

// Version counts the changes of the model's log density so far: the free variables,
// observed variables and potentials added. It is 0 for an empty model (and a nil one).
func (m *Model) Version() int {
	if m == nil {
		return 0
	}
	return len(m.changes)
}

// changed records one change of the model's log density.
func (m *Model) changed(format string, args ...any) {
	m.changes = append(m.changes, fmt.Sprintf(format, args...))
}

// CheckVersion returns nil when the model is still at version v, else an error wrapping
// ErrChanged that names what (e.g. "approximations: the MeanField approximation") and says
// what changed since: "... was made for the model as it was before it gained the free
// variable \"z\"; make it again (fit the model again) for the model as it is now".
func (m *Model) CheckVersion(v int, what string) error {
	if err := m.Err(); err != nil {
		return err
	}
	if v == len(m.changes) {
		return nil
	}
	if v > len(m.changes) || v < 0 {
		return fmt.Errorf("%s was made for version %d of the model, which is at version %d: %w", what, v, len(m.changes), ErrChanged)
	}
	return fmt.Errorf("%s was made for the model as it was before it gained %s; make it again (fit the model again) for the model as it is now: %w",
		what, joinChanges(m.changes[v:]), ErrChanged)
}

// joinChanges lists changes in prose: "a", "a and b", "a, b and c".
func joinChanges(cs []string) string {
	if len(cs) == 1 {
		return cs[0]
	}
	return strings.Join(cs[:len(cs)-1], ", ") + " and " + cs[len(cs)-1]
}
