package optimizers_test

import (
	"fmt"

	"github.com/gopymc/gopymc/optimizers"
)

// ExampleAdagradWindow minimises f(x) = (x0 - 3)^2 + (x1 + 1)^2 with PyMC's default VI
// optimizer (learning rate raised to 0.1 to finish in a few hundred steps).
func ExampleAdagradWindow() {
	opt := optimizers.AdagradWindow(0.1)
	fmt.Println(opt)
	st, err := opt.NewState(2)
	if err != nil {
		fmt.Println(err)
		return
	}
	x := []float64{0, 0}
	grad := make([]float64, 2)
	for i := 1; i <= 300; i++ {
		grad[0], grad[1] = 2*(x[0]-3), 2*(x[1]+1)
		st.Update(x, grad)
		if i == 1 || i == 300 {
			fmt.Printf("step %d: x = (%.4f, %.4f)\n", i, x[0], x[1])
		}
	}
	// Output:
	// adagrad_window(learning_rate=0.1, epsilon=0.1, n_win=10)
	// step 1: x = (0.0999, -0.0988)
	// step 300: x = (3.0000, -1.0000)
}

// ExampleAdam minimises the same function with Adam; each of the first steps moves every
// coordinate by about the learning rate, whatever the gradient's scale.
func ExampleAdam() {
	opt := optimizers.Adam(0.05)
	st, err := opt.NewState(2)
	if err != nil {
		fmt.Println(err)
		return
	}
	x := []float64{0, 0}
	grad := make([]float64, 2)
	for i := 1; i <= 1000; i++ {
		grad[0], grad[1] = 2*(x[0]-3), 2*(x[1]+1)
		st.Update(x, grad)
		if i == 1 || i == 1000 {
			fmt.Printf("step %d: x = (%.4f, %.4f)\n", i, x[0], x[1])
		}
	}
	// Output:
	// step 1: x = (0.0500, -0.0500)
	// step 1000: x = (3.0000, -1.0000)
}

// ExampleTotalNormConstraint clips a gradient of norm 5 to norm 1.
func ExampleTotalNormConstraint() {
	grads := []float64{3, 4}
	norm, err := optimizers.TotalNormConstraint(grads, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("norm %.1f, clipped (%.4f, %.4f)\n", norm, grads[0], grads[1])
	// Output:
	// norm 5.0, clipped (0.6000, 0.8000)
}

// ExampleNormConstraint caps the norm of each column of a 2x2 weight matrix (PyMC's default
// for 2-D tensors).
func ExampleNormConstraint() {
	w := []float64{
		3, 0.6,
		4, 0.8,
	}
	if err := optimizers.NormConstraint(w, []int{2, 2}, 2, nil); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.4f %.4f\n%.4f %.4f\n", w[0], w[1], w[2], w[3])
	// Output:
	// 1.2000 0.6000
	// 1.6000 0.8000
}

// ExampleDoWG minimises f(x) = (x0 - 3)^2 + (x1 + 1)^2 with DoWG, which has no learning
// rate: its step grows from alpha·(1 + ||x0||) with the distance travelled.
func ExampleDoWG() {
	opt := optimizers.DoWG(0)
	fmt.Println(opt)
	st, err := opt.NewState(2)
	if err != nil {
		fmt.Println(err)
		return
	}
	x := []float64{0, 0}
	grad := make([]float64, 2)
	for i := 1; i <= 200; i++ {
		grad[0], grad[1] = 2*(x[0]-3), 2*(x[1]+1)
		st.Update(x, grad)
		if i == 20 || i == 200 {
			fmt.Printf("step %d: x = (%.4f, %.4f)\n", i, x[0], x[1])
		}
	}
	// Output:
	// dowg(learning_rate=1.0, alpha=1e-06)
	// step 20: x = (0.0873, -0.0291)
	// step 200: x = (3.0000, -1.0000)
}

// ExampleLDoWG minimises f(x) = 1e4·(x0 - 3)² + 1e-4·(x1 - 3)², curvatures 10⁸ apart,
// with a group per coordinate (as a fit passes approximations.StepGroups): each coordinate
// gets the step its own distance and gradients call for, so both move alike.
func ExampleLDoWG() {
	opt := optimizers.LDoWG(0)
	fmt.Println(opt)
	st, err := optimizers.NewGroupedState(opt, []int{0, 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	x := []float64{0, 0}
	grad := make([]float64, 2)
	for i := 1; i <= 100; i++ {
		grad[0], grad[1] = 2e4*(x[0]-3), 2e-4*(x[1]-3)
		st.Update(x, grad)
		if i == 20 || i == 100 {
			fmt.Printf("step %d: x = (%.4f, %.4f)\n", i, x[0], x[1])
		}
	}
	// Output:
	// ldowg(learning_rate=1.0, alpha=1e-06)
	// step 20: x = (0.0920, 0.0920)
	// step 100: x = (3.0000, 3.0000)
}
