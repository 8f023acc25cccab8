package plots

import (
	"math"
	"strconv"

	"gonum.org/v1/plot"
)

// niceTicks places about n+1 labelled ticks at multiples of 1, 2, 2.5 or 5 times a power
// of ten, every one labelled with the same number of decimals, as matplotlib's
// MaxNLocator and ScalarFormatter do. gonum/plot's default labels only a few ticks and
// prints needless decimals ("2500.00").
type niceTicks struct{ n int }

// Ticks returns the ticks in [lo, hi].
func (t niceTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || math.IsInf(hi-lo, 0) {
		return []plot.Tick{{Value: lo, Label: strconv.FormatFloat(lo, 'g', 4, 64)}}
	}
	// Among the nice steps near range/n, take the one whose tick count inside [lo, hi]
	// is closest to n+1 (at most n+2), preferring 1, 2 and 5 to 2.5 and then fewer ticks.
	base := math.Pow(10, math.Floor(math.Log10((hi-lo)/float64(t.n))))
	step, mant := 0.0, 0.0
	bestScore := math.Inf(1)
	for _, m := range []float64{0.1, 1, 10} {
		for _, f := range []float64{1, 2, 2.5, 5} {
			st := m * f * base
			count := math.Floor(hi/st+1e-9) - math.Ceil(lo/st-1e-9) + 1
			if count < 2 || count > float64(t.n+2) {
				continue
			}
			score := math.Abs(count - float64(t.n+1))
			if f == 2.5 {
				score += 0.5
			}
			if score < bestScore || (score == bestScore && st > step) {
				step, mant, bestScore = st, f, score
			}
		}
	}
	if step == 0 {
		return []plot.Tick{{Value: lo, Label: strconv.FormatFloat(lo, 'g', 4, 64)}}
	}
	k0 := math.Ceil(lo/step - 1e-9)
	k1 := math.Floor(hi/step + 1e-9)
	maxAbs := math.Max(math.Abs(lo), math.Abs(hi))
	// A step of 2.5·10^k needs one decimal more than 10^k, unless it is a whole number
	// (250 needs none).
	k := int(math.Floor(math.Log10(step)))
	if mant == 2.5 {
		k--
	}
	decimals := max(0, -k)
	sci := maxAbs >= 1e6 || maxAbs < 1e-3
	sciDecimals := 0
	if sci {
		sciDecimals = max(0, int(math.Floor(math.Log10(maxAbs)))-int(math.Floor(math.Log10(step))))
		if mant == 2.5 {
			sciDecimals++
		}
	}
	var ticks []plot.Tick
	for k := k0; k <= k1; k++ {
		v := k * step
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		var label string
		switch {
		case v == 0 && sci:
			label = "0"
		case sci:
			label = strconv.FormatFloat(v, 'e', sciDecimals, 64)
		default:
			label = strconv.FormatFloat(v, 'f', decimals, 64)
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: label})
	}
	return ticks
}
