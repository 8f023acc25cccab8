package graph

import (
	"fmt"
	"reflect"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// The executor's contract (DESIGN.md, "Additions for the second milestone"): a compiled
// Function gives what Gorgonia's TapeMachine gives, for every op a user can put in a graph,
// on every run. So the plan runs a Gorgonia op only when its type is on this list, each
// entry checked by the wall (wall_test.go: value and gradient against the TapeMachine and
// finite differences, repeated runs, poisoned buffers, parallel copies) and by the fuzz
// target. Ops Compile replaces (substitute.go) reach the plan only when Grad builds them,
// and the ops below marked refused are compile errors naming the op, never a wrong number.
// gopymc's own ops and users' custom ops are not Gorgonia's and are not on the list: a
// custom op runs through its Do (see plan).

// opStatus is what the plan does with a Gorgonia op type.
type opStatus struct {
	run    bool   // false: refused
	reason string // why it is refused, or how it runs
}

// gorgoniaOps lists every op type of gorgonia v0.9.18 by its Go type name.
var gorgoniaOps = map[string]opStatus{
	// Checked: element-wise and reduction ops, run by the fast path (fastops.go,
	// fastshape.go) on float64 and through Do or UsePreallocDo otherwise.
	"gorgonia.elemUnaryOp": {true, "fast path on float64; Log2 and InverseSqrt substituted; Sign, Ceil, Floor with a zero gradient"},
	"gorgonia.elemBinOp":   {true, "fast path on float64 (arithmetic and comparisons); comparisons with a zero gradient"},
	"gorgonia.sumOp":       {true, "fast path for vector sums, Do otherwise"},
	"*gorgonia.maxOp":      {true, "fast path for vector maxima, Do otherwise"},
	"gorgonia.sizeOp":      {true, "fast path"},
	"gorgonia.reshapeOp":   {true, "fast path on float64"},
	"gorgonia.repeatOp":    {true, "fast path on float64 (the broadcasts' repeat)"},
	"*gorgonia.repeatOp":   {true, "fast path on float64 (the broadcasts' repeat)"},
	"gorgonia.linAlgBinOp": {true, "fast path for float64 matrix products, matrix-vector products and outer products (fastmatmul.go); UsePreallocDo otherwise (BLAS with beta 0 overwrites the buffer); OuterProd substituted"},
	"gorgonia.tensordotOp": {true, "Do"},
	"*gorgonia.sliceOp":    {true, "Do; slices with a step that drops the last element refused"},
	"gorgonia.sliceIncrOp": {true, "UsePreallocDo on a zeroed buffer (it adds into the buffer: issue 12)"},
	"gorgonia.transposeOp": {true, "Do"},
	"gorgonia.concatOp":    {true, "Do"},
	"gorgonia.minBetween":  {true, "UsePreallocDo"},
	"gorgonia.maxBetween":  {true, "UsePreallocDo"},
	"*gorgonia.dtConvOp":   {true, "Do (ConvType); not differentiable"},

	// Substituted by Compile (substitute.go); refused should Grad ever build one.
	"*gorgonia.softmaxOp":         {false, "substituted by gopymc's softmax when compiling"},
	"*gorgonia.softmaxDiffOp":     {false, "the gradient of Gorgonia's softmax, which Compile substitutes"},
	"*gorgonia.byIndicesOp":       {false, "substituted by graph.Take when compiling"},
	"*gorgonia.byIndicesOpDiffOp": {false, "wrong gradient on vectors with repeated indices; Compile substitutes graph.Take"},
	"gorgonia.atOp":               {false, "a statement on the TapeMachine; Compile substitutes slices"},

	// Refused: not deterministic from a seed, not differentiable correctly, or not checked.
	"gorgonia.randomOp":             {false, "Gorgonia's random nodes cannot be seeded and merge into one node; use graph.RandomNormal, RandomUniform or RandomIndices"},
	"*gorgonia.dropoutOp":           {false, "dropout draws from an unseeded global stream; use graph.RandomUniform and a comparison"},
	"*gorgonia.dropoutDiffOp":       {false, "dropout draws from an unseeded global stream"},
	"gorgonia.diagFlatOp":           {false, "DiagFlat does not build a usable node in Gorgonia v0.9.18"},
	"*gorgonia.clampOp":             {false, "not checked by gopymc's executor"},
	"*gorgonia.sparsemaxOp":         {false, "not checked by gopymc's executor"},
	"*gorgonia.sparsemaxDiffOp":     {false, "not checked by gopymc's executor"},
	"gorgonia.im2colOp":             {false, "convolutions are not checked by gopymc's executor"},
	"gorgonia.col2imOp":             {false, "convolutions are not checked by gopymc's executor"},
	"*gorgonia.maxPoolOp":           {false, "pooling is not checked by gopymc's executor"},
	"*gorgonia.maxPoolDiffOp":       {false, "pooling is not checked by gopymc's executor"},
	"*gorgonia.avgPoolOp":           {false, "pooling is not checked by gopymc's executor"},
	"*gorgonia.avgPoolDiffOp":       {false, "pooling is not checked by gopymc's executor"},
	"*gorgonia.globalAveragePoolOp": {false, "pooling is not checked by gopymc's executor"},
	"*gorgonia.BatchNormOp":         {false, "batch normalisation keeps running statistics between runs"},
	"*gorgonia.batchnormDiffOp":     {false, "batch normalisation keeps running statistics between runs"},
	"*gorgonia.GroupNormOp":         {false, "not checked by gopymc's executor"},
	"*gorgonia.groupNormDiffOp":     {false, "not checked by gopymc's executor"},
	"*gorgonia.ctcLossOp":           {false, "not checked by gopymc's executor"},
	"*gorgonia.ctcLossDiffOp":       {false, "not checked by gopymc's executor"},
	"*gorgonia.yoloOp":              {false, "not checked by gopymc's executor"},
	"*gorgonia.upsampleOp":          {false, "not checked by gopymc's executor"},
	"*gorgonia.upsampleDiffOp":      {false, "not checked by gopymc's executor"},
	"*gorgonia.ExternalOp":          {false, "not checked by gopymc's executor"},
	"gorgonia.Iop":                  {false, "not checked by gopymc's executor"},
	"gorgonia.devTrans":             {false, "device transfers have no place on the CPU"},
	"gorgonia.letOp":                {false, "a statement (Let)"},
	"gorgonia.readOp":               {false, "a statement (Read)"},
	"gorgonia.constantScalar":       {true, "a constant"},
	"gorgonia.constantTensor":       {true, "a constant"},
}

// checkRunnable returns an error naming n's op when the plan may not run it: a Gorgonia op
// that is refused or not on the list, or a slice whose length differs from NumPy's.
func checkRunnable(n *G.Node) error {
	op := unwrapZeroGrad(n.Op())
	if !isGorgoniaOp(op) {
		return nil
	}
	name := opTypeName(op)
	st, ok := gorgoniaOps[name]
	if !ok {
		st = opStatus{false, "not on the list of Gorgonia ops checked by gopymc's executor"}
	}
	if !st.run {
		return nodeErr("compile", n, fmt.Errorf("op %v (Gorgonia's %s) is not supported: %s", op, name, st.reason))
	}
	if name == "*gorgonia.sliceOp" {
		return checkSliceLength(n)
	}
	return nil
}

// checkSliceLength refuses a slice with a step whose length, as Gorgonia's tensor computes
// it, is not NumPy's: tensor v0.9.24 gives (end-start)/step elements, rounded down, so
// x[0:5:2] drops x[4].
func checkSliceLength(n *G.Node) error {
	v := reflect.ValueOf(n.Op())
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	f := v.FieldByName("Slice")
	along := v.FieldByName("along")
	if !f.IsValid() || f.IsNil() || !along.IsValid() {
		return nil
	}
	s, ok := f.Interface().(tensor.Slice)
	if !ok || s.Step() <= 1 {
		return nil
	}
	start, end, step := s.Start(), s.End(), s.Step()
	if want := (end - start + step - 1) / step; want != (end-start)/step {
		return nodeErr("compile", n, fmt.Errorf("the slice [%d:%d:%d] along axis %d has %d elements in NumPy, and Gorgonia's tensor keeps %d (it drops the last): a step must divide end-start", start, end, step, int(along.Int()), want, (end-start)/step))
	}
	return nil
}
