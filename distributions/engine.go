package distributions

import "math"

// The engine evaluates a univariate family's log density, summed or element by element,
// and all its partial derivatives, over a value and parameters that broadcast NumPy-style,
// in one pass over the broadcast shape.
//
// A family gives the engine a kernel: its parameters (paramSpec), the parameter-derived
// operands it wants precomputed once per parameter element (for Normal: 1/sigma and
// log sigma, so that 100 sigmas against 40000x100 data cost 100 logarithms, not 4 million),
// and two run functions, logp and grad, that loop over a run of consecutive elements of the
// broadcast shape (part of a row of its simplified last axis, see bcast). The engine hands
// every operand to the kernel as a contiguous slice of the run's length: an operand that
// is contiguous along the run (stride 1) is a subslice of its data; one that is broadcast
// along it (stride 0) is expanded into a row buffer, refilled only when the element it
// repeats changes (for a scalar parameter: once per evaluation). The kernels' loops are
// therefore plain indexed loops over equal-length slices, written out per family with no
// indirection per element; the engine pays one interface call per run of at most chunkLen
// elements. When the op wants the summed log density and its partials (the packed op, see
// fusedop.go), both come from the same run while its operands are in cache: one pass over
// the data (pass), with the kernel's fused loop when it has one (elemLogpGrader).
//
// Parameter domains are the engine's business, not the kernels': a parameter that is
// small compared to the broadcast shape is scanned once per evaluation; a large one is
// scanned run by run. Runs whose parameters are all in their domain use the kernel as is;
// in other runs the engine overwrites the elements with an out-of-domain parameter: their
// log density becomes -Inf and their partials 0. Kernels therefore assume valid parameters
// (they must still not panic on invalid ones) and handle only the value's support: outside
// it the log density is -Inf and every partial 0.

// chunkLen is the longest run a kernel sees at once. It bounds the row buffers.
const chunkLen = 256

// maxKernelOps bounds the operands a kernel reads: parameters, then derived operands.
const maxKernelOps = 8

// rowArgs is one run handed to a kernel: n consecutive elements of the broadcast shape.
// x holds the value and p[q] kernel operand q at each element; every slice has length n.
// Operands 0..nparams-1 are the parameters in paramSpec order; the derived operands
// follow, in derivedFrom order.
type rowArgs struct {
	n int
	x []float64
	p [maxKernelOps][]float64
}

// kernelInfo describes a kernel's parameterisation: what the engine reads before it runs
// the kernel's loops.
type kernelInfo struct {
	// id names the family and its parameterisation, e.g. "Normal" or "NormalTau". It is
	// part of the ops' hashes, so two kernels with different log densities must differ.
	id string

	// specs describes the parameters, in order.
	specs []paramSpec

	// discrete reports whether values are integers (then the value has no partial).
	discrete bool

	// derivedFrom lists, for each derived operand, the index of the parameter it is
	// computed from, element by element.
	derivedFrom []int
}

// elemKernel is a univariate family's element-wise log density as the engine needs it.
// Implementations are stateless values.
type elemKernel interface {
	// info describes the parameterisation; it returns the same value every time.
	info() *kernelInfo

	// derive fills dst[e] with derived operand k computed from src[e], the parameter's
	// element e. It must not panic on out-of-domain parameters.
	derive(k int, src, dst []float64)

	// logp sets out[j] to the log density of element j of the run; len(out) == a.n.
	logp(a *rowArgs, out []float64)

	// grad adds to dx[j] (when dx is not nil) and dp[i][j] the partial derivatives of
	// element j's log density with respect to the value and to parameter i; every slice
	// has length a.n. The slices may be the gradient itself (the engine accumulates there
	// directly when it can), so the kernel must add (+=), never assign. It may leave dp[i]
	// untouched for a parameter that is not differentiable.
	grad(a *rowArgs, dx []float64, dp *[maxParams][]float64)
}

// valueDeriver is implemented by kernels whose log density reads a derived operand at an
// element only for some values there (Bernoulli reads log p where x = 1 and log(1-p) where
// x = 0). Where a parameter has an element for each of the value's (no broadcasting: a
// likelihood with a probability per observation), setup calls deriveAt instead of derive,
// which computes operand k only at the elements whose value reads it and sets the others
// to NaN; the kernel's logp and grad must not read those.
type valueDeriver interface {
	deriveAt(k int, x, src, dst []float64)
}

// Derived-operand sources shared by several kernels (kernelInfo.derivedFrom).
var (
	fromFirst1  = []int{0}
	fromFirst2  = []int{0, 0}
	fromFirst3  = []int{0, 0, 0}
	fromSecond1 = []int{1}
	fromSecond2 = []int{1, 1}
	fromNone    = []int{}
)

// deriveInvLog fills dst with 1/src (k = 0) or log src (k = 1): the derived operands of
// the scale families (Normal, HalfNormal, Cauchy, HalfCauchy, LogNormal, Exponential...).
func deriveInvLog(k int, src, dst []float64) {
	if k == 0 {
		for e, v := range src {
			dst[e] = 1 / v
		}
		return
	}
	for e, v := range src {
		dst[e] = math.Log(v)
	}
}

// deriveHalfLog fills dst with log(src)/2: the derived operand of the precision (tau)
// parameterisations, log sqrt(tau).
func deriveHalfLog(src, dst []float64) {
	for e, v := range src {
		dst[e] = 0.5 * math.Log(v)
	}
}

// noDerived is the derive of kernels without derived operands.
type noDerived struct{}

func (noDerived) derive(int, []float64, []float64) {}
