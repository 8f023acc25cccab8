package callbacks

import "errors"

// funcCallback is a plain function used as a Callback.
type funcCallback func(approx FlatParamser, losses []float64, i int) error

// Call calls the function.
func (f funcCallback) Call(approx FlatParamser, losses []float64, i int) error {
	if f == nil {
		return errNilFunc
	}
	return f(approx, losses, i)
}

var errNilFunc = errors.New("callbacks: Func: the function is nil")

// Func returns a Callback that calls f, PyMC's plain callable callback. If f is nil, every
// call returns an error, which aborts the fit.
func Func(f func(approx FlatParamser, losses []float64, i int) error) Callback {
	return funcCallback(f)
}
