package badinput_test

import (
	"errors"
	"math"

	"github.com/gopymc/gopymc/data"
	"github.com/gopymc/gopymc/pm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Data: minibatches, SetData, Shared values, Index and Take, Cholesky, LogSumExp, Argmax,
// the data helpers.

// mbErr is the error a minibatch keeps.
func mbErr(mb *pm.Minibatch) error { return mb.Err() }

func dataCases() []badCase {
	rows := [][]float64{{1, 2}, {3, 4}, {5, 6}, {7, 8}}
	mb := func(name string, make func() *pm.Minibatch, want ...string) badCase {
		return badCase{name: name, call: func() error { return mbErr(make()) }, want: want}
	}
	return []badCase{
		mb("Minibatch of batch size 0", func() *pm.Minibatch { return pm.NewMinibatch(rows, 0) }, "batch size", "0"),
		mb("Minibatch of batch size -3", func() *pm.Minibatch { return pm.NewMinibatch(rows, -3) }, "batch size", "-3"),
		mb("Minibatch of a string", func() *pm.Minibatch { return pm.NewMinibatch("data.csv", 2) }, "string"),
		mb("Minibatch of NaN data", func() *pm.Minibatch { return pm.NewMinibatch([]float64{1, math.NaN()}, 1) }, "NaN"),
		mb("Minibatch of an empty slice", func() *pm.Minibatch { return pm.NewMinibatch([]float64{}, 1) }, "empty"),
		mb("Minibatch of a ragged matrix", func() *pm.Minibatch { return pm.NewMinibatch([][]float64{{1, 2}, {3}}, 1) }, "row 1"),
		mb("Minibatch of a zero-value tensor", func() *pm.Minibatch { return pm.NewMinibatch(&tensor.Dense{}, 1) }, "zero-value *tensor.Dense"),
		mb("Minibatch of a nil tensor", func() *pm.Minibatch { var t *tensor.Dense; return pm.NewMinibatch(t, 1) }, "nil"),
		mb("Minibatch with Aligned data of other rows", func() *pm.Minibatch {
			return pm.NewMinibatch(rows, 2, pm.Aligned([]float64{1, 2, 3}))
		}, "aligned arrays must have the same number of rows", "array 1 has 3"),
		mb("Minibatch with Aligned NaN data", func() *pm.Minibatch {
			return pm.NewMinibatch(rows, 2, pm.Aligned([]float64{1, 2, math.NaN(), 4}))
		}, "NaN"),
		mb("Minibatch with InMemorySize 0", func() *pm.Minibatch { return pm.NewMinibatch(rows, 2, pm.InMemorySize(0)) }, "InMemorySize"),
		mb("Minibatch with an option of Fit", func() *pm.Minibatch { return pm.NewMinibatch(rows, 2, pm.N(3)) }, "N(3) does not apply"),
		mb("MinibatchND with two Ellipsis", func() *pm.Minibatch {
			return pm.NewMinibatchND(rows, []any{data.Ellipsis, data.Ellipsis})
		}, "Double Ellipsis"),
		mb("MinibatchND with more entries than axes", func() *pm.Minibatch {
			return pm.NewMinibatchND(rows, []any{1, 1, 1})
		}, "too big"),
		mb("MinibatchND with a string entry", func() *pm.Minibatch {
			return pm.NewMinibatchND(rows, []any{"2"})
		}, "Unrecognized"),
		mb("MinibatchND with a size of 0", func() *pm.Minibatch {
			return pm.NewMinibatchND(rows, []any{data.SizeSeed{Size: 0, Seed: 1}})
		}, "0"),
		badCase{name: "Minibatch SetValue of NaN", call: func() error {
			return pm.NewMinibatch(rows, 2).SetValue([][]float64{{1, 2}, {math.NaN(), 4}})
		}, want: []string{"NaN"}},
		fine("Minibatch SetValue of whole numbers as ints", func() error {
			mb := pm.NewMinibatch(rows, 2)
			if err := mb.SetValue([][]int{{1, 2}, {3, 4}}); err != nil {
				return err
			}
			v, err := pm.Eval(mb.Node())
			if err != nil {
				return err
			}
			return allFinite("batch", v.Float64s())
		}),
		badCase{name: "Minibatch SetValue of another number of columns", call: func() error {
			return pm.NewMinibatch(rows, 2).SetValue([][]float64{{1, 2, 3}, {4, 5, 6}})
		}, want: []string{"shape"}},
		badCase{name: "Minibatch UpdateShared without a function", call: func() error {
			return pm.NewMinibatch(rows, 2).UpdateShared()
		}, want: []string{"UpdateSharedFunc"}},
		badCase{name: "Minibatch UpdateShared whose function fails", call: func() error {
			return pm.NewMinibatch(rows, 2, pm.UpdateSharedFunc(func() (*tensor.Dense, error) { return nil, errors.New("no new data") })).UpdateShared()
		}, want: []string{"no new data"}},
		badCase{name: "Minibatch NodeIn a nil graph", call: func() error {
			_, err := pm.NewMinibatch(rows, 2).NodeIn(nil)
			return err
		}, want: []string{"nil graph"}},
		badCase{name: "a model observing a failed minibatch", call: func() error {
			m := pm.NewModel()
			pm.Normal(m, "y", 0.0, 1.0, pm.Observed(pm.NewMinibatch(rows, 0)))
			return m.Err()
		}, want: []string{`"y"`, "batch size"}},
		badCase{name: "SetData of an unknown name", call: func() error {
			m := pm.NewModel()
			pm.NewShared(m, "x", []float64{1, 2})
			return pm.SetData(m, map[string]any{"xx": []float64{1}})
		}, want: []string{`"xx" is not a data container`}},
		badCase{name: "SetData of another dtype", call: func() error {
			m := pm.NewModel()
			pm.NewShared(m, "x", []float64{1, 2})
			return pm.SetData(m, map[string]any{"x": []int{1, 2}})
		}, want: []string{`"x"`, "dtype int"}},
		badCase{name: "SetData of another number of dimensions", call: func() error {
			m := pm.NewModel()
			pm.NewShared(m, "x", []float64{1, 2})
			return pm.SetData(m, map[string]any{"x": [][]float64{{1, 2}}})
		}, want: []string{`"x"`, "2 dimensions"}},
		badCase{name: "SetData of NaN", call: func() error {
			m := pm.NewModel()
			pm.NewShared(m, "x", []float64{1, 2})
			return pm.SetData(m, map[string]any{"x": []float64{1, math.NaN()}})
		}, want: []string{`"x"`, "entry 1 is NaN"}},
		badCase{name: "SetData of a zero-value tensor", call: func() error {
			m := pm.NewModel()
			pm.NewShared(m, "x", []float64{1, 2})
			return pm.SetData(m, map[string]any{"x": &tensor.Dense{}})
		}, want: []string{`"x"`, "zero-value *tensor.Dense"}},
		badCase{name: "Shared SetValue of another shape", call: func() error {
			m := pm.NewModel()
			return pm.NewShared(m, "x", []float64{1, 2}).SetValue([]float64{1, 2, 3})
		}, want: []string{`"x"`, "shape (3) does not match"}},
		badCase{name: "Shared SetValue of -Inf", call: func() error {
			m := pm.NewModel()
			return pm.NewShared(m, "x", 1.0).SetValue(math.Inf(-1))
		}, want: []string{`"x"`, "the value is -Inf"}},
		badCase{name: "Index with float indices", call: func() error {
			m := pm.NewModel()
			a := pm.Normal(m, "a", 0.0, 1.0, pm.Shape(3))
			_, err := pm.Index(a, []float64{0, 1})
			return err
		}, want: []string{"float64"}},
		badCase{name: "Index out of range", call: func() error {
			m := pm.NewModel()
			a := pm.Normal(m, "a", 0.0, 1.0, pm.Shape(3))
			_, err := pm.Index(a, []int{0, 3})
			return err
		}, want: []string{"3", "range"}},
		badCase{name: "Index negative", call: func() error {
			m := pm.NewModel()
			a := pm.Normal(m, "a", 0.0, 1.0, pm.Shape(3))
			_, err := pm.Index(a, []int{-1})
			return err
		}, want: []string{"-1"}},
		badCase{name: "Index of nil", call: func() error {
			_, err := pm.Index(nil, []int{0})
			return err
		}, want: []string{"nil"}},
		badCase{name: "Index with a string", call: func() error {
			m := pm.NewModel()
			a := pm.Normal(m, "a", 0.0, 1.0, pm.Shape(3))
			_, err := pm.Index(a, "0")
			return err
		}, want: []string{"string"}},
		badCase{name: "Index with a Shared index changed out of range", call: func() error {
			m := pm.NewModel()
			a := pm.Normal(m, "a", 0.0, 1.0, pm.Shape(3))
			idx := pm.NewShared(m, "idx", []int{0, 1})
			ai, err := pm.Index(a, idx)
			if err != nil {
				return err
			}
			if err := idx.SetValue([]int{0, 7}); err != nil {
				return err
			}
			_, err = pm.Eval(ai, pm.Givens(m.FreeVars()[0].Value, []float64{1, 2, 3}))
			return err
		}, want: []string{"7"}},
		badCase{name: "Take along an axis the node does not have", call: func() error {
			m := pm.NewModel()
			a := pm.Normal(m, "a", 0.0, 1.0, pm.Shape(3))
			_, err := pm.Take(a, []int{0}, 2)
			return err
		}, want: []string{"axis 2"}},
		badCase{name: "Cholesky of a vector", call: func() error {
			m := pm.NewModel()
			_, err := pm.Cholesky(pm.Normal(m, "a", 0.0, 1.0, pm.Shape(3)))
			return err
		}, want: []string{"Cholesky", "matrix"}},
		badCase{name: "Cholesky of nil", call: func() error { _, err := pm.Cholesky(nil); return err }, want: []string{"Cholesky of a nil node"}},
		badCase{name: "Cholesky of a matrix that is not positive definite", call: func() error {
			m := pm.NewModel()
			s := pm.NewShared(m, "S", [][]float64{{1, 2}, {2, 1}})
			l, err := pm.Cholesky(s.Node())
			if err != nil {
				return err
			}
			_, err = pm.Eval(l)
			return err
		}, want: []string{"not positive definite", "pivot"}},
		badCase{name: "LogSumExp along a missing axis", call: func() error {
			m := pm.NewModel()
			_, err := pm.LogSumExp(pm.Normal(m, "a", 0.0, 1.0, pm.Shape(3)), 1)
			return err
		}, want: []string{"axis 1"}},
		badCase{name: "Argmax along a missing axis", call: func() error {
			m := pm.NewModel()
			_, err := pm.Argmax(pm.Normal(m, "a", 0.0, 1.0, pm.Shape(3)), 4)
			return err
		}, want: []string{"axis 4"}},
		badCase{name: "TrainTestSplit with a fraction of 1.5", call: func() error {
			_, _, err := data.TrainTestSplit(10, 1.5, 1)
			return err
		}, want: []string{"1.5"}},
		badCase{name: "TrainTestSplit of 0 rows", call: func() error {
			_, _, err := data.TrainTestSplit(0, 0.5, 1)
			return err
		}, want: []string{"0"}},
		badCase{name: "Scale of a ragged matrix", call: func() error {
			_, err := data.Scale([][]float64{{1, 2}, {3}})
			return err
		}, want: []string{"row 1"}},
		badCase{name: "Scale of NaN data", call: func() error {
			_, err := data.Scale([][]float64{{1, math.NaN()}, {3, 4}})
			return err
		}, want: []string{"NaN"}},
		badCase{name: "NewMoons with a negative noise", call: func() error {
			_, err := data.NewMoons(100, -0.1, 1)
			return err
		}, want: []string{"noise"}},
		badCase{name: "NewMoons of 0 points", call: func() error {
			_, err := data.NewMoons(0, 0.1, 1)
			return err
		}, want: []string{"0"}},
		fine("a minibatch of one row, batch size larger than the data", func() error {
			mb := pm.NewMinibatch([][]float64{{1, 2}}, 5)
			if err := mb.Err(); err != nil {
				return err
			}
			v, err := pm.Eval(mb.Node())
			if err != nil {
				return err
			}
			return allFinite("batch", v.Float64s())
		}),
		fine("Index with repeated indices", func() error {
			m := pm.NewModel()
			a := pm.NewShared(m, "a", []float64{1, 2, 3})
			ai, err := pm.Index(a.Node(), []int{2, 2, 0})
			if err != nil {
				return err
			}
			v, err := pm.Eval(G.Must(G.Sum(ai)))
			if err != nil {
				return err
			}
			if v.Float64s()[0] != 7 {
				return errors.New("want 3+3+1")
			}
			return nil
		}),
	}
}
