package tutorial

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gopymc/gopymc/plots"
	"github.com/gopymc/gopymc/pm"
)

func TestRun(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "figures")
	r, err := Start(dir, 3, true)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Scale(1000, 20, 100); got != 100 {
		t.Errorf("quick Scale(1000, 20, 100) = %d", got)
	}
	if got := r.Scale(10000, 20, 100); got != 500 {
		t.Errorf("quick Scale(10000, 20, 100) = %d", got)
	}
	if full := (&Run{}).Scale(1000, 20, 100); full != 1000 {
		t.Errorf("full Scale = %d", full)
	}
	if err := r.Save("a.png")(plots.PlotDistribution([]float64{1, 2, 3, 2, 1.5}, "a")); err != nil {
		t.Fatal(err)
	}
	CheckFigures(t, dir, "a.png")
	if err := r.Save("b.png")(nil, errors.New("boom")); err == nil || !strings.Contains(err.Error(), "figure b.png: boom") {
		t.Errorf("a failed plot: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "b.png")); err == nil {
		t.Error("a failed plot wrote a file")
	}
}

// Offsets reads the named variables' offsets from a model's ordering, in the order named.
func TestOffsets(t *testing.T) {
	t.Parallel()
	m := pm.NewModel()
	pm.Normal(m, "a", 0, 1, pm.Shape(3))
	pm.Normal(m, "b", 0, 1)
	ld, err := m.LogDensity()
	if err != nil {
		t.Fatal(err)
	}
	off := map[string]int{}
	for _, v := range ld.Ordering() {
		off[v.Name] = v.Offset
	}
	at := Offsets(t, ld, "b", "a")
	if len(at) != 2 || at[0] != off["b"] || at[1] != off["a"] || at[0] == at[1] {
		t.Errorf("Offsets(b, a) = %v, the ordering's %v", at, off)
	}
}

// errRecorder is a testing.TB that records its failures instead of failing.
type errRecorder struct {
	testing.TB
	failed int
}

func (r *errRecorder) Helper()               {}
func (r *errRecorder) Errorf(string, ...any) { r.failed++ }
func (r *errRecorder) Fatalf(string, ...any) { r.failed++ }

// CheckLogPGrad passes a baseline equal to the model and fails one that differs in the log
// density or in one partial.
func TestCheckLogPGrad(t *testing.T) {
	t.Parallel()
	m := pm.NewModel()
	pm.Normal(m, "a", 0, 1, pm.Shape(3))
	ld, err := m.LogDensity()
	if err != nil {
		t.Fatal(err)
	}
	exact := func(g, z []float64) float64 { // N(0, 1): -z²/2 - log √(2π) per element
		lp := 0.0
		for i, v := range z {
			lp += -0.5*v*v - 0.5*math.Log(2*math.Pi)
			g[i] = -v
		}
		return lp
	}
	points := [][]float64{{0.1, -2, 3}, {0, 0.5, -0.25}}
	r := &errRecorder{TB: t}
	CheckLogPGrad(r, ld, exact, points...)
	if r.failed != 0 {
		t.Fatalf("the exact baseline failed %d checks", r.failed)
	}
	for name, wrong := range map[string]func(g, z []float64) float64{
		"log density": func(g, z []float64) float64 { return exact(g, z) + 1e-6 },
		"partial":     func(g, z []float64) float64 { lp := exact(g, z); g[1] *= 1.001; return lp },
	} {
		r := &errRecorder{TB: t}
		CheckLogPGrad(r, ld, wrong, points...)
		if r.failed == 0 {
			t.Errorf("a baseline wrong in its %s passed", name)
		}
	}
}
