package mcmc

// LogDensity is the target: an unnormalised log density on R^d (the model's unconstrained
// space) and its gradient.
//
// LogPGrad writes the gradient of log p at x into grad (len Dim) and returns log p(x). A
// point outside the support may return -Inf (or NaN) without an error; the sampler treats it
// as a divergent step. An error aborts the chain. An object is used by one goroutine at a
// time; Sample takes one object per chain for that reason.
type LogDensity interface {
	Dim() int
	LogPGrad(grad, x []float64) (float64, error)
}
