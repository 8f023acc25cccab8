package callbacks_test

import (
	"fmt"

	"github.com/gopymc/gopymc/callbacks"
)

// fixedApprox is a stand-in approximation with fixed parameters.
type fixedApprox struct{ params []float64 }

func (a *fixedApprox) FlatParams() []float64 { return a.params }

func ExampleTracker() {
	mean := 0.0 // stands for the approximation's mean, which the fit moves
	tracker := callbacks.NewTracker(map[string]func() (any, error){
		"mean":   func() (any, error) { return mean, nil },
		"double": func() (any, error) { return []float64{mean, 2 * mean}, nil },
	})
	for i := 1; i <= 3; i++ { // what the fit loop does after each step
		mean += 0.5
		if err := tracker.Call(nil, nil, i); err != nil {
			fmt.Println(err)
			return
		}
	}
	fmt.Println(tracker.Names())
	fmt.Println(tracker.Get("mean"))
	double, err := tracker.Floats("double")
	fmt.Println(double, err)
	// Output:
	// [double mean]
	// [0.5 1 1.5]
	// [[0.5 1] [1 2] [1.5 3]] <nil>
}

func ExampleNewTrackerFunc() {
	tracker := callbacks.NewTrackerFunc(map[string]func(callbacks.FlatParamser, []float64, int) (any, error){
		"params": func(a callbacks.FlatParamser, _ []float64, _ int) (any, error) {
			return a.FlatParams(), nil // copied by the Tracker
		},
		"iteration": func(_ callbacks.FlatParamser, _ []float64, i int) (any, error) { return i, nil },
	})
	a := &fixedApprox{params: []float64{0.25, -1}}
	for i := 1; i <= 2; i++ {
		if err := tracker.Call(a, nil, i); err != nil {
			fmt.Println(err)
			return
		}
	}
	fmt.Println(tracker.Get("iteration"), tracker.Get("params"))
	// Output:
	// [1 2] [[0.25 -1] [0.25 -1]]
}
