package graph

import "github.com/gopymc/gopymc/internal/mathx"

// The loops of the fused element-wise kernels (fuse.go): one plain loop per operation and
// operand form, so that an element costs its arithmetic and not a call through a function
// value, as fastElem's per-element calls do. Each computes exactly what the op's function
// in unaryFuncs or binaryFuncs computes, element by element, so that a fused run and an
// unfused one agree to the bit.

// elemCode names an element-wise operation that has loops of its own; codeFunc (the zero
// value) means the loop calls the op's function for each element.
type elemCode uint8

const (
	codeFunc elemCode = iota
	codeAdd
	codeSub
	codeMul
	codeDiv
	codeNeg
	codeSquare
	codeExp
	codeTanh
	codeSigmoid
)

// unaryCodes and binaryCodes map Gorgonia's op names to the loops.
var (
	unaryCodes = map[string]elemCode{
		"neg": codeNeg, "square": codeSquare, "exp": codeExp, "tanh": codeTanh, "sigmoid": codeSigmoid,
	}
	binaryCodes = map[string]elemCode{"+": codeAdd, "-": codeSub, "⊙": codeMul, "÷": codeDiv}
)

// unaryLoop sets dst[i] = f(a[i]) for the op coded c with function f; dst and a have the
// same length and may be the same slice.
func unaryLoop(c elemCode, f func(float64) float64, dst, a []float64) {
	a = a[:len(dst)]
	switch c {
	case codeNeg:
		for i, x := range a {
			dst[i] = -x
		}
	case codeSquare:
		for i, x := range a {
			dst[i] = x * x
		}
	case codeExp:
		mathx.ExpTo(dst, a)
	case codeTanh:
		mathx.TanhTo(dst, a)
	case codeSigmoid:
		mathx.SigmoidTo(dst, a)
	default:
		for i, x := range a {
			dst[i] = f(x)
		}
	}
}

// binaryLoopVV sets dst[i] = f(a[i], b[i]).
func binaryLoopVV(c elemCode, f func(a, b float64) float64, dst, a, b []float64) {
	a, b = a[:len(dst)], b[:len(dst)]
	switch c {
	case codeAdd:
		for i := range dst {
			dst[i] = a[i] + b[i]
		}
	case codeSub:
		for i := range dst {
			dst[i] = a[i] - b[i]
		}
	case codeMul:
		for i := range dst {
			dst[i] = a[i] * b[i]
		}
	case codeDiv:
		for i := range dst {
			dst[i] = a[i] / b[i]
		}
	default:
		for i := range dst {
			dst[i] = f(a[i], b[i])
		}
	}
}

// binaryLoopVS sets dst[i] = f(a[i], s).
func binaryLoopVS(c elemCode, f func(a, b float64) float64, dst, a []float64, s float64) {
	a = a[:len(dst)]
	switch c {
	case codeAdd:
		for i, x := range a {
			dst[i] = x + s
		}
	case codeSub:
		for i, x := range a {
			dst[i] = x - s
		}
	case codeMul:
		for i, x := range a {
			dst[i] = x * s
		}
	case codeDiv:
		for i, x := range a {
			dst[i] = x / s
		}
	default:
		for i, x := range a {
			dst[i] = f(x, s)
		}
	}
}

// binaryLoopSV sets dst[i] = f(s, b[i]).
func binaryLoopSV(c elemCode, f func(a, b float64) float64, dst []float64, s float64, b []float64) {
	b = b[:len(dst)]
	switch c {
	case codeAdd:
		for i, x := range b {
			dst[i] = s + x
		}
	case codeSub:
		for i, x := range b {
			dst[i] = s - x
		}
	case codeMul:
		for i, x := range b {
			dst[i] = s * x
		}
	case codeDiv:
		for i, x := range b {
			dst[i] = s / x
		}
	default:
		for i, x := range b {
			dst[i] = f(s, x)
		}
	}
}

// gatherLoop sets dst[j] = x[idx[j]], four at a time.
func gatherLoop(dst, x []float64, idx []int) {
	dst = dst[:len(idx)]
	j := 0
	for ; j+4 <= len(idx); j += 4 {
		k := idx[j : j+4 : j+4]
		d := dst[j : j+4 : j+4]
		d[0], d[1], d[2], d[3] = x[k[0]], x[k[1]], x[k[2]], x[k[3]]
	}
	for ; j < len(idx); j++ {
		dst[j] = x[idx[j]]
	}
}

// scatterLoop adds src[j] into d[idx[j]] for each j in order (repeated indices add up in
// the order of j, as the unfused scatter-add does).
func scatterLoop(d []float64, idx []int, src []float64) {
	src = src[:len(idx)]
	j := 0
	for ; j+4 <= len(idx); j += 4 {
		k := idx[j : j+4 : j+4]
		s := src[j : j+4 : j+4]
		d[k[0]] += s[0]
		d[k[1]] += s[1]
		d[k[2]] += s[2]
		d[k[3]] += s[3]
	}
	for ; j < len(idx); j++ {
		d[idx[j]] += src[j]
	}
}
