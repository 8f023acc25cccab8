package approximations

import (
	"math"
	"math/rand/v2"
)

// iafGateBias is the initial bias of the gate pre-activation s: σ = sigmoid(2) ≈ 0.88, so
// that a new layer starts close to the identity (Kingma et al. §4: "initialize ... such
// that σ is close to 1").
const iafGateBias = 2

// iafLayer is an inverse autoregressive flow step in Kingma et al.'s numerically stable form
// (eqs. 13-14):
//
//	[m, s] = MADE(z),  σ = sigmoid(s),  z' = σ ⊙ z + (1 - σ) ⊙ m,  log-det = Σ log σ_i,
//
// where MADE is a one-hidden-layer masked network h = tanh(W_h z + b_h), m = W_m h + b_m,
// s = W_s h + b_s whose masks make m_i and s_i depend only on the coordinates before i in the
// layer's order (Germain et al.'s degrees: hidden unit k has degree 1 + k mod (d-1) and sees
// inputs of degree ≤ its own; output i sees hidden units of degree < i's). The Jacobian is
// triangular with diagonal σ, hence the log-det; the inverse is solved coordinate by
// coordinate in order. Successive iaf layers alternate between the natural and the reversed
// order, as Kingma et al. reverse the ordering after each step, so that every coordinate gets
// to depend on every other.
//
// The sigmoid gate keeps every σ_i in (0, 1): an iaf layer never widens its input, so a
// formula that must widen the base N(0, I) puts a scale before the iaf layers
// ('scale-iaf*4-loc').
//
// References:
//   - Kingma, Salimans, Jozefowicz, Chen, Sutskever, Welling: Improved Variational Inference
//     with Inverse Autoregressive Flow. NeurIPS 2016, §4, eqs. (10)-(14).
//   - Germain, Gregor, Murray, Larochelle: MADE: Masked Autoencoder for Distribution
//     Estimation. ICML 2015, §4 (masks from degrees).
type iafLayer struct {
	d, hidden int
	deg       []int // degree (1-based position in the layer's order) of each coordinate
	hdeg      []int // degree of each hidden unit
	order     []int // the coordinates by increasing degree
}

// newIAFLayer makes an iaf layer of dimension d with hidden units, in the natural order or
// reversed.
func newIAFLayer(d, hidden int, reversed bool) *iafLayer {
	l := &iafLayer{d: d, hidden: hidden, deg: make([]int, d), hdeg: make([]int, hidden), order: make([]int, d)}
	for i := 0; i < d; i++ {
		j := i
		if reversed {
			j = d - 1 - i
		}
		l.order[i] = j
		l.deg[j] = i + 1
	}
	for k := range l.hdeg {
		if d > 1 {
			l.hdeg[k] = 1 + k%(d-1)
		} else {
			l.hdeg[k] = d // sees the lone input but feeds no output: the layer is σ⊙z + (1-σ)b_m
		}
	}
	return l
}

func (l *iafLayer) kind() string { return "iaf" }

// params are stored as b_h (hidden), b_m (d), b_s (d), w_h (hidden×d), w_m (d×hidden),
// w_s (d×hidden); masked weights are stored but never read, and get no gradient.
func (l *iafLayer) params() []flowParam {
	d, h := l.d, l.hidden
	return []flowParam{{"b_h", []int{h}}, {"b_m", []int{d}}, {"b_s", []int{d}},
		{"w_h", []int{h, d}}, {"w_m", []int{d, h}}, {"w_s", []int{d, h}}}
}
func (l *iafLayer) affine() bool { return false }

// scratchLen: hidden activations and their gradient, and m, σ and their gradients.
func (l *iafLayer) scratchLen() int { return 2*l.hidden + 4*l.d }

// split returns views of the stored parameters.
func (l *iafLayer) split(p []float64) (bh, bm, bs, wh, wm, ws []float64) {
	d, h := l.d, l.hidden
	bh, p = p[:h], p[h:]
	bm, p = p[:d], p[d:]
	bs, p = p[:d], p[d:]
	wh, p = p[:h*d], p[h*d:]
	wm, ws = p[:d*h], p[d*h:2*d*h]
	return
}

// init: on the unmasked entries, w_h N(0, jitter²/n) with n the inputs its hidden unit sees,
// w_m and w_s N(0, jitter²/hidden); b_h and b_m N(0, jitter²); the gate bias b_s
// 2 + N(0, jitter²). (PyMC3 has no iaf; this follows its jitter, scaled so that the hidden
// and output pre-activations stay O(jitter) whatever the width.)
func (l *iafLayer) init(p []float64, jitter float64, rng *rand.Rand) {
	bh, bm, bs, wh, wm, ws := l.split(p)
	jitterFill(bh, 0, jitter, rng)
	jitterFill(bm, 0, jitter, rng)
	jitterFill(bs, iafGateBias, jitter, rng)
	clear(wh)
	clear(wm)
	clear(ws)
	for k := 0; k < l.hidden; k++ {
		for j := 0; j < l.d; j++ {
			if l.deg[j] <= l.hdeg[k] {
				wh[k*l.d+j] = jitter * rng.NormFloat64() / math.Sqrt(float64(l.hdeg[k]))
			}
		}
	}
	fan := math.Sqrt(float64(l.hidden))
	for i := 0; i < l.d; i++ {
		for k := 0; k < l.hidden; k++ {
			if l.hdeg[k] < l.deg[i] {
				wm[i*l.hidden+k] = jitter * rng.NormFloat64() / fan
				ws[i*l.hidden+k] = jitter * rng.NormFloat64() / fan
			}
		}
	}
}

// made writes the hidden activations into hv and m, σ into mv, sv for input z.
func (l *iafLayer) made(hv, mv, sv, z, p []float64) {
	bh, bm, bs, wh, wm, ws := l.split(p)
	d, H := l.d, l.hidden
	for k := 0; k < H; k++ {
		a := bh[k]
		row := wh[k*d : (k+1)*d]
		for j, x := range z {
			if l.deg[j] <= l.hdeg[k] {
				a += row[j] * x
			}
		}
		hv[k] = math.Tanh(a)
	}
	for i := 0; i < d; i++ {
		m, s := bm[i], bs[i]
		rm, rs := wm[i*H:(i+1)*H], ws[i*H:(i+1)*H]
		for k, h := range hv {
			if l.hdeg[k] < l.deg[i] {
				m += rm[k] * h
				s += rs[k] * h
			}
		}
		mv[i], sv[i] = m, sigmoid(s)
	}
}

func (l *iafLayer) forward(out, in, p, scratch []float64) float64 {
	d, H := l.d, l.hidden
	hv, mv, sv := scratch[:H], scratch[H:H+d], scratch[H+d:H+2*d]
	l.made(hv, mv, sv, in, p)
	ld := 0.0
	for i, x := range in {
		s := sv[i]
		out[i] = s*x + (1-s)*mv[i]
		ld += math.Log(s)
	}
	return ld
}

// backward: with σ_i = sigmoid(s_i),
//
//	∂L/∂m_i = g_i(1 - σ_i),  ∂L/∂s_i = g_i(z_i - m_i)σ_i(1 - σ_i) + cld(1 - σ_i),
//
// then through the masked network: ∂L/∂h_k = Σ_i W_m[i,k]∂L/∂m_i + W_s[i,k]∂L/∂s_i,
// ∂L/∂a_k = (1 - h_k²)∂L/∂h_k, and ∂L/∂z_j = g_jσ_j + Σ_k W_h[k,j]∂L/∂a_k.
func (l *iafLayer) backward(gin, gout, in, p, gp, scratch []float64, cld float64) {
	d, H := l.d, l.hidden
	hv, mv, sv := scratch[:H], scratch[H:H+d], scratch[H+d:H+2*d]
	gm, gs, gh := scratch[H+2*d:H+3*d], scratch[H+3*d:H+4*d], scratch[H+4*d:2*H+4*d]
	l.made(hv, mv, sv, in, p)
	_, _, _, wh, wm, ws := l.split(p)
	gbh, gbm, gbs, gwh, gwm, gws := l.split(gp)
	for i, x := range in {
		s := sv[i]
		gm[i] = gout[i] * (1 - s)
		gs[i] = gout[i]*(x-mv[i])*s*(1-s) + cld*(1-s)
	}
	clear(gh)
	for i := 0; i < d; i++ {
		gbm[i] += gm[i]
		gbs[i] += gs[i]
		rm, rs := wm[i*H:(i+1)*H], ws[i*H:(i+1)*H]
		grm, grs := gwm[i*H:(i+1)*H], gws[i*H:(i+1)*H]
		for k, h := range hv {
			if l.hdeg[k] < l.deg[i] {
				grm[k] += gm[i] * h
				grs[k] += gs[i] * h
				gh[k] += rm[k]*gm[i] + rs[k]*gs[i]
			}
		}
	}
	for i := range gin {
		gin[i] = gout[i] * sv[i]
	}
	for k, h := range hv {
		ga := gh[k] * (1 - h*h)
		gbh[k] += ga
		row, grow := wh[k*d:(k+1)*d], gwh[k*d:(k+1)*d]
		for j, x := range in {
			if l.deg[j] <= l.hdeg[k] {
				grow[j] += ga * x
				gin[j] += row[j] * ga
			}
		}
	}
}

// inverse solves z_i = (z'_i - (1 - σ_i)m_i)/σ_i in the layer's order: m_i and σ_i depend
// only on coordinates already solved. It allocates its own scratch.
func (l *iafLayer) inverse(in, out, p []float64) bool {
	bh, bm, bs, wh, wm, ws := l.split(p)
	d, H := l.d, l.hidden
	hv := make([]float64, H)
	z := make([]float64, d)
	for t, i := range l.order {
		// Hidden units of degree t see exactly the coordinates solved so far.
		for k := range hv {
			if l.hdeg[k] != t {
				continue
			}
			a := bh[k]
			for j := 0; j < d; j++ {
				if l.deg[j] <= l.hdeg[k] {
					a += wh[k*d+j] * z[j]
				}
			}
			hv[k] = math.Tanh(a)
		}
		m, s := bm[i], bs[i]
		for k, h := range hv {
			if l.hdeg[k] < l.deg[i] {
				m += wm[i*H+k] * h
				s += ws[i*H+k] * h
			}
		}
		sg := sigmoid(s)
		z[i] = (out[i] - (1-sg)*m) / sg
	}
	copy(in, z)
	return true
}
