package opvi

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gopymc/gopymc/approximations"
	"github.com/gopymc/gopymc/internal/testmodels"
)

// PyMC's test_elbo: the KL loss at q = N(1.88, 1) over 10000 draws is -ELBO, exactly
// -3.06448 ± 0.1.
func TestELBO(t *testing.T) {
	t.Parallel()
	m := testmodels.ELBOModel()
	q, err := approximations.NewMeanField(m)
	if err != nil {
		t.Fatal(err)
	}
	p := q.FlatParams()
	p[0], p[1] = 1.88, math.Log(math.E-1) // mu, rho: sd = softplus(rho) = 1
	ld, err := m.LogDensity()
	if err != nil {
		t.Fatal(err)
	}
	op := newKL(q, ld, 1, 1, 10000, rand.New(rand.NewPCG(1, 2)))
	loss, err := op.step(t.Context(), make([]float64, len(p)))
	if err != nil {
		t.Fatal(err)
	}
	if elbo := -loss; math.Abs(elbo-testmodels.ELBOTrue) > 0.1 {
		t.Errorf("ELBO %v, want %v ± 0.1", elbo, testmodels.ELBOTrue)
	}
}
