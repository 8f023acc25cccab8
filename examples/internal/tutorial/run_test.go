package tutorial

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gopymc/gopymc/plots"
)

// AverageLoss is the mean of the last 1,000 losses, of all of fewer, 0 of none.
func TestAverageLoss(t *testing.T) {
	t.Parallel()
	h := make([]float64, 1500)
	for i := range h {
		h[i] = float64(i)
	}
	for _, c := range []struct {
		h    []float64
		want float64
	}{
		{h, 999.5},   // mean of 500, …, 1499
		{h[:4], 1.5}, // mean of 0, 1, 2, 3
		{nil, 0},     // no history
		{h[1000:1001], 1000},
	} {
		if got := AverageLoss(c.h); got != c.want {
			t.Errorf("AverageLoss of %d losses = %v, want %v", len(c.h), got, c.want)
		}
	}
}

// Pick follows the mode; Save writes the figure under the folder and names a failed figure.
func TestRun(t *testing.T) {
	r := &Run{Dir: t.TempDir(), Quick: true}
	if r.Pick(100, 5) != 5 || (&Run{}).Pick(100, 5) != 100 {
		t.Fatal("Pick ignores the mode")
	}
	out := captureStdout(t, func() {
		if err := r.Save("h.png")(plots.PlotHistory([]plots.NamedSample{{Name: "a", Values: []float64{3, 2, 1}}})); err != nil {
			t.Fatal(err)
		}
	})
	if info, err := os.Stat(filepath.Join(r.Dir, "h.png")); err != nil || info.Size() < 1000 {
		t.Fatalf("figure not written: %v", err)
	}
	if !strings.Contains(out, "figure: "+filepath.Join(r.Dir, "h.png")) {
		t.Errorf("printed %q", out)
	}
	err := r.Save("bad.png")(plots.PlotHistory(nil))
	if err == nil || err.Error() != "figure bad.png: plots: PlotHistory: no histories given" {
		t.Errorf("got %v", err)
	}
}

// captureStdout returns what f prints.
func captureStdout(t *testing.T, f func()) string {
	t.Helper()
	rd, wr, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdout
	os.Stdout = wr
	done := make(chan string)
	go func() {
		var b bytes.Buffer
		_, _ = io.Copy(&b, rd)
		done <- b.String()
	}()
	f()
	os.Stdout = old
	_ = wr.Close()
	return <-done
}
