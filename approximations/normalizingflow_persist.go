package approximations

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"

	"github.com/gopymc/gopymc/model"
)

// A NormalizingFlow is saved as every approximation is (see Save): its parameters in PyMC3's
// order (rho_0, loc_1, ... as the Shared nodes are named), the loss history and the random
// stream, plus this header extra, from which Load rebuilds the same layers before copying the
// parameters in. The layers follow from the formula; they are written too so that a reader of
// the header sees them without parsing formulas, and so that a header whose formula was
// edited is caught.

// flowExtra is a NormalizingFlow's part of the approximation file's header.
type flowExtra struct {
	Formula string   `json:"formula"` // as Formula returns it, e.g. "scale-hh*2-loc"
	Jitter  float64  `json:"jitter"`  // the sd of the initial parameters (informative)
	Layers  []string `json:"layers"`  // the layers, first applied first, as Layers returns them
}

func init() {
	registerKind("NormalizingFlow", kindCodec{
		extra: func(q Approximation) (any, error) {
			f := q.(*NormalizingFlow)
			return flowExtra{Formula: f.formula, Jitter: f.jitter, Layers: f.Layers()}, nil
		},
		build: buildFlow,
	})
}

// buildFlow makes a fresh flow of m from the header's extra: the saved formula's layers, with
// parameters that Load then overwrites. A formula this gopymc cannot read (a flow it does not
// know, as from a newer gopymc) and a formula whose layers are not the saved ones are errors.
func buildFlow(m *model.Model, extra json.RawMessage) (Approximation, error) {
	var e flowExtra
	if err := json.Unmarshal(extra, &e); err != nil || e.Formula == "" {
		return nil, fmt.Errorf("%w: NormalizingFlow needs its formula (extra.formula), got %s", ErrCorruptFile, extra)
	}
	if !(e.Jitter >= 0) || math.IsInf(e.Jitter, 0) {
		return nil, fmt.Errorf("%w: NormalizingFlow's jitter must be finite and >= 0, got %v", ErrCorruptFile, e.Jitter)
	}
	q, err := newNormalizingFlow(m, e.Formula, e.Jitter, 0)
	if err != nil {
		return nil, fmt.Errorf("%w: the saved flow: %v", ErrCorruptFile, err)
	}
	if got := q.Layers(); !slices.Equal(got, e.Layers) {
		return nil, fmt.Errorf("%w: formula %q has the layers %v, the file lists %v", ErrCorruptFile, e.Formula, got, e.Layers)
	}
	return q, nil
}
