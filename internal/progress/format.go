package progress

import (
	"math"
	"strconv"
)

// FormatG5 formats x as Python's format(x, ",.5g"): x rounded to 5 significant digits;
// exponential notation ("4.2374e+08", "1.2346e-05") when the decimal exponent after
// rounding is below -4 or at least 5, else fixed notation with commas between thousands
// ("1,234.6", "12,346"); trailing zeros and a trailing point removed; "nan", "inf", "-inf".
// PyMC prints "Average Loss = {:,.5g}" with it.
func FormatG5(x float64) string {
	var b [32]byte
	return string(AppendG5(b[:0], x))
}

// AppendG5 appends FormatG5(x) to dst and returns the extended slice; it allocates only if
// dst lacks room.
func AppendG5(dst []byte, x float64) []byte {
	switch {
	case math.IsNaN(x): // Python drops the sign of a NaN
		return append(dst, "nan"...)
	case math.IsInf(x, 1):
		return append(dst, "inf"...)
	case math.IsInf(x, -1):
		return append(dst, "-inf"...)
	}
	// Go's 'g' with a precision follows the same rules as Python's: round to 5 significant
	// digits, choose the notation from the rounded exponent, trim trailing zeros, and write
	// the exponent with a sign and at least two digits.
	var b [32]byte
	s := strconv.AppendFloat(b[:0], x, 'g', 5, 64)
	for _, c := range s {
		if c == 'e' {
			return append(dst, s...)
		}
	}
	return appendGrouped(dst, s, ',')
}

// FormatInt formats n as Python's format(n, ",d"), e.g. "4,700" and "-1,234,567".
func FormatInt(n int) string {
	var b [32]byte
	return string(AppendInt(b[:0], n, ','))
}

// FormatUnderscore formats n as Python's format(n, "_d"), e.g. "1_000", as PyMC's sampler
// messages do.
func FormatUnderscore(n int) string {
	var b [32]byte
	return string(AppendInt(b[:0], n, '_'))
}

// AppendInt appends n in decimal with sep between groups of three digits to dst and
// returns the extended slice; it allocates only if dst lacks room.
func AppendInt(dst []byte, n int, sep byte) []byte {
	var b [24]byte
	return appendGrouped(dst, strconv.AppendInt(b[:0], int64(n), 10), sep)
}

// appendGrouped appends num, an optional '-' then digits then an optional fraction
// starting with '.', with sep inserted between groups of three digits of its integer part.
func appendGrouped(dst, num []byte, sep byte) []byte {
	if len(num) > 0 && num[0] == '-' {
		dst = append(dst, '-')
		num = num[1:]
	}
	end := len(num)
	for j, c := range num {
		if c < '0' || c > '9' {
			end = j
			break
		}
	}
	for j := 0; j < end; j++ {
		if j > 0 && (end-j)%3 == 0 {
			dst = append(dst, sep)
		}
		dst = append(dst, num[j])
	}
	return append(dst, num[end:]...)
}
