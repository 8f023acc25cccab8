package approximations

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"

	"github.com/gopymc/gopymc/graph"
	"github.com/gopymc/gopymc/model"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// The draws of a PosteriorFunction's call, on its compiled copies.

// functionWorker is one compiled copy with its inputs bound.
type functionWorker struct {
	fn   *graph.Function
	flat *model.FlatInputs // the value variables' inputs
	rng  *rand.Rand
	pcg  *rand.PCG
}

func newFunctionWorker(fn *graph.Function, order []model.VarInfo, dim int) (*functionWorker, error) {
	flat, err := model.BindFlat(fn, order, dim)
	if err != nil {
		return nil, fmt.Errorf("approximations: Function: %w", err)
	}
	w := &functionWorker{fn: fn, flat: flat, pcg: rand.NewPCG(0, 0)}
	w.rng = rand.New(w.pcg)
	return w, nil
}

// run binds the data inputs of every worker, runs the draws and stacks the outputs.
func (p *shapeProgram) run(ctx context.Context, f *PosteriorFunction, vals []G.Value, draws int) ([]*tensor.Dense, error) {
	workers := p.workers[:max(1, min(len(p.workers), draws))]
	for _, w := range workers {
		k := len(p.order)
		for i, v := range vals {
			if i == f.sizeIn {
				continue
			}
			if err := w.fn.SetInput(k, v); err != nil {
				return nil, fmt.Errorf("approximations: Function: %w", err)
			}
			k++
		}
	}
	// The first draw gives the outputs' shapes.
	first := workers[0]
	callSeed := graph.DeriveSeed(f.seed, f.calls)
	if err := first.draw(f.q, callSeed, 0, f.useMean); err != nil {
		return nil, err
	}
	outs := make([][]float64, len(f.outputs))
	shapes := make([]tensor.Shape, len(f.outputs))
	sizes := make([]int, len(f.outputs))
	for j := range f.outputs {
		v := first.fn.Output(j)
		shapes[j] = valueShape(v).Clone()
		sizes[j] = model.SizeOf(shapes[j])
		if sizes[j] > 0 && draws > math.MaxInt/sizes[j] {
			return nil, fmt.Errorf("approximations: Function: %d draws of output %d (%d elements each) overflow an int", draws, j, sizes[j])
		}
		outs[j] = make([]float64, sizes[j], min(draws, functionChunk)*sizes[j])
		if err := model.CopyValue(outs[j][:sizes[j]], v); err != nil {
			return nil, fmt.Errorf("approximations: Function: output %d: %w", j, err)
		}
	}
	// The draws in chunks, the outputs growing chunk by chunk: memory follows the draws
	// made, so a call asking for very many draws and cancelled early asks for little.
	// Draw r's stream is derived from r alone, so the chunks change no number.
	errs := make([]error, len(workers))
	for c0 := 1; c0 < draws; c0 += functionChunk {
		c1 := min(draws, c0+functionChunk)
		for j := range outs {
			outs[j] = slices.Grow(outs[j], (c1-c0)*sizes[j])[:c1*sizes[j]]
		}
		var wg sync.WaitGroup
		for wi, w := range workers {
			lo, hi := c0+wi*(c1-c0)/len(workers), c0+(wi+1)*(c1-c0)/len(workers)
			wg.Go(func() {
				for r := lo; r < hi; r++ {
					if err := ctx.Err(); err != nil {
						errs[wi] = err
						return
					}
					if err := w.draw(f.q, callSeed, r, f.useMean); err != nil {
						errs[wi] = err
						return
					}
					for j := range outs {
						if err := model.CopyValue(outs[j][r*sizes[j]:(r+1)*sizes[j]], w.fn.Output(j)); err != nil {
							errs[wi] = fmt.Errorf("approximations: Function: output %d at draw %d: %w", j, r, err)
							return
						}
					}
				}
			})
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				return nil, err
			}
		}
	}
	res := make([]*tensor.Dense, len(outs))
	for j, data := range outs {
		shape := shapes[j]
		if f.stacked {
			shape = append(tensor.Shape{draws}, shape...)
		}
		if len(shape) == 0 {
			res[j] = tensor.New(tensor.FromScalar(data[0]))
		} else {
			res[j] = tensor.New(tensor.WithShape(shape...), tensor.WithBacking(data))
		}
	}
	return res, nil
}

// functionChunk is the number of draws a call adds to its outputs at a time.
const functionChunk = 1024

// functionStream numbers the streams of the draws of compiled functions.
const functionStream = 0x66756e63 // "func"

// draw draws point r of a call from q (the mean with useMean) and runs the function on it.
func (w *functionWorker) draw(q Approximation, callSeed uint64, r int, useMean bool) error {
	w.pcg.Seed(graph.DeriveSeed(callSeed, uint64(r)), functionStream)
	q.DrawFlat(w.flat.X(), w.rng, useMean)
	w.flat.Sync()
	return w.fn.Exec()
}
