package approximations

import (
	"fmt"
	"math/rand/v2"
	"sync/atomic"

	"github.com/gopymc/gopymc/config"
	"github.com/gopymc/gopymc/graph"
	"github.com/gopymc/gopymc/model"
	"github.com/gopymc/gopymc/trace"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Approximation is a distribution over a model's free variables in unconstrained space.
//
// The approximations of this package (MeanField, FullRank, Empirical, NormalizingFlow) are
// its only implementations: they share the parameter vector, the statistics' nodes,
// SampleNode and the loss history of an unexported base, which the unexported method marks. Being closed, the
// interface also gets no proxy type in gophernotes, so that pm, which names it Approximation
// too, and this package import together in one notebook cell.
type Approximation interface {
	// Model is the model the approximation is over.
	Model() *model.Model
	// Dim is the length of the flat unconstrained vector (the model's Dim).
	Dim() int
	// FlatParams returns the live parameters, concatenated in PyMC's order (params sorted by
	// name): mu, rho for MeanField; L_tril, mu for FullRank; histogram for Empirical.
	FlatParams() []float64
	// DescribeParam says which parameter and variable element flat parameter i is, e.g.
	// `mu of "x"[0]`, for error messages.
	DescribeParam(i int) string
	// SharedParams returns the parameters as nodes of the model's graph, by PyMC's names.
	SharedParams() map[string]*G.Node
	// Mean, Std and Cov are nodes of the model's graph whose values are the approximation's
	// mean, standard deviations and covariance over the flat vector, always current: evaluate
	// them with graph.Eval (pm.Eval), the .eval() of PyMC's approx.mean.
	Mean() *G.Node
	Std() *G.Node
	Cov() *G.Node
	// Sample draws from the approximation and returns a one-chain trace holding, per draw,
	// every free variable in constrained space, the transformed values and the
	// deterministics. Options: PSISResample (PSIS-resampled draws), MoreReplacements and
	// Output (see base.Sample).
	Sample(draws int, opts ...config.Option) (*trace.Trace, error)
	// Hist is the loss history of the fits that set it (one loss per iteration).
	Hist() []float64
	// SetHist records the loss history; the fit loop calls it.
	SetHist(h []float64)
	// DrawFlat writes one draw of the flat vector into z from rng (the mean when useMean).
	DrawFlat(z []float64, rng *rand.Rand, useMean bool)
	// SampleNode returns a node evaluating expr at fresh draws from the approximation (see
	// base.SampleNode for the options).
	SampleNode(expr *G.Node, opts ...config.Option) (*G.Node, error)
	// RSlice is SampleNode of a free variable's value variable (by its name or the
	// variable's): its draws in unconstrained space.
	RSlice(name string, opts ...config.Option) (*G.Node, error)
	// SampleDict draws draws points and returns each value variable's draws, with a leading
	// axis of length draws (PyMC's sample_dict_fn).
	SampleDict(draws int) (map[string]*tensor.Dense, error)
	// MeanValues and StdValues are the current mean and standard deviations of the flat
	// vector.
	MeanValues() []float64
	StdValues() []float64
	String() string
	// CheckModel returns nil while the model is as it was when the approximation was made,
	// and otherwise an error wrapping model.ErrChanged that says what the model gained since
	// (a free variable, an observed variable, a potential: re-running a notebook cell that
	// adds one, say). Sample, SampleNode, SampleDict, Function, PSIS, Save, and Fit and
	// Refine of an Inference return that error instead of indexing a flat vector of
	// another length or fitting a model that is no longer the user's.
	CheckModel() error

	// common returns the machinery the implementations share.
	common() *base
}

// approxIDs numbers approximations, so that their parameter nodes have unique names.
var approxIDs atomic.Uint64

// base holds what every approximation shares: the model, the flat parameter vector and its
// Shared views, the random stream for draws and the loss history.
type base struct {
	kind    string
	id      uint64
	model   *model.Model
	version int // the model's version when the approximation was made
	order   []model.VarInfo
	dim     int
	params  []float64 // live parameters in PyMC order
	names   []string  // parameter names in PyMC order
	starts  []int     // offset of each parameter in params
	shared  map[string]*graph.Shared
	rng     *rand.Rand
	src     *rand.PCG // rng's source, whose state Save writes
	hist    []float64
	sample  *sampler      // lazily made by Sample
	self    Approximation // the approximation embedding this base

	mean, std, cov *G.Node // the statistics' nodes, made by the constructor
}

// newBase makes the parts of an approximation of m with parameters of the given sizes.
func newBase(kind string, m *model.Model, seed uint64, names []string, sizes []int) (*base, error) {
	if err := m.Err(); err != nil {
		return nil, err
	}
	if len(m.FreeVars()) == 0 {
		return nil, fmt.Errorf("approximations: the model does not have any free variables")
	}
	for _, v := range m.FreeVars() {
		if v.Dist.Discrete() {
			return nil, fmt.Errorf("approximations: Discrete variables are not supported by VI: %s (%s)", v.Name, v.Dist.Name())
		}
	}
	src := rand.NewPCG(seed, 0x61707072)
	b := &base{kind: kind, id: approxIDs.Add(1), model: m, version: m.Version(), order: m.Ordering(), dim: m.Dim(),
		names: names, shared: map[string]*graph.Shared{}, rng: rand.New(src), src: src}
	total := 0
	for _, s := range sizes {
		b.starts = append(b.starts, total)
		total += s
	}
	b.params = make([]float64, total)
	return b, nil
}

// share exposes parameter i as a Shared node of the model's graph, viewing its slice of the
// flat parameters with the given shape.
func (b *base) share(i int, shape ...int) error {
	lo := b.starts[i]
	hi := len(b.params)
	if i+1 < len(b.starts) {
		hi = b.starts[i+1]
	}
	t := tensor.New(tensor.WithShape(shape...), tensor.WithBacking(b.params[lo:hi]))
	name := fmt.Sprintf("%s#%d.%s", b.kind, b.id, b.names[i])
	s, err := graph.NewSharedFrom(b.model.Graph(), name, t)
	if err != nil {
		return fmt.Errorf("approximations: %w", err)
	}
	b.shared[b.names[i]] = s
	return nil
}

// CheckModel implements Approximation.
func (b *base) CheckModel() error {
	return b.model.CheckVersion(b.version, fmt.Sprintf("approximations: the %s approximation", b.kind))
}

func (b *base) common() *base         { return b }
func (b *base) Model() *model.Model   { return b.model }
func (b *base) Dim() int              { return b.dim }
func (b *base) FlatParams() []float64 { return b.params }
func (b *base) Hist() []float64       { return b.hist }
func (b *base) SetHist(h []float64)   { b.hist = h }
func (b *base) param(i int) []float64 {
	hi := len(b.params)
	if i+1 < len(b.starts) {
		hi = b.starts[i+1]
	}
	return b.params[b.starts[i]:hi]
}

// Mean is a node holding the approximation's mean.
func (b *base) Mean() *G.Node { return b.mean }

// Std is a node holding the approximation's standard deviations.
func (b *base) Std() *G.Node { return b.std }

// Cov is a node holding the approximation's covariance.
func (b *base) Cov() *G.Node { return b.cov }

// setStats makes the statistics' nodes: the mean, and sd and covariance from a builder.
func (b *base) setStats(mean *G.Node, std, cov func() (*G.Node, error)) (err error) {
	defer recoverTo(&err)
	b.mean = mean
	if b.std, err = std(); err != nil {
		return fmt.Errorf("approximations: %s: the sd node: %w", b.kind, err)
	}
	if b.cov, err = cov(); err != nil {
		return fmt.Errorf("approximations: %s: the covariance node: %w", b.kind, err)
	}
	return nil
}

func (b *base) SharedParams() map[string]*G.Node {
	out := make(map[string]*G.Node, len(b.shared))
	for k, s := range b.shared {
		out[k] = s.Node()
	}
	return out
}

// DescribeParam names flat parameter i: the parameter and, for per-coordinate parameters,
// the variable element.
func (b *base) DescribeParam(i int) string {
	k := len(b.starts) - 1
	for k > 0 && b.starts[k] > i {
		k--
	}
	j := i - b.starts[k]
	if len(b.param(k)) == b.dim {
		return fmt.Sprintf("%s of %s", b.names[k], b.element(j))
	}
	return fmt.Sprintf("%s[%d]", b.names[k], j)
}

// element names coordinate j of the flat vector: `"x"[2]`.
func (b *base) element(j int) string {
	for _, o := range b.order {
		if j >= o.Offset && j < o.Offset+o.Size {
			return fmt.Sprintf("%q[%d]", o.ValueName, j-o.Offset)
		}
	}
	return fmt.Sprintf("[%d]", j)
}

// startOptions are the options approximations take at construction.
var startOptions = []string{"Seed", "Start"}

// startPoint is the model's initial point with the Start option applied.
func startPoint(m *model.Model, s *config.Settings) ([]float64, error) {
	var overrides map[string]any
	if s.Given("Start") {
		overrides = s.Start
	}
	x, err := m.InitialPointWith(overrides)
	if err != nil {
		return nil, fmt.Errorf("approximations: %w", err)
	}
	return x, nil
}
