package trace

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// maxCSVLine bounds the length of one line of a CmdStan CSV file.
const maxCSVLine = 1 << 30

// ReadCmdStanCSV reads one CmdStan sampler output file (as WriteCmdStanCSV or CmdStan
// writes it) into a one-chain trace.
//
// Comment lines ('#') anywhere are skipped, except that the configuration comments give
// num_warmup, save_warmup, thin and max_depth, and the adaptation comments give the step
// size and the diagonal of the inverse mass matrix: when the latter is present the chain's
// SamplerInfo is set. With save_warmup = 1 the first ⌈num_warmup/thin⌉ rows (the warm-up
// draws) are dropped. Columns ending in "__" become sampler statistics, CmdStan's names
// mapped back to PyMC's (lp__ → lp, accept_stat__ → mean_tree_accept, stepsize__ →
// step_size, treedepth__ → depth, n_leapfrog__ → tree_size, divergent__ → diverging,
// energy__ → energy; others lose the "__"). The other columns become variables: "beta.2.3"
// is element [1, 2] of beta, whose shape is the largest index in each position; a column
// whose suffixes are not all positive integers is a scalar of that full name.
//
// It returns an error if there is no header row, if a row has a different number of fields
// than the header or a field is not a number, or if the columns of a variable do not form a
// complete array.
func ReadCmdStanCSV(r io.Reader) (*Trace, error) {
	if r == nil {
		return nil, fmt.Errorf("trace: ReadCmdStanCSV: nil reader")
	}
	// A failed read ends the scan with the partial line as its last token: the reader's
	// error, not that line's, is what went wrong.
	er := &errReader{r: r}
	sc := bufio.NewScanner(er)
	sc.Buffer(make([]byte, 0, 64*1024), maxCSVLine)
	config := map[string]string{}
	var header []string
	lineNo := 0
	for header == nil && sc.Scan() {
		lineNo++
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "":
		case line[0] == '#':
			if k, v, ok := configEntry(line); ok {
				config[k] = v
			}
		default:
			header = strings.Split(line, ",")
			for i := range header {
				header[i] = strings.TrimSpace(header[i])
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("trace: reading CmdStan CSV: %w", err)
	}
	if header == nil {
		return nil, fmt.Errorf("trace: CmdStan CSV has no header row")
	}
	layout, err := newCSVLayout(header)
	if err != nil {
		return nil, err
	}
	skip := 0
	if configInt(config, "save_warmup", 0) == 1 {
		thin := max(configInt(config, "thin", 1), 1)
		skip = (configInt(config, "num_warmup", 0) + thin - 1) / thin
	}

	cd := newChainData(len(layout.vars))
	cd.statNames = layout.statNames
	cd.stats = make([][]float64, len(layout.statNames))
	row := make([]float64, len(header))
	var stepSize = math.NaN()
	var diag []float64
	hasDiag, expectDiag := false, false
	var warmupSecs, samplingSecs float64
	for sc.Scan() {
		lineNo++
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		if line[0] == '#' {
			text := strings.TrimSpace(strings.TrimLeft(line, "#"))
			switch {
			case expectDiag:
				expectDiag = false
				diag, err = parseFloatList(text)
				if err != nil {
					return nil, er.or(lineNo, fmt.Errorf("trace: CmdStan CSV line %d: inverse mass matrix: %w", lineNo, err))
				}
				hasDiag = true
			case strings.HasPrefix(text, "Step size"):
				if _, v, ok := strings.Cut(text, "="); ok {
					if stepSize, err = strconv.ParseFloat(strings.TrimSpace(v), 64); err != nil {
						return nil, er.or(lineNo, fmt.Errorf("trace: CmdStan CSV line %d: step size: %w", lineNo, err))
					}
				}
			case strings.HasPrefix(text, "Diagonal elements of inverse mass matrix"):
				expectDiag = true
			default:
				if secs, w, smp := parseElapsedTime(line); w {
					warmupSecs = secs
				} else if smp {
					samplingSecs = secs
				}
			}
			continue
		}
		fields := strings.Split(line, ",")
		if len(fields) != len(header) {
			return nil, er.or(lineNo, fmt.Errorf("trace: CmdStan CSV line %d: %d fields, the header has %d", lineNo, len(fields), len(header)))
		}
		for i, f := range fields {
			v, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
			if err != nil {
				return nil, er.or(lineNo, fmt.Errorf("trace: CmdStan CSV line %d, column %q: %w", lineNo, header[i], err))
			}
			row[i] = v
		}
		if skip > 0 {
			skip--
			continue
		}
		layout.appendRow(cd, row)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("trace: reading CmdStan CSV: %w", err)
	}

	t, err := New(layout.vars, 1)
	if err != nil {
		return nil, fmt.Errorf("trace: CmdStan CSV header: %w", err)
	}
	if len(cd.statNames) == 0 {
		cd.statNames, cd.stats = nil, nil
	}
	if hasDiag {
		cd.info = SamplerInfo{
			Tune:         configInt(config, "num_warmup", 0),
			MaxTreeDepth: configInt(config, "max_depth", 0),
			StepSize:     stepSize,
			InvMassDiag:  diag,

			WarmupSeconds:   warmupSecs,
			SamplingSeconds: samplingSecs,
		}
		cd.hasInfo = true
	}
	t.chains[0] = cd
	return t, nil
}

// csvLayout maps the columns of a CmdStan CSV file to statistics and variable elements.
type csvLayout struct {
	vars      []Var
	statNames []string
	// Per column: a statistic index (stat >= 0), or a variable and row-major offset.
	cols  []csvColumn
	sizes []int     // elements per variable
	zeros []float64 // as many zeros as the largest variable has elements
}

type csvColumn struct {
	stat   int
	v      int
	offset int
}

// newCSVLayout builds the layout of the header's columns.
func newCSVLayout(header []string) (*csvLayout, error) {
	l := &csvLayout{cols: make([]csvColumn, len(header))}
	type element struct {
		col int
		idx []int // 1-based
	}
	varIndex := map[string]int{}
	var elems [][]element
	seen := map[string]bool{}
	for c, name := range header {
		if name == "" {
			return nil, fmt.Errorf("trace: CmdStan CSV header: column %d has no name", c+1)
		}
		if seen[name] {
			return nil, fmt.Errorf("trace: CmdStan CSV header: duplicate column %q", name)
		}
		seen[name] = true
		if strings.HasSuffix(name, "__") {
			if name == "__" {
				return nil, fmt.Errorf("trace: CmdStan CSV header: column %d, \"__\", names no statistic", c+1)
			}
			l.cols[c] = csvColumn{stat: len(l.statNames)}
			l.statNames = append(l.statNames, statFromColumn(name))
			continue
		}
		base, idx := splitColumnName(name)
		if i := strings.IndexAny(base, ",#:[]\"' \t\r\n"); i >= 0 {
			return nil, fmt.Errorf("trace: CmdStan CSV header: column %q is not a CmdStan name: it contains %q", name, base[i])
		}
		v, ok := varIndex[base]
		if !ok {
			v = len(l.vars)
			varIndex[base] = v
			l.vars = append(l.vars, Var{Name: base})
			elems = append(elems, nil)
		}
		if len(elems[v]) > 0 && len(elems[v][0].idx) != len(idx) {
			return nil, fmt.Errorf("trace: CmdStan CSV header: column %q does not fit the other columns of %q", name, base)
		}
		elems[v] = append(elems[v], element{c, idx})
		l.cols[c] = csvColumn{stat: -1, v: v}
	}
	if len(l.vars) == 0 {
		return nil, fmt.Errorf("trace: CmdStan CSV header: no variable columns, only sampler columns (names ending in \"__\")")
	}
	for v, es := range elems {
		rank := len(es[0].idx)
		shape := make([]int, rank)
		for _, e := range es {
			for k, i := range e.idx {
				shape[k] = max(shape[k], i)
			}
		}
		size := 1
		for _, d := range shape {
			size *= d
			if size > len(es) {
				break // not a complete array (and no overflow)
			}
		}
		if size != len(es) {
			return nil, fmt.Errorf("trace: CmdStan CSV header: variable %q has %d columns, its shape %v needs %d", l.vars[v].Name, len(es), shape, size)
		}
		zero := make([]int, rank)
		for _, e := range es {
			for k := range e.idx {
				zero[k] = e.idx[k] - 1
			}
			l.cols[e.col].offset = rowMajorOffset(zero, shape)
		}
		l.vars[v].Shape = shape
		l.sizes = append(l.sizes, size)
		if size > len(l.zeros) {
			l.zeros = make([]float64, size)
		}
	}
	return l, nil
}

// appendRow appends one parsed row to cd.
func (l *csvLayout) appendRow(cd *chainData, row []float64) {
	for v, size := range l.sizes {
		cd.values[v] = append(cd.values[v], l.zeros[:size]...)
		cd.counts[v]++
	}
	for c, col := range l.cols {
		if col.stat >= 0 {
			cd.stats[col.stat] = append(cd.stats[col.stat], row[c])
			continue
		}
		vals := cd.values[col.v]
		vals[len(vals)-l.sizes[col.v]+col.offset] = row[c]
	}
}

// splitColumnName splits "beta.2.3" into "beta" and [2 3]. A name whose suffixes are not
// all positive integers is returned whole, without indices.
func splitColumnName(name string) (string, []int) {
	parts := strings.Split(name, ".")
	if len(parts) == 1 {
		return name, nil
	}
	idx := make([]int, len(parts)-1)
	for k, p := range parts[1:] {
		i, err := strconv.Atoi(p)
		if err != nil || i < 1 || p[0] == '+' {
			return name, nil
		}
		idx[k] = i
	}
	return parts[0], idx
}

// statFromColumn maps a CmdStan sampler column to the statistic's name.
func statFromColumn(col string) string {
	for _, s := range cmdStanSampler {
		if s.column == col {
			return s.stat
		}
	}
	return strings.TrimSuffix(col, "__")
}

// configEntry parses a configuration comment "#     key = value (Default)".
func configEntry(line string) (key, value string, ok bool) {
	text := strings.TrimSpace(strings.TrimLeft(line, "#"))
	text = strings.TrimSpace(strings.TrimSuffix(text, "(Default)"))
	k, v, ok := strings.Cut(text, "=")
	if !ok {
		return "", "", false
	}
	return strings.TrimSpace(k), strings.TrimSpace(v), true
}

// configInt returns the integer configuration value key, or def if absent or not an
// integer.
func configInt(config map[string]string, key string, def int) int {
	if i, err := strconv.Atoi(config[key]); err == nil {
		return i
	}
	return def
}

// parseFloatList parses "a, b, c".
func parseFloatList(text string) ([]float64, error) {
	if text == "" {
		return []float64{}, nil
	}
	parts := strings.Split(text, ",")
	out := make([]float64, len(parts))
	for i, p := range parts {
		v, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// errReader remembers the first error of its reader other than io.EOF.
type errReader struct {
	r   io.Reader
	err error
}

func (e *errReader) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err != nil && err != io.EOF && e.err == nil {
		e.err = err
	}
	return n, err
}

// or returns the reader's error, naming the line being read, when there is one: a line
// that does not parse after a failed read is the part read before the failure. Otherwise it
// returns err.
func (e *errReader) or(line int, err error) error {
	if e.err != nil {
		return fmt.Errorf("trace: reading CmdStan CSV at line %d: %w", line, e.err)
	}
	return err
}
