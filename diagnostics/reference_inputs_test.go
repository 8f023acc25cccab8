package diagnostics

import (
	"encoding/csv"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
)

// writeInputs regenerates testdata/psis_inputs.csv, the log ratios whose PSIS results R's
// loo computed into testdata/psis_loo_reference.csv (see testdata/psis_reference.R):
//
//	go test ./diagnostics -run TestWritePSISInputs -write-psis-inputs
//	Rscript diagnostics/testdata/psis_reference.R diagnostics/testdata
var writeInputs = flag.Bool("write-psis-inputs", false, "rewrite testdata/psis_inputs.csv")

// referenceCase is one vector of log ratios given to loo.
type referenceCase struct {
	name   string
	ratios []float64
}

// logNormalPDF is log N(z; 0, s²).
func logNormalPDF(z, s float64) float64 {
	return -0.5*(z/s)*(z/s) - math.Log(s) - 0.5*math.Log(2*math.Pi)
}

// logStudentT is log t_nu(z).
func logStudentT(z, nu float64) float64 {
	a, _ := math.Lgamma((nu + 1) / 2)
	b, _ := math.Lgamma(nu / 2)
	return a - b - 0.5*math.Log(nu*math.Pi) - (nu+1)/2*math.Log1p(z*z/nu)
}

// referenceCases are the inputs: draws z from N(0, 1) (a seeded stream), weighed against
// targets with known tail behaviour, plus an exact Pareto sample and edge cases.
func referenceCases() []referenceCase {
	rng := rand.New(rand.NewPCG(19, 2018))
	draws := func(s int) []float64 {
		z := make([]float64, s)
		for i := range z {
			z[i] = rng.NormFloat64()
		}
		return z
	}
	ratios := func(z []float64, f func(float64) float64) []float64 {
		r := make([]float64, len(z))
		for i, v := range z {
			r[i] = f(v) - logNormalPDF(v, 1)
		}
		return r
	}
	var cases []referenceCase
	// Target N(0, 0.8²) is narrower than the proposal: bounded weights, k < 0.
	cases = append(cases, referenceCase{"narrow_normal_1000", ratios(draws(1000), func(z float64) float64 { return logNormalPDF(z, 0.8) })})
	// Target N(0, 2²): the weights' tail index is 1 - 1/2² = 0.75.
	cases = append(cases, referenceCase{"wide_normal_1000", ratios(draws(1000), func(z float64) float64 { return logNormalPDF(z, 2) })})
	cases = append(cases, referenceCase{"wide_normal_4000", ratios(draws(4000), func(z float64) float64 { return logNormalPDF(z, 2) })})
	// Target t_3: tail index 1.
	cases = append(cases, referenceCase{"student_t3_2000", ratios(draws(2000), func(z float64) float64 { return logStudentT(z, 3) })})
	// An exact Pareto(shape 1/0.4) sample as log ratios: k = 0.4.
	p := make([]float64, 1000)
	for i := range p {
		p[i] = -0.4 * math.Log(rng.Float64())
	}
	cases = append(cases, referenceCase{"pareto_k04_1000", p})
	// A small sample: a tail of 20.
	cases = append(cases, referenceCase{"small_100", ratios(draws(100), func(z float64) float64 { return logNormalPDF(z, 1.5) })})
	return cases
}

func TestWritePSISInputs(t *testing.T) {
	if !*writeInputs {
		t.Skip("run with -write-psis-inputs to rewrite testdata/psis_inputs.csv")
	}
	f, err := os.Create("testdata/psis_inputs.csv")
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	w.Write([]string{"case", "index", "log_ratio"})
	for _, c := range referenceCases() {
		for i, r := range c.ratios {
			w.Write([]string{c.name, strconv.Itoa(i + 1), fmt.Sprintf("%.17g", r)})
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
