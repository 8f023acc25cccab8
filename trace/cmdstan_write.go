package trace

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// cmdStanSampler maps CmdStan's sampler columns, in CmdStan's order, to PyMC's NUTS
// statistic names.
var cmdStanSampler = [...]struct{ column, stat string }{
	{"lp__", "lp"},
	{"accept_stat__", "mean_tree_accept"},
	{"stepsize__", "step_size"},
	{"treedepth__", "depth"},
	{"n_leapfrog__", "tree_size"},
	{"divergent__", "diverging"},
	{"energy__", "energy"},
}

// defaultMaxTreeDepth is PyMC's and Stan's default maximum tree depth, written when a
// chain's SamplerInfo does not give one.
const defaultMaxTreeDepth = 10

// cmdStanModelName is the model name written in the header comments.
const cmdStanModelName = "gopymc_model"

// WriteCmdStanCSV writes one chain as a CmdStan sampler output file, which ArviZ
// (az.from_cmdstan) and cmdstanpy (from_csv) read:
//
//   - '#' comment lines with the configuration CmdStan writes (model, method = sample,
//     num_samples, num_warmup, adapt engaged, max_depth, metric) and a note that gopymc
//     wrote the file;
//   - a header row: the sampler columns lp__, accept_stat__, stepsize__, treedepth__,
//     n_leapfrog__, divergent__, energy__ (from the statistics lp, mean_tree_accept,
//     step_size, depth, tree_size, diverging and energy; 0 where the chain lacks one),
//     then every element of every variable that is not Transformed, in the order given to
//     New, named as CmdStan does ("x", "beta.1.2": 1-based indices, elements in
//     column-major order, the first index varying fastest);
//   - the adaptation comments ("# Adaptation terminated", "# Step size = …" and, when the
//     chain has SamplerInfo, the diagonal of the inverse mass matrix with metric = diag_e;
//     without it metric = unit_e, num_warmup = 0 and the step size is the last draw's
//     step_size statistic, NaN if none);
//   - one row per draw. Numbers are written in Go's shortest form that reads back exactly
//     (strconv 'g', -1), and NaN and ±Inf as nan, inf and -inf;
//   - CmdStan's closing timing comments (see writeElapsedTime), from the chain's
//     SamplerInfo (0 seconds when it has none), which rstan's read_stan_csv warns about
//     when they are missing.
//
// Variables without elements write no column. It returns an error if chain is out of
// range, if the chain's variables hold different numbers of draws, if a sampler statistic
// holds a different number of values than the chain has draws, if a written variable's name
// cannot be a CmdStan column name (it contains '.', ',', '#', ':', '[', a quote or white
// space, or ends in "__"), or if writing fails.
func (t *Trace) WriteCmdStanCSV(w io.Writer, chain int) error {
	cd, err := t.chain(chain)
	if err != nil {
		return err
	}
	n := cd.draws()
	for v, k := range cd.counts {
		if k != n {
			return fmt.Errorf("trace: WriteCmdStanCSV of chain %d: variable %q holds %d draws, the chain %d", chain, t.vars[v].Name, k, n)
		}
	}
	var stats [len(cmdStanSampler)][]float64
	for i, s := range cmdStanSampler {
		stats[i] = t.chainStat(s.stat, chain)
		if stats[i] != nil && len(stats[i]) != n {
			return fmt.Errorf("trace: WriteCmdStanCSV of chain %d: statistic %q holds %d values, the chain %d draws", chain, s.stat, len(stats[i]), n)
		}
	}
	type column struct {
		v      int
		offset int
	}
	var cols []column
	var header []string
	for _, s := range cmdStanSampler {
		header = append(header, s.column)
	}
	for v, vr := range t.vars {
		if vr.Transformed {
			continue
		}
		if err := checkCmdStanName(vr.Name); err != nil {
			return fmt.Errorf("trace: WriteCmdStanCSV of chain %d: %w", chain, err)
		}
		offsets, names := columnMajorOffsets(vr.Name, vr.Shape)
		for i, off := range offsets {
			cols = append(cols, column{v, off})
			header = append(header, names[i])
		}
	}

	info, hasInfo := cd.info, cd.hasInfo
	maxDepth := defaultMaxTreeDepth
	if hasInfo && info.MaxTreeDepth > 0 {
		maxDepth = info.MaxTreeDepth
	}
	stepSize := math.NaN()
	if s := t.chainStat("step_size", chain); len(s) > 0 {
		stepSize = s[len(s)-1]
	}
	metric, engaged, tune := "unit_e", 0, 0
	if hasInfo {
		metric, engaged, tune, stepSize = "diag_e", 1, info.Tune, info.StepSize
	}

	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "# model = %s\n", cmdStanModelName)
	fmt.Fprintf(bw, "# method = sample (Default)\n")
	fmt.Fprintf(bw, "#   sample\n")
	fmt.Fprintf(bw, "#     num_samples = %d\n", n)
	fmt.Fprintf(bw, "#     num_warmup = %d\n", tune)
	fmt.Fprintf(bw, "#     save_warmup = 0 (Default)\n")
	fmt.Fprintf(bw, "#     thin = 1 (Default)\n")
	fmt.Fprintf(bw, "#     adapt\n")
	fmt.Fprintf(bw, "#       engaged = %d\n", engaged)
	fmt.Fprintf(bw, "#     algorithm = hmc (Default)\n")
	fmt.Fprintf(bw, "#       hmc\n")
	fmt.Fprintf(bw, "#         engine = nuts (Default)\n")
	fmt.Fprintf(bw, "#           nuts\n")
	fmt.Fprintf(bw, "#             max_depth = %d\n", maxDepth)
	fmt.Fprintf(bw, "#         metric = %s\n", metric)
	fmt.Fprintf(bw, "# id = %d\n", chain+1)
	fmt.Fprintf(bw, "# Written by gopymc (package trace), not by CmdStan: chain %d of %d\n", chain+1, len(t.chains))
	bw.WriteString(strings.Join(header, ","))
	bw.WriteByte('\n')
	bw.WriteString("# Adaptation terminated\n")
	buf := appendStanFloat([]byte("# Step size = "), stepSize)
	bw.Write(append(buf, '\n'))
	if hasInfo {
		bw.WriteString("# Diagonal elements of inverse mass matrix:\n")
		buf = append(buf[:0], "# "...)
		for i, v := range info.InvMassDiag {
			if i > 0 {
				buf = append(buf, ", "...)
			}
			buf = appendStanFloat(buf, v)
		}
		bw.Write(append(buf, '\n'))
	}
	for d := range n {
		buf = buf[:0]
		for i := range cmdStanSampler {
			if i > 0 {
				buf = append(buf, ',')
			}
			val := 0.0
			if stats[i] != nil {
				val = stats[i][d]
			}
			buf = appendStanFloat(buf, val)
		}
		for _, c := range cols {
			buf = append(buf, ',')
			buf = appendStanFloat(buf, cd.values[c.v][d*t.sizes[c.v]+c.offset])
		}
		buf = append(buf, '\n')
		if _, err := bw.Write(buf); err != nil {
			return fmt.Errorf("trace: WriteCmdStanCSV of chain %d: %w", chain, err)
		}
	}
	var warmup, sampling float64
	if hasInfo {
		warmup, sampling = info.WarmupSeconds, info.SamplingSeconds
	}
	writeElapsedTime(bw, warmup, sampling)
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("trace: WriteCmdStanCSV of chain %d: %w", chain, err)
	}
	return nil
}

// appendStanFloat appends v in the shortest form that parses back to v, with NaN and ±Inf
// spelt nan, inf and -inf as CmdStan does.
func appendStanFloat(buf []byte, v float64) []byte {
	switch {
	case math.IsNaN(v):
		return append(buf, "nan"...)
	case math.IsInf(v, 1):
		return append(buf, "inf"...)
	case math.IsInf(v, -1):
		return append(buf, "-inf"...)
	}
	return strconv.AppendFloat(buf, v, 'g', -1, 64)
}

// checkCmdStanName returns an error if name cannot be a CmdStan CSV column name that reads
// back as the same variable.
func checkCmdStanName(name string) error {
	if strings.HasSuffix(name, "__") {
		return fmt.Errorf("variable %q cannot be a CmdStan column: names ending in \"__\" are sampler columns", name)
	}
	if i := strings.IndexAny(name, ".,#:[]\"' \t\r\n"); i >= 0 {
		return fmt.Errorf("variable %q cannot be a CmdStan column: it contains %q", name, name[i])
	}
	return nil
}
