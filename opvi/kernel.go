package opvi

import (
	"math"
	"sync"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// rbfKernel is PyMC's RBF kernel with the median heuristic (pymc/variational/
// test_functions.py): for particles X (n×d),
//
//	H_ij = |x_i - x_j|², h = ½·median(H)/log(n+1), K = exp(-H/(2h)),
//	∇K  = (-K·X + X ⊙ rowsum(K)) / h,
//
// where the median runs over all n² entries of H, its zero diagonal included. Rows are
// computed by up to `workers` goroutines, each row by one of them in a fixed order, so the
// result does not depend on the number of workers.
//
// References:
//   - Liu, Wang: Stein Variational Gradient Descent: A General Purpose Bayesian Inference
//     Algorithm. NeurIPS 2016, §3 and §5 (the RBF kernel and the median heuristic).
type rbfKernel struct {
	n, d    int
	workers int
	h       []float64 // n×n squared distances
	k       []float64 // n×n kernel matrix
	tri     []float64 // the n(n-1)/2 distances above the diagonal, for the median
	rowsum  []float64
	kx      []float64 // K·[X | G], n×2d
	xg      []float64 // [X | G], n×2d
}

func newRBF(n, d, workers int) *rbfKernel {
	return &rbfKernel{n: n, d: d, workers: max(1, workers),
		h: make([]float64, n*n), k: make([]float64, n*n), tri: make([]float64, n*(n-1)/2),
		rowsum: make([]float64, n), kx: make([]float64, n*2*d), xg: make([]float64, n*2*d)}
}

// parallelRows runs f(i) for every row i on the kernel's workers.
func (r *rbfKernel) parallelRows(f func(i int)) {
	if r.workers == 1 || r.n < 64 {
		for i := 0; i < r.n; i++ {
			f(i)
		}
		return
	}
	var wg sync.WaitGroup
	chunk := (r.n + r.workers - 1) / r.workers
	for w := 0; w < r.workers; w++ {
		lo, hi := w*chunk, min(r.n, (w+1)*chunk)
		if lo >= hi {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := lo; i < hi; i++ {
				f(i)
			}
		}()
	}
	wg.Wait()
}

// phi writes into dst (n×d) the Stein direction
//
//	φ = (K·G / temperature + ∇K / t) / n
//
// for particles x (n×d) and their scaled log-density gradients g (n×d), and returns the
// bandwidth h (spec/pymc-semantics.md §6.2; Liu & Wang 2016, eq. (8)).
func (r *rbfKernel) phi(dst, x, g []float64, temperature, t float64) float64 {
	n, d := r.n, r.d
	r.parallelRows(func(i int) {
		xi := x[i*d : (i+1)*d]
		r.h[i*n+i] = 0
		for j := i + 1; j < n; j++ {
			xj := x[j*d : (j+1)*d]
			s := 0.0
			for k := range xi {
				dk := xi[k] - xj[k]
				s += dk * dk
			}
			r.h[i*n+j] = s
		}
	})
	k := 0
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			r.h[j*n+i] = r.h[i*n+j]
			r.tri[k] = r.h[i*n+j]
			k++
		}
	}
	bw := 0.5 * medianWithZeros(r.tri, n) / math.Log(float64(n)+1)
	if !(bw > 0) {
		bw = 1 // all particles coincide (or n = 1): any bandwidth gives K = 1
	}
	r.parallelRows(func(i int) {
		s := 0.0
		for j := 0; j < n; j++ {
			v := math.Exp(-r.h[i*n+j] / bw / 2)
			r.k[i*n+j] = v
			s += v
		}
		r.rowsum[i] = s
	})
	// K·[X | G] in one matrix product.
	for i := 0; i < n; i++ {
		copy(r.xg[i*2*d:], x[i*d:(i+1)*d])
		copy(r.xg[i*2*d+d:], g[i*d:(i+1)*d])
	}
	blas64.Gemm(blas.NoTrans, blas.NoTrans, 1,
		blas64.General{Rows: n, Cols: n, Stride: n, Data: r.k},
		blas64.General{Rows: n, Cols: 2 * d, Stride: 2 * d, Data: r.xg},
		0, blas64.General{Rows: n, Cols: 2 * d, Stride: 2 * d, Data: r.kx})
	inv := 1 / float64(n)
	for i := 0; i < n; i++ {
		for c := 0; c < d; c++ {
			kx, kg := r.kx[i*2*d+c], r.kx[i*2*d+d+c]
			grad := (-kx + x[i*d+c]*r.rowsum[i]) / bw
			dst[i*d+c] = (kg/temperature + grad/t) * inv
		}
	}
	return bw
}

// medianWithZeros is the median of the n² entries of a symmetric distance matrix with a zero
// diagonal, given the n(n-1)/2 entries above the diagonal (reordered in place): NumPy's
// median of the flattened matrix, the mean of the two middle values for an even count.
func medianWithZeros(tri []float64, n int) float64 {
	total := n * n
	at := func(r int) float64 { // the r-th smallest of the n² entries
		if r < n {
			return 0
		}
		return selectKth(tri, (r-n)/2)
	}
	if total%2 == 1 {
		return at(total / 2)
	}
	return 0.5 * (at(total/2-1) + at(total/2))
}

// selectKth returns the k-th smallest element of x (0-based), reordering x (Hoare's
// quickselect with a median-of-three pivot).
func selectKth(x []float64, k int) float64 {
	lo, hi := 0, len(x)-1
	for lo < hi {
		mid := lo + (hi-lo)/2
		if x[mid] < x[lo] {
			x[mid], x[lo] = x[lo], x[mid]
		}
		if x[hi] < x[lo] {
			x[hi], x[lo] = x[lo], x[hi]
		}
		if x[hi] < x[mid] {
			x[hi], x[mid] = x[mid], x[hi]
		}
		pivot := x[mid]
		i, j := lo, hi
		for i <= j {
			for x[i] < pivot {
				i++
			}
			for x[j] > pivot {
				j--
			}
			if i <= j {
				x[i], x[j] = x[j], x[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return x[k]
		}
	}
	return x[k]
}
