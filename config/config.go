package config

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/gopymc/gopymc/callbacks"
	"github.com/gopymc/gopymc/optimizers"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Option is one of pm's functional options: it sets a field of Settings.
type Option interface {
	// Name is the option's name as pm spells it, e.g. "Draws".
	Name() string
	// String shows the option with its value, e.g. "Draws(1000)".
	String() string
	apply(*Settings)
}

// Replacement is one entry of PyMC's more_replacements: Node is replaced by With (a node of
// the same graph or a value).
type Replacement struct {
	Node *G.Node
	With any
}

// Settings is what options set. A field is meaningful only when its option was given
// (Given); consumers fill in their own defaults.
type Settings struct {
	given []string

	// Model variables.
	Shape     []int
	Observed  any
	TotalSize []int
	InitVal   any
	Tau       bool // the precision parametrisation of Normal-like families
	Transform bool // false when NoTransform was given

	// Shared by algorithms.
	Seed        uint64
	Progressbar bool
	Output      io.Writer // where progress bars and log lines go; nil silences them

	// Sampling.
	Draws, Tune, Chains, Cores int
	TargetAccept               float64
	MaxTreedepth               int
	Init                       string
	Adaptation                 string

	// Fitting.
	Method                  string
	N                       int
	Start                   map[string]any
	StartSigma              map[string]any
	ObjNMC                  int
	ObjOptimizer            optimizers.Optimizer
	TotalGradNormConstraint float64
	Callbacks               []callbacks.Callback
	MoreReplacements        []Replacement
	InfKwargs               []Option
	Beta                    float64
	ScaleCostToMinibatch    bool

	// SVGD and ASVGD.
	Particles   int
	Jitter      float64
	Temperature float64

	// Normalizing flows (NFVI, NormalizingFlow): the flow formula. Their jitter is Jitter.
	Flow string

	// SampleNode.
	Size     int
	SizeNode *G.Node
	UseMean  bool

	// Eval.
	Givens []Given

	// PSIS diagnostic and resampling (issue 19).
	PSISProposals int           // Sample's PSISResample: draws weighed before resampling
	PSISDraws     int           // Fit's ReportPSIS: draws of the k-hat line after a fit
	PSISReplace   []Replacement // Fit's ReportPSIS: replacements restoring the full data

	// Step sizes that need no tuning (issue 19).
	AdaptEtaIterations int     // Fit's AdaptEta: iterations per trial step size
	AveragingEta       float64 // Fit's Averaging: polynomial averaging's eta

	// Minibatch.
	Aligned          []any
	InMemorySize     []int
	UpdateSharedFunc func() (*tensor.Dense, error)

	// Predictive sampling, compiled posterior functions, NUTS initialisation and mass
	// matrix, DensityDist, and the other calls of PyMC's tutorials beyond the quickstart
	// (issue 14).
	VarNames          []string
	Samples           int
	StartChains       []map[string]any
	NInit             int
	Scaling           any
	IsCov             bool
	CustomTransform   any // a distributions.Transform (the Transform option)
	Random            any // DensityDist's random function
	Inference         any // an *opvi.Inference given to Method
	CostPartGradScale any // a float64 or a Shared value's node
}

// Given binds an input node to a value for Eval.
type Given struct {
	Node  *G.Node
	Value any
}

// Given reports whether the option called name was given.
func (s *Settings) Given(name string) bool { return slices.Contains(s.given, name) }

// Collect applies opts to fresh Settings for the named target (e.g. "Fit"), and returns an
// error if an option is nil or its name is not among allowed.
func Collect(target string, opts []Option, allowed ...string) (*Settings, error) {
	s := &Settings{Transform: true}
	if err := s.Apply(target, opts, allowed...); err != nil {
		return nil, err
	}
	return s, nil
}

// Apply applies more options to s, with the same checks as Collect.
func (s *Settings) Apply(target string, opts []Option, allowed ...string) error {
	for i, o := range opts {
		if o == nil {
			return fmt.Errorf("pm: %s: option %d is nil", target, i)
		}
		if !slices.Contains(allowed, o.Name()) {
			return fmt.Errorf("pm: option %v does not apply to %s (it takes %s)", o, target, strings.Join(allowed, ", "))
		}
		o.apply(s)
		if !s.Given(o.Name()) {
			s.given = append(s.given, o.Name())
		}
	}
	return nil
}

// New makes an option called name showing value, which sets Settings with set.
func New(name string, value any, set func(*Settings)) Option {
	return option{name: name, value: value, set: set}
}

type option struct {
	name  string
	value any
	set   func(*Settings)
}

func (o option) Name() string { return o.name }
func (o option) String() string {
	if o.value == nil {
		return o.name + "()"
	}
	return fmt.Sprintf("%s(%v)", o.name, o.value)
}
func (o option) apply(s *Settings) { o.set(s) }
