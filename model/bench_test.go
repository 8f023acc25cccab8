package model_test

import (
	"github.com/gopymc/gopymc/internal/benchcpu"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gopymc/gopymc/model"
	"github.com/gopymc/gopymc/pm"
	"gorgonia.org/tensor"
)

// Each benchmark of a compiled LogDensity.LogPGrad sits beside a hand-written Go loop that
// computes the same value and gradient (TestHandLoops checks that they agree), so that
// `go test -bench LogPGrad -benchmem ./model` shows the cost of the graph machinery:
//
//	(a) the tutorial's 1-D mixture (target: at most 3 µs per LogPGrad; Stan ~1.5 µs);
//	(b) the tutorial's minibatch model on its full 40000×100 data: mu ~ Flat(100),
//	    sd ~ HalfNormal(100) (log-transformed), likelihood ~ Normal(mu, sd) (target: within
//	    3× of the hand loop);
//	(c) the same with a 500-row minibatch and total_size (40000, 100) (target: within 3×).

const (
	benchRows  = 40000
	benchCols  = 100
	benchBatch = 500
)

// tutorialData is the quickstart's minibatch data, drawn from a seeded stream:
// rand(40000, 100) · randint(1, 10, size=100) + rand(100) · 10.
func tutorialData(rows, cols int) []float64 {
	rng := rand.New(rand.NewPCG(7, 0))
	mult, shift := make([]float64, cols), make([]float64, cols)
	for j := range cols {
		mult[j] = float64(1 + rng.IntN(9))
		shift[j] = 10 * rng.Float64()
	}
	data := make([]float64, rows*cols)
	for i := range rows {
		for j := range cols {
			data[i*cols+j] = rng.Float64()*mult[j] + shift[j]
		}
	}
	return data
}

// normalModel is the tutorial's minibatch model over data of the given shape, observed in
// full (batch 0) or through a minibatch of batch rows with total_size (rows, cols).
func normalModel(tb testing.TB, data []float64, rows, cols, batch int) *pm.Model {
	tb.Helper()
	dense := tensor.New(tensor.WithShape(rows, cols), tensor.WithBacking(data))
	m := pm.NewModel()
	mu := pm.Flat(m, "mu", pm.Shape(cols))
	sd := pm.HalfNormal(m, "sd", 1.0, pm.Shape(cols))
	if batch == 0 {
		pm.Normal(m, "likelihood", mu, sd, pm.Observed(dense))
	} else {
		mb := pm.NewMinibatch(dense, batch, pm.Seed(42))
		pm.Normal(m, "likelihood", mu, sd, pm.Observed(mb.Node()), pm.TotalSize(rows, cols))
	}
	if err := m.Err(); err != nil {
		tb.Fatal(err)
	}
	return m
}

// normalPoint is a point of the normal model: mu_j near the data's column means, log sd_j
// near the log of its spread.
func normalPoint(cols int) []float64 {
	x := make([]float64, 2*cols)
	for j := range cols {
		x[j] = 5 + 0.01*float64(j)
		x[cols+j] = 0.5 + 0.001*float64(j)
	}
	return x
}

// normalHand is the hand-written log density and gradient of the normal model at
// x = (mu, log sd) over the given rows of data (all rows when rows is nil), the likelihood
// scaled by scale. work holds 3·cols floats.
//
//	logp = scale·Σ_ij [-z_ij²/2 - s_j - log(2π)/2] + Σ_j [log √(2/π) - σ_j²/2 + s_j],
//	z_ij = (x_ij - mu_j)/σ_j, σ_j = exp(s_j);
//	d/dmu_j = scale·Σ_i z_ij/σ_j, d/ds_j = scale·Σ_i (z_ij² - 1) - σ_j² + 1.
func normalHand(grad, x, data []float64, cols int, rows []int, nrows int, scale float64, work []float64) float64 {
	mu, s := x[:cols], x[cols:]
	inv, sz, szz := work[:cols], work[cols:2*cols], work[2*cols:3*cols]
	for j := range cols {
		inv[j] = math.Exp(-s[j])
		sz[j], szz[j] = 0, 0
	}
	n := nrows
	if rows != nil {
		n = len(rows)
	}
	for r := range n {
		i := r
		if rows != nil {
			i = rows[r]
		}
		row := data[i*cols : (i+1)*cols]
		for j, v := range row {
			z := (v - mu[j]) * inv[j]
			sz[j] += z
			szz[j] += z * z
		}
	}
	fn := float64(n)
	lp := 0.0
	for j := range cols {
		sigma := 1 / inv[j]
		lp += scale*(-0.5*szz[j]-fn*s[j]-fn*0.5*math.Log(2*math.Pi)) + 0.5*math.Log(2/math.Pi) - 0.5*sigma*sigma + s[j]
		grad[j] = scale * sz[j] * inv[j]
		grad[cols+j] = scale*(szz[j]-fn) - sigma*sigma + 1
	}
	return lp
}

// mixtureHand is the tutorial's mixture log density and its derivative, by hand:
// log Σ_k w_k N(x; mu_k, sd_k), computed stably around the largest term.
func mixtureHand(x float64) (lp, dlp float64) {
	w := [2]float64{0.2, 0.8}
	mu := [2]float64{-0.3, 0.5}
	sd := [2]float64{0.1, 0.1}
	var l [2]float64
	for k := range 2 {
		z := (x - mu[k]) / sd[k]
		l[k] = math.Log(w[k]) - 0.5*z*z - math.Log(sd[k]) - 0.5*math.Log(2*math.Pi)
	}
	mx := math.Max(l[0], l[1])
	e0, e1 := math.Exp(l[0]-mx), math.Exp(l[1]-mx)
	lp = mx + math.Log(e0+e1)
	dlp = (e0*(-(x-mu[0])/(sd[0]*sd[0])) + e1*(-(x-mu[1])/(sd[1]*sd[1]))) / (e0 + e1)
	return lp, dlp
}

// TestHandLoops checks that the hand-written loops compute what the compiled log densities
// do: the mixture at a few points, the normal model on 200 rows, and the batch form on a
// fixed set of rows (the minibatch replaced by those rows).
func TestHandLoops(t *testing.T) {
	t.Parallel()
	m := pm.NewModel()
	pm.NormalMixture(m, "x", []float64{.2, .8}, []float64{-.3, .5}, []float64{.1, .1})
	ld, err := built(t, m).LogDensity()
	if err != nil {
		t.Fatal(err)
	}
	g := make([]float64, 1)
	for _, x := range []float64{-0.3, 0.1, 0.34, 0.9} {
		lp, err := ld.LogPGrad(g, []float64{x})
		hlp, hg := mixtureHand(x)
		if err != nil || !near(lp, hlp, lpTol) || !near(g[0], hg, lpTol) {
			t.Errorf("mixture at %v: %v %v (%v), hand %v %v", x, lp, g[0], err, hlp, hg)
		}
	}

	const rows, cols = 200, 10
	data := tutorialData(rows, cols)
	x := normalPoint(cols)
	work := make([]float64, 3*cols)
	grad, hand := make([]float64, 2*cols), make([]float64, 2*cols)
	full := normalModel(t, data, rows, cols, 0)
	ldFull, err := full.LogDensity()
	if err != nil {
		t.Fatal(err)
	}
	lp, err := ldFull.LogPGrad(grad, x)
	hlp := normalHand(hand, x, data, cols, nil, rows, 1, work)
	compare := func(name string, lp, hlp float64) {
		t.Helper()
		if err != nil || !near(lp, hlp, lpTol) {
			t.Errorf("%s: logp %v (%v), hand %v", name, lp, err, hlp)
		}
		for i := range grad {
			if !near(grad[i], hand[i], lpTol) {
				t.Errorf("%s: grad[%d] %v, hand %v", name, i, grad[i], hand[i])
			}
		}
	}
	compare("full data", lp, hlp)

	batch := normalModel(t, data, rows, cols, 20)
	idx := []int{3, 3, 17, 150, 199, 0, 42, 42, 42, 8, 9, 10, 11, 12, 13, 14, 15, 16, 100, 101}
	picked := make([]float64, 0, len(idx)*cols)
	for _, i := range idx {
		picked = append(picked, data[i*cols:(i+1)*cols]...)
	}
	node := batch.ObservedVars()[0].Data
	ldBatch, err := batch.LogDensity(model.Replace(node, tensor.New(tensor.WithShape(len(idx), cols), tensor.WithBacking(picked))))
	if err != nil {
		t.Fatal(err)
	}
	lp, err = ldBatch.LogPGrad(grad, x)
	hlp = normalHand(hand, x, data, cols, idx, 0, float64(rows)/float64(len(idx)), work)
	compare("batch", lp, hlp)
}

// BenchmarkLogPGradMixture measures the compiled log density and gradient of the tutorial's
// mixture (a fused NormalMixture op).
func BenchmarkLogPGradMixture(b *testing.B) {
	m := pm.NewModel()
	pm.NormalMixture(m, "x", []float64{.2, .8}, []float64{-.3, .5}, []float64{.1, .1})
	if err := m.Err(); err != nil {
		b.Fatal(err)
	}
	ld, err := m.LogDensity()
	if err != nil {
		b.Fatal(err)
	}
	x, grad := []float64{0.1}, make([]float64, 1)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ld.LogPGrad(grad, x); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLogPGradMixtureHand is BenchmarkLogPGradMixture's hand-written loop.
func BenchmarkLogPGradMixtureHand(b *testing.B) {
	x, grad := 0.1, make([]float64, 1)
	b.ReportAllocs()
	for b.Loop() {
		_, grad[0] = mixtureHand(x)
	}
}

// BenchmarkLogPGradNormalFull measures the normal model on the full 40000×100 data.
func BenchmarkLogPGradNormalFull(b *testing.B) {
	m := normalModel(b, tutorialData(benchRows, benchCols), benchRows, benchCols, 0)
	ld, err := m.LogDensity()
	if err != nil {
		b.Fatal(err)
	}
	x, grad := normalPoint(benchCols), make([]float64, 2*benchCols)
	b.ReportAllocs()
	defer benchcpu.ProcessStart(b)()
	defer benchcpu.Start(b)()
	for b.Loop() {
		if _, err := ld.LogPGrad(grad, x); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLogPGradNormalFullHand is BenchmarkLogPGradNormalFull's hand-written loop.
func BenchmarkLogPGradNormalFullHand(b *testing.B) {
	data := tutorialData(benchRows, benchCols)
	x, grad := normalPoint(benchCols), make([]float64, 2*benchCols)
	work := make([]float64, 3*benchCols)
	b.ReportAllocs()
	defer benchcpu.Start(b)()
	for b.Loop() {
		normalHand(grad, x, data, benchCols, nil, benchRows, 1, work)
	}
}

// BenchmarkLogPGradNormalBatch measures the normal model on a fresh 500-row minibatch per
// call, scaled by total_size (40000, 100).
func BenchmarkLogPGradNormalBatch(b *testing.B) {
	m := normalModel(b, tutorialData(benchRows, benchCols), benchRows, benchCols, benchBatch)
	ld, err := m.LogDensity()
	if err != nil {
		b.Fatal(err)
	}
	x, grad := normalPoint(benchCols), make([]float64, 2*benchCols)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ld.LogPGrad(grad, x); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLogPGradNormalBatchHand is BenchmarkLogPGradNormalBatch's hand-written loop: it
// draws 500 row indices with replacement and reads those rows in place.
func BenchmarkLogPGradNormalBatchHand(b *testing.B) {
	data := tutorialData(benchRows, benchCols)
	x, grad := normalPoint(benchCols), make([]float64, 2*benchCols)
	work := make([]float64, 3*benchCols)
	rng := rand.New(rand.NewPCG(42, 0))
	idx := make([]int, benchBatch)
	b.ReportAllocs()
	for b.Loop() {
		for i := range idx {
			idx[i] = rng.IntN(benchRows)
		}
		normalHand(grad, x, data, benchCols, idx, 0, benchRows/benchBatch, work)
	}
}

// BenchmarkBuildNormalFull measures building the normal model on its 40000×100 data and
// compiling its log density: observed data is held by reference (a Shared value), so
// neither step prints or copies the data into the graph.
func BenchmarkBuildNormalFull(b *testing.B) {
	data := tutorialData(benchRows, benchCols)
	b.ReportAllocs()
	for b.Loop() {
		m := normalModel(b, data, benchRows, benchCols, 0)
		if _, err := m.LogDensity(); err != nil {
			b.Fatal(err)
		}
	}
}
