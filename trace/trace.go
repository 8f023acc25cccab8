package trace

import (
	"errors"
	"fmt"
	"slices"
)

// Var describes one stored variable.
type Var struct {
	// Name is the variable's name, e.g. "x", "sigma", "sigma_log__", "x2". It must be
	// non-empty and unique within a trace.
	Name string
	// Shape is the variable's own shape (without chain and draw axes); nil or empty for a
	// scalar. Dimensions must be non-negative.
	Shape []int
	// Transformed is true for the unconstrained value of a transformed variable
	// (PyMC's "sigma_log__"). Summary leaves such variables out unless named, and the
	// CmdStan CSV writer never writes them.
	Transformed bool
}

// Trace holds draws of a fixed set of variables for a fixed number of chains, and the
// sampler statistics of each draw.
//
// Append, AppendStats, SetChain and SetSamplerInfo on different chains may run
// concurrently (each touches only its own chain); calls on the same chain, and reads
// concurrent with writes, must be synchronised by the caller.
type Trace struct {
	vars   []Var
	sizes  []int // number of elements of each variable
	index  map[string]int
	chains []*chainData
}

// chainData is one chain's storage.
type chainData struct {
	// values[v] holds variable v's draws, draw after draw, each row-major; counts[v] is
	// the number of draws it holds (needed for zero-size variables).
	values [][]float64
	counts []int

	statNames []string
	stats     [][]float64 // stats[s] holds statistic s, one value per draw

	info    SamplerInfo
	hasInfo bool
}

// New returns an empty trace for the given variables and number of chains. The variables
// are copied; a nil Shape is stored as an empty one.
//
// It returns an error if chains < 1, if a name is empty or repeated, or if a dimension is
// negative.
func New(vars []Var, chains int) (*Trace, error) {
	if chains < 1 {
		return nil, fmt.Errorf("trace: chains must be at least 1, got %d", chains)
	}
	t := &Trace{
		vars:  make([]Var, len(vars)),
		sizes: make([]int, len(vars)),
		index: make(map[string]int, len(vars)),
	}
	for i, v := range vars {
		if v.Name == "" {
			return nil, fmt.Errorf("trace: variable %d has an empty name", i)
		}
		if _, dup := t.index[v.Name]; dup {
			return nil, fmt.Errorf("trace: duplicate variable %q", v.Name)
		}
		size := 1
		for _, d := range v.Shape {
			if d < 0 {
				return nil, fmt.Errorf("trace: variable %q has a negative dimension in shape %v", v.Name, v.Shape)
			}
			size *= d
		}
		t.index[v.Name] = i
		t.vars[i] = Var{Name: v.Name, Shape: append([]int{}, v.Shape...), Transformed: v.Transformed}
		t.sizes[i] = size
	}
	t.chains = make([]*chainData, chains)
	for c := range t.chains {
		t.chains[c] = newChainData(len(vars))
	}
	return t, nil
}

func newChainData(nvars int) *chainData {
	return &chainData{values: make([][]float64, nvars), counts: make([]int, nvars)}
}

// chain returns chain c's storage or an error naming the bad index.
func (t *Trace) chain(c int) (*chainData, error) {
	if c < 0 || c >= len(t.chains) {
		return nil, fmt.Errorf("trace: chain %d out of range [0, %d)", c, len(t.chains))
	}
	return t.chains[c], nil
}

// draws returns the number of draws chain c holds: the largest count over its variables
// (all equal unless the chain is being filled variable by variable with SetChain).
func (cd *chainData) draws() int {
	n := 0
	for _, k := range cd.counts {
		n = max(n, k)
	}
	return n
}

// Append adds one draw to chain: values[i] holds variable i's elements (row-major, as many
// as the variable's shape holds), in the order given to New. The values are copied; storage
// grows by amortised appends.
//
// It returns an error, and stores nothing, if chain is out of range, if len(values) is not
// the number of variables, if a slice has the wrong length, or if the chain's variables hold
// different numbers of draws (a chain partly filled with SetChain).
func (t *Trace) Append(chain int, values [][]float64) error {
	cd, err := t.chain(chain)
	if err != nil {
		return err
	}
	if len(values) != len(t.vars) {
		return fmt.Errorf("trace: Append to chain %d: got %d value slices, want %d (one per variable)", chain, len(values), len(t.vars))
	}
	for i, v := range values {
		if len(v) != t.sizes[i] {
			return fmt.Errorf("trace: Append to chain %d: variable %q has %d values, want %d (shape %v)", chain, t.vars[i].Name, len(v), t.sizes[i], t.vars[i].Shape)
		}
	}
	if len(cd.counts) > 0 {
		n := cd.counts[0]
		for i, k := range cd.counts {
			if k != n {
				return fmt.Errorf("trace: Append to chain %d: chain is incomplete: variable %q holds %d draws, %q holds %d", chain, t.vars[0].Name, n, t.vars[i].Name, k)
			}
		}
	}
	for i, v := range values {
		cd.values[i] = append(cd.values[i], v...)
		cd.counts[i]++
	}
	return nil
}

// AppendStats adds one draw's sampler statistics to chain. The names are fixed by the first
// call on each chain; later calls must pass the same names in the same order. PyMC's NUTS
// statistics are "depth", "step_size", "tree_size", "diverging" (stored as 0 or 1),
// "energy", "energy_error", "mean_tree_accept" and "lp"; the CmdStan CSV writer maps these
// to its sampler columns.
//
// It returns an error if chain is out of range, if len(names) != len(values), if a name is
// empty or repeated, or if the names differ from the chain's first call.
func (t *Trace) AppendStats(chain int, names []string, values []float64) error {
	cd, err := t.chain(chain)
	if err != nil {
		return err
	}
	if len(names) != len(values) {
		return fmt.Errorf("trace: AppendStats to chain %d: %d names but %d values", chain, len(names), len(values))
	}
	if cd.statNames == nil {
		for i, n := range names {
			if n == "" {
				return fmt.Errorf("trace: AppendStats to chain %d: statistic %d has an empty name", chain, i)
			}
			if slices.Contains(names[:i], n) {
				return fmt.Errorf("trace: AppendStats to chain %d: duplicate statistic %q", chain, n)
			}
		}
		cd.statNames = append([]string{}, names...)
		cd.stats = make([][]float64, len(names))
	} else if !slices.Equal(cd.statNames, names) {
		return fmt.Errorf("trace: AppendStats to chain %d: names %q differ from the chain's first call %q", chain, names, cd.statNames)
	}
	for i, v := range values {
		cd.stats[i] = append(cd.stats[i], v)
	}
	return nil
}

// SetChain replaces chain's draws of the variable name with data: draws×size values, draw
// after draw, each row-major. The data are copied. A chain may be filled variable by
// variable this way; every variable of a chain must end up with the same number of draws.
//
// It returns an error if chain is out of range, if name is unknown, if len(data) is not a
// multiple of the variable's size, or if the number of draws differs from that of the
// chain's other variables that already hold draws.
func (t *Trace) SetChain(chain int, name string, data []float64) error {
	cd, err := t.chain(chain)
	if err != nil {
		return err
	}
	v, ok := t.index[name]
	if !ok {
		return fmt.Errorf("trace: unknown variable %q", name)
	}
	size := t.sizes[v]
	var n int
	switch {
	case size == 0 && len(data) != 0:
		return fmt.Errorf("trace: SetChain of %q on chain %d: variable has no elements (shape %v) but got %d values", name, chain, t.vars[v].Shape, len(data))
	case size == 0:
		n = cd.draws() // a zero-size variable takes the chain's count
	case len(data)%size != 0:
		return fmt.Errorf("trace: SetChain of %q on chain %d: %d values is not a multiple of the variable's size %d (shape %v)", name, chain, len(data), size, t.vars[v].Shape)
	default:
		n = len(data) / size
	}
	for i, k := range cd.counts {
		if i != v && k != 0 && k != n {
			return fmt.Errorf("trace: SetChain of %q on chain %d: %d draws, but variable %q holds %d", name, chain, n, t.vars[i].Name, k)
		}
	}
	cd.values[v] = append(cd.values[v][:0], data...)
	cd.counts[v] = n
	return nil
}

// SamplerInfo records a chain's sampler settings and warm-up result. It is written to and
// read from the comments of a CmdStan CSV file.
type SamplerInfo struct {
	// Tune is the number of warm-up (tuning) iterations, CmdStan's num_warmup.
	Tune int
	// MaxTreeDepth is NUTS's maximum tree depth, CmdStan's max_depth; 0 means unknown
	// (written as 10, PyMC's default).
	MaxTreeDepth int
	// StepSize is the step size after adaptation.
	StepSize float64
	// InvMassDiag is the diagonal of the inverse mass matrix (PyMC's potential variance),
	// one value per unconstrained coordinate.
	InvMassDiag []float64
	// GradEvals is the number of log-density-and-gradient evaluations the chain made,
	// initialisation and tuning included (mcmc.Chain.GradEvals); 0 means unknown. CmdStan
	// CSV files do not hold it: WriteCmdStanCSV leaves it out and ReadCmdStanCSV gives 0.
	GradEvals int
	// WarmupSeconds and SamplingSeconds are the wall times of the chain's warm-up and of
	// its kept draws, CmdStan's "Elapsed Time" comments; 0 means unknown.
	WarmupSeconds, SamplingSeconds float64
}

// SetSamplerInfo records chain's sampler settings and warm-up result. The slice is copied.
//
// It returns an error if chain is out of range or info.Tune, info.MaxTreeDepth or
// info.GradEvals is negative.
func (t *Trace) SetSamplerInfo(chain int, info SamplerInfo) error {
	cd, err := t.chain(chain)
	if err != nil {
		return err
	}
	if info.Tune < 0 || info.MaxTreeDepth < 0 || info.GradEvals < 0 {
		return fmt.Errorf("trace: SetSamplerInfo on chain %d: negative Tune %d, MaxTreeDepth %d or GradEvals %d", chain, info.Tune, info.MaxTreeDepth, info.GradEvals)
	}
	info.InvMassDiag = slices.Clone(info.InvMassDiag)
	cd.info, cd.hasInfo = info, true
	return nil
}

// SamplerInfo returns chain's sampler information and whether one was recorded (by
// SetSamplerInfo or read from a CmdStan CSV file with an inverse mass matrix). The returned
// slice is a copy.
func (t *Trace) SamplerInfo(chain int) (SamplerInfo, bool) {
	if chain < 0 || chain >= len(t.chains) || !t.chains[chain].hasInfo {
		return SamplerInfo{}, false
	}
	info := t.chains[chain].info
	info.InvMassDiag = slices.Clone(info.InvMassDiag)
	return info, true
}

// errNoDraws is returned (wrapped) when a computation needs at least one draw.
var errNoDraws = errors.New("no draws")
