package badinput_test

import (
	"errors"
	"math"

	"github.com/gopymc/gopymc/distributions"
	"github.com/gopymc/gopymc/pm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Options of variables and the other model-building calls: Shape, Observed, TotalSize,
// InitVal, transforms, names, Deterministic, Potential, DensityDist, NewShared, IntScalar,
// Placeholder, and a nil model.

func optionCases() []badCase {
	e := func(name string, build func(m *pm.Model), want ...string) badCase {
		return badCase{name: name, call: func() error { return modelErr(build) }, want: want}
	}
	return []badCase{
		e("Shape with a zero dimension", func(m *pm.Model) { pm.Normal(m, "x", 0.0, 1.0, pm.Shape(2, 0)) }, `"x"`, "Shape(2, 0): dimensions must be >= 1"),
		e("Shape with a negative dimension", func(m *pm.Model) { pm.Normal(m, "x", 0.0, 1.0, pm.Shape(-3)) }, `"x"`, "Shape(-3): dimensions must be >= 1"),
		e("Shape against the parameters", func(m *pm.Model) { pm.Normal(m, "x", []float64{0, 1, 2}, 1.0, pm.Shape(2)) }, `"x"`, "does not broadcast to the variable's shape (2)"),
		e("Shape against observed data", func(m *pm.Model) { pm.Normal(m, "x", 0.0, 1.0, pm.Shape(2), pm.Observed([]float64{1, 2, 3})) }, `"x"`, "Shape(2) does not match the observed data's shape (3)"),
		e("Observed nil", func(m *pm.Model) { pm.Normal(m, "x", 0.0, 1.0, pm.Observed(nil)) }, `"x"`, "no value"),
		e("Observed a string", func(m *pm.Model) { pm.Normal(m, "x", 0.0, 1.0, pm.Observed("1, 2, 3")) }, `"x"`, "string"),
		e("Observed NaN", func(m *pm.Model) { pm.Normal(m, "x", 0.0, 1.0, pm.Observed([]float64{1, math.NaN()})) }, `"x"`, "entry 1 is NaN"),
		e("Observed +Inf in a matrix", func(m *pm.Model) { pm.Normal(m, "x", 0.0, 1.0, pm.Observed([][]float64{{1, 2}, {math.Inf(1), 0}})) }, `"x"`, "entry 2 is +Inf"),
		e("Observed an empty slice", func(m *pm.Model) { pm.Normal(m, "x", 0.0, 1.0, pm.Observed([]float64{})) }, `"x"`, "empty"),
		e("Observed a ragged matrix", func(m *pm.Model) { pm.Normal(m, "x", 0.0, 1.0, pm.Observed([][]float64{{1, 2}, {3}})) }, `"x"`, "row 1 has 1 columns"),
		e("Observed a zero-value tensor", func(m *pm.Model) { pm.Normal(m, "x", 0.0, 1.0, pm.Observed(&tensor.Dense{})) }, `"x"`, "zero-value *tensor.Dense"),
		e("Observed a node of another model", func(m *pm.Model) {
			other := pm.NewModel()
			pm.Normal(m, "x", 0.0, 1.0, pm.Observed(pm.Normal(other, "y", 0.0, 1.0)))
		}, `"x"`, "another graph"),
		e("Observed a nil minibatch", func(m *pm.Model) {
			var mb *pm.Minibatch
			pm.Normal(m, "x", 0.0, 1.0, pm.Observed(mb))
		}, `"x"`, "nil minibatch"),
		e("Observed data that do not broadcast with the parameters", func(m *pm.Model) {
			pm.Normal(m, "x", []float64{0, 1, 2, 3}, 1.0, pm.Observed([]float64{1, 2, 3}))
		}, `"x"`, "broadcast"),
		e("TotalSize on a free variable", func(m *pm.Model) { pm.Normal(m, "x", 0.0, 1.0, pm.TotalSize(100)) }, `"x"`, "total_size can only be passed to observed variables"),
		e("TotalSize negative", func(m *pm.Model) { pm.Normal(m, "x", 0.0, 1.0, pm.Observed([]float64{1, 2}), pm.TotalSize(-5)) }, `"x"`, "total_size"),
		e("TotalSize of zero", func(m *pm.Model) { pm.Normal(m, "x", 0.0, 1.0, pm.Observed([]float64{1, 2}), pm.TotalSize(0)) }, `"x"`, "total_size"),
		e("TotalSize with two Ellipsis", func(m *pm.Model) {
			pm.Normal(m, "x", 0.0, 1.0, pm.Observed([][]float64{{1, 2}}), pm.TotalSize(pm.Ellipsis, 3, pm.Ellipsis))
		}, `"x"`, "Ellipsis"),
		e("TotalSize with more entries than the data has axes", func(m *pm.Model) {
			pm.Normal(m, "x", 0.0, 1.0, pm.Observed([]float64{1, 2}), pm.TotalSize(10, 10, 10))
		}, `"x"`, "total_size"),
		e("InitVal of another shape", func(m *pm.Model) { pm.Normal(m, "x", 0.0, 1.0, pm.Shape(3), pm.InitVal([]float64{1, 2})) }, `"x"`, "initval", "does not broadcast"),
		e("InitVal NaN", func(m *pm.Model) { pm.Normal(m, "x", 0.0, 1.0, pm.InitVal(math.NaN())) }, `"x"`, "initval", "NaN"),
		e("InitVal a string", func(m *pm.Model) { pm.Normal(m, "x", 0.0, 1.0, pm.InitVal("0")) }, `"x"`, "initval", "string"),
		badCase{name: "InitVal outside the support", call: func() error {
			m := pm.NewModel()
			pm.HalfNormal(m, "x", 1.0, pm.InitVal(-1.0))
			if err := m.Err(); err != nil {
				return err
			}
			_, err := m.InitialPoint()
			return err
		}, want: []string{`"x"`, "-1"}},
		e("InitVal on an observed variable", func(m *pm.Model) { pm.Normal(m, "x", 0.0, 1.0, pm.Observed([]float64{1}), pm.InitVal(0.0)) }, `"x"`, "InitVal does not apply to an observed variable"),
		e("NoTransform on an observed variable", func(m *pm.Model) { pm.HalfNormal(m, "x", 1.0, pm.Observed([]float64{1}), pm.NoTransform()) }, `"x"`, "NoTransform does not apply"),
		e("Transform and NoTransform", func(m *pm.Model) {
			pm.Normal(m, "x", 0.0, 1.0, pm.Shape(2), pm.Transform(pm.OrderedTransform()), pm.NoTransform())
		}, `"x"`, "not both"),
		e("Transform on a discrete variable", func(m *pm.Model) { pm.Poisson(m, "x", 1.0, pm.Transform(pm.OrderedTransform())) }, `"x"`, "discrete variable cannot be transformed"),
		e("Transform nil", func(m *pm.Model) {
			var tr distributions.Transform
			pm.Normal(m, "x", 0.0, 1.0, pm.Transform(tr))
		}, `"x"`, "Transform needs a transform"),
		e("ordered transform on a scalar", func(m *pm.Model) { pm.Normal(m, "x", 0.0, 1.0, pm.Transform(pm.OrderedTransform())) }, `"x"`, "ordered"),
		e("an option that does not apply to a variable", func(m *pm.Model) { pm.Normal(m, "x", 0.0, 1.0, pm.Draws(10)) }, `"x"`, "Draws(10) does not apply"),
		e("a nil option", func(m *pm.Model) { pm.Normal(m, "x", 0.0, 1.0, nil) }, `"x"`, "option 0 is nil"),
		e("a name used twice", func(m *pm.Model) { pm.Normal(m, "x", 0.0, 1.0); pm.Normal(m, "x", 0.0, 1.0) }, `"x"`, "already used"),
		e("a name taken by a value variable", func(m *pm.Model) { pm.HalfNormal(m, "s", 1.0); pm.Normal(m, "s_log__", 0.0, 1.0) }, `"s_log__"`, "already used"),
		e("an empty name", func(m *pm.Model) { pm.Normal(m, "", 0.0, 1.0) }, "needs a name"),
		e("Deterministic of a nil node", func(m *pm.Model) { pm.Deterministic(m, "d", nil) }, `"d"`, "nil node"),
		e("Deterministic of another model's node", func(m *pm.Model) {
			pm.Deterministic(m, "d", pm.Normal(pm.NewModel(), "y", 0.0, 1.0))
		}, `"d"`, "another graph"),
		e("Deterministic of an int node", func(m *pm.Model) { pm.Deterministic(m, "d", pm.IntScalar(m, "k")) }, `"d"`, "dtype int"),
		e("Potential of a nil node", func(m *pm.Model) { pm.Potential(m, "p", nil) }, `"p"`, "nil node"),
		e("Potential with an option that does not apply", func(m *pm.Model) {
			pm.Potential(m, "p", pm.Normal(m, "x", 0.0, 1.0), pm.Shape(2))
		}, `Potential "p"`, "Shape([2]) does not apply"),
		e("DensityDist with a nil log density", func(m *pm.Model) { pm.DensityDist(m, "d", nil) }, `"d"`, "nil log density function"),
		e("DensityDist whose log density fails", func(m *pm.Model) {
			pm.DensityDist(m, "d", func(*G.Node) (*G.Node, error) { return nil, errors.New("boom") })
		}, `"d"`, "boom"),
		e("DensityDist whose log density panics", func(m *pm.Model) {
			pm.DensityDist(m, "d", func(*G.Node) (*G.Node, error) { panic("boom") })
		}, `"d"`, "boom"),
		e("DensityDist whose log density returns nil", func(m *pm.Model) {
			pm.DensityDist(m, "d", func(*G.Node) (*G.Node, error) { return nil, nil })
		}, `"d"`, "nil"),
		e("DensityDist with a nil random function", func(m *pm.Model) {
			pm.DensityDist(m, "d", func(v *G.Node) (*G.Node, error) { return v, nil }, pm.Random(nil))
		}, `"d"`, "Random: nil function"),
		e("NewShared of a string", func(m *pm.Model) { pm.NewShared(m, "s", "data") }, `"s"`, "string"),
		e("NewShared of NaN data", func(m *pm.Model) { pm.NewShared(m, "s", []float64{1, math.NaN()}) }, `"s"`, "entry 1 is NaN"),
		e("NewShared of a zero-value tensor", func(m *pm.Model) { pm.NewShared(m, "s", &tensor.Dense{}) }, `"s"`, "zero-value *tensor.Dense"),
		e("NewShared under a name in use", func(m *pm.Model) { pm.Normal(m, "x", 0.0, 1.0); pm.NewShared(m, "x", 1.0) }, `"x"`, "already used"),
		e("IntScalar under a name in use", func(m *pm.Model) { pm.Normal(m, "x", 0.0, 1.0); pm.IntScalar(m, "x") }, `"x"`, "already used"),
		e("Placeholder with a zero dimension", func(m *pm.Model) { pm.Placeholder(m, "X", 0, 3) }, `"X"`, "dimensions must be >= 1"),
		e("Placeholder under a name in use", func(m *pm.Model) { pm.NewShared(m, "X", 1.0); pm.Placeholder(m, "X", 2) }, `"X"`, "already used"),
		badCase{name: "a nil model's variable, then Fit", call: func() error {
			var m *pm.Model
			x := pm.Normal(m, "x", 0.0, 1.0)
			G.Must(G.Square(x))
			_, err := pm.Fit(m)
			return err
		}, want: []string{"nil *Model"}},
		badCase{name: "a nil model's Deterministic and Potential, then Sample", call: func() error {
			var m *pm.Model
			x := pm.Normal(m, "x", 0.0, 1.0)
			pm.Deterministic(m, "d", x)
			pm.Potential(m, "p", x)
			_, err := pm.Sample(m)
			return err
		}, want: []string{"nil *Model"}},
		badCase{name: "a nil model's Shared value and SetData", call: func() error {
			var m *pm.Model
			s := pm.NewShared(m, "s", []float64{1, 2})
			if s == nil || s.Node() == nil {
				return errors.New("no stand-in")
			}
			return pm.SetData(m, map[string]any{"s": []float64{3, 4}})
		}, want: []string{"nil *Model"}},
		badCase{name: "a nil model's placeholder and int scalar, then prior predictive", call: func() error {
			var m *pm.Model
			pm.Placeholder(m, "X", 2)
			pm.IntScalar(m, "n")
			pm.DensityDist(m, "d", func(v *G.Node) (*G.Node, error) { return v, nil })
			_, err := pm.SamplePriorPredictive(m)
			return err
		}, want: []string{"nil *Model"}},
		badCase{name: "a build error is returned by Fit", call: func() error {
			m := pm.NewModel()
			pm.Normal(m, "x", 0.0, -1.0)
			pm.Normal(m, "y", 0.0, 1.0) // building goes on safely
			_, err := pm.Fit(m, pm.N(10), pm.Output(nil))
			return err
		}, want: []string{`"x"`, "sigma must be positive"}},
	}
}
