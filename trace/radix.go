package trace

import "math"

// radixBits is the digit width of the radix sort: 6 passes of 11 bits cover 64-bit keys
// with 2048-entry histograms that stay in L1 cache.
const (
	radixBits   = 11
	radixPasses = (64 + radixBits - 1) / radixBits
	radixSize   = 1 << radixBits
)

// rankSorter sorts values together with their positions by an LSD radix sort of
// order-preserving integer keys, which is several times faster than a comparison sort
// that carries indices. The zero value is ready to use.
type rankSorter struct {
	keys, keysTmp []uint64
	idx, idxTmp   []int32
	hist          [radixPasses][radixSize]int32
}

// floatKey maps a float64 to a uint64 with the same order: positive values get their sign
// bit set, negative values are bit-inverted. -0 is mapped as +0 so that the two tie, as
// they compare equal. x must not be NaN.
func floatKey(x float64) uint64 {
	b := math.Float64bits(x + 0) // -0 + 0 = +0
	if b>>63 == 0 {
		return b | 1<<63
	}
	return ^b
}

// sort sorts the values of x with their positions: afterwards keys[i] is the key of the
// i-th smallest value and idx[i] its position in x. x must hold no NaN and fewer than 2³¹
// values.
func (r *rankSorter) sort(x []float64) (keys []uint64, idx []int32) {
	n := len(x)
	if n == 0 {
		return nil, nil
	}
	if cap(r.keys) < n {
		r.keys, r.keysTmp = make([]uint64, n), make([]uint64, n)
		r.idx, r.idxTmp = make([]int32, n), make([]int32, n)
	}
	keys, tmpK := r.keys[:n], r.keysTmp[:n]
	idx, tmpI := r.idx[:n], r.idxTmp[:n]
	for p := range r.hist {
		clear(r.hist[p][:])
	}
	for i, v := range x {
		k := floatKey(v)
		keys[i], idx[i] = k, int32(i)
		for p := range radixPasses {
			r.hist[p][(k>>(p*radixBits))&(radixSize-1)]++
		}
	}
	for p := range radixPasses {
		h := &r.hist[p]
		// A digit shared by every key leaves the order unchanged: skip the pass.
		if h[(keys[0]>>(p*radixBits))&(radixSize-1)] == int32(n) {
			continue
		}
		var sum int32
		for d := range h {
			h[d], sum = sum, sum+h[d]
		}
		shift := p * radixBits
		for i, k := range keys {
			d := (k >> shift) & (radixSize - 1)
			tmpK[h[d]], tmpI[h[d]] = k, idx[i]
			h[d]++
		}
		keys, tmpK = tmpK, keys
		idx, tmpI = tmpI, idx
	}
	return keys, idx
}

// sortInto writes the values of x in ascending order into dst (resized) and returns it.
// x must hold no NaN.
func (r *rankSorter) sortInto(dst, x []float64) []float64 {
	_, idx := r.sort(x)
	dst = resize(dst, len(x))
	for i, k := range idx {
		dst[i] = x[k]
	}
	return dst
}
