package badinput_test

import (
	"bytes"
	"errors"
	"io"
	"math"
	"strings"

	"github.com/gopymc/gopymc/plots"
	"github.com/gopymc/gopymc/trace"
)

// Traces: construction, appends, statistics, diagnostics, merging and the CmdStan CSV files;
// and the plots drawn from them.

// twoChains is a trace of a scalar "a" and a 2-vector "b" over two chains of 5 draws.
func twoChains() *trace.Trace {
	tr, err := trace.New([]trace.Var{{Name: "a"}, {Name: "b", Shape: []int{2}}}, 2)
	if err != nil {
		panic(err)
	}
	for c := range 2 {
		for i := range 5 {
			x := float64(i + c)
			if err := tr.Append(c, [][]float64{{x}, {x, -x * x}}); err != nil {
				panic(err)
			}
		}
	}
	return tr
}

// failingReader returns its data, then an error.
type failingReader struct {
	data []byte
	err  error
}

func (f *failingReader) Read(p []byte) (int, error) {
	if len(f.data) == 0 {
		return 0, f.err
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

func traceCases() []badCase {
	t := func(name string, call func() error, want ...string) badCase {
		return badCase{name: name, call: call, want: want}
	}
	csv := func(s string) func() error {
		return func() error { _, err := trace.ReadCmdStanCSV(strings.NewReader(s)); return err }
	}
	return []badCase{
		t("trace.New with 0 chains", func() error { _, err := trace.New([]trace.Var{{Name: "a"}}, 0); return err }, "chains", "0"),
		t("trace.New with a repeated name", func() error {
			_, err := trace.New([]trace.Var{{Name: "a"}, {Name: "a"}}, 1)
			return err
		}, `"a"`),
		t("trace.New with an empty name", func() error { _, err := trace.New([]trace.Var{{Name: ""}}, 1); return err }, "name"),
		t("trace.New with a negative dimension", func() error {
			_, err := trace.New([]trace.Var{{Name: "a", Shape: []int{-2}}}, 1)
			return err
		}, `"a"`, "-2"),
		t("Append to a chain out of range", func() error { return twoChains().Append(2, [][]float64{{1}, {1, 2}}) }, "chain 2"),
		t("Append too few variables", func() error { return twoChains().Append(0, [][]float64{{1}}) }, "1", "2"),
		t("Append a value of the wrong length", func() error { return twoChains().Append(0, [][]float64{{1}, {1}}) }, `"b"`),
		t("SetChain of an unknown variable", func() error { return twoChains().SetChain(0, "c", []float64{1}) }, `"c"`),
		t("SetChain of a length that is not a whole number of draws", func() error { return twoChains().SetChain(0, "b", []float64{1, 2, 3}) }, `"b"`, "3"),
		t("Quantile of q 1.5", func() error { _, err := twoChains().Quantile("a", 1.5); return err }, `"a"`, "q must lie in [0, 1], got 1.5"),
		t("Quantile of an unknown variable", func() error { _, err := twoChains().Quantile("z", 0.5); return err }, `no variable "z"`),
		t("HDI of prob 0", func() error { _, _, err := twoChains().HDI("a", 0); return err }, `"a"`, "prob must lie in (0, 1], got 0"),
		t("QuantileOf with NaN draws", func() error { _, err := trace.QuantileOf([]float64{1, math.NaN()}, 0.5); return err }, "QuantileOf", "draw 1 is NaN"),
		t("QuantileOf of no draws", func() error { _, err := trace.QuantileOf(nil, 0.5); return err }, "QuantileOf", "no draws"),
		t("HDIOf with prob 2", func() error { _, _, err := trace.HDIOf([]float64{1, 2}, 2); return err }, "HDIOf", "prob must lie in (0, 1], got 2"),
		t("RHat of chains of unequal length", func() error {
			_, err := trace.RHat([][]float64{{1, 2, 3, 4}, {1, 2, 3}})
			return err
		}, "chain 1 has 3 draws, chain 0 has 4"),
		t("ESSBulk of chains of unequal length", func() error {
			_, err := trace.ESSBulk([][]float64{{1, 2, 3, 4, 5}, {1, 2, 3, 4}})
			return err
		}, "chain 1 has 4 draws"),
		t("MCSEMean of chains of unequal length", func() error {
			_, err := trace.MCSEMean([][]float64{{1, 2, 3, 4}, {}})
			return err
		}, "chain 1 has 0 draws"),
		t("Summary of an unknown variable", func() error { _, err := twoChains().Summary("z"); return err }, `"z"`),
		t("Summary of a variable named twice", func() error { _, err := twoChains().Summary("a", "a"); return err }, `"a"`),
		t("MergeChains of nothing", func() error { _, err := trace.MergeChains(); return err }, "needs at least one trace"),
		t("MergeChains of a nil trace", func() error { _, err := trace.MergeChains(twoChains(), nil); return err }, "nil"),
		t("MergeChains of traces of other variables", func() error {
			other, _ := trace.New([]trace.Var{{Name: "c"}}, 1)
			_, err := trace.MergeChains(twoChains(), other)
			return err
		}, "variables"),
		t("WriteCmdStanCSV of a chain out of range", func() error { return twoChains().WriteCmdStanCSV(io.Discard, 5) }, "chain 5"),
		t("WriteCmdStanCSV to a failing writer", func() error {
			return twoChains().WriteCmdStanCSV(failWriter{}, 0)
		}, "disk full"),
		t("ReadCmdStanCSV of nil", func() error { _, err := trace.ReadCmdStanCSV(nil); return err }, "nil reader"),
		t("ReadCmdStanCSV of an empty file", csv(""), "no header row"),
		t("ReadCmdStanCSV of comments only", csv("# model = m\n# method = sample\n"), "no header row"),
		t("ReadCmdStanCSV of a row too short", csv("lp__,a\n1,2\n3\n"), "line 3", "1 fields, the header has 2"),
		t("ReadCmdStanCSV of a field that is not a number", csv("lp__,a\n1,x\n"), "line 2", `column "a"`),
		t("ReadCmdStanCSV of an incomplete array", csv("lp__,b.1,b.3\n1,2,3\n"), "b"),
		t("ReadCmdStanCSV of a bad step size", csv("lp__,a\n# Step size = fast\n1,2\n"), "step size"),
		t("ReadCmdStanCSV of a bad mass matrix", csv("lp__,a\n# Diagonal elements of inverse mass matrix:\n# 1, x\n1,2\n"), "inverse mass matrix"),
		t("ReadCmdStanCSV of a reader failing mid-row", func() error {
			_, err := trace.ReadCmdStanCSV(&failingReader{data: []byte("lp__,a\n1,2\n3,"), err: errors.New("connection reset")})
			return err
		}, "line 3", "connection reset"),
		fine("ReadCmdStanCSV of what WriteCmdStanCSV wrote", func() error {
			var b bytes.Buffer
			if err := twoChains().WriteCmdStanCSV(&b, 1); err != nil {
				return err
			}
			tr, err := trace.ReadCmdStanCSV(&b)
			if err != nil {
				return err
			}
			return allFinite("b", tr.Values("b"))
		}),
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func plotCases() []badCase {
	p := func(name string, call func() error, want ...string) badCase {
		return badCase{name: name, call: call, want: want}
	}
	norm := make([]float64, 200)
	for i := range norm {
		norm[i] = math.Sin(float64(i)) * float64(i%7)
	}
	return []badCase{
		p("PlotTrace of a nil trace", func() error { _, err := plots.PlotTrace(nil, nil); return err }, "nil"),
		p("PlotTrace of an unknown variable", func() error { _, err := plots.PlotTrace(twoChains(), []string{"z"}); return err }, `"z"`),
		p("PlotTrace of an empty trace", func() error {
			tr, _ := trace.New([]trace.Var{{Name: "a"}}, 1)
			_, err := plots.PlotTrace(tr, nil)
			return err
		}, "no draws"),
		p("PlotTrace of a constant chain", func() error {
			tr, _ := trace.New([]trace.Var{{Name: "a"}}, 1)
			for range 5 {
				_ = tr.Append(0, [][]float64{{1}})
			}
			_, err := plots.PlotTrace(tr, nil)
			return err
		}, `"a"`, "constant"),
		p("PlotTrace with MaxElements 0", func() error { _, err := plots.PlotTrace(twoChains(), nil, plots.MaxElements(0)); return err }, "MaxElements"),
		p("PlotPosterior with HDIProb 1.5", func() error { _, err := plots.PlotPosterior(twoChains(), nil, plots.HDIProb(1.5)); return err }, "HDIProb", "1.5"),
		p("PlotPosterior with a negative size", func() error { _, err := plots.PlotPosterior(twoChains(), nil, plots.Size(-1, 3)); return err }, "Size"),
		p("PlotDistribution of no draws", func() error { _, err := plots.PlotDistribution(nil, "x"); return err }, "draws"),
		p("PlotDistribution of NaN draws", func() error { _, err := plots.PlotDistribution([]float64{1, math.NaN(), 2}, "x"); return err }, "NaN"),
		p("PlotDistribution with Bins 0", func() error { _, err := plots.PlotDistribution(norm, "x", plots.Bins(0)); return err }, "Bins"),
		p("PlotDistribution with DPI 0", func() error { _, err := plots.PlotDistribution(norm, "x", plots.DPI(0)); return err }, "DPI"),
		p("PlotDistribution with a NaN font size", func() error { _, err := plots.PlotDistribution(norm, "x", plots.FontSize(math.NaN())); return err }, "FontSize"),
		p("KDE of no draws", func() error { _, err := plots.KDE(nil); return err }, "draws"),
		p("KDE of Inf draws", func() error { _, err := plots.KDE([]float64{1, math.Inf(1)}); return err }, "Inf"),
		p("KDE with a negative bandwidth", func() error { _, err := plots.KDE(norm, plots.KDEBandwidth(-1)); return err }, "KDEBandwidth"),
		p("KDE with bounds the wrong way round", func() error { _, err := plots.KDE(norm, plots.KDEBounds(1, -1)); return err }, "KDEBounds"),
		p("KDE with GridSize 1", func() error { _, err := plots.KDE(norm, plots.GridSize(1)); return err }, "GridSize"),
		p("KDE with KDEAdjust 0", func() error { _, err := plots.KDE(norm, plots.KDEAdjust(0)); return err }, "KDEAdjust"),
		p("KDECompare of nothing", func() error { _, err := plots.KDECompare(nil); return err }, "sample"),
		p("KDECompare of an empty sample", func() error {
			_, err := plots.KDECompare([]plots.NamedSample{{Name: "NUTS", Values: nil}})
			return err
		}, `"NUTS"`),
		p("PlotTracker of no series", func() error { _, err := plots.PlotTracker(nil, nil); return err }, "no tracked values"),
		p("PlotTracker of ragged values", func() error {
			_, err := plots.PlotTracker([]plots.Series{{Name: "mean", Values: [][]float64{{1, 2}, {3}}}}, nil)
			return err
		}, `"mean"`),
		p("PlotTracker of NaN losses", func() error {
			_, err := plots.PlotTracker([]plots.Series{{Name: "mean", Values: [][]float64{{1}, {2}}}}, []float64{1, math.NaN()})
			return err
		}, "NaN"),
		p("PlotTrainingProgress of an empty series", func() error {
			_, err := plots.PlotTrainingProgress([]plots.Series{{Name: "sd"}})
			return err
		}, `"sd"`),
		p("PlotTrace with Columns 0", func() error { _, err := plots.PlotTrace(twoChains(), nil, plots.Columns(0)); return err }, "Columns"),
		fine("PlotDistribution of two distinct draws", func() error {
			_, err := plots.PlotDistribution([]float64{0, 1}, "x")
			return err
		}),
	}
}
