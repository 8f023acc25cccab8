package graph

// Serial kernels of the small matrix products of dense layers (fastMatMul): row-major
// operands, one output element or a block of four at a time with the sums in registers, so
// that a product with inner dimensions of 2 to 20 (the hidden layers of a small network)
// costs its multiply-adds rather than loop and slice overhead. Each output element is one
// sum over the inner index in increasing order: the results depend on the shapes only.

// gemmNN sets rows [lo, hi) of C (m×n) to A·B with A m×k and B k×n.
func gemmNN(c, a, b []float64, n, k, lo, hi int) {
	for i := lo; i < hi; i++ {
		arow := a[i*k : i*k+k]
		crow := c[i*n : i*n+n]
		j := 0
		for ; j+4 <= n; j += 4 {
			var s0, s1, s2, s3 float64
			bi := j
			for _, av := range arow {
				bb := b[bi : bi+4 : bi+4]
				s0 += av * bb[0]
				s1 += av * bb[1]
				s2 += av * bb[2]
				s3 += av * bb[3]
				bi += n
			}
			cc := crow[j : j+4 : j+4]
			cc[0], cc[1], cc[2], cc[3] = s0, s1, s2, s3
		}
		for ; j < n; j++ {
			s := 0.0
			bi := j
			for _, av := range arow {
				s += av * b[bi]
				bi += n
			}
			crow[j] = s
		}
	}
}

// gemmNT sets rows [lo, hi) of C (m×n) to A·Bᵀ with A m×k and B n×k.
func gemmNT(c, a, b []float64, n, k, lo, hi int) {
	for i := lo; i < hi; i++ {
		arow := a[i*k : i*k+k]
		crow := c[i*n : i*n+n]
		j := 0
		for ; j+4 <= n; j += 4 {
			b0 := b[j*k : j*k+k][:len(arow)]
			b1 := b[(j+1)*k : (j+1)*k+k][:len(arow)]
			b2 := b[(j+2)*k : (j+2)*k+k][:len(arow)]
			b3 := b[(j+3)*k : (j+3)*k+k][:len(arow)]
			var s0, s1, s2, s3 float64
			for l, av := range arow {
				s0 += av * b0[l]
				s1 += av * b1[l]
				s2 += av * b2[l]
				s3 += av * b3[l]
			}
			cc := crow[j : j+4 : j+4]
			cc[0], cc[1], cc[2], cc[3] = s0, s1, s2, s3
		}
		for ; j < n; j++ {
			bj := b[j*k : j*k+k][:len(arow)]
			s := 0.0
			for l, av := range arow {
				s += av * bj[l]
			}
			crow[j] = s
		}
	}
}

// gemmTN sets dst (m×n) to the sum over l in [lo, hi) of the outer products of row l of A
// (k×m) and row l of B (k×n): the part [lo, hi) of Aᵀ·B. The sums of a block of four
// elements of dst run down the rows of A and B in registers.
func gemmTN(dst, a, b []float64, m, n, lo, hi int) {
	for i := 0; i < m; i++ {
		j := 0
		for ; j+4 <= n; j += 4 {
			var s0, s1, s2, s3 float64
			ai, bi := lo*m+i, lo*n+j
			for l := lo; l < hi; l++ {
				av := a[ai]
				bb := b[bi : bi+4 : bi+4]
				s0 += av * bb[0]
				s1 += av * bb[1]
				s2 += av * bb[2]
				s3 += av * bb[3]
				ai += m
				bi += n
			}
			dd := dst[i*n+j : i*n+j+4 : i*n+j+4]
			dd[0], dd[1], dd[2], dd[3] = s0, s1, s2, s3
		}
		for ; j < n; j++ {
			s := 0.0
			ai, bi := lo*m+i, lo*n+j
			for l := lo; l < hi; l++ {
				s += a[ai] * b[bi]
				ai += m
				bi += n
			}
			dst[i*n+j] = s
		}
	}
}

// gemvN sets y[lo:hi] to the rows [lo, hi) of A·x with A m×k.
func gemvN(y, a, x []float64, k, lo, hi int) {
	i := lo
	for ; i+4 <= hi; i += 4 {
		a0 := a[i*k : i*k+k][:len(x)]
		a1 := a[(i+1)*k : (i+1)*k+k][:len(x)]
		a2 := a[(i+2)*k : (i+2)*k+k][:len(x)]
		a3 := a[(i+3)*k : (i+3)*k+k][:len(x)]
		var s0, s1, s2, s3 float64
		for l, xv := range x {
			s0 += a0[l] * xv
			s1 += a1[l] * xv
			s2 += a2[l] * xv
			s3 += a3[l] * xv
		}
		yy := y[i : i+4 : i+4]
		yy[0], yy[1], yy[2], yy[3] = s0, s1, s2, s3
	}
	for ; i < hi; i++ {
		ai := a[i*k : i*k+k][:len(x)]
		s := 0.0
		for l, xv := range x {
			s += ai[l] * xv
		}
		y[i] = s
	}
}

// gemvT sets dst (m) to the sum over l in [lo, hi) of x[l] times row l of A (k×m): the part
// [lo, hi) of Aᵀ·x.
func gemvT(dst, a, x []float64, m, lo, hi int) {
	clear(dst)
	for l := lo; l < hi; l++ {
		xv := x[l]
		arow := a[l*m : l*m+m][:len(dst)]
		j := 0
		for ; j+4 <= len(arow); j += 4 {
			aa := arow[j : j+4 : j+4]
			dd := dst[j : j+4 : j+4]
			dd[0] += xv * aa[0]
			dd[1] += xv * aa[1]
			dd[2] += xv * aa[2]
			dd[3] += xv * aa[3]
		}
		for ; j < len(arow); j++ {
			dst[j] += xv * arow[j]
		}
	}
}

// ger sets rows [lo, hi) of C (m×n) to the outer product a⊗b.
func ger(c, a, b []float64, lo, hi int) {
	n := len(b)
	for i := lo; i < hi; i++ {
		av := a[i]
		crow := c[i*n : i*n+n][:len(b)]
		for j, bv := range b {
			crow[j] = av * bv
		}
	}
}
