package callbacks_test

import (
	"errors"
	"fmt"

	"github.com/gopymc/gopymc/callbacks"
)

func ExampleFunc() {
	stopAfter10 := callbacks.Func(func(_ callbacks.FlatParamser, _ []float64, i int) error {
		if i > 0 && i%10 == 0 {
			return callbacks.Stop("I was slow, sorry")
		}
		return nil
	})
	for i := 1; ; i++ { // what the fit loop does after each step
		if msg, ok := callbacks.IsStop(stopAfter10.Call(nil, nil, i)); ok {
			fmt.Printf("stopped at %d: %s\n", i, msg)
			break
		}
	}
	// Output:
	// stopped at 10: I was slow, sorry
}

func ExampleIsStop() {
	for _, err := range []error{
		callbacks.Stop("Convergence achieved at 4700"),
		fmt.Errorf("opvi: callback 2: %w", callbacks.Stop("wrapped stop")),
		errors.New("callbacks: Tracker: \"mean\" at iteration 3: eval failed"),
	} {
		if msg, ok := callbacks.IsStop(err); ok {
			fmt.Println("stop, log:", msg)
		} else {
			fmt.Println("abort:", err)
		}
	}
	// Output:
	// stop, log: Convergence achieved at 4700
	// stop, log: wrapped stop
	// abort: callbacks: Tracker: "mean" at iteration 3: eval failed
}
