package model_test

import (
	"fmt"

	"github.com/gopymc/gopymc/distributions"
	"github.com/gopymc/gopymc/model"
)

// A model with a transformed variable: sigma ~ HalfNormal(1) lives in the model as
// sigma_log__, and the log density includes the log transform's Jacobian.
func ExampleModel_LogDensity() {
	m := model.New()
	scale, _ := m.Param("sigma", "sigma", 1.0)
	d, _ := distributions.NewHalfNormal(scale)
	m.AddFree("sigma", d, model.FreeOptions{})
	if err := m.Err(); err != nil {
		fmt.Println(err)
		return
	}
	for _, v := range m.Ordering() {
		fmt.Println(v.Name, "as", v.ValueName)
	}
	x0, _ := m.InitialPoint()
	fmt.Printf("initial point %.4f (log of the support point 1)\n", x0[0])

	ld, _ := m.LogDensity()
	grad := make([]float64, ld.Dim())
	lp, _ := ld.LogPGrad(grad, x0)
	// log HalfNormal(1 | 1) + log|d exp(y)/dy| at y = 0: log √(2/π) - 1/2 + 0.
	fmt.Printf("log p = %.4f, gradient %.4f\n", lp, grad[0])
	// Output:
	// sigma as sigma_log__
	// initial point 0.0000 (log of the support point 1)
	// log p = -0.7258, gradient 0.0000
}

// total_size scales an observed variable's log density as if the data were larger:
// Π N_i / shape_i.
func ExampleTotalSizeScale() {
	s, _ := model.TotalSizeScale([]int{40000, 100}, []int{500, 100})
	fmt.Println(s)
	s, _ = model.TotalSizeScale([]int{10, model.Ellipsis, 50}, []int{2, 20, 30, 40, 10})
	fmt.Println(s)
	// Output:
	// 80
	// 25
}

// What is made from a model remembers its version; once the model gains a variable,
// CheckVersion says what changed (re-running a notebook cell does this).
func ExampleModel_CheckVersion() {
	m := model.New()
	scale, _ := m.Param("x", "sigma", 1.0)
	d, _ := distributions.NewHalfNormal(scale)
	m.AddFree("x", d, model.FreeOptions{})
	v := m.Version() // as an approximation records it when it is made
	fmt.Println(m.CheckVersion(v, "the approximation"))

	m.AddFree("y", d, model.FreeOptions{})
	fmt.Println(m.CheckVersion(v, "the approximation"))
	// Output:
	// <nil>
	// the approximation was made for the model as it was before it gained the free variable "y"; make it again (fit the model again) for the model as it is now: the model changed
}

// NonFiniteTerms names the terms of the log density that are not finite at a point: here
// the likelihood of data a Poisson cannot produce.
func ExampleModel_NonFiniteTerms() {
	m := model.New()
	rate, _ := m.Param("mu", "lam", 1.0)
	prior, _ := distributions.NewExponential(rate)
	mu := m.AddFree("mu", prior, model.FreeOptions{})
	lik, _ := distributions.NewPoisson(mu)
	m.AddObserved("y", lik, []float64{1, 2.5}, nil)
	x0, _ := m.InitialPoint()
	fmt.Println(m.NonFiniteTerms(x0))
	// Output:
	// the log density of y is -Inf
}
