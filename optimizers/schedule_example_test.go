package optimizers_test

import (
	"fmt"

	"github.com/gopymc/gopymc/optimizers"
)

// A learning rate decaying as 1/(t+1): SGD on f(p) = p²/2 (gradient p).
func ExampleSchedule() {
	opt := optimizers.Schedule(optimizers.SGD(0), func(step int) float64 { return 0.5 / float64(step+1) })
	st, err := opt.NewState(1)
	if err != nil {
		fmt.Println(err)
		return
	}
	p := []float64{1}
	for range 3 {
		st.Update(p, p)
		fmt.Printf("%.4f\n", p[0])
	}
	// Output:
	// 0.5000
	// 0.3750
	// 0.3125
}
