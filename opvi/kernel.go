package opvi

import (
	"context"
	"math"
	"math/rand/v2"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// rbfKernel is PyMC's RBF kernel with the median heuristic (pymc/variational/
// test_functions.py): for particles X (n×d),
//
//	H_ij = |x_i - x_j|², h = ½·median(H)/log(n+1), K = exp(-H/(2h)),
//	∇K  = (-K·X + X ⊙ rowsum(K)) / h,
//
// where the median runs over all n² entries of H, its zero diagonal included.
//
// H and K are symmetric, so each entry is computed once, in square tiles on and above the
// diagonal that the workers take in turn, and written to both halves. Every entry, every
// tile's counts and every row's sums are computed by one goroutine in a fixed order, so the
// result does not depend on the number of workers or on which worker takes which tile:
//   - pass 1 computes H and, at the same time, counts the entries below a window
//     bracketing the median and collects the entries inside it; the window comes from a
//     fixed sample of entries (Floyd and Rivest's sampling idea), so that the exact median
//     is selected among a few percent of the entries (among all of them when the window
//     misses, which a test forces);
//   - pass 2 turns H into K in place, tile by tile;
//   - pass 3 computes the row sums row by row, and a Gemm (parallel, blocked, with every
//     block's sum in a fixed order) computes [X | G]ᵀ·K = (K·[X | G])ᵀ.
//
// References:
//   - Liu, Wang: Stein Variational Gradient Descent: A General Purpose Bayesian Inference
//     Algorithm. NeurIPS 2016, §3 and §5 (the RBF kernel and the median heuristic).
//   - Floyd, Rivest: Expected time bounds for selection. Communications of the ACM 18(3),
//     165-172, 1975 (selection inside a window found from a sample).
type rbfKernel struct {
	n, d    int
	workers int

	h      []float64 // n×n squared distances, then the kernel matrix K in their place
	rowsum []float64
	kx, xg []float64 // (K·[X | G])ᵀ and [X | G]ᵀ, 2d×n

	tiles   [][2]int // the tiles (block row, block column) on and above the diagonal
	tileOff []int    // where each tile's window entries go in sel (its share of n²)
	next    atomic.Int64

	pairs  []int     // sampled entries i·n+j of H, fixed at construction
	sample []float64 // their distances
	sel    []float64 // the entries inside the window, per tile region then compacted
	below  []int     // per tile: entries below the window
	inside []int     // per tile: entries inside it

	// Test hooks: use no window (every entry a candidate), or a window that misses.
	noWindow, missWindow bool
}

// tileSize is the side of the square tiles of passes 1 and 2 (two 32 KiB tiles, one and
// its mirror, stay in a core's L2 cache).
const tileSize = 64

// medianSample is the number of sampled entries that bracket the median; below
// 4·medianSample entries the window is not used.
const medianSample = 8192

func newRBF(n, d, workers int) *rbfKernel {
	r := &rbfKernel{n: n, d: d, workers: max(1, workers),
		h: make([]float64, n*n), rowsum: make([]float64, n), sel: make([]float64, n*n),
		kx: make([]float64, n*2*d), xg: make([]float64, n*2*d)}
	blocks := (n + tileSize - 1) / tileSize
	off := 0
	for bi := 0; bi < blocks; bi++ {
		for bj := bi; bj < blocks; bj++ {
			r.tiles = append(r.tiles, [2]int{bi, bj})
			r.tileOff = append(r.tileOff, off)
			rows := min(n, (bi+1)*tileSize) - bi*tileSize
			cols := min(n, (bj+1)*tileSize) - bj*tileSize
			if bi == bj {
				off += rows * rows
			} else {
				off += 2 * rows * cols
			}
		}
	}
	r.below, r.inside = make([]int, len(r.tiles)), make([]int, len(r.tiles))
	if n*n >= 4*medianSample {
		// Entries of H drawn uniformly (diagonal included) from a fixed stream.
		rng := rand.New(rand.NewPCG(uint64(n), uint64(d)))
		r.pairs, r.sample = make([]int, medianSample), make([]float64, medianSample)
		for t := range r.pairs {
			r.pairs[t] = rng.IntN(n * n)
		}
	}
	return r
}

// serial reports whether the problem is too small for goroutines.
func (r *rbfKernel) serial() bool { return r.workers == 1 || r.n < 64 }

// eachTile runs f(t, i0, i1, j0, j1) for every tile t (rows i0..i1-1, columns j0..j1-1),
// the workers taking the next tile in turn. When done is closed the workers stop taking
// tiles and eachTile returns false (some tiles are then not computed).
func (r *rbfKernel) eachTile(done <-chan struct{}, f func(t, i0, i1, j0, j1 int)) bool {
	var stopped atomic.Bool
	run := func() {
		for {
			select {
			case <-done:
				stopped.Store(true)
				return
			default:
			}
			t := int(r.next.Add(1)) - 1
			if t >= len(r.tiles) {
				return
			}
			bi, bj := r.tiles[t][0], r.tiles[t][1]
			f(t, bi*tileSize, min(r.n, (bi+1)*tileSize), bj*tileSize, min(r.n, (bj+1)*tileSize))
		}
	}
	r.next.Store(0)
	if r.serial() {
		run()
		return !stopped.Load()
	}
	var wg sync.WaitGroup
	for w := 0; w < r.workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			run()
		}()
	}
	wg.Wait()
	return !stopped.Load()
}

// eachRows runs f(lo, hi) on contiguous row ranges, one per worker.
func (r *rbfKernel) eachRows(f func(lo, hi int)) {
	if r.serial() {
		f(0, r.n)
		return
	}
	size := (r.n + r.workers - 1) / r.workers
	var wg sync.WaitGroup
	for w := 0; w < r.workers; w++ {
		lo, hi := w*size, min(r.n, (w+1)*size)
		if lo >= hi {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(lo, hi)
		}()
	}
	wg.Wait()
}

// b2i is 1 for true and 0 for false (compiled without a branch).
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// sqDist is |x_i - x_j|², summed in coordinate order.
func sqDist(xi, xj []float64) float64 {
	s := 0.0
	for k, v := range xi {
		dk := v - xj[k]
		s += dk * dk
	}
	return s
}

// phi writes into dst (n×d) the Stein direction
//
//	φ = (K·G / temperature + ∇K / t) / n
//
// for particles x (n×d) and their scaled log-density gradients g (n×d), and returns the
// bandwidth h (spec/pymc-semantics.md §6.2; Liu & Wang 2016, eq. (8)). It checks ctx
// between tiles and between blocks of the product, and returns ctx.Err() (dst then holds
// nothing meaningful) when it is done.
func (r *rbfKernel) phi(ctx context.Context, dst, x, g []float64, temperature, t float64) (float64, error) {
	n, d := r.n, r.d
	done := ctx.Done()
	lo, hi := r.window(x)
	// Pass 1: the upper triangle of H, and each tile's entries below and inside the window
	// (an entry above the diagonal stands for itself and its mirror).
	complete := r.eachTile(done, func(t, i0, i1, j0, j1 int) {
		below, inside := 0, 0
		sel := r.sel[r.tileOff[t]:]
		for i := i0; i < i1; i++ {
			xi := x[i*d : (i+1)*d]
			jlo := j0
			if i0 == j0 {
				jlo = i // the diagonal tile: its upper half
			}
			if jlo == i { // the diagonal entry: 0, counted once
				r.h[i*n+i] = 0
				below += b2i(0 < lo)
				sel[inside] = 0
				inside += b2i(0 >= lo) & b2i(0 <= hi)
				jlo++
			}
			// Branch-free counting: about half the entries fall below the window, at
			// random, which would defeat branch prediction. The slot at inside is
			// always written (region capacity is the tile's weight), and kept only
			// when v is inside the window.
			for j := jlo; j < j1; j++ {
				v := sqDist(xi, x[j*d:(j+1)*d])
				r.h[i*n+j] = v
				below += 2 * b2i(v < lo)
				sel[inside], sel[inside+1] = v, v
				inside += 2 * (b2i(v >= lo) & b2i(v <= hi))
			}
		}
		r.below[t], r.inside[t] = below, inside
	})
	if !complete {
		return 0, ctx.Err()
	}
	bw := 0.5 * r.median(lo, hi) / math.Log(float64(n)+1)
	if !(bw > 0) {
		bw = 1 // all particles coincide (or n = 1): any bandwidth gives K = 1
	}
	// Pass 2: K = exp(-H/(2h)) in place, from H's upper triangle to both halves.
	scale := -0.5 / bw
	complete = r.eachTile(done, func(_, i0, i1, j0, j1 int) {
		for i := i0; i < i1; i++ {
			jlo := j0
			if i0 == j0 {
				jlo = i
			}
			for j := jlo; j < j1; j++ {
				v := math.Exp(r.h[i*n+j] * scale)
				r.h[i*n+j], r.h[j*n+i] = v, v
			}
		}
	})
	if !complete {
		return 0, ctx.Err()
	}
	// Pass 3: row sums, and [K·X | K·G]ᵀ = [X | G]ᵀ·K (K is symmetric): 2d long rows,
	// which Gemm runs much faster than n short rows of 2d.
	r.eachRows(func(rlo, rhi int) {
		for i := rlo; i < rhi; i++ {
			s := 0.0
			for _, v := range r.h[i*n : (i+1)*n] {
				s += v
			}
			r.rowsum[i] = s
			for c := 0; c < d; c++ {
				r.xg[c*n+i], r.xg[(d+c)*n+i] = x[i*d+c], g[i*d+c]
			}
		}
	})
	// The product in blocks of gemmColumns columns of K, checking ctx between them: each
	// entry's sum runs over all n rows of K in the same order whatever the blocks, so the
	// result is the one unblocked Gemm gives.
	for c0 := 0; c0 < n; c0 += gemmColumns {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		c1 := min(n, c0+gemmColumns)
		blas64.Gemm(blas.NoTrans, blas.NoTrans, 1,
			blas64.General{Rows: 2 * d, Cols: n, Stride: n, Data: r.xg},
			blas64.General{Rows: n, Cols: c1 - c0, Stride: n, Data: r.h[c0:]},
			0, blas64.General{Rows: 2 * d, Cols: c1 - c0, Stride: n, Data: r.kx[c0:]})
	}
	inv := 1 / float64(n)
	for i := 0; i < n; i++ {
		for c := 0; c < d; c++ {
			kx, kg := r.kx[c*n+i], r.kx[(d+c)*n+i]
			grad := (-kx + x[i*d+c]*r.rowsum[i]) / bw
			dst[i*d+c] = (kg/temperature + grad/t) * inv
		}
	}
	return bw, nil
}

// gemmColumns is the width of the blocks of K·[X | G]: 2d·n·128 multiply-adds, about 50 ms
// for 1000 particles of dimension 200 on one core, between two checks of the context.
const gemmColumns = 128

// medianRanks are the 0-based ranks, among the n² entries of H, whose values make NumPy's
// median: the middle one, or the two middle ones for an even count (equal ranks when odd).
func medianRanks(n int) (r1, r2 int) {
	total := n * n
	if total%2 == 1 {
		return total / 2, total / 2
	}
	return total/2 - 1, total / 2
}

// window returns bounds lo ≤ hi that bracket the median ranks of H with high probability:
// sample quantiles a few standard errors either side of the median's. Without a sample the
// window is the whole real line.
func (r *rbfKernel) window(x []float64) (lo, hi float64) {
	lo, hi = math.Inf(-1), math.Inf(1)
	if r.missWindow {
		return lo, lo
	}
	if r.pairs == nil || r.noWindow {
		return lo, hi
	}
	n, d := r.n, r.d
	for t, p := range r.pairs {
		i, j := p/n, p%n
		r.sample[t] = sqDist(x[i*d:(i+1)*d], x[j*d:(j+1)*d])
	}
	r1, r2 := medianRanks(n)
	s, total := len(r.sample), float64(n*n)
	// The sample quantile at p has a standard error of about √(p(1-p)/s) ≤ ½/√s in
	// probability; 4 of them either side miss with probability below 1e-4.
	delta := int(2*math.Sqrt(float64(s))) + 2
	pLo := int(float64(r1)/total*float64(s)) - delta
	pHi := int(math.Ceil(float64(r2)/total*float64(s))) + delta
	if pLo >= 0 {
		lo = selectKth(r.sample, pLo)
	}
	if pHi < s {
		hi = selectKth(r.sample, pHi)
	}
	return lo, hi
}

// median returns NumPy's median of the n² entries of H from pass 1's counts and window
// entries, falling back to all entries when the window missed the median ranks.
func (r *rbfKernel) median(lo, hi float64) float64 {
	n := r.n
	r1, r2 := medianRanks(n)
	below, k := 0, 0
	for t := range r.tiles {
		// Compact tile t's candidates (stored at its offset, never before k) to sel[k:].
		copy(r.sel[k:], r.sel[r.tileOff[t]:r.tileOff[t]+r.inside[t]])
		below += r.below[t]
		k += r.inside[t]
	}
	if below > r1 || below+k <= r2 {
		// The window missed (or H holds NaNs): select among every entry that is a number.
		below, k = 0, 0
		for i := 0; i < n; i++ {
			for j, v := range r.h[i*n+i : (i+1)*n] {
				if v != v {
					return math.NaN()
				}
				r.sel[k] = v
				k++
				if j > 0 {
					r.sel[k] = v
					k++
				}
			}
		}
	}
	cand := r.sel[:k]
	a := selectKth(cand, r1-below)
	if r2 == r1 {
		return a
	}
	// After the selection every entry right of r1-below is at least a: the next rank's
	// value is their minimum.
	b := math.Inf(1)
	for _, v := range cand[r1-below+1:] {
		b = min(b, v)
	}
	return 0.5 * (a + b)
}

// selectKth returns the k-th smallest element of x (0-based), reordering x so that
// x[:k] ≤ x[k] ≤ x[k+1:] (Hoare's quickselect with a median-of-three pivot).
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
