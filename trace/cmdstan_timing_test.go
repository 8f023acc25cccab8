package trace

import (
	"bytes"
	"strings"
	"testing"
)

// TestCmdStanElapsedTime checks the closing timing comments against CmdStan's own output
// (stan's src/test/unit/analyze/mcmc/test_csv_files/bern1.csv ends with these five lines
// for 0.003 and 0.009 seconds), and that ReadCmdStanCSV reads the times back.
func TestCmdStanElapsedTime(t *testing.T) {
	t.Parallel()
	tr := roundTripTrace(t)
	info, _ := tr.SamplerInfo(1)
	info.WarmupSeconds, info.SamplingSeconds = 0.003, 0.009
	if err := tr.SetSamplerInfo(1, info); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := tr.WriteCmdStanCSV(&buf, 1); err != nil {
		t.Fatal(err)
	}
	want := "# \n" +
		"#  Elapsed Time: 0.003 seconds (Warm-up)\n" +
		"#                0.009 seconds (Sampling)\n" +
		"#                0.012 seconds (Total)\n" +
		"# \n"
	if !strings.HasSuffix(buf.String(), want) {
		t.Fatalf("the file ends with\n%q\nwant\n%q", buf.String()[max(0, buf.Len()-len(want)-40):], want)
	}
	back, err := ReadCmdStanCSV(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	got, ok := back.SamplerInfo(0)
	if !ok || got.WarmupSeconds != 0.003 || got.SamplingSeconds != 0.009 {
		t.Errorf("read back %v, %v (info %v), want 0.003, 0.009", got.WarmupSeconds, got.SamplingSeconds, ok)
	}

	// A chain without SamplerInfo still ends with the block, with zero times.
	buf.Reset()
	if err := tr.WriteCmdStanCSV(&buf, 0); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(buf.String(), "#  Elapsed Time: 0 seconds (Warm-up)\n#                0 seconds (Sampling)\n#                0 seconds (Total)\n# \n") {
		t.Errorf("no timing block without SamplerInfo:\n%s", buf.String()[buf.Len()-120:])
	}
}

func TestFormatSeconds(t *testing.T) {
	t.Parallel()
	// C++'s default stream format: six significant digits, %g style.
	for v, want := range map[float64]string{0.005308: "0.005308", 12.3456789: "12.3457", 1234567: "1.23457e+06", 1e-5: "1e-05", 0: "0", 0.1 + 0.2: "0.3"} {
		if got := formatSeconds(v); got != want {
			t.Errorf("formatSeconds(%v) = %q, want %q", v, got, want)
		}
	}
	for _, tc := range []struct {
		line     string
		secs     float64
		warm, sm bool
	}{
		{"#  Elapsed Time: 0.005308 seconds (Warm-up)", 0.005308, true, false},
		{"#                1.5 seconds (Sampling)", 1.5, false, true},
		{"#                2 seconds (Total)", 0, false, false},
		{"# Elapsed Time: 0.005308 seconds (Warm-up)", 0.005308, true, false}, // rstan's older files: one space
		{"# (Warm-up)", 0, false, false},
	} {
		secs, w, s := parseElapsedTime(tc.line)
		if secs != tc.secs || w != tc.warm || s != tc.sm {
			t.Errorf("parseElapsedTime(%q) = %v, %v, %v; want %v, %v, %v", tc.line, secs, w, s, tc.secs, tc.warm, tc.sm)
		}
	}
}
