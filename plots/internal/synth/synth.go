package synth

import (
	"math"
	"math/rand/v2"

	"github.com/gopymc/gopymc/trace"
)

// Rand returns a seeded generator.
func Rand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 1)) }

// Mixture returns n draws of the quickstart's mixture 0.2·N(-0.3, 0.1²) + 0.8·N(0.5, 0.1²).
func Mixture(r *rand.Rand, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		if r.Float64() < 0.2 {
			out[i] = -0.3 + 0.1*r.NormFloat64()
		} else {
			out[i] = 0.5 + 0.1*r.NormFloat64()
		}
	}
	return out
}

// Normal returns n draws of N(mu, sd²).
func Normal(r *rand.Rand, n int, mu, sd float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = mu + sd*r.NormFloat64()
	}
	return out
}

// Map returns f applied to each of x.
func Map(x []float64, f func(float64) float64) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = f(v)
	}
	return out
}

// Trace returns a trace of chains chains of draws draws each with the quickstart's x,
// x2 = x², sin_x, a positive scale sigma, its log (Transformed) and a 2×3 matrix beta.
func Trace(r *rand.Rand, chains, draws int) *trace.Trace {
	t, err := trace.New([]trace.Var{
		{Name: "x"}, {Name: "x2"}, {Name: "sin_x"}, {Name: "sigma"},
		{Name: "sigma_log__", Transformed: true}, {Name: "beta", Shape: []int{2, 3}},
	}, chains)
	if err != nil {
		panic(err)
	}
	for c := range chains {
		x := Mixture(r, draws)
		sigma := Map(Normal(r, draws, 0, 1), math.Abs)
		beta := make([]float64, 6*draws)
		for d := range draws {
			for e := range 6 {
				beta[6*d+e] = float64(e) - 2.5 + (0.3+0.1*float64(e))*r.NormFloat64()
			}
		}
		must(t.SetChain(c, "x", x))
		must(t.SetChain(c, "x2", Map(x, func(v float64) float64 { return v * v })))
		must(t.SetChain(c, "sin_x", Map(x, math.Sin)))
		must(t.SetChain(c, "sigma", sigma))
		must(t.SetChain(c, "sigma_log__", Map(sigma, math.Log)))
		must(t.SetChain(c, "beta", beta))
	}
	return t
}

// Tracker returns n iterations of an ADVI-like mean and std track of a dim-element
// parameter and a noisy, decreasing negative ELBO.
func Tracker(r *rand.Rand, n, dim int) (mean, std [][]float64, loss []float64) {
	mean = make([][]float64, n)
	std = make([][]float64, n)
	loss = make([]float64, n)
	m := make([]float64, dim)
	s := make([]float64, dim)
	for e := range dim {
		s[e] = math.Log(2) // softplus(0), PyMC's initial std
	}
	for i := range n {
		decay := math.Exp(-float64(i) / (0.15 * float64(n)))
		for e := range dim {
			target := 0.34 + 0.2*float64(e)
			m[e] += 0.02*(target-m[e]) + 0.004*r.NormFloat64()
			s[e] += 0.02*(0.1+0.05*float64(e)-s[e]) + 0.001*r.NormFloat64()
		}
		mean[i] = append([]float64(nil), m...)
		std[i] = append([]float64(nil), s...)
		loss[i] = 1.9 + 30*decay + 0.8*math.Abs(r.NormFloat64())*(0.3+decay)
	}
	return mean, std, loss
}

// Accuracies returns n iterations of k sampled accuracies each, rising from chance
// (1/3) towards top with spread shrinking, as the tutorial's Iris tracker.
func Accuracies(r *rand.Rand, n, k int, top float64) [][]float64 {
	out := make([][]float64, n)
	for i := range out {
		p := 1.0/3 + (top-1.0/3)*(1-math.Exp(-float64(i)/(0.2*float64(n))))
		sd := 0.02 + 0.15*math.Exp(-float64(i)/(0.3*float64(n)))
		row := make([]float64, k)
		for j := range row {
			row[j] = math.Min(1, math.Max(0, p+sd*r.NormFloat64()))
		}
		out[i] = row
	}
	return out
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}
