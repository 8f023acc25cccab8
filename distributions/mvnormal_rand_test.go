package distributions

import (
	"math"
	"math/rand/v2"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

func TestMvNormalSupportPointAndRand(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	d, err := NewMvNormal(constNode(g, "mu", tensor.Shape{3}, mvMu), constNode(g, "cov", tensor.Shape{3, 3}, mvCov))
	if err != nil {
		t.Fatal(err)
	}
	params := []*tensor.Dense{
		tensor.New(tensor.WithShape(3), tensor.WithBacking(mvMu)),
		tensor.New(tensor.WithShape(3, 3), tensor.WithBacking(mvCov)),
	}
	sp, err := d.SupportPoint(params, tensor.Shape{2, 3})
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range sp.Data().([]float64) {
		if v != mvMu[i%3] {
			t.Errorf("support point %v, want mu in each row", sp.Data())
			break
		}
	}
	// Mean and covariance of 20000 draws within 4 standard errors: SE of a mean is
	// sqrt(Σ_ii/n), of a covariance entry sqrt((Σ_ii Σ_jj + Σ_ij²)/n) (normal theory).
	const n = 20000
	x, err := d.Rand(rand.New(rand.NewPCG(9, 9)), params, tensor.Shape{n, 3})
	if err != nil {
		t.Fatal(err)
	}
	xs := x.Data().([]float64)
	var mean [3]float64
	for r := 0; r < n; r++ {
		for i := 0; i < 3; i++ {
			mean[i] += xs[r*3+i] / n
		}
	}
	for i := 0; i < 3; i++ {
		if se := math.Sqrt(mvCov[i*4] / n); math.Abs(mean[i]-mvMu[i]) > 4*se {
			t.Errorf("mean[%d] = %v, want %v ± %v", i, mean[i], mvMu[i], 4*se)
		}
	}
	for i := 0; i < 3; i++ {
		for j := 0; j <= i; j++ {
			c := 0.0
			for r := 0; r < n; r++ {
				c += (xs[r*3+i] - mean[i]) * (xs[r*3+j] - mean[j])
			}
			c /= n - 1
			se := math.Sqrt((mvCov[i*4]*mvCov[j*4] + mvCov[i*3+j]*mvCov[i*3+j]) / n)
			if math.Abs(c-mvCov[i*3+j]) > 4*se {
				t.Errorf("cov[%d,%d] = %v, want %v ± %v", i, j, c, mvCov[i*3+j], 4*se)
			}
		}
	}
}
