package optimizers_test

import (
	"math"
	"strings"
	"testing"

	"github.com/gopymc/gopymc/optimizers"
)

// constraintTol is the relative tolerance against the hand computations below.
const constraintTol = 1e-15

// TestTotalNormConstraint checks grads*min(N, max)/(1e-7 + N) with N the Euclidean norm
// (PyMC's total_norm_constraint, §4), on vectors whose norms are exact.
func TestTotalNormConstraint(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		grads   []float64
		maxNorm float64
		norm    float64
		scale   float64
	}{
		// N = 5 (3-4-5 triangle): scaled to norm 1.
		{"clipped", []float64{3, 4}, 1, 5, 1 / (5 + 1e-7)},
		// N = 13 (5-12-13), maxNorm above it: only the 1e-7 shrink.
		{"under max", []float64{0, 5, -12}, 20, 13, 13 / (13 + 1e-7)},
		// N = 3 = sqrt(1+4+4), maxNorm = +Inf.
		{"infinite max", []float64{1, -2, 2}, math.Inf(1), 3, 3 / (3 + 1e-7)},
		// maxNorm = 0 zeroes the gradients.
		{"zero max", []float64{1, -2, 2}, 0, 3, 0},
		// N = 0: 0/(1e-7) = 0, nothing changes.
		{"zero vector", []float64{0, 0, 0}, 1, 0, 0},
		{"empty", nil, 1, 0, 0},
	}
	for _, c := range cases {
		g := append([]float64(nil), c.grads...)
		norm, err := optimizers.TotalNormConstraint(g, c.maxNorm)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if norm != c.norm {
			t.Errorf("%s: norm %v, want %v", c.name, norm, c.norm)
		}
		for i := range g {
			want := c.grads[i] * c.scale
			if math.Abs(g[i]-want) > constraintTol*math.Abs(want) {
				t.Errorf("%s: element %d = %.17g, want %.17g", c.name, i, g[i], want)
			}
		}
	}
}

// A negative or NaN maxNorm is an error naming it, and the gradient is left as it was
// (issue 17: the public API returns errors where it panicked).
func TestIssue17TotalNormConstraintErrors(t *testing.T) {
	t.Parallel()
	for _, m := range []float64{-1, math.NaN()} {
		g := []float64{3, 4}
		_, err := optimizers.TotalNormConstraint(g, m)
		if err == nil || !strings.Contains(err.Error(), "maxNorm must be >= 0") {
			t.Errorf("maxNorm %v: err %v, want \"maxNorm must be >= 0\"", m, err)
		}
		if g[0] != 3 || g[1] != 4 {
			t.Errorf("maxNorm %v: the gradient changed to %v", m, g)
		}
	}
}

// TestNormConstraint checks x*min(N, max)/(1e-7 + N) per slice (PyMC's norm_constraint,
// §4), with slice norms worked out by hand from Pythagorean triples.
func TestNormConstraint(t *testing.T) {
	t.Parallel()
	s := func(n, m float64) float64 { return math.Min(n, m) / (1e-7 + n) }
	cases := []struct {
		name    string
		x       []float64
		shape   []int
		maxNorm float64
		axes    []int
		scale   []float64 // expected factor of each element
	}{
		{
			// 2-D default: norms over axis 0, one per column: (3,4)->5, (0,1)->1, (12,5)->13.
			name:  "2-D default axis 0",
			x:     []float64{3, 0, 12, 4, 1, 5},
			shape: []int{2, 3}, maxNorm: 2,
			scale: []float64{s(5, 2), s(1, 2), s(13, 2), s(5, 2), s(1, 2), s(13, 2)},
		},
		{
			// Same matrix, rows: (3,0,12)->sqrt(153), (4,1,5)->sqrt(42).
			name:  "2-D axis 1",
			x:     []float64{3, 0, 12, 4, 1, 5},
			shape: []int{2, 3}, maxNorm: 10, axes: []int{1},
			scale: []float64{s(math.Sqrt(153), 10), s(math.Sqrt(153), 10), s(math.Sqrt(153), 10),
				s(math.Sqrt(42), 10), s(math.Sqrt(42), 10), s(math.Sqrt(42), 10)},
		},
		{
			// Negative axis -1 is axis 1.
			name:  "2-D axis -1",
			x:     []float64{3, 4, 0, 0.5},
			shape: []int{2, 2}, maxNorm: 1, axes: []int{-1},
			scale: []float64{s(5, 1), s(5, 1), s(0.5, 1), s(0.5, 1)},
		},
		{
			// 3-D default: norms over axes 1 and 2, one per leading index:
			// (1,2,2,0)->3 and (2,3,6,0)->7.
			name:  "3-D default axes 1,2",
			x:     []float64{1, 2, 2, 0, 2, 3, 6, 0},
			shape: []int{2, 2, 2}, maxNorm: 4,
			scale: []float64{s(3, 4), s(3, 4), s(3, 4), s(3, 4), s(7, 4), s(7, 4), s(7, 4), s(7, 4)},
		},
		{
			// 3-D over axis 1 only: pairs x[i,0,k], x[i,1,k]: (1,2)->sqrt5, (2,0)->2,
			// (2,6)->sqrt40, (3,0)->3.
			name:  "3-D axis 1",
			x:     []float64{1, 2, 2, 0, 2, 3, 6, 0},
			shape: []int{2, 2, 2}, maxNorm: 2.5, axes: []int{1},
			scale: []float64{s(math.Sqrt(5), 2.5), s(2, 2.5), s(math.Sqrt(5), 2.5), s(2, 2.5),
				s(math.Sqrt(40), 2.5), s(3, 2.5), s(math.Sqrt(40), 2.5), s(3, 2.5)},
		},
		{
			// 1-D with an explicit axis: the total norm, 5.
			name:  "1-D axis 0",
			x:     []float64{3, 4},
			shape: []int{2}, maxNorm: 1, axes: []int{0},
			scale: []float64{s(5, 1), s(5, 1)},
		},
		{
			// 4-D default over axes 1..3, shape (1,1,1,2): (3,4)->5.
			name:  "4-D default",
			x:     []float64{3, 4},
			shape: []int{1, 1, 1, 2}, maxNorm: 1,
			scale: []float64{s(5, 1), s(5, 1)},
		},
		{
			// All axes of a 2-D tensor: Frobenius norm sqrt(9+16+144+25) = sqrt(194).
			name:  "2-D both axes",
			x:     []float64{3, 4, 12, 5},
			shape: []int{2, 2}, maxNorm: 1, axes: []int{0, 1},
			scale: []float64{s(math.Sqrt(194), 1), s(math.Sqrt(194), 1), s(math.Sqrt(194), 1), s(math.Sqrt(194), 1)},
		},
	}
	for _, c := range cases {
		x := append([]float64(nil), c.x...)
		if err := optimizers.NormConstraint(x, c.shape, c.maxNorm, c.axes); err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		for i := range x {
			want := c.x[i] * c.scale[i]
			if math.Abs(x[i]-want) > constraintTol*math.Abs(want) {
				t.Errorf("%s: element %d = %.17g, want %.17g", c.name, i, x[i], want)
			}
		}
	}
}

func TestNormConstraintErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		x       []float64
		shape   []int
		maxNorm float64
		axes    []int
		want    string
	}{
		{"1-D without axes", []float64{1, 2}, []int{2}, 1, nil,
			"optimizers: unsupported tensor dimensionality 1, must specify norm axes"},
		{"6-D without axes", []float64{1}, []int{1, 1, 1, 1, 1, 1}, 1, nil,
			"optimizers: unsupported tensor dimensionality 6, must specify norm axes"},
		{"0-D without axes", []float64{1}, []int{}, 1, nil,
			"optimizers: unsupported tensor dimensionality 0, must specify norm axes"},
		{"negative maxNorm", []float64{1, 2}, []int{1, 2}, -1, nil,
			"optimizers: NormConstraint maxNorm must be >= 0, got -1"},
		{"NaN maxNorm", []float64{1, 2}, []int{1, 2}, math.NaN(), nil,
			"optimizers: NormConstraint maxNorm must be >= 0, got NaN"},
		{"size mismatch", []float64{1, 2, 3}, []int{2, 2}, 1, nil,
			"optimizers: NormConstraint shape [2 2] holds 4 elements, but len(x) is 3"},
		{"negative dimension", []float64{}, []int{2, -1}, 1, nil,
			"optimizers: NormConstraint shape [2 -1] has negative dimension -1 at axis 1"},
		{"axis out of range", []float64{1, 2}, []int{1, 2}, 1, []int{2},
			"optimizers: NormConstraint norm axis 2 out of range for a 2-D tensor"},
		{"negative axis out of range", []float64{1, 2}, []int{1, 2}, 1, []int{-3},
			"optimizers: NormConstraint norm axis -3 out of range for a 2-D tensor"},
		{"repeated axis", []float64{1, 2}, []int{1, 2}, 1, []int{1, -1},
			"optimizers: NormConstraint norm axis -1 repeated in [1 -1]"},
	}
	for _, c := range cases {
		x := append([]float64(nil), c.x...)
		err := optimizers.NormConstraint(x, c.shape, c.maxNorm, c.axes)
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: got %v, want %q", c.name, err, c.want)
		}
		for i := range x {
			if x[i] != c.x[i] {
				t.Errorf("%s: x changed on error", c.name)
				break
			}
		}
	}
}
