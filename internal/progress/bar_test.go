package progress

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBarTerminal checks the in-place redraws on a terminal: the first update draws at
// once, later ones only after 100 ms, a shorter line is padded over the longer one, and
// Finish writes the final state with a newline.
func TestBarTerminal(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	clk := &fakeClock{}
	b := New(&buf, 100, Config{Mode: ModeTerminal, Clock: clk.Now})
	b.SetPrefixG5("Average Loss = ", 1234.5678)
	clk.Set(time.Second)
	b.Set(1) // drawn at once
	want := "\rAverage Loss = 1,234.6:   1%|          | 1/100 [00:01<01:39,  1.00it/s]"
	if buf.String() != want {
		t.Fatalf("first update wrote\n%q; want\n%q", buf.String(), want)
	}
	buf.Reset()
	clk.Advance(50 * time.Millisecond)
	b.Set(2) // throttled
	if buf.Len() != 0 {
		t.Fatalf("update 50 ms later wrote %q; want nothing", buf.String())
	}
	b.SetPrefixG5("Average Loss = ", 2)
	clk.Set(2 * time.Second)
	b.Add(8)
	// 10 iterations in 2 s: 5.00it/s, 90 remain: 18 s. The line is 5 runes shorter than the
	// previous one ("2" for "1,234.6", "10/100" for "1/100"), which 5 spaces overwrite.
	want = "\rAverage Loss = 2:  10%|█         | 10/100 [00:02<00:18,  5.00it/s]     "
	if buf.String() != want {
		t.Fatalf("update at 2 s wrote\n%q; want\n%q", buf.String(), want)
	}
	buf.Reset()
	clk.Advance(time.Millisecond)
	b.SetPrefixG5("Average Loss = ", 2.24127)
	b.Set(100)
	b.Finish()
	// 100 iterations in 2.001 s: 49.98it/s. The line is longer: no padding.
	want = "\rAverage Loss = 2.2413: 100%|██████████| 100/100 [00:02<00:00, 49.98it/s]\n"
	if buf.String() != want {
		t.Fatalf("Finish wrote\n%q; want\n%q", buf.String(), want)
	}
	buf.Reset()
	b.Finish()
	b.Set(5)
	if buf.Len() != 0 {
		t.Errorf("after Finish wrote %q; want nothing", buf.String())
	}
}

// TestBarLines checks that, on a non-terminal, a long fast loop writes a line at most every
// 5 s plus the final one: 10000 iterations of 1.2 ms take 12 s, giving lines at 5 s and 10 s.
func TestBarLines(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	clk := &fakeClock{}
	b := New(&buf, 10000, Config{Clock: clk.Now}) // ModeAuto: a bytes.Buffer is no terminal
	for i := 1; i <= 10000; i++ {
		clk.Advance(1200 * time.Microsecond)
		if i%10 == 0 {
			b.SetPrefixG5("Average Loss = ", 2)
		}
		b.Set(i)
	}
	b.Finish()
	got := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	want := []string{
		// The 4167th iteration is the first at or after 5 s (4167 * 1.2 ms = 5.0004 s).
		"Average Loss = 2:  42%|████▏     | 4167/10000 [00:05<00:06, 833.33it/s]",
		"Average Loss = 2:  83%|████████▎ | 8334/10000 [00:10<00:01, 833.33it/s]",
		"Average Loss = 2: 100%|██████████| 10000/10000 [00:12<00:00, 833.33it/s]",
	}
	if len(got) != len(want) {
		t.Fatalf("wrote %d lines:\n%s\nwant %d", len(got), buf.String(), len(want))
	}
	for j := range want {
		if got[j] != want[j] {
			t.Errorf("line %d = %q; want %q", j, got[j], want[j])
		}
	}
	if strings.Contains(buf.String(), "\r") {
		t.Error("lines mode wrote a carriage return")
	}
}

// TestBarLogf checks that a log line clears the bar from a terminal and that the next
// update redraws it at once; in lines mode the message is just a line.
func TestBarLogf(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	clk := &fakeClock{}
	b := New(&buf, 0, Config{Mode: ModeTerminal, Clock: clk.Now})
	clk.Set(time.Second)
	b.Set(3)
	buf.Reset()
	b.Logf("Convergence achieved at %d", 4700)
	line := "3it [00:01,  3.00it/s]"
	want := "\r" + strings.Repeat(" ", len(line)) + "\rConvergence achieved at 4700\n"
	if buf.String() != want {
		t.Fatalf("Logf wrote %q; want %q", buf.String(), want)
	}
	buf.Reset()
	b.Set(4) // at the same instant, but the bar was cleared
	if want := "\r4it [00:01,  4.00it/s]"; buf.String() != want {
		t.Fatalf("update after Logf wrote %q; want %q", buf.String(), want)
	}
	b.Finish()
	buf.Reset()
	b.Logf("Interrupted at %s [%d%%]: Average Loss = %s\n", FormatInt(4700), 47, FormatG5(4.7995))
	if want := "Interrupted at 4,700 [47%]: Average Loss = 4.7995\n"; buf.String() != want {
		t.Fatalf("Logf after Finish wrote %q; want %q", buf.String(), want)
	}

	var lines bytes.Buffer
	bl := New(&lines, 10, Config{Mode: ModeLines, Clock: clk.Now})
	bl.Set(1)
	bl.Logf("hello")
	if lines.String() != "hello\n" {
		t.Errorf("lines mode Logf wrote %q; want %q", lines.String(), "hello\n")
	}
}

func TestBarEveryUpdate(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	clk := &fakeClock{}
	b := New(&buf, 3, Config{Mode: ModeLines, Interval: -1, Clock: clk.Now, Unit: "step"})
	b.SetPrefix("fit")
	for i := 1; i <= 3; i++ {
		clk.Advance(time.Second)
		b.Set(i)
	}
	b.SetPrefix("")
	b.Finish()
	want := "fit:  33%|███▎      | 1/3 [00:01<00:02,  1.00step/s]\n" +
		"fit:  67%|██████▋   | 2/3 [00:02<00:01,  1.00step/s]\n" +
		"fit: 100%|██████████| 3/3 [00:03<00:00,  1.00step/s]\n" +
		"100%|██████████| 3/3 [00:03<00:00,  1.00step/s]\n"
	if buf.String() != want {
		t.Errorf("wrote\n%s; want\n%s", buf.String(), want)
	}
}

// TestBarDisabled checks that a nil bar, as New returns for a nil writer, does nothing.
func TestBarDisabled(t *testing.T) {
	t.Parallel()
	b := New(nil, 10, Config{})
	if b != nil {
		t.Fatal("New(nil, ...) is not nil")
	}
	b.SetPrefix("x")
	b.SetPrefixG5("x", 1)
	b.Set(1)
	b.Add(1)
	b.Logf("x")
	b.Finish()
	if b.Err() != nil {
		t.Error("a nil bar has an error")
	}
	Logf(nil, "nothing")
}

// failWriter fails every write and counts them.
type failWriter struct{ writes int }

func (w *failWriter) Write([]byte) (int, error) {
	w.writes++
	return 0, errors.New("disk full")
}

func TestBarWriteError(t *testing.T) {
	t.Parallel()
	w := &failWriter{}
	clk := &fakeClock{}
	b := New(w, 10, Config{Mode: ModeTerminal, Interval: -1, Clock: clk.Now})
	b.Set(1)
	b.Set(2)
	b.Logf("x")
	b.Finish()
	if w.writes != 1 {
		t.Errorf("%d writes after a failure; want 1", w.writes)
	}
	if err := b.Err(); err == nil || err.Error() != "progress: writing: disk full" {
		t.Errorf("Err() = %v; want progress: writing: disk full", err)
	}
}

// TestModeAuto checks terminal detection: a regular file and a buffer are not terminals.
func TestModeAuto(t *testing.T) {
	t.Parallel()
	f, err := os.Create(filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, w := range []io.Writer{f, &bytes.Buffer{}, io.Discard, (*os.File)(nil)} {
		if isTerminal(w) {
			t.Errorf("isTerminal(%T) = true", w)
		}
	}
	clk := &fakeClock{}
	b := New(f, 10, Config{Clock: clk.Now})
	if b.scr.terminal || b.scr.interval != LinesInterval {
		t.Errorf("a file gives terminal=%v interval=%v; want false, %v", b.scr.terminal, b.scr.interval, LinesInterval)
	}
	b = New(f, 10, Config{Mode: ModeTerminal, Clock: clk.Now})
	if !b.scr.terminal || b.scr.interval != TerminalInterval {
		t.Errorf("ModeTerminal gives terminal=%v interval=%v; want true, %v", b.scr.terminal, b.scr.interval, TerminalInterval)
	}
}

// TestBarAllocs checks that updates allocate nothing, also when they redraw. It is not
// parallel: testing.AllocsPerRun refuses to run in a parallel test.
func TestBarAllocs(t *testing.T) {
	clk := &fakeClock{}
	for _, mode := range []Mode{ModeTerminal, ModeLines} {
		b := New(io.Discard, 1000000, Config{Mode: mode, Interval: -1, Clock: clk.Now})
		i := 0
		allocs := testing.AllocsPerRun(1000, func() {
			i++
			clk.Advance(time.Millisecond)
			b.SetPrefixG5("Average Loss = ", float64(i)*1.5)
			b.Set(i)
		})
		if allocs != 0 {
			t.Errorf("mode %d: %v allocations per update; want 0", mode, allocs)
		}
	}
}

func BenchmarkBarSet(b *testing.B) {
	b.Run("Disabled", func(b *testing.B) {
		var bar *Bar
		i := 0
		b.ReportAllocs()
		for b.Loop() {
			i++
			bar.Set(i)
		}
	})
	b.Run("Throttled", func(b *testing.B) {
		bar := New(io.Discard, 1<<62, Config{Mode: ModeTerminal})
		i := 0
		b.ReportAllocs()
		for b.Loop() {
			i++
			bar.Set(i)
		}
	})
	b.Run("Redraw", func(b *testing.B) {
		bar := New(io.Discard, 1<<62, Config{Mode: ModeTerminal, Interval: -1})
		bar.SetPrefixG5("Average Loss = ", 2.2413)
		i := 0
		b.ReportAllocs()
		for b.Loop() {
			i++
			bar.Set(i)
		}
	})
}
