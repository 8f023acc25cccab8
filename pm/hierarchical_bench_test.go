package pm_test

import (
	"math"
	"testing"
	"time"

	"github.com/gopymc/gopymc/internal/benchcpu"
	"github.com/gopymc/gopymc/internal/testmodels"
	"github.com/gopymc/gopymc/pm"
	"github.com/gopymc/gopymc/trace"
)

// The hand-written log density agrees with the compiled one in every formulation (value and
// gradient), at several points and over repeated calls: the benchmark's baseline computes
// the same thing, and the one-hot and Take forms are the same model.
func TestHierarchicalHandLoop(t *testing.T) {
	t.Parallel()
	h := testmodels.NewHierarchical(1)
	for _, form := range []hierForm{formTake, formOneHot} {
		ld, err := hierModel(t, h, form).LogDensity()
		if err != nil {
			t.Fatal(err)
		}
		at := hierLayout(t, ld)
		grad, hand := make([]float64, ld.Dim()), make([]float64, ld.Dim())
		work := make([]float64, 4*testmodels.HierGroups)
		for _, shift := range []float64{0, 0.3, -0.2, 0} {
			x := hierPoint(ld.Dim(), at, shift)
			lp, err := ld.LogPGrad(grad, x)
			if err != nil {
				t.Fatal(err)
			}
			want := h.LogPGrad(hand, x, at, work)
			if math.Abs(lp-want) > 1e-10*math.Abs(want) {
				t.Fatalf("%v at shift %v: logp %v, hand %v", form, shift, lp, want)
			}
			for i := range grad {
				if math.Abs(grad[i]-hand[i]) > 1e-9*math.Max(1, math.Abs(hand[i])) {
					t.Fatalf("%v at shift %v: grad[%d] %v, hand %v", form, shift, i, grad[i], hand[i])
				}
			}
		}
	}
}

// BenchmarkHierarchicalLogPGrad times the log density and gradient of the 919-row, 85-group
// varying-intercept, varying-slope model with each row's group parameters picked by
// gopymc's gather (pm.Index), by a one-hot matrix product, by Gorgonia's ByIndices op, and by
// the hand-written loop (testmodels.Hierarchical.LogPGrad). Compare with
//
//	go test -run '^$' -bench HierarchicalLogPGrad -benchmem ./pm
func BenchmarkHierarchicalLogPGrad(b *testing.B) {
	h := testmodels.NewHierarchical(1)
	for _, form := range []hierForm{formTake, formOneHot, formByIndices} {
		b.Run(form.String(), func(b *testing.B) {
			ld, err := hierModel(b, h, form).LogDensity()
			if err != nil {
				b.Fatal(err)
			}
			x := hierPoint(ld.Dim(), hierLayout(b, ld), 0)
			grad := make([]float64, ld.Dim())
			b.ReportAllocs()
			defer benchcpu.Start(b)()
			for b.Loop() {
				if _, err := ld.LogPGrad(grad, x); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("HandLoop", func(b *testing.B) {
		ld, err := hierModel(b, h, formTake).LogDensity()
		if err != nil {
			b.Fatal(err)
		}
		at := hierLayout(b, ld)
		x := hierPoint(ld.Dim(), at, 0)
		grad := make([]float64, ld.Dim())
		work := make([]float64, 4*testmodels.HierGroups)
		b.ReportAllocs()
		defer benchcpu.Start(b)()
		for b.Loop() {
			h.LogPGrad(grad, x, at, work)
		}
	})
}

// BenchmarkHierarchicalSample is the 4-chain run of the hierarchical model (pm.Index
// form): 4 chains × (1000 + 1000) on 2 cores, reporting the bulk ESS of the slowest free
// variable element per second of wall time (ess/s), per second of the chains' own clocks
// summed (ess/chain-s: the warm-up and sampling times each chain reports, as Stan's
// "Elapsed Time"), per CPU second of the process (ess/cpu-s: the chains' work, which other
// load on a shared machine does not lengthen; on an idle machine it is ess/chain-s), and
// per gradient. Stan 2.21 (rstan) on the same model: 397 ESS/s on its clock (issue 18).
// Run it with
//
//	go test -run '^$' -bench HierarchicalSample -benchtime 3x ./pm
func BenchmarkHierarchicalSample(b *testing.B) {
	h := testmodels.NewHierarchical(1)
	m := hierModel(b, h, formTake)
	var ess, chainSec, grads float64
	var cpu time.Duration
	cpuOK := true
	seed := uint64(0)
	for b.Loop() {
		cpu0, ok0 := benchcpu.ProcessCPU()
		tr, err := pm.Sample(m, pm.Chains(4), pm.Cores(2), pm.Seed(seed), pm.Output(nil))
		if err != nil {
			b.Fatal(err)
		}
		cpu1, ok1 := benchcpu.ProcessCPU()
		cpu += cpu1 - cpu0
		cpuOK = cpuOK && ok0 && ok1
		seed++
		b.StopTimer()
		ess += minBulkESS(b, tr, m)
		b.StartTimer()
		for c := range tr.Chains() {
			info, _ := tr.SamplerInfo(c)
			chainSec += info.WarmupSeconds + info.SamplingSeconds
			grads += float64(info.GradEvals)
		}
	}
	if cpuOK && cpu > 0 {
		b.ReportMetric(ess/cpu.Seconds(), "ess/cpu-s")
	}
	b.ReportMetric(ess/b.Elapsed().Seconds(), "ess/s")
	b.ReportMetric(ess/chainSec, "ess/chain-s")
	b.ReportMetric(ess/grads, "ess/grad")
}

// minBulkESS is the smallest bulk ESS over the elements of m's free variables in a trace
// (rank-based, so the same in constrained and unconstrained space).
func minBulkESS(b *testing.B, tr *pm.Trace, m *pm.Model) float64 {
	lowest := math.Inf(1)
	for _, v := range m.FreeVars() {
		size := tr.Size(v.Name)
		for j := range size {
			chains := make([][]float64, tr.Chains())
			for c := range chains {
				vals := tr.ChainValues(v.Name, c)
				for i := j; i < len(vals); i += size {
					chains[c] = append(chains[c], vals[i])
				}
			}
			ess, err := trace.ESSBulk(chains)
			if err != nil {
				b.Fatal(err)
			}
			lowest = min(lowest, ess)
		}
	}
	return lowest
}
