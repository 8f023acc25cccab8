package progress

import (
	"math"
	"testing"
)

// TestFormatG5 checks FormatG5 against Python: every expected string was computed with
// CPython 3 as format(x, ",.5g"). The cases cover the switch to exponential notation at
// exponents -5 and 5 after rounding (99999.5 -> 1e+05, 9999.95 -> 10,000), round-half-even
// on exact binary ties (12345.5, 12344.5, 65536.5, 65537.5), thousands separators,
// negative zero, subnormals, the largest float and the tutorial's losses.
func TestFormatG5(t *testing.T) {
	t.Parallel()
	tests := []struct {
		x    float64
		want string
	}{
		{2.2413, "2.2413"},
		{2.24127, "2.2413"},
		{1234.56, "1,234.6"},
		{423740000.0, "4.2374e+08"},
		{11379000.0, "1.1379e+07"},
		{-0.000123456, "-0.00012346"},
		{0.0, "0"},
		{math.Copysign(0, -1), "-0"},
		{1.0, "1"},
		{10.0, "10"},
		{100.0, "100"},
		{1000.0, "1,000"},
		{10000.0, "10,000"},
		{12345.0, "12,345"},
		{12345.6, "12,346"},
		{99999.0, "99,999"},
		{99999.4, "99,999"},
		{99999.5, "1e+05"},
		{100000.0, "1e+05"},
		{123456.0, "1.2346e+05"},
		{0.0001, "0.0001"},
		{9.999e-05, "9.999e-05"},
		{9.9999e-05, "9.9999e-05"},
		{9.99995e-05, "9.9999e-05"},
		{1e-05, "1e-05"},
		{1.5, "1.5"},
		{0.125, "0.125"},
		{12345.5, "12,346"},
		{12344.5, "12,344"},
		{65536.5, "65,536"},
		{65537.5, "65,538"},
		{5e-324, "4.9407e-324"},
		{1.7976931348623157e+308, "1.7977e+308"},
		{-1234.5678, "-1,234.6"},
		{1e+16, "1e+16"},
		{0.1 + 0.2, "0.3"},
		{123.456789, "123.46"},
		{-98765.4, "-98,765"},
		{4.7995, "4.7995"},
		{2.2687, "2.2687"},
		{1.8422, "1.8422"},
		{3.1313, "3.1313"},
		{-0.5, "-0.5"},
		{0.001234567, "0.0012346"},
		{-12345.678, "-12,346"},
		{9999.95, "10,000"},
		{9999.94, "9,999.9"},
		{math.NaN(), "nan"},
		{-math.NaN(), "nan"},
		{math.Inf(1), "inf"},
		{math.Inf(-1), "-inf"},
	}
	for _, tt := range tests {
		if got := FormatG5(tt.x); got != tt.want {
			t.Errorf("FormatG5(%v) = %q; want %q", tt.x, got, tt.want)
		}
	}
}

// TestFormatInt checks FormatInt and FormatUnderscore against CPython 3's format(n, ",d")
// and format(n, "_d").
func TestFormatInt(t *testing.T) {
	t.Parallel()
	tests := []struct {
		n               int
		comma, undersco string
	}{
		{0, "0", "0"},
		{7, "7", "7"},
		{-7, "-7", "-7"},
		{999, "999", "999"},
		{1000, "1,000", "1_000"},
		{-1000, "-1,000", "-1_000"},
		{4700, "4,700", "4_700"},
		{100000, "100,000", "100_000"},
		{1234567, "1,234,567", "1_234_567"},
		{-1234567, "-1,234,567", "-1_234_567"},
		{math.MaxInt64, "9,223,372,036,854,775,807", "9_223_372_036_854_775_807"},
		{math.MinInt64, "-9,223,372,036,854,775,808", "-9_223_372_036_854_775_808"},
	}
	for _, tt := range tests {
		if got := FormatInt(tt.n); got != tt.comma {
			t.Errorf("FormatInt(%d) = %q; want %q", tt.n, got, tt.comma)
		}
		if got := FormatUnderscore(tt.n); got != tt.undersco {
			t.Errorf("FormatUnderscore(%d) = %q; want %q", tt.n, got, tt.undersco)
		}
	}
}

// TestAppendAllocs checks that AppendG5 and AppendInt allocate nothing into a buffer with
// room. It is not parallel: testing.AllocsPerRun refuses to run in a parallel test.
func TestAppendAllocs(t *testing.T) {
	buf := make([]byte, 0, 64)
	allocs := testing.AllocsPerRun(100, func() {
		buf = AppendG5(buf[:0], -1234.5678)
		buf = AppendInt(buf, 1234567, ',')
	})
	if allocs != 0 {
		t.Errorf("%v allocations; want 0", allocs)
	}
}

func BenchmarkAppendG5(b *testing.B) {
	buf := make([]byte, 0, 64)
	b.ReportAllocs()
	for b.Loop() {
		buf = AppendG5(buf[:0], 1234.5678)
	}
}
