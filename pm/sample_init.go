package pm

import (
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"sort"
	"strings"

	"github.com/gopymc/gopymc/approximations"
	"github.com/gopymc/gopymc/callbacks"
	"github.com/gopymc/gopymc/config"
	"github.com/gopymc/gopymc/graph"
	"github.com/gopymc/gopymc/mcmc"
	"github.com/gopymc/gopymc/optimizers"
	"github.com/gopymc/gopymc/opvi"
	"gonum.org/v1/gonum/mat"
	"gorgonia.org/tensor"
)

// NUTS initialisations run through ADVI (PyMC's init_nuts).
const (
	initADVI            = "advi"
	initADVIAdaptDiag   = "advi+adapt_diag"
	defaultNInit        = 200000 // PyMC's pm.sample n_init
	adviAdaptDiagWeight = 50     // PyMC's weight of the ADVI variance in advi+adapt_diag
	initStartStream     = 0x696e6974
)

// initNames lists the initialisations Sample knows, for errors.
var initNames = []string{mcmc.InitJitterAdaptDiag, mcmc.InitAdaptDiag, initADVIAdaptDiag, initADVI}

// checkInit resolves the Init option: "auto" is "jitter+adapt_diag", names are
// case-insensitive as in PyMC.
func checkInit(name string) (string, error) {
	n := strings.ToLower(name)
	if n == "auto" {
		n = mcmc.InitJitterAdaptDiag
	}
	for _, k := range initNames {
		if n == k {
			return n, nil
		}
	}
	return "", fmt.Errorf("pm: Sample: unknown initializer Init(%q); use one of %q (the default is %q)", name, initNames, mcmc.InitJitterAdaptDiag)
}

// setStarts fills set.Start from the Start and StartChains options: points by variable name,
// the missing variables at the model's initial point, as PyMC's update_start_vals does.
func setStarts(m *Model, s *config.Settings, set *mcmc.Settings, chains int) error {
	var points []map[string]any
	switch {
	case s.Given("Start") && s.Given("StartChains"):
		return fmt.Errorf("pm: Sample: give Start or StartChains, not both")
	case s.Given("Start"):
		points = []map[string]any{s.Start}
	case s.Given("StartChains"):
		if len(s.StartChains) != chains {
			return fmt.Errorf("pm: Sample: StartChains has %d points for %d chains; give one per chain", len(s.StartChains), chains)
		}
		points = s.StartChains
	default:
		return nil
	}
	set.Start = make([][]float64, len(points))
	for c, p := range points {
		x, err := startPoint(m, p)
		if err != nil {
			if len(points) > 1 {
				return fmt.Errorf("pm: Sample: start of chain %d: %w", c, err)
			}
			return fmt.Errorf("pm: Sample: start: %w", err)
		}
		set.Start[c] = x
	}
	return nil
}

// startPoint maps one start point to the flat vector. Deterministics may be present (a point
// of a trace) and are ignored; any other name the model does not have is an error, as in
// PyMC's check_start_vals.
func startPoint(m *Model, p map[string]any) ([]float64, error) {
	free := make(map[string]any, len(p))
	var unknown []string
	for name, v := range p {
		if _, ok := m.FreeVar(name); ok {
			free[name] = v
			continue
		}
		isDet := false
		for _, d := range m.Deterministics() {
			isDet = isDet || d.Name == name
		}
		if !isDet {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		var valid []string
		for _, v := range m.FreeVars() {
			valid = append(valid, v.Name)
		}
		return nil, fmt.Errorf("some start parameters do not appear in the model: %q (the free variables are %q)", unknown, valid)
	}
	return m.InitialPointWith(free)
}

// initFromADVI runs ADVI as PyMC's init_nuts does for "advi" and "advi+adapt_diag", and sets
// the chains' start points (draws from the approximation, unless given) and the mass matrix
// (the approximation's variances: adapted further from weight 50 with its mean, or fixed).
func initFromADVI(ctx context.Context, m *Model, init string, s *config.Settings, set *mcmc.Settings, chains int, out io.Writer) error {
	n := defaultNInit
	if s.Given("NInit") {
		if s.NInit < 1 {
			return fmt.Errorf("pm: Sample: NInit must be >= 1, got %d", s.NInit)
		}
		n = s.NInit
	}
	opts := []Option{Method("advi"), N(n), Seed(s.Seed), Output(out),
		Callbacks(callbacks.NewCheckParametersConvergence(callbacks.Tolerance(1e-2), callbacks.Diff("absolute")),
			callbacks.NewCheckParametersConvergence(callbacks.Tolerance(1e-2), callbacks.Diff("relative"))),
		ObjOptimizer(optimizers.AdagradWindow(0))}
	if s.Given("Progressbar") {
		opts = append(opts, Progressbar(s.Progressbar))
	}
	approx, err := opvi.FitContext(ctx, m, opts...)
	if err != nil {
		return fmt.Errorf("pm: Sample: init %q: %w", init, err)
	}
	if set.Start == nil {
		rng := rand.New(rand.NewPCG(s.Seed, initStartStream))
		set.Start = make([][]float64, chains)
		for c := range set.Start {
			set.Start[c] = make([]float64, approx.Dim())
			approx.DrawFlat(set.Start[c], rng, false)
		}
	}
	sd := approx.StdValues()
	set.InvMass = make([]float64, len(sd))
	for i, v := range sd {
		set.InvMass[i] = v * v
	}
	if init == initADVI {
		set.FixedMass = true
	} else {
		set.AdaptMean, set.InvMassWeight = approx.MeanValues(), adviAdaptDiagWeight
	}
	return nil
}

// scalingInvMass turns the Scaling option into the inverse mass matrix (diagonal d, or dense
// d×d row-major).
func scalingInvMass(v any, isCov bool, d int) ([]float64, error) {
	var data []float64
	var shape []int
	switch x := v.(type) {
	case nil:
		return nil, fmt.Errorf("pm: Sample: Scaling: nil")
	case approximations.Approximation:
		if err := x.CheckModel(); err != nil {
			return nil, fmt.Errorf("pm: Sample: Scaling: %w", err)
		}
		if x.Dim() != d {
			return nil, fmt.Errorf("pm: Sample: Scaling: the approximation has %d unconstrained coordinates, the model %d (is it an approximation of another model?)", x.Dim(), d)
		}
		cov, err := graph.Eval(x.Cov())
		if err != nil {
			return nil, fmt.Errorf("pm: Sample: Scaling: the approximation's covariance: %w", err)
		}
		t, ok := cov.(*tensor.Dense)
		if !ok {
			return nil, fmt.Errorf("pm: Sample: Scaling: the approximation's covariance is a %T", cov)
		}
		data, shape, isCov = t.Float64s(), []int(t.Shape()), true
		if isDiagonal(data, d) {
			diag := make([]float64, d)
			for i := range diag {
				diag[i] = data[i*d+i]
			}
			data, shape = diag, []int{d}
		}
	case []float64:
		data, shape = x, []int{len(x)}
	case [][]float64:
		for i, row := range x {
			if len(row) != len(x) {
				return nil, fmt.Errorf("pm: Sample: Scaling: row %d has %d entries; the matrix must be %d×%d", i, len(row), len(x), len(x))
			}
			data = append(data, row...)
		}
		shape = []int{len(x), len(x)}
	case *tensor.Dense:
		if err := graph.CheckDense(x); err != nil {
			return nil, fmt.Errorf("pm: Sample: Scaling: %w", err)
		}
		f, ok := x.Data().([]float64)
		if !ok {
			return nil, fmt.Errorf("pm: Sample: Scaling: a tensor of dtype %v, want float64", x.Dtype())
		}
		data, shape = f, []int(x.Shape())
	default:
		return nil, fmt.Errorf("pm: Sample: Scaling: cannot use a %T (want []float64, [][]float64, *tensor.Dense or an Approximation)", v)
	}
	switch {
	case len(shape) == 1 && shape[0] == d:
	case len(shape) == 2 && shape[0] == d && shape[1] == d:
	default:
		return nil, fmt.Errorf("pm: Sample: Scaling has shape %v; the model has %d unconstrained coordinates: give %d values (a diagonal) or a %d×%d matrix", shape, d, d, d, d)
	}
	for i, x := range data {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("pm: Sample: Scaling: entry %d is %v", i, x)
		}
	}
	out := append([]float64(nil), data...)
	if isCov {
		return out, nil
	}
	if len(shape) == 1 { // a diagonal mass matrix: invert each entry
		for i, x := range out {
			if !(x > 0) {
				return nil, fmt.Errorf("pm: Sample: Scaling: the mass matrix's diagonal entry %d is %v; it must be > 0", i, x)
			}
			out[i] = 1 / x
		}
		return out, nil
	}
	for i := range d {
		for j := range i {
			if a, b := out[i*d+j], out[j*d+i]; math.Abs(a-b) > 1e-10*math.Max(1, math.Max(math.Abs(a), math.Abs(b))) {
				return nil, fmt.Errorf("pm: Sample: Scaling: the mass matrix is not symmetric: entry (%d, %d) is %g, entry (%d, %d) is %g", i, j, a, j, i, b)
			}
		}
	}
	var chol mat.Cholesky
	if ok := chol.Factorize(mat.NewSymDense(d, out)); !ok {
		return nil, fmt.Errorf("pm: Sample: Scaling: the mass matrix is not symmetric positive definite")
	}
	var inv mat.SymDense
	if err := chol.InverseTo(&inv); err != nil {
		return nil, fmt.Errorf("pm: Sample: Scaling: inverting the mass matrix: %w", err)
	}
	for i := range d {
		for j := range d {
			out[i*d+j] = inv.At(i, j)
		}
	}
	return out, nil
}

// isDiagonal reports whether the d×d matrix a has only zeros off its diagonal.
func isDiagonal(a []float64, d int) bool {
	for i := range d {
		for j := range d {
			if i != j && a[i*d+j] != 0 {
				return false
			}
		}
	}
	return true
}

// Point returns draw draw of chain chain of a trace as a point by variable name (PyMC's
// trace.point(draw, chain), or approx.sample()[0]), each value a float64 for a scalar
// variable, else a *tensor.Dense of the variable's shape: a start point for Sample.
func Point(tr *Trace, chain, draw int) (map[string]any, error) {
	if tr == nil {
		return nil, fmt.Errorf("pm: Point: nil trace")
	}
	if chain < 0 || chain >= tr.Chains() {
		return nil, fmt.Errorf("pm: Point: chain %d out of range [0, %d)", chain, tr.Chains())
	}
	if draw < 0 || draw >= tr.Draws(chain) {
		return nil, fmt.Errorf("pm: Point: draw %d out of range [0, %d) of chain %d", draw, tr.Draws(chain), chain)
	}
	p := make(map[string]any, len(tr.Vars()))
	for _, v := range tr.Vars() {
		size := tr.Size(v.Name)
		vals := tr.ChainValues(v.Name, chain)[draw*size : (draw+1)*size]
		if len(v.Shape) == 0 {
			p[v.Name] = vals[0]
		} else {
			p[v.Name] = tensor.New(tensor.WithShape(v.Shape...), tensor.WithBacking(append([]float64(nil), vals...)))
		}
	}
	return p, nil
}
