package trace

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// SummaryHDIProb is the probability of Summary's highest-density interval, ArviZ's default
// (rcParams["stats.hdi_prob"]), which gives the columns hdi_3% and hdi_97%.
const SummaryHDIProb = 0.94

// summaryColumns are the column names of a SummaryTable, as az.summary names them.
var summaryColumns = [...]string{"mean", "sd", "hdi_3%", "hdi_97%", "mcse_mean", "ess_bulk", "ess_tail", "r_hat"}

// SummaryRow holds the summary of one element of a variable.
type SummaryRow struct {
	// Label names the element as ArviZ does: "x" for a scalar, "beta[0, 1]" (0-based)
	// for an element of an array.
	Label string
	// Var is the variable's name and Index the element's 0-based multi-index (empty for
	// a scalar).
	Var   string
	Index []int

	Mean float64 // mean over all draws of all chains
	SD   float64 // standard deviation, divisor n-1 (NaN for one draw)
	// HDILow and HDIHigh bound the SummaryHDIProb highest-density interval (HDIOf).
	HDILow, HDIHigh float64
	MCSEMean        float64 // Monte Carlo standard error of the mean (MCSEMean)
	ESSBulk         float64 // bulk effective sample size (ESSBulk)
	ESSTail         float64 // tail effective sample size (ESSTail)
	RHat            float64 // rank-normalised split R-hat (RHat)
}

// SummaryTable is the result of Trace.Summary: one row per element of each summarised
// variable, like ArviZ's az.summary.
type SummaryTable struct {
	Rows []SummaryRow
}

// Columns returns the names of the table's numeric columns, in printing order: mean, sd,
// hdi_3%, hdi_97%, mcse_mean, ess_bulk, ess_tail, r_hat.
func (s *SummaryTable) Columns() []string { return slices.Clone(summaryColumns[:]) }

// Row returns the row with the given label ("x", "beta[0, 1]") and whether it exists.
func (s *SummaryTable) Row(label string) (SummaryRow, bool) {
	for _, r := range s.Rows {
		if r.Label == label {
			return r, true
		}
	}
	return SummaryRow{}, false
}

// Summary returns the summary statistics of the named variables (all variables except
// the transformed ones when no name is given), one row per element, like ArviZ's
// az.summary: mean, sd, the 94% HDI, mcse_mean, ess_bulk, ess_tail and r_hat.
//
// The statistics pool every draw of every chain. The diagnostics follow RHat, ESSBulk,
// ESSTail and MCSEMean: they are NaN with fewer than 4 draws per chain, when the chains hold
// different numbers of draws, and (r_hat) with a single chain.
//
// It returns an error naming the variable if a name is unknown or repeated, or if a
// variable has no draws.
func (t *Trace) Summary(names ...string) (*SummaryTable, error) {
	var vars []int
	if len(names) == 0 {
		for i, v := range t.vars {
			if !v.Transformed {
				vars = append(vars, i)
			}
		}
	} else {
		for _, n := range names {
			v, ok := t.index[n]
			if !ok {
				return nil, fmt.Errorf("trace: Summary: unknown variable %q", n)
			}
			if slices.Contains(vars, v) {
				return nil, fmt.Errorf("trace: Summary: variable %q named twice", n)
			}
			vars = append(vars, v)
		}
	}
	var s summarizer
	table := &SummaryTable{}
	for _, v := range vars {
		rows, err := s.variable(t, v)
		if err != nil {
			return nil, err
		}
		table.Rows = append(table.Rows, rows...)
	}
	return table, nil
}

// summarizer holds the buffers Summary reuses from element to element.
type summarizer struct {
	w      diagWork
	chains [][]float64 // one element's draws, per chain
	all    []float64   // one element's draws, all chains
	sorted []float64   // all, sorted
}

// variable returns the rows of variable v of t.
func (s *summarizer) variable(t *Trace, v int) ([]SummaryRow, error) {
	name, shape, size := t.vars[v].Name, t.vars[v].Shape, t.sizes[v]
	total := 0
	equal := true
	for _, cd := range t.chains {
		total += cd.counts[v]
		equal = equal && cd.counts[v] == t.chains[0].counts[v]
	}
	if total == 0 {
		return nil, fmt.Errorf("trace: Summary of %q: %w", name, errNoDraws)
	}
	if len(s.chains) < len(t.chains) {
		s.chains = make([][]float64, len(t.chains))
	}
	chains := s.chains[:len(t.chains)]
	rows := make([]SummaryRow, size)
	for e := range rows {
		s.all = s.all[:0]
		for c, cd := range t.chains {
			chains[c] = chains[c][:0]
			for i := e; i < len(cd.values[v]); i += size {
				chains[c] = append(chains[c], cd.values[v][i])
			}
			s.all = append(s.all, chains[c]...)
		}
		idx := make([]int, len(shape))
		unravel(idx, e, shape)
		r := SummaryRow{Label: elementLabel(name, idx), Var: name, Index: idx}
		r.Mean = mean(s.all)
		r.SD = math.Sqrt(variance(s.all, 1))
		r.HDILow, r.HDIHigh = math.NaN(), math.NaN()
		r.MCSEMean, r.ESSBulk, r.ESSTail, r.RHat = math.NaN(), math.NaN(), math.NaN(), math.NaN()
		if !hasNaN(s.all) {
			s.sorted = s.w.ranks.sortInto(s.sorted, s.all)
			r.HDILow, r.HDIHigh = sortedHDI(s.sorted, SummaryHDIProb)
			if equal {
				r.MCSEMean, r.ESSBulk, r.ESSTail, r.RHat = s.w.diagnostics(chains, s.sorted, r.SD)
			}
		}
		rows[e] = r
	}
	return rows, nil
}

// String prints the table as an aligned text table like az.summary's: labels on the left,
// mean, sd, HDI bounds and mcse_mean to 3 decimals, ESS to 0 and r_hat to 2 (ArviZ's
// default rounding).
func (s *SummaryTable) String() string {
	cells := make([][]string, len(s.Rows))
	labelWidth := 0
	widths := make([]int, len(summaryColumns))
	for j, c := range summaryColumns {
		widths[j] = len(c)
	}
	for i, r := range s.Rows {
		labelWidth = max(labelWidth, len(r.Label))
		cells[i] = []string{
			fmt.Sprintf("%.3f", r.Mean), fmt.Sprintf("%.3f", r.SD),
			fmt.Sprintf("%.3f", r.HDILow), fmt.Sprintf("%.3f", r.HDIHigh),
			fmt.Sprintf("%.3f", r.MCSEMean),
			fmt.Sprintf("%.0f", r.ESSBulk), fmt.Sprintf("%.0f", r.ESSTail),
			fmt.Sprintf("%.2f", r.RHat),
		}
		for j, c := range cells[i] {
			widths[j] = max(widths[j], len(c))
		}
	}
	var b strings.Builder
	b.WriteString(strings.Repeat(" ", labelWidth))
	for j, c := range summaryColumns {
		fmt.Fprintf(&b, "  %*s", widths[j], c)
	}
	b.WriteByte('\n')
	for i, r := range s.Rows {
		fmt.Fprintf(&b, "%-*s", labelWidth, r.Label)
		for j, c := range cells[i] {
			fmt.Fprintf(&b, "  %*s", widths[j], c)
		}
		b.WriteByte('\n')
	}
	return b.String()
}
