package distributions

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

func buildFlat(_ []*G.Node) (Distribution, error)     { return NewFlat() }
func buildHalfFlat(_ []*G.Node) (Distribution, error) { return NewHalfFlat() }

func TestFlatLogP(t *testing.T) {
	t.Parallel()
	xs := []float64{-1e300, -1e3, -7.5, -3, -1, -0.5, -1e-9, 0, 1e-9, 0.25, 0.5, 1, 1.5, 2, 3, 4.75, 10, 33, 1e3, 1e300}
	pts := uvPointsGrid(xs, nil)
	// PyMC: Flat.logp = 0; HalfFlat.logp = 0 for x >= 0 and -Inf below.
	uvCheckPoints(t, buildFlat, pts, func(float64, []float64) float64 { return 0 }, nil)
	uvCheckPoints(t, buildHalfFlat, pts, func(x float64, _ []float64) float64 {
		if x < 0 {
			return math.Inf(-1)
		}
		return 0
	}, nil)
}

func TestFlatGradFD(t *testing.T) {
	t.Parallel()
	x := []float64{0.3, 1.2, 2.5, 0.1, 0.9, 0.4}
	uvFDSuite(t, uvFDFamily{"Flat", buildFlat, x, nil, nil})
	uvFDSuite(t, uvFDFamily{"HalfFlat", buildHalfFlat, x, nil, nil})
}

func TestFlatRandAndSupportPoint(t *testing.T) {
	t.Parallel()
	f, _ := NewFlat()
	h, _ := NewHalfFlat()
	uvSupportPoint(t, f, nil, 0)
	uvSupportPoint(t, h, nil, 1)
	for _, d := range []Distribution{f, h} {
		_, err := d.Rand(rand.New(rand.NewPCG(1, 1)), nil, tensor.Shape{3})
		if !errors.Is(err, errImproper) {
			t.Errorf("%s.Rand: got %v, want an improper-distribution error", d.Name(), err)
		}
	}
	if f.Support().Kind != Real || f.DefaultTransform() != nil {
		t.Error("Flat: want real support, no transform")
	}
	if h.Support().Kind != Positive || h.DefaultTransform().Name() != "log" {
		t.Error("HalfFlat: want positive support, log transform")
	}
}
