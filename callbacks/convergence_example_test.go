package callbacks_test

import (
	"fmt"

	"github.com/gopymc/gopymc/callbacks"
)

// slowingApprox is a stand-in approximation whose single parameter moves by 1e-3 per
// iteration up to iteration 4600 and then stays put.
type slowingApprox struct{ params []float64 }

func (a *slowingApprox) FlatParams() []float64 { return a.params }

func ExampleCheckParametersConvergence() {
	conv := callbacks.NewCheckParametersConvergence(callbacks.Diff("absolute"))
	if err := conv.Validate(); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(conv)

	a := &slowingApprox{params: []float64{0}}
	for i := 1; i <= 10000; i++ { // what the fit loop does after each step
		a.params[0] = float64(min(i, 4600)) * 1e-3
		err := conv.Call(a, nil, i)
		if msg, ok := callbacks.IsStop(err); ok {
			fmt.Println(msg)
			break
		}
		if err != nil {
			fmt.Println("fit aborted:", err)
			break
		}
	}

	bad := callbacks.NewCheckParametersConvergence(callbacks.Every(0))
	fmt.Println(bad.Validate())
	// Output:
	// CheckParametersConvergence(every=100, tolerance=0.001, diff="absolute", ord=inf)
	// Convergence achieved at 4700
	// callbacks: CheckParametersConvergence: Every(0): every must be at least 1
}
