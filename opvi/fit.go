package opvi

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/gopymc/gopymc/approximations"
	"github.com/gopymc/gopymc/config"
	"github.com/gopymc/gopymc/model"
)

// Constructor makes an Inference of a method for a model from the inference options (PyMC's
// inf_kwargs plus seed and start).
type Constructor func(m *model.Model, opts ...config.Option) (*Inference, error)

// methods is pm.fit's method table.
var methods = map[string]Constructor{
	"advi":          NewADVI,
	"fullrank_advi": NewFullRankADVI,
}

// methodArgs are the methods written "name=arg", as PyMC3's "nfvi=planar*10".
var methodArgs = map[string]methodArg{}

// methodArg is how a method takes an argument: its name in messages, and the constructor
// option it becomes.
type methodArg struct {
	name     string
	toOption func(arg string) config.Option
}

// Register adds a method to Fit's table under a lower-case name.
func Register(name string, c Constructor) { methods[strings.ToLower(name)] = c }

// RegisterArg lets Fit take a registered method as "name=arg", passing arg to its
// constructor as the option toOption(arg); argName names arg in messages ("formula").
func RegisterArg(name, argName string, toOption func(arg string) config.Option) {
	methodArgs[strings.ToLower(name)] = methodArg{argName, toOption}
}

// methodList is Methods, with "name=<arg>" after each method that takes an argument.
func methodList() []string {
	var out []string
	for _, n := range Methods() {
		out = append(out, n)
		if a, ok := methodArgs[n]; ok {
			out = append(out, n+"=<"+a.name+">")
		}
	}
	return out
}

// Methods lists the method names Fit knows, sorted.
func Methods() []string {
	names := make([]string, 0, len(methods))
	for k := range methods {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}

// Fit is pm.fit: it makes the inference named by the Method option (default "advi",
// case-insensitive), fits it for N iterations (default 10000) and returns the approximation.
// Seed, Start, StartSigma (advi only) and InfKwargs go to the inference's constructor; the
// other options to Inference.Fit. Fit uses context.Background internally; see FitContext.
func Fit(m *model.Model, opts ...config.Option) (approximations.Approximation, error) {
	return FitContext(context.Background(), m, opts...)
}

// FitContext is Fit with a context that interrupts the fit when cancelled.
func FitContext(ctx context.Context, m *model.Model, opts ...config.Option) (approximations.Approximation, error) {
	if err := m.Err(); err != nil {
		return nil, err
	}
	s := &config.Settings{}
	method := "advi"
	var ctorOpts, fitOpts []config.Option
	for _, o := range opts {
		if o == nil {
			return nil, fmt.Errorf("pm: Fit: nil option")
		}
		switch o.Name() {
		case "Method", "N", "InfKwargs":
			if err := s.Apply("Fit", []config.Option{o}, o.Name()); err != nil {
				return nil, err
			}
		case "Seed", "Start", "StartSigma":
			ctorOpts = append(ctorOpts, o)
		default:
			fitOpts = append(fitOpts, o)
		}
	}
	if s.Given("Method") && s.Inference != nil {
		return fitInference(ctx, m, s, ctorOpts, fitOpts)
	}
	if s.Given("Method") {
		method = strings.ToLower(s.Method)
	}
	method, arg, hasArg := strings.Cut(method, "=")
	ctor, ok := methods[method]
	marg, takesArg := methodArgs[method]
	if !ok || (hasArg && !takesArg) {
		return nil, fmt.Errorf("pm: Fit: method should be one of %v, got %q", methodList(), s.Method)
	}
	if hasArg {
		o := marg.toOption(arg)
		for _, k := range s.InfKwargs {
			if k != nil && k.Name() == o.Name() {
				return nil, fmt.Errorf("pm: Fit: method %q gives %v, and InfKwargs gives %v: give it once", s.Method, o, k)
			}
		}
		ctorOpts = append([]config.Option{o}, ctorOpts...)
	}
	for _, o := range ctorOpts {
		if o.Name() == "StartSigma" && method != "advi" {
			return nil, fmt.Errorf("pm: Fit: start_sigma is only available for method advi, not %q", method)
		}
	}
	n := 10000
	if s.Given("N") {
		n = s.N
	}
	inf, err := ctor(m, append(ctorOpts, s.InfKwargs...)...)
	if err != nil {
		return nil, err
	}
	return inf.FitContext(ctx, n, fitOpts...)
}

// fitInference fits an Inference given as the Method (PyMC's pm.fit(method=inference)).
// PyMC ignores start, random_seed and inf_kwargs then (pymc-devs/pymc#7534); Fit reports
// them as errors instead, since the inference was made with its own.
func fitInference(ctx context.Context, m *model.Model, s *config.Settings, ctorOpts, fitOpts []config.Option) (approximations.Approximation, error) {
	inf, ok := s.Inference.(*Inference)
	if !ok || inf == nil {
		return nil, fmt.Errorf("pm: Fit: method should be one of %v or an *Inference, got %T", Methods(), s.Inference)
	}
	if inf.model != m {
		return nil, fmt.Errorf("pm: Fit: the inference %v is of another model", inf)
	}
	for _, o := range ctorOpts {
		return nil, fmt.Errorf("pm: Fit: option %v does not apply when Method is an inference (give it to the inference's constructor)", o)
	}
	if s.Given("InfKwargs") {
		return nil, fmt.Errorf("pm: Fit: InfKwargs does not apply when Method is an inference (give them to its constructor)")
	}
	n := 10000
	if s.Given("N") {
		n = s.N
	}
	return inf.FitContext(ctx, n, fitOpts...)
}
