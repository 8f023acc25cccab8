package mathx

import (
	"math"
	"testing"
)

func TestSoftplusAndSigmoid(t *testing.T) {
	t.Parallel()
	for _, x := range []float64{-800, -40, -3, -1e-9, 0, 1e-9, 0.5, 3, 40, 800} {
		// Closed forms, evaluated where they do not overflow.
		if x > -700 && x < 700 {
			if want := math.Log(1 + math.Exp(x)); math.Abs(Softplus(x)-want) > 1e-15*math.Max(1, want) && x < 30 {
				t.Errorf("Softplus(%v) = %v, want %v", x, Softplus(x), want)
			}
			if want := 1 / (1 + math.Exp(-x)); math.Abs(Sigmoid(x)-want) > 1e-15 {
				t.Errorf("Sigmoid(%v) = %v, want %v", x, Sigmoid(x), want)
			}
		}
		if math.IsNaN(Softplus(x)) || math.IsInf(Softplus(x), 0) || math.IsNaN(Sigmoid(x)) {
			t.Errorf("non-finite at %v: %v %v", x, Softplus(x), Sigmoid(x))
		}
		// d softplus / dx = sigmoid, by central differences.
		if math.Abs(x) < 50 {
			const h = 1e-6
			fd := (Softplus(x+h) - Softplus(x-h)) / (2 * h)
			if math.Abs(fd-Sigmoid(x)) > 1e-8 {
				t.Errorf("Softplus'(%v) = %v by differences, Sigmoid %v", x, fd, Sigmoid(x))
			}
		}
	}
	if Softplus(800) != 800 || Sigmoid(-800) != 0 {
		t.Errorf("extremes: %v %v", Softplus(800), Sigmoid(-800))
	}
}
