package progress

import (
	"testing"
	"time"
)

// TestAppendMeter checks the meter against tqdm's format_meter text. The durations are
// chosen so that the rate n/elapsed reproduces the tutorial's lines (PyMC quickstart:
// "10000/10000 [00:02<00:00, 4653.71it/s]", " 47%|████▋     | 4688/10000 [00:00<00:00,
// 7060.06it/s]"); the other expectations follow tqdm's rules: percentage "%3.0f", 10 cells
// in eighths, mm:ss or h:mm:ss, rate "%5.2f" + unit + "/s" or below 1/s "%5.2fs/" + unit,
// "?" when unknown. Rates were computed with CPython 3 (e.g. format(10000/2.148824, "5.2f")
// = "4653.71", format(300/47.3, "5.2f") = " 6.34").
func TestAppendMeter(t *testing.T) {
	t.Parallel()
	tests := []struct {
		n, total int
		elapsed  time.Duration
		unit     string
		want     string
	}{
		{10000, 10000, 2148824 * time.Microsecond, "it", "100%|██████████| 10000/10000 [00:02<00:00, 4653.71it/s]"},
		{4688, 10000, 664017020 * time.Nanosecond, "it", " 47%|████▋     | 4688/10000 [00:00<00:00, 7060.06it/s]"},
		{300, 300, 47300 * time.Millisecond, "it", "100%|██████████| 300/300 [00:47<00:00,  6.34it/s]"},
		{0, 10000, 0, "it", "  0%|          | 0/10000 [00:00<?, ?it/s]"},
		{0, 10000, time.Second, "it", "  0%|          | 0/10000 [00:01<?, ?it/s]"},
		// 1/4 it/s is shown inverted; remaining 99/0.25 = 396 s.
		{1, 100, 4 * time.Second, "it", "  1%|          | 1/100 [00:04<06:36,  4.00s/it]"},
		// 3723 s = 1:02:03, and as much remains; 3723/50 = 74.46 s/it.
		{50, 100, 3723 * time.Second, "it", " 50%|█████     | 50/100 [1:02:03<1:02:03, 74.46s/it]"},
		// 99.5% rounds half to even, to 100, as Python's "%3.0f".
		{995, 1000, 10 * time.Second, "it", "100%|█████████▉| 995/1000 [00:10<00:00, 99.50it/s]"},
		{4960, 8000, 3200 * time.Millisecond, " draws", " 62%|██████▏   | 4960/8000 [00:03<00:01, 1550.00 draws/s]"},
		{1, 2, 2 * time.Second, " draws", " 50%|█████     | 1/2 [00:02<00:02,  2.00s/draws]"},
		// Past the total the bar stays full and no time remains.
		{12, 10, time.Second, "it", "120%|██████████| 12/10 [00:01<00:00, 12.00it/s]"},
		// Unknown totals.
		{123, 0, 1230 * time.Millisecond, "it", "123it [00:01, 100.00it/s]"},
		{10, -1, 0, " draws", "10 draws [00:00, ? draws/s]"},
	}
	for _, tt := range tests {
		got := string(appendMeter(nil, tt.n, tt.total, tt.elapsed, tt.unit))
		if got != tt.want {
			t.Errorf("appendMeter(%d, %d, %v, %q) =\n%q; want\n%q", tt.n, tt.total, tt.elapsed, tt.unit, got, tt.want)
		}
	}
}

// TestAppendBar checks the cells against tqdm's Bar: int(frac*10*8) eighths, full cells,
// one partial cell of " ▏▎▍▌▋▊▉", then blanks.
func TestAppendBar(t *testing.T) {
	t.Parallel()
	tests := []struct {
		frac float64
		want string
	}{
		{-0.5, "          "},
		{0, "          "},
		{1.0 / 80, "▏         "},
		{7.0 / 80, "▉         "},
		{8.0 / 80, "█         "},
		{4688.0 / 10000, "████▋     "},
		{79.0 / 80, "█████████▉"},
		{1, "██████████"},
		{2, "██████████"},
	}
	for _, tt := range tests {
		if got := string(appendBar(nil, tt.frac)); got != tt.want {
			t.Errorf("appendBar(%v) = %q; want %q", tt.frac, got, tt.want)
		}
	}
}

func TestAppendInterval(t *testing.T) {
	t.Parallel()
	tests := []struct {
		secs float64
		want string
	}{
		{0, "00:00"}, {0.999, "00:00"}, {59.9, "00:59"}, {60, "01:00"}, {3599, "59:59"},
		{3600, "1:00:00"}, {36000 + 61, "10:01:01"},
	}
	for _, tt := range tests {
		if got := string(appendInterval(nil, tt.secs)); got != tt.want {
			t.Errorf("appendInterval(%v) = %q; want %q", tt.secs, got, tt.want)
		}
	}
}
