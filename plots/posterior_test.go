package plots

import "testing"

func TestFormatNum(t *testing.T) {
	t.Parallel()
	cases := []struct {
		v    float64
		want string
	}{
		{0.3371, "0.337"}, {-0.38512, "-0.385"}, {2.5, "2.5"}, {0.000239, "0.000239"},
		{1234.5, "1234"}, {-2.5e-6, "-2.50e-06"}, {3.2e7, "3.20e+07"}, {0, "0"},
	}
	for _, tc := range cases {
		if got := formatNum(tc.v); got != tc.want {
			t.Errorf("formatNum(%g) = %q, want %q", tc.v, got, tc.want)
		}
	}
}
