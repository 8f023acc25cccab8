package plots

import (
	"io"
	"math"
	"testing"

	"gonum.org/v1/plot/plotter"
)

// A scatter figure has one scatter plotter per set, with the set's points, in the cycle's
// colours, and a legend entry per set; it renders.
func TestPlotScatter(t *testing.T) {
	t.Parallel()
	sets := []PointSet{{"Class 0", []float64{0, 1, 2}, []float64{1, 0, 1}}, {"Class 1", []float64{3}, []float64{-1}}}
	fig, err := PlotScatter(sets, Title("Toy binary classification data set"))
	if err != nil {
		t.Fatal(err)
	}
	p := fig.Panels()[0][0]
	c, _ := newConfig("PlotScatter", kFigure, nil)
	scatters, err := scatterPlotters("PlotScatter", sets, c)
	if err != nil {
		t.Fatal(err)
	}
	if len(scatters) != 2 || len(scatters[0].XYs) != 3 || scatters[1].XYs[0] != (plotter.XY{X: 3, Y: -1}) {
		t.Fatalf("scatters %v", scatters)
	}
	if got, want := scatters[1].GlyphStyle.Color, withAlpha(palette[1], 0.85); got != want {
		t.Errorf("second set's colour %v, want %v", got, want)
	}
	if p.Title.Text != "Toy binary classification data set" || p.X.Label.Text != "X" || p.Y.Label.Text != "Y" {
		t.Errorf("title %q, labels %q %q", p.Title.Text, p.X.Label.Text, p.Y.Label.Text)
	}
	if err := fig.Render(io.Discard, "png"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		sets []PointSet
		want string
	}{
		{nil, "plots: PlotScatter: no point sets given"},
		{[]PointSet{{"a", nil, nil}}, "plots: PlotScatter: no points to draw"},
		{[]PointSet{{"", []float64{1}, []float64{1}}}, "plots: PlotScatter: point set 0 has no name; the legend needs one"},
		{[]PointSet{{"a", []float64{math.Inf(1)}, []float64{1}}}, `plots: point set 0 ("a") X has a non-finite value +Inf at index 0; remove or fix non-finite values before plotting`},
	} {
		if _, err := PlotScatter(c.sets); err == nil || err.Error() != c.want {
			t.Errorf("%v: got %v, want %q", c.sets, err, c.want)
		}
	}
}

// A history figure draws one line per history (long ones reduced to their envelope, first
// and last points kept), a legend only for two or more, and rejects bad histories.
func TestPlotHistory(t *testing.T) {
	t.Parallel()
	long := make([]float64, 30000)
	for i := range long {
		long[i] = 100*math.Exp(-float64(i)/5000) + math.Sin(float64(i))
	}
	fig, err := PlotHistory([]NamedSample{{"full batch", long}, {"minibatch", long[:500]}}, YLabel("ELBO"))
	if err != nil {
		t.Fatal(err)
	}
	p := fig.Panels()[0][0]
	lines, err := historyPoints([]NamedSample{{"full batch", long}, {"minibatch", long[:500]}})
	if err != nil {
		t.Fatal(err)
	}
	first := lines[0]
	if len(first) > 2*maxBuckets+2 || first[0] != (plotter.XY{X: 0, Y: long[0]}) || first[len(first)-1].X != float64(len(long)-1) {
		t.Errorf("long line: %d points from %v to %v", len(first), first[0], first[len(first)-1])
	}
	if len(lines[1]) != 500 || p.Y.Label.Text != "ELBO" || p.X.Label.Text != "iteration" {
		t.Errorf("short line %d points; labels %q %q", len(lines[1]), p.X.Label.Text, p.Y.Label.Text)
	}
	if err := fig.Render(io.Discard, "svg"); err != nil {
		t.Fatal(err)
	}
	if _, err := PlotHistory([]NamedSample{{"", long[:10]}}); err != nil {
		t.Errorf("one unnamed history: %v", err)
	}
	for _, c := range []struct {
		h    []NamedSample
		want string
	}{
		{nil, "plots: PlotHistory: no histories given"},
		{[]NamedSample{{"a", nil}}, `plots: PlotHistory: history 0 ("a") is empty`},
		{[]NamedSample{{"a", []float64{1}}, {"", []float64{1}}}, "plots: PlotHistory: history 1 has no name; the legend needs one"},
		{[]NamedSample{{"a", []float64{1, math.NaN()}}}, `plots: history 0 ("a") has a non-finite value NaN at index 1; remove or fix non-finite values before plotting`},
	} {
		if _, err := PlotHistory(c.h); err == nil || err.Error() != c.want {
			t.Errorf("got %v, want %q", err, c.want)
		}
	}
}
