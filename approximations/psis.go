package approximations

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/gopymc/gopymc/config"
	"github.com/gopymc/gopymc/data"
	"github.com/gopymc/gopymc/diagnostics"
	"github.com/gopymc/gopymc/graph"
	"github.com/gopymc/gopymc/model"
	G "gorgonia.org/gorgonia"
)

// DefaultPSISDraws is the number of draws PSIS weighs when the Draws option is not given:
// enough for a tail of 95 and a threshold of 0.67 (min(1 - 1/log10 S, 0.7)).
const DefaultPSISDraws = 1000

// psisStream is the stream, beside Seed, of PSIS's own draws, so that a diagnostic does not
// move the approximation's random state.
const psisStream = 0x70736973

// PSIS checks q against its model's posterior with Pareto-smoothed importance sampling
// (Yao et al. 2018): it draws Draws points (default 1000) from q with a stream of its own
// derived from Seed (default 0; q's own random state is not used), weighs each by
// p(x, z)/q(z) and returns the weighed draws, whose PSIS field holds k-hat, the threshold,
// the tail length, the smoothed weights and a Summary sentence. PSIS uses
// context.Background; see PSISContext.
//
// The weights need the full data's log density: for a model with minibatched data, pass
// MoreReplacements replacing each Minibatch node by its full data (the reverse of the fit's
// replacements); without them PSIS returns an error, since minibatch log densities would
// make the weights noise.
//
// It returns an error for an approximation without a density (Empirical: a set of
// particles is a discrete measure, so no importance weight p/q exists for it; check SVGD
// with NUTS or by comparing moments instead), for an option PSIS does not take, Draws < 2,
// and from the model's log density.
func PSIS(q Approximation, opts ...config.Option) (*diagnostics.Importance, error) {
	return PSISContext(context.Background(), q, opts...)
}

// PSISContext is PSIS with a context, checked between draws.
func PSISContext(ctx context.Context, q Approximation, opts ...config.Option) (*diagnostics.Importance, error) {
	s, err := config.Collect("PSIS", opts, "Draws", "Seed", "MoreReplacements")
	if err != nil {
		return nil, err
	}
	n := DefaultPSISDraws
	if s.Given("Draws") {
		n = s.Draws
	}
	rng := rand.New(rand.NewPCG(s.Seed, psisStream))
	return weigh(ctx, q, n, s.MoreReplacements, rng)
}

// weigh draws n points from q with rng and weighs them against the full-data log density.
func weigh(ctx context.Context, q Approximation, n int, repl []config.Replacement, rng *rand.Rand) (*diagnostics.Importance, error) {
	if q == nil {
		return nil, fmt.Errorf("approximations: PSIS: the approximation is nil")
	}
	if err := q.CheckModel(); err != nil {
		return nil, err
	}
	dq, ok := q.(diagnostics.LogQDrawer)
	if !ok {
		return nil, fmt.Errorf("approximations: PSIS does not apply to %v: it has no density (an Empirical is a set of particles, a discrete measure, so no importance weight p/q exists); compare its moments with NUTS's instead", q)
	}
	if n < 2 {
		return nil, fmt.Errorf("approximations: PSIS: Draws must be >= 2, got %d (1000 or more for a useful k-hat)", n)
	}
	ld, err := fullDataDensity(q.Model(), repl)
	if err != nil {
		return nil, err
	}
	im, err := diagnostics.DrawImportance(ctx, dq, ld, n, rng)
	if err != nil {
		return nil, fmt.Errorf("approximations: PSIS of %v: %w", q, err)
	}
	return im, nil
}

// fullDataDensity compiles m's log density with the replacements, after checking that no
// observed variable still reads a minibatch.
func fullDataDensity(m *model.Model, repl []config.Replacement) (*model.LogDensity, error) {
	replaced := map[*G.Node]bool{}
	var opts []model.LogDensityOption
	for _, r := range repl {
		replaced[r.Node] = true
		opts = append(opts, model.Replace(r.Node, r.With))
	}
	if name, ok := MinibatchedVar(m, replaced); ok {
		return nil, fmt.Errorf("approximations: PSIS: observed variable %q reads a Minibatch, so its log density changes at every draw and the weights would be noise; pass MoreReplacements(pm.Replace(node, fullData)) with the minibatch's node in the model (mb.NodeIn(model.Graph())) to weigh with the full data", name)
	}
	ld, err := m.LogDensity(opts...)
	if err != nil {
		return nil, fmt.Errorf("approximations: PSIS: %w", err)
	}
	return ld, nil
}

// MinibatchedVar returns the name of the first observed variable of m whose log density
// reads a Minibatch node, not looking past the nodes in stop (replaced ones; nil for none),
// and whether there is one.
func MinibatchedVar(m *model.Model, stop map[*G.Node]bool) (string, bool) {
	seen := map[*G.Node]bool{}
	var reads func(n *G.Node) bool
	reads = func(n *G.Node) bool {
		if seen[n] || stop[n] {
			return false
		}
		seen[n] = true
		if _, _, ok := data.LookupNode(n); ok {
			return true
		}
		for _, k := range graph.Children(n) {
			if reads(k) {
				return true
			}
		}
		return false
	}
	for _, v := range m.ObservedVars() {
		if reads(v.LogP) {
			return v.Name, true
		}
	}
	return "", false
}
