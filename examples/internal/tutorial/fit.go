package tutorial

// Pick returns full in a full run and quick in quick mode, for counts that do not scale
// (Scale does for those that do).
func (r *Run) Pick(full, quick int) int {
	if r.Quick {
		return quick
	}
	return full
}

// AverageLoss is PyMC's "Average Loss": the mean of the last 1,000 losses of a history (of
// all of a shorter one), 0 for none.
func AverageLoss(h []float64) float64 {
	k := min(len(h), 1000)
	if k == 0 {
		return 0
	}
	s := 0.0
	for _, v := range h[len(h)-k:] {
		s += v
	}
	return s / float64(k)
}

// ShareBelow is the share of xs below t (0 of none): the mass a sample puts on one side of a
// threshold, such as a mode of a two-mode density.
func ShareBelow(xs []float64, t float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	n := 0
	for _, x := range xs {
		if x < t {
			n++
		}
	}
	return float64(n) / float64(len(xs))
}
