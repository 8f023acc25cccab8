package trace

import (
	"math/bits"

	"gonum.org/v1/gonum/dsp/fourier"
)

// startAutocov prepares w.autocov for the m chains of n draws in x: it centres each chain
// (leaving the chain means in w.means) and forgets earlier lags.
func (w *diagWork) startAutocov(x []float64, m, n int) {
	w.acM, w.acN, w.acDone = m, n, 0
	w.means = resize(w.means, m)
	w.centred = resize(w.centred, m*n)
	w.acov = resize(w.acov, n)
	for c := range m {
		seg := x[c*n : (c+1)*n]
		mu := mean(seg)
		w.means[c] = mu
		for i, v := range seg {
			w.centred[c*n+i] = v - mu
		}
	}
	// Past this many lags one FFT of every chain is cheaper than more direct sums (each
	// lag costs m·n multiply-adds, the FFTs about m·L·log₂L for L ≈ 2n).
	w.acLimit = 8 * bits.Len(uint(2*n))
}

// autocov returns the lag-t autocovariance (divisor n) averaged over the chains given to
// startAutocov. Lags are summed directly while few are needed, since Geyer's sequence
// usually stops after a few lags; a lag past w.acLimit computes all lags at once by FFT.
// Lags must be asked for in increasing order, each at most one past the last.
func (w *diagWork) autocov(t int) float64 {
	if t < w.acDone {
		return w.acov[t]
	}
	if t >= w.acLimit {
		w.fftAutocov()
		return w.acov[t]
	}
	m, n := w.acM, w.acN
	var s float64
	for c := range m {
		x := w.centred[c*n : (c+1)*n]
		var a float64
		for i, v := range x[:n-t] {
			a += v * x[i+t]
		}
		s += a
	}
	w.acov[t] = s / float64(n) / float64(m)
	w.acDone = t + 1
	return w.acov[t]
}

// fftAutocov fills w.acov with every lag's autocovariance, computed by FFT on each centred
// chain padded to a fast length of at least 2n (so that the circular correlation equals
// the linear one).
func (w *diagWork) fftAutocov() {
	m, n := w.acM, w.acN
	size := fastLen(2 * n)
	if w.fft == nil {
		w.fft = fourier.NewFFT(size)
	} else if w.fft.Len() != size {
		w.fft.Reset(size)
	}
	w.pad = resize(w.pad, size)
	if cap(w.coef) < size/2+1 {
		w.coef = make([]complex128, size/2+1)
	}
	coef := w.coef[:size/2+1]
	clear(w.acov)
	// Sequence(Coefficients(x)) multiplies by size; the autocovariance divides by n; the
	// average divides by m.
	scale := 1 / (float64(size) * float64(n) * float64(m))
	for c := range m {
		copy(w.pad, w.centred[c*n:(c+1)*n])
		clear(w.pad[n:])
		w.fft.Coefficients(coef, w.pad)
		for k, z := range coef {
			coef[k] = complex(real(z)*real(z)+imag(z)*imag(z), 0)
		}
		w.fft.Sequence(w.pad, coef)
		for t := range n {
			w.acov[t] += w.pad[t] * scale
		}
	}
	w.acDone = n
}
