package progress

import (
	"bytes"
	"io"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestChainBar checks the combined line: counts and divergences are sums over the chains,
// as PyMC 3.8's "Sampling {chains} chains, {divergences:,d} divergences" bar shows them.
func TestChainBar(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	clk := &fakeClock{}
	b := NewChainBar(&buf, 4, 2000, Config{Mode: ModeLines, Interval: -1, Clock: clk.Now})
	clk.Set(3200 * time.Millisecond)
	b.Update(0, 1500, false, 1)
	b.Update(1, 1200, false, 0)
	b.Update(2, 1260, true, 0)
	b.Update(3, 1000, true, 2)  // 4960 iterations, 3 divergences
	b.Update(4, 10, false, 100) // no such chain: ignored
	b.Update(-1, 10, false, 100)
	clk.Set(5 * time.Second)
	for c := range 4 {
		b.Update(c, 2000, false, 2*c) // 0+2+4+6 = 12 divergences
	}
	b.Finish()
	b.Update(0, 1, false, 0)
	b.Finish()
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	// Rates: 4960/3.2 = 1550.00, 8000/5 = 1600.00 draws/s; 3040 left at 1550/s: 00:01.
	final := "Sampling 4 chains, 12 divergences: 100%|██████████| 8000/8000 [00:05<00:00, 1600.00 draws/s]"
	want := []struct {
		line int
		text string
	}{
		{3, "Sampling 4 chains, 3 divergences:  62%|██████▏   | 4960/8000 [00:03<00:01, 1550.00 draws/s]"},
		{7, final}, // the last update
		{8, final}, // Finish; the update after it and the second Finish write nothing
	}
	// Four valid updates before the loop (two are ignored), four in it, one Finish.
	if len(lines) != 9 {
		t.Fatalf("wrote %d lines:\n%s\nwant 9", len(lines), buf.String())
	}
	for _, w := range want {
		if lines[w.line] != w.text {
			t.Errorf("line %d = %q; want %q", w.line, lines[w.line], w.text)
		}
	}
}

func TestChainBarUnknownTotal(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	clk := &fakeClock{}
	b := NewChainBar(&buf, 2, 0, Config{Mode: ModeTerminal, Clock: clk.Now, Unit: "it"})
	clk.Set(time.Second)
	b.Update(1, 10, true, 1200)
	b.Finish()
	want := "\rSampling 2 chains, 1,200 divergences: 10it [00:01, 10.00it/s]" +
		"\rSampling 2 chains, 1,200 divergences: 10it [00:01, 10.00it/s]\n"
	if buf.String() != want {
		t.Errorf("wrote %q; want %q", buf.String(), want)
	}
}

func TestChainBarLogf(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	clk := &fakeClock{}
	b := NewChainBar(&buf, 1, 10, Config{Mode: ModeLines, Clock: clk.Now})
	b.Logf("Sampling %d chains for %s tune and %s draw iterations", 4, FormatUnderscore(1000), FormatUnderscore(1000))
	if want := "Sampling 4 chains for 1_000 tune and 1_000 draw iterations\n"; buf.String() != want {
		t.Errorf("Logf wrote %q; want %q", buf.String(), want)
	}
	if b.Err() != nil {
		t.Error(b.Err())
	}
}

func TestChainBarDisabled(t *testing.T) {
	t.Parallel()
	b := NewChainBar(nil, 4, 100, Config{})
	if b != nil {
		t.Fatal("NewChainBar(nil, ...) is not nil")
	}
	b.Update(0, 1, false, 0)
	b.Logf("x")
	b.Finish()
	if b.Err() != nil {
		t.Error("a nil bar has an error")
	}
}

// TestChainBarConcurrent updates one bar from four chain goroutines, with the clock moving,
// for the race detector; the final line has every chain's count.
func TestChainBarConcurrent(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	clk := &fakeClock{}
	const chains, iters = 4, 2000
	b := NewChainBar(&buf, chains, iters, Config{Mode: ModeTerminal, Clock: clk.Now})
	var wg sync.WaitGroup
	for c := range chains {
		wg.Go(func() {
			div := 0
			for i := 1; i <= iters; i++ {
				clk.Advance(time.Millisecond)
				if i%500 == 0 {
					div++
				}
				b.Update(c, i, i <= iters/2, div)
			}
		})
	}
	wg.Wait()
	clk.Set(8 * time.Second)
	b.Finish()
	out := buf.String()
	want := "\rSampling 4 chains, 16 divergences: 100%|██████████| 8000/8000 [00:08<00:00, 1000.00 draws/s]"
	if !strings.HasSuffix(strings.TrimRight(out, " \n"), want) || !strings.HasSuffix(out, "\n") {
		t.Errorf("final output %q; want it to end with %q", out[max(0, len(out)-200):], want)
	}
	// 8000 updates over about 8 s of fake time, at most one redraw per 100 ms.
	if n := strings.Count(out, "\r"); n > 90 {
		t.Errorf("%d redraws; want at most about 81", n)
	}
}

// TestChainBarAllocs checks that updates allocate nothing, also when they redraw. It is not
// parallel: testing.AllocsPerRun refuses to run in a parallel test.
func TestChainBarAllocs(t *testing.T) {
	clk := &fakeClock{}
	b := NewChainBar(io.Discard, 2, 1000000, Config{Mode: ModeTerminal, Interval: -1, Clock: clk.Now})
	i := 0
	allocs := testing.AllocsPerRun(1000, func() {
		i++
		clk.Advance(time.Millisecond)
		b.Update(i%2, i, false, i/100)
	})
	if allocs != 0 {
		t.Errorf("%v allocations per update; want 0", allocs)
	}
}

func BenchmarkChainBarUpdate(b *testing.B) {
	bar := NewChainBar(io.Discard, 4, 1<<40, Config{Mode: ModeTerminal})
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		i++
		bar.Update(i%4, i, false, 0)
	}
}
