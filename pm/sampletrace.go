package pm

import (
	"fmt"

	"github.com/gopymc/gopymc/mcmc"
	"github.com/gopymc/gopymc/model"
	"github.com/gopymc/gopymc/trace"
)

// buildTrace maps each chain's unconstrained draws through the model's point function and
// records each chain's SamplerInfo (chains that never started have none).
func buildTrace(m *Model, res *mcmc.Result) (*Trace, error) {
	pf, err := m.PointFunc()
	if err != nil {
		return nil, err
	}
	pvars := pf.Vars()
	vars := make([]trace.Var, len(pvars))
	dst := make([][]float64, len(pvars))
	for i, v := range pvars {
		vars[i] = trace.Var{Name: v.Name, Shape: v.Shape, Transformed: v.Transformed}
		dst[i] = make([]float64, model.SizeOf(v.Shape))
	}
	tr, err := trace.New(vars, len(res.Chains))
	if err != nil {
		return nil, err
	}
	d := res.Dim
	stats := make([]float64, len(res.StatNames))
	for c, ch := range res.Chains {
		n := res.NumDraws(c)
		for i := 0; i < n; i++ {
			if err := pf.Eval(dst, ch.Draws[i*d:(i+1)*d]); err != nil {
				return nil, fmt.Errorf("pm: Sample: chain %d draw %d: %w", c, i, err)
			}
			if err := tr.Append(c, dst); err != nil {
				return nil, err
			}
			for k := range res.StatNames {
				stats[k] = ch.Stats[k][i]
			}
			if err := tr.AppendStats(c, res.StatNames, stats); err != nil {
				return nil, err
			}
		}
		if len(ch.InvMassDiag) == 0 {
			continue
		}
		info := trace.SamplerInfo{Tune: ch.Tuned, MaxTreeDepth: res.Settings.MaxTreedepth, StepSize: ch.StepSize,
			InvMassDiag: ch.InvMassDiag, GradEvals: ch.GradEvals,
			WarmupSeconds: ch.WarmupTime.Seconds(), SamplingSeconds: ch.SamplingTime.Seconds()}
		if err := tr.SetSamplerInfo(c, info); err != nil {
			return nil, err
		}
	}
	return tr, nil
}

// Convergence-check messages, PyMC's (pymc/stats/convergence.py, run_convergence_checks).
const (
	msgTooFewDraws = "The number of samples is too small to check convergence reliably."
	msgOneChain    = "Only one chain was sampled, this makes it impossible to run some convergence checks"
	msgFourChains  = "We recommend running at least 4 chains for robust computation of convergence diagnostics"
	msgRHat        = "The rhat statistic is larger than 1.01 for some parameters. This indicates problems during sampling. See https://arxiv.org/abs/1903.08008 for details"
	msgESS         = "The effective sample size per chain is smaller than 100 for some parameters.  A higher number is needed for reliable rhat and ess computation. See https://arxiv.org/abs/1903.08008 for details"
)

// convergenceWarnings are PyMC's convergence checks after sampling, on the free variables
// (constrained): with fewer than 100 draws per chain or a single chain only a note; with
// 2 or 3 chains a recommendation of 4; then a warning if any element's rank-normalised
// split R-hat exceeds 1.01, and one if any element's bulk ESS per chain is below 100
// (NaN values, e.g. of a constant element, are skipped as xarray's min skips them).
func convergenceWarnings(m *Model, tr *Trace) []string {
	nc := tr.Chains()
	draws := tr.Draws(0)
	for c := 1; c < nc; c++ {
		draws = min(draws, tr.Draws(c))
	}
	switch {
	case draws < 100:
		return []string{msgTooFewDraws}
	case nc == 1:
		return []string{msgOneChain}
	}
	var out []string
	if nc < 4 {
		out = append(out, msgFourChains)
	}
	rhat, ess := false, false
	chains := make([][]float64, nc)
	for _, v := range m.FreeVars() {
		size := tr.Size(v.Name)
		vals := make([][]float64, nc)
		for c := range vals {
			vals[c] = tr.ChainValues(v.Name, c)[:draws*size]
		}
		for j := range size {
			for c := range chains {
				col := make([]float64, draws)
				for i := range col {
					col[i] = vals[c][i*size+j]
				}
				chains[c] = col
			}
			// The chains were cut to one length above, so the errors (unequal
			// lengths) cannot occur.
			if r, err := trace.RHat(chains); err == nil && r > 1.01 {
				rhat = true
			}
			if e, err := trace.ESSBulk(chains); err == nil && e/float64(nc) < 100 {
				ess = true
			}
		}
	}
	if rhat {
		out = append(out, msgRHat)
	}
	if ess {
		out = append(out, msgESS)
	}
	return out
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
