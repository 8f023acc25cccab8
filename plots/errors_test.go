package plots

import (
	"math"
	"strings"
	"testing"

	"github.com/gopymc/gopymc/plots/internal/synth"
	"github.com/gopymc/gopymc/trace"
)

// TestBadInput checks that every kind of bad input is an error with a clear, plots-
// prefixed message and never a panic. Non-finite values are always errors (never
// skipped), in every function.
func TestBadInput(t *testing.T) {
	t.Parallel()
	r := synth.Rand(51)
	tr := synth.Trace(r, 2, 50)
	empty, err := trace.New([]trace.Var{{Name: "x"}}, 2)
	if err != nil {
		t.Fatal(err)
	}
	withNaN, err := trace.New([]trace.Var{{Name: "x"}, {Name: "v", Shape: []int{2}}}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := withNaN.SetChain(0, "x", []float64{1, 2, math.NaN(), 4}); err != nil {
		t.Fatal(err)
	}
	if err := withNaN.SetChain(0, "v", []float64{1, 2, 3, 4, 5, math.Inf(-1), 7, 8}); err != nil {
		t.Fatal(err)
	}
	constant, err := trace.New([]trace.Var{{Name: "c"}}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := constant.SetChain(0, "c", []float64{3, 3, 3}); err != nil {
		t.Fatal(err)
	}
	good := synth.Normal(r, 100, 0, 1)
	series := []Series{{"mean", [][]float64{{1}, {2}, {3}}}}

	cases := []struct {
		name string
		call func() (*Figure, error)
		want string
	}{
		// PlotPosterior
		{"posterior nil trace", func() (*Figure, error) { return PlotPosterior(nil, nil) }, "PlotPosterior: the trace is nil"},
		{"posterior no draws", func() (*Figure, error) { return PlotPosterior(empty, nil) }, "PlotPosterior: the trace has no draws"},
		{"posterior unknown variable", func() (*Figure, error) { return PlotPosterior(tr, []string{"x", "mu"}) }, `unknown variable "mu"; the trace has "x", "x2"`},
		{"posterior NaN", func() (*Figure, error) { return PlotPosterior(withNaN, []string{"x"}) }, `variable "x" has a non-finite value NaN at index 2`},
		{"posterior Inf in a vector", func() (*Figure, error) { return PlotPosterior(withNaN, []string{"v"}) }, `variable "v[1]" has a non-finite value -Inf at index 2`},
		{"posterior constant", func() (*Figure, error) { return PlotPosterior(constant, nil) }, `variable "c" is constant`},
		{"posterior zero size", func() (*Figure, error) { return PlotPosterior(tr, []string{"x"}, Size(0, 3)) }, "Size(0, 3): width and height must be positive"},
		{"posterior negative size", func() (*Figure, error) { return PlotPosterior(tr, []string{"x"}, Size(4, -1)) }, "Size(4, -1)"},
		{"posterior NaN size", func() (*Figure, error) { return PlotPosterior(tr, []string{"x"}, Size(math.NaN(), 1)) }, "Size(NaN, 1)"},
		{"posterior zero DPI", func() (*Figure, error) { return PlotPosterior(tr, []string{"x"}, DPI(0)) }, "DPI(0): DPI must be positive"},
		{"posterior huge", func() (*Figure, error) { return PlotPosterior(tr, []string{"x"}, Size(300, 2)) }, "exceeds 20000 pixels"},
		{"posterior HDIProb", func() (*Figure, error) { return PlotPosterior(tr, []string{"x"}, HDIProb(1)) }, "HDIProb(1): the probability must be in (0, 1)"},
		{"posterior MaxElements", func() (*Figure, error) { return PlotPosterior(tr, []string{"x"}, MaxElements(0)) }, "MaxElements(0)"},
		{"posterior Columns", func() (*Figure, error) { return PlotPosterior(tr, []string{"x"}, Columns(-2)) }, "Columns(-2)"},
		{"posterior foreign option", func() (*Figure, error) { return PlotPosterior(tr, []string{"x"}, Bins(10)) }, "option Bins(10) does not apply to PlotPosterior"},
		{"posterior no colours", func() (*Figure, error) { return PlotPosterior(tr, []string{"x"}, Colors()) }, "at least one colour"},
		{"posterior nil colour", func() (*Figure, error) { return PlotPosterior(tr, []string{"x"}, Colors(nil)) }, "colour 0 is nil"},
		{"posterior font", func() (*Figure, error) { return PlotPosterior(tr, []string{"x"}, FontSize(0)) }, "FontSize(0)"},
		// PlotTrace
		{"trace nil", func() (*Figure, error) { return PlotTrace(nil, nil) }, "PlotTrace: the trace is nil"},
		{"trace no draws", func() (*Figure, error) { return PlotTrace(empty, []string{"x"}) }, "PlotTrace: the trace has no draws"},
		{"trace unknown", func() (*Figure, error) { return PlotTrace(tr, []string{"nope"}) }, `PlotTrace: unknown variable "nope"`},
		{"trace NaN", func() (*Figure, error) { return PlotTrace(withNaN, []string{"x"}) }, `variable "x", chain 0, has a non-finite value NaN at index 2`},
		{"trace foreign option", func() (*Figure, error) { return PlotTrace(tr, nil, HDIProb(0.9)) }, "option HDIProb(0.9) does not apply to PlotTrace"},
		// KDECompare
		{"compare none", func() (*Figure, error) { return KDECompare(nil) }, "KDECompare: no samples given"},
		{"compare unnamed", func() (*Figure, error) { return KDECompare([]NamedSample{{"", good}}) }, "sample 0 has no name"},
		{"compare empty sample", func() (*Figure, error) { return KDECompare([]NamedSample{{"NUTS", good}, {"ADVI", nil}}) }, `sample "ADVI" has 0 draws`},
		{"compare NaN", func() (*Figure, error) {
			return KDECompare([]NamedSample{{"SVGD", []float64{1, 2, math.NaN()}}})
		}, `sample "SVGD" has a non-finite value NaN at index 2`},
		{"compare size", func() (*Figure, error) { return KDECompare([]NamedSample{{"a", good}}, Size(-1, -1)) }, "Size(-1, -1)"},
		// PlotTracker
		{"tracker nothing", func() (*Figure, error) { return PlotTracker(nil, nil) }, "no tracked values and no loss history"},
		{"tracker unnamed", func() (*Figure, error) { return PlotTracker([]Series{{"", [][]float64{{1}}}}, nil) }, "series 0 has no name"},
		{"tracker no iterations", func() (*Figure, error) { return PlotTracker([]Series{{"mean", nil}}, nil) }, `series "mean" has no iterations`},
		{"tracker ragged", func() (*Figure, error) {
			return PlotTracker([]Series{{"mean", [][]float64{{1, 2}, {1, 2}, {3}}}}, nil)
		}, `series "mean" has 1 elements at iteration 2 but 2 at iteration 0`},
		{"tracker empty element", func() (*Figure, error) { return PlotTracker([]Series{{"mean", [][]float64{{}}}}, nil) }, "has 0 elements at iteration 0"},
		{"tracker NaN value", func() (*Figure, error) {
			return PlotTracker([]Series{{"std", [][]float64{{1}, {math.NaN()}}}}, nil)
		}, `series "std" at iteration 1 has a non-finite value NaN at index 0`},
		{"tracker NaN loss", func() (*Figure, error) { return PlotTracker(series, []float64{3, 2, math.Inf(1)}) }, "the loss history has a non-finite value +Inf at index 2"},
		{"tracker foreign option", func() (*Figure, error) { return PlotTracker(series, nil, KDERule(Scott)) }, "option KDERule(Scott) does not apply to PlotTracker"},
		// PlotTrainingProgress
		{"progress none", func() (*Figure, error) { return PlotTrainingProgress(nil) }, "PlotTrainingProgress: no series given"},
		{"progress unnamed", func() (*Figure, error) { return PlotTrainingProgress([]Series{{"", [][]float64{{1}}}}) }, "series 0 has no name"},
		{"progress no iterations", func() (*Figure, error) { return PlotTrainingProgress([]Series{{"acc", [][]float64{}}}) }, `series "acc" has no iterations`},
		{"progress empty iteration", func() (*Figure, error) {
			return PlotTrainingProgress([]Series{{"acc", [][]float64{{0.5}, {}}}})
		}, `series "acc" has no values at iteration 1`},
		{"progress NaN", func() (*Figure, error) {
			return PlotTrainingProgress([]Series{{"acc", [][]float64{{0.5, math.NaN()}}}})
		}, `series "acc" at iteration 0 has a non-finite value NaN at index 1`},
		{"progress foreign option", func() (*Figure, error) { return PlotTrainingProgress(series, MaxElements(3)) }, "option MaxElements(3) does not apply to PlotTrainingProgress"},
		// PlotDistribution
		{"distribution empty", func() (*Figure, error) { return PlotDistribution(nil, "x") }, "the sample has 0 draws"},
		{"distribution NaN", func() (*Figure, error) { return PlotDistribution([]float64{1, math.NaN()}, "x") }, "the sample has a non-finite value NaN at index 1"},
		{"distribution constant", func() (*Figure, error) { return PlotDistribution([]float64{1, 1}, "x") }, "the sample is constant"},
		{"distribution bins", func() (*Figure, error) { return PlotDistribution(good, "x", Bins(0)) }, "Bins(0)"},
		{"distribution title option", func() (*Figure, error) { return PlotDistribution(good, "x", Title("y")) }, `option Title("y") does not apply to PlotDistribution`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var fig *Figure
			var err error
			func() {
				defer func() {
					if p := recover(); p != nil {
						t.Fatalf("panic: %v", p)
					}
				}()
				fig, err = tc.call()
			}()
			if err == nil {
				t.Fatalf("no error, want one containing %q", tc.want)
			}
			if fig != nil {
				t.Errorf("a figure was returned with the error")
			}
			if msg := err.Error(); !strings.HasPrefix(msg, "plots: ") || !strings.Contains(msg, tc.want) {
				t.Errorf("error %q, want the plots: prefix and %q", msg, tc.want)
			}
		})
	}
}

func TestOptionStrings(t *testing.T) {
	t.Parallel()
	cases := []struct {
		o    Option
		want string
	}{
		{Size(6.4, 4.8), "Size(6.4, 4.8)"},
		{DPI(100), "DPI(100)"},
		{Title("Mean track"), `Title("Mean track")`},
		{FontSize(12), "FontSize(12)"},
		{Colors(rgb(0x20b2aa)), "Colors(#20b2aa)"},
		{MaxElements(4), "MaxElements(4)"},
		{HDIProb(0.94), "HDIProb(0.94)"},
		{Columns(2), "Columns(2)"},
		{Bins(30), "Bins(30)"},
		{XLabel("x"), `XLabel("x")`},
		{YLabel("accuracy"), `YLabel("accuracy")`},
		{KDERule(Scott), "KDERule(Scott)"},
		{KDEBandwidth(0.1), "KDEBandwidth(0.1)"},
		{KDEAdjust(2), "KDEAdjust(2)"},
		{KDEBounds(0, math.Inf(1)), "KDEBounds(0, +Inf)"},
		{GridSize(256), "GridSize(256)"},
	}
	for _, tc := range cases {
		if got := tc.o.String(); got != tc.want {
			t.Errorf("String() = %q, want %q", got, tc.want)
		}
	}
}
