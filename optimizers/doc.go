// Package optimizers provides PyMC's variational-inference gradient-descent rules (sgd,
// momentum, nesterov_momentum, adagrad, adagrad_window, rmsprop, adadelta, adam, adamax) and
// its norm constraints, as pure numeric updates on flat []float64 parameter vectors.
//
// An [Optimizer] is a rule with its settings; [Optimizer.NewState] validates the settings and
// returns a [State] holding the rule's accumulators for one parameter vector, whose Update
// moves the parameters one step in place without allocating:
//
//	st, err := optimizers.Default().NewState(len(params)) // adagrad_window, PyMC's VI default
//	if err != nil {
//		return err
//	}
//	for i := 0; i < n; i++ {
//		lossGrad(grads, params) // gradient of the loss being minimised
//		if err := st.Update(params, grads); err != nil { // a length mismatch
//			return err
//		}
//	}
//
// The update formulas follow pymc/variational/updates.py (derived from Lasagne), including
// PyMC's defaults, which a learning rate of 0 selects.
//
// Beyond PyMC, step sizes that need no tuning: [DoG] and [DoWG] (one step size that grows
// with the distance travelled; DoWG is AdvancedVI.jl's default), [LDoWG] (DoWG with a step
// size per group of parameters, the groups given by the approximation through
// [NewGroupedState]: the parameter-free rule for parameters of very different scales),
// [Prodigy] (a parameter-free Adam; with [CosineDecay], as its authors recommend), Stan's
// step-size sequence [StanADVI] (whose eta a fit's AdaptEta option searches), and
// [PolynomialAverage], the iterate averaging of a fit's Averaging option.
package optimizers
