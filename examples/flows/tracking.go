package main

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/gopymc/gopymc/approximations"
	"github.com/gopymc/gopymc/model"
	"github.com/gopymc/gopymc/plots"
	"github.com/gopymc/gopymc/pm"
)

// objective computes the gradient of the KL objective at one fresh draw, the tutorial's
// tt.grad(inference.objective(nmc=None), inference.approx.params), in plain Go with the
// flow's forward and backward passes: the single-draw loss is
//
//	log q(z) - log p(z),  z = f(eps), eps ~ N(0, I),
//
// and its gradient with respect to the flat parameters is the model's gradient at z pulled
// back through the layers plus the gradient of their log-dets (NormalizingFlow.AddGrad
// with weights -1 and -1). The fit's own step does the same with ObjNMC draws.
type objective struct {
	q         *pm.NormalizingFlow
	ld        *model.LogDensity
	pass      *approximations.FlowPass
	rng       *rand.Rand
	eps, z, g []float64
}

func newObjective(q *pm.NormalizingFlow, m *pm.Model, seed uint64) (*objective, error) {
	ld, err := m.LogDensity()
	if err != nil {
		return nil, err
	}
	d := q.Dim()
	return &objective{q: q, ld: ld, pass: q.NewPass(), rng: rand.New(rand.NewPCG(seed, 0x6f626a)),
		eps: make([]float64, d), z: make([]float64, d), g: make([]float64, d)}, nil
}

// grad returns the loss at a fresh draw and its gradient, in FlatParams' order.
func (o *objective) grad() (loss float64, grad []float64, err error) {
	for i := range o.eps {
		o.eps[i] = o.rng.NormFloat64()
	}
	logq := o.q.Forward(o.pass, o.z, o.eps)
	logp, err := o.ld.LogPGrad(o.g, o.z)
	if err != nil {
		return 0, nil, err
	}
	grad = make([]float64, len(o.q.FlatParams()))
	o.q.AddGrad(grad, o.pass, o.g, -1, -1)
	return logq - logp, grad, nil
}

// block is one named parameter's place in the flat parameters.
type block struct {
	name     string
	off, len int
}

// paramBlocks lists the flow's parameters in FlatParams' order, as NormalizingFlow
// documents it: the last layer first, each layer's parameters sorted by name (b_1, u_1,
// w_1, b_0, u_0, w_0 for planar*2), each as long as its Shared node.
func paramBlocks(q *pm.NormalizingFlow) []block {
	shared := q.SharedParams()
	byLayer := map[int][]string{}
	for name := range shared {
		i := strings.LastIndexByte(name, '_')
		layer, _ := strconv.Atoi(name[i+1:])
		byLayer[layer] = append(byLayer[layer], name)
	}
	var out []block
	off := 0
	for l := len(q.Layers()) - 1; l >= 0; l-- {
		names := byLayer[l]
		slices.Sort(names)
		for _, name := range names {
			n := 1
			for _, d := range shared[name].Shape() {
				n *= d
			}
			out = append(out, block{name, off, n})
			off += n
		}
	}
	return out
}

// trackerSeries splits tracked flat vectors (one per iteration) into one series per
// parameter, named by prefix + the parameter's name, in the order of names.
func trackerSeries(values [][]float64, blocks []block, prefix string, names []string) []plots.Series {
	var out []plots.Series
	for _, name := range names {
		for _, b := range blocks {
			if b.name != name {
				continue
			}
			s := plots.Series{Name: prefix + name, Values: make([][]float64, len(values))}
			for i, v := range values {
				s.Values[i] = v[b.off : b.off+b.len]
			}
			out = append(out, s)
		}
	}
	return out
}

// checkBlocks verifies paramBlocks against the live parameters: each Shared node's value
// must be its block of FlatParams.
func checkBlocks(q *pm.NormalizingFlow, blocks []block) error {
	flat := q.FlatParams()
	for _, b := range blocks {
		v, err := pm.Eval(q.SharedParams()[b.name])
		if err != nil {
			return err
		}
		if !slices.Equal(v.Data().([]float64), flat[b.off:b.off+b.len]) {
			return fmt.Errorf("parameter %s is not at [%d, %d) of the flat parameters", b.name, b.off, b.off+b.len)
		}
	}
	return nil
}
