package badinput_test

import (
	"encoding/binary"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/gopymc/gopymc/data"
	"github.com/gopymc/gopymc/pm"
	G "gorgonia.org/gorgonia"
)

// Fuzz targets of issue 17 over model building: distributions with fuzzed parameters and
// observed values, and variables with random option sets. Building must not panic; a model
// that fails names the variable; a model that builds has a log density at its initial point
// that is finite, or else Fit refuses it with an error; and a short fit of a model that
// builds ends with finite parameters and losses, or with an error. Never a silent NaN.
//
//	go test -run '^$' -fuzz '^FuzzDistributionParams$' -fuzztime 15s ./internal/badinput
//	go test -run '^$' -fuzz '^FuzzModelOptions$' -fuzztime 15s ./internal/badinput

// interesting are the values a fuzz byte picks from: edges of every parameter's domain.
var interesting = []float64{0, 1, -1, 0.5, 2, -0.5, 1e-300, 1e300, -1e300, math.Inf(1), math.Inf(-1),
	math.NaN(), math.SmallestNonzeroFloat64, math.MaxFloat64, 3, 10, 1e-8, 0.999999, -2.5, 100}

// fuzzBytes reads a fuzz input: bytes, values (an interesting value or raw float64 bits),
// zeros past the end.
type fuzzBytes struct {
	b []byte
	i int
}

func (r *fuzzBytes) byte() int {
	if r.i >= len(r.b) {
		return 0
	}
	r.i++
	return int(r.b[r.i-1])
}

func (r *fuzzBytes) value() float64 {
	k := r.byte()
	if k < 200 {
		return interesting[k%len(interesting)]
	}
	if r.i+8 > len(r.b) {
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(r.b[r.i:]))
	r.i += 8
	return v
}

// like returns a value of the kind of good (scalar, vector, matrix) from r: good itself with
// one entry replaced, or a scalar.
func (r *fuzzBytes) like(good any) any {
	switch g := good.(type) {
	case []float64:
		out := append([]float64(nil), g...)
		out[r.byte()%len(out)] = r.value()
		return out
	case [][]float64:
		out := make([][]float64, len(g))
		for i := range g {
			out[i] = append([]float64(nil), g[i]...)
		}
		out[r.byte()%len(out)][r.byte()%len(out[0])] = r.value()
		return out
	}
	return r.value()
}

// checkBuilt checks a model after building: its error names the variable "x", or its log
// density at the initial point is finite, or Fit refuses it; and a short fit ends with
// finite parameters and losses or an error.
func checkBuilt(t *testing.T, m *pm.Model, what string) {
	t.Helper()
	if err := m.Err(); err != nil {
		// The variable "x", or the data container the options made first ("s<k>").
		if !strings.Contains(err.Error(), `"x"`) && !strings.Contains(err.Error(), `shared "s`) {
			t.Fatalf("%s: the error does not name the variable: %v", what, err)
		}
		return
	}
	point, err := valuePoint(m)
	if err != nil {
		// Parameters so extreme that the initial point leaves the support (a Beta's mean
		// rounds to 1): an error naming the variable, which Fit gives too.
		if !strings.Contains(err.Error(), `"x"`) {
			t.Fatalf("%s: the initial point's error does not name the variable: %v", what, err)
		}
		if _, fitErr := pm.Fit(m, pm.N(3), pm.Output(nil)); fitErr == nil {
			t.Fatalf("%s: no initial point (%v), and Fit accepted the model", what, err)
		}
		return
	}
	lp, err := m.LogP(point)
	if err != nil {
		t.Fatalf("%s: the log density at the initial point: %v", what, err)
	}
	fitted, fitErr := pm.Fit(m, pm.N(3), pm.Seed(1), pm.Output(nil))
	if math.IsNaN(lp) || math.IsInf(lp, 0) {
		if fitErr == nil {
			t.Fatalf("%s: the log density at the initial point is %v, and Fit accepted the model", what, lp)
		}
		return
	}
	if fitErr != nil {
		return // an error: a discrete variable, a NaN met on the way, ...
	}
	for _, p := range fitted.FlatParams() {
		if math.IsNaN(p) || math.IsInf(p, 0) {
			t.Fatalf("%s: Fit succeeded with parameters %v", what, fitted.FlatParams())
		}
	}
	for _, l := range fitted.Hist() {
		if math.IsNaN(l) || math.IsInf(l, 0) {
			t.Fatalf("%s: Fit succeeded with losses %v", what, fitted.Hist())
		}
	}
}

// valuePoint is the model's initial point by value-variable name.
func valuePoint(m *pm.Model) (map[string]any, error) {
	x0, err := m.InitialPoint()
	if err != nil {
		return nil, err
	}
	rm, err := m.RMap(x0)
	if err != nil {
		return nil, err
	}
	out := map[string]any{}
	for k, v := range rm {
		out[k] = v
	}
	return out, nil
}

func FuzzDistributionParams(f *testing.F) {
	f.Add([]byte{0, 0, 1, 1})                  // Normal(0, 1), free
	f.Add([]byte{2, 7, 0, 1, 3, 3, 4})         // HalfNormal(1e300), observed
	f.Add([]byte{22, 3, 1, 2, 1, 0, 1})        // Bernoulli(0.5) observed 0, 1
	f.Add([]byte{9, 0, 14, 2, 1, 11, 1})       // Beta(1e-8, 1) observed 0
	f.Add([]byte{19, 1, 13, 0, 1, 2, 3, 0, 1}) // MvNormal of 1e300
	fams := families()
	f.Fuzz(func(t *testing.T, in []byte) {
		r := &fuzzBytes{b: in}
		fam := fams[r.byte()%len(fams)]
		args := append([]any(nil), fam.good...)
		for i := range args {
			if r.byte()%2 == 1 {
				args[i] = r.like(fam.good[i])
			}
		}
		var opts []pm.Option
		if n := r.byte() % 4; n > 0 {
			obs := make([]float64, n)
			for i := range obs {
				obs[i] = r.value()
			}
			opts = append(opts, pm.Observed(obs))
		}
		m := pm.NewModel()
		fam.build(m, args, opts...)
		checkBuilt(t, m, fmt.Sprintf("%s(%v) %v", fam.name, args, opts))
	})
}

func FuzzModelOptions(f *testing.F) {
	f.Add([]byte{0, 1, 0, 2, 3})
	f.Add([]byte{5, 3, 1, 4, 2, 6, 1})
	f.Add([]byte{12, 4, 3, 2, 8, 9, 0, 1})
	fams := families()
	f.Fuzz(func(t *testing.T, in []byte) {
		r := &fuzzBytes{b: in}
		fam := fams[r.byte()%len(fams)]
		m := pm.NewModel()
		var opts []pm.Option
		for range r.byte() % 5 {
			opts = append(opts, fuzzOption(r, m))
		}
		fam.build(m, fam.good, opts...)
		checkBuilt(t, m, fmt.Sprintf("%s with %v", fam.name, opts))
	})
}

// fuzzOption is an option from r: any of a variable's options with fuzzed values, and some
// that do not apply.
func fuzzOption(r *fuzzBytes, m *pm.Model) pm.Option {
	dims := func() []int {
		d := make([]int, r.byte()%3)
		for i := range d {
			d[i] = int(int8(r.byte())) % 5
		}
		return d
	}
	switch r.byte() % 12 {
	case 0:
		return pm.Shape(dims()...)
	case 1:
		obs := make([]float64, 1+r.byte()%4)
		for i := range obs {
			obs[i] = r.value()
		}
		return pm.Observed(obs)
	case 2:
		rows := make([][]float64, 1+r.byte()%3)
		for i := range rows {
			rows[i] = make([]float64, 1+r.byte()%3)
			for j := range rows[i] {
				rows[i][j] = r.value()
			}
		}
		return pm.Observed(rows)
	case 3:
		sizes := dims()
		for i := range sizes {
			if r.byte()%4 == 0 {
				sizes[i] = pm.Ellipsis
			}
		}
		return pm.TotalSize(sizes...)
	case 4:
		return pm.InitVal(r.like([]float64{0, 0}))
	case 5:
		return pm.InitVal(r.value())
	case 6:
		return pm.NoTransform()
	case 7:
		return pm.Transform(pm.OrderedTransform())
	case 8:
		return pm.Observed(pm.NewMinibatch([]float64{1, 2, 3, 4}, 1+r.byte()%5-1))
	case 9:
		s := pm.NewShared(m, fmt.Sprintf("s%d", r.i), []float64{r.value(), 1})
		return pm.Observed(s.Node())
	case 10:
		return pm.Draws(3)
	}
	var nilNode *G.Node
	if r.byte()%2 == 0 {
		return pm.Observed(nilNode)
	}
	return pm.Observed(data.None)
}
