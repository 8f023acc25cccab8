package graph

// Combined instructions of a fused group (fuse.go). A group runs its instructions one
// after the other on a chunk, each a loop writing a chunk buffer that the next reads. For
// the gathers of a varying-intercept, varying-slope model that is four loops forward,
//
//	A = a[idx]; B = b[idx']; C = B⊙x; mu = A + C,
//
// and three backward (the gradients of a and b, with d the upstream gradient of mu),
//
//	da[idx] += d; T = x⊙d; db[idx'] += T,
//
// where one loop each does the same with no chunk buffer in between: gatherAxpy and
// scatterPair below. combine replaces such instructions when the registers in between (A,
// B, C; T) are chunk buffers read by nothing else. Each combined loop computes what the
// loops it replaces compute, to the bit: the same products and sums (IEEE addition and
// multiplication are commutative, so operand order does not matter), every product rounded
// before it is added (float64(...): Go may otherwise fuse a multiply-add on some
// architectures), and each scatter-add's additions in the order of the rows.

// combine returns code with the gather-axpy and scatter-pair patterns replaced by one
// instruction each (regs tells which registers are chunk buffers).
func combine(code []fusedInstr, regs []fusedReg) []fusedInstr {
	uses := make([]int, len(regs))
	producer := make([]int, len(regs)) // register -> instruction writing it
	for k := range code {
		in := &code[k]
		for _, o := range [2]operand{in.a, in.b} {
			if o.kind == opndReg {
				uses[o.i]++
			}
		}
		if in.kind == fuseElem || in.kind == fuseGather {
			producer[in.dst] = k
		}
	}
	// private reports whether register o is a chunk buffer read once, written by an
	// instruction of kind kind (and code c, for element-wise ops) not yet combined.
	dead := make([]bool, len(code))
	private := func(o operand, kind fuseKind, c elemCode) (int, bool) {
		if o.kind != opndReg || regs[o.i].temp < 0 || uses[o.i] != 1 {
			return 0, false
		}
		k := producer[o.i]
		if dead[k] || code[k].kind != kind || kind == fuseElem && (code[k].code != c || code[k].b.kind == opndNone) {
			return 0, false
		}
		return k, true
	}
	for l := range code {
		in := &code[l]
		switch {
		case in.kind == fuseElem && in.code == codeAdd:
			// mu = A + C or C + A, A = a[idx], C = B⊙x or x⊙B, B = b[idx'].
			for _, ops := range [2][2]operand{{in.a, in.b}, {in.b, in.a}} {
				ka, okA := private(ops[0], fuseGather, 0)
				kc, okC := private(ops[1], fuseElem, codeMul)
				if !okA || !okC {
					continue
				}
				mul := &code[kc]
				for _, mops := range [2][2]operand{{mul.a, mul.b}, {mul.b, mul.a}} {
					kb, okB := private(mops[0], fuseGather, 0)
					x := mops[1]
					if !okB || x.kind == opndScalar || x == ops[0] {
						continue
					}
					dead[ka], dead[kb], dead[kc] = true, true, true
					*in = fusedInstr{kind: fuseGatherAxpy, dst: in.dst,
						vec: code[ka].vec, idx: code[ka].idx, vec2: code[kb].vec, idx2: code[kb].idx, b: x}
					break
				}
				if in.kind == fuseGatherAxpy {
					break
				}
			}
		case in.kind == fuseScatter:
			// db[idx'] += T, T = x⊙d or d⊙x, with a scatter da[idx] += d elsewhere.
			kt, ok := private(in.a, fuseElem, codeMul)
			if !ok {
				continue
			}
			mul := &code[kt]
			for _, mops := range [2][2]operand{{mul.a, mul.b}, {mul.b, mul.a}} {
				d, x := mops[0], mops[1]
				if x.kind == opndScalar || d.kind == opndScalar {
					continue
				}
				ks := -1
				for k := range code {
					if k != l && !dead[k] && code[k].kind == fuseScatter && code[k].a == d {
						ks = k
						break
					}
				}
				if ks < 0 {
					continue
				}
				dead[ks], dead[kt] = true, true
				*in = fusedInstr{kind: fuseScatterPair, a: d, b: x,
					idx: code[ks].idx, out: code[ks].out, idx2: in.idx, out2: in.out}
				break
			}
		}
	}
	out := code[:0]
	for k := range code {
		if !dead[k] {
			out = append(out, code[k])
		}
	}
	return out
}

// gatherAxpyLoop sets dst[j] = a[ia[j]] + b[ib[j]]·x[j]; ia and ib may be the same slice.
func gatherAxpyLoop(dst, a []float64, ia []int, b []float64, ib []int, x []float64) {
	ia, ib, x = ia[:len(dst)], ib[:len(dst)], x[:len(dst)]
	if len(ia) > 0 && &ia[0] == &ib[0] {
		for j, k := range ia {
			dst[j] = a[k] + float64(b[k]*x[j])
		}
		return
	}
	for j, k := range ia {
		dst[j] = a[k] + float64(b[ib[j]]*x[j])
	}
}

// scatterPairLoop adds d[j] into da[ia[j]] and x[j]·d[j] into db[ib[j]], for each j in order;
// ia and ib may be the same slice.
func scatterPairLoop(da []float64, ia []int, db []float64, ib []int, d, x []float64) {
	ib, d, x = ib[:len(ia)], d[:len(ia)], x[:len(ia)]
	if len(ia) > 0 && &ia[0] == &ib[0] {
		for j, k := range ia {
			v := d[j]
			da[k] += v
			db[k] += float64(x[j] * v)
		}
		return
	}
	for j, k := range ia {
		v := d[j]
		da[k] += v
		db[ib[j]] += float64(x[j] * v)
	}
}
