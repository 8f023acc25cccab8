package mcmc

// stanWindows is Stan's warm-up schedule (windowed_adaptation.hpp, defaults init_buffer 75,
// term_buffer 50, base window 25): a fast interval of initBuf iterations adapting only the
// step size, slow windows of 25, 50, 100, ... iterations over which the variance is
// estimated (the last one stretched to the start of the terminal interval), and a terminal
// interval of termBuf iterations adapting only the step size to the last metric. With fewer
// than 20 tuning iterations there are no windows; when the three stages do not fit, they
// take 15%, 75% and 10% of the tuning.
//
// References: Stan Reference Manual, "HMC algorithm parameters: automatic parameter tuning",
// section "Adaptation windows"; Stan's src/stan/mcmc/windowed_adaptation.hpp.
type stanWindows struct {
	warmup, initBuf, termBuf int
	size                     int // the current window's size
	next                     int // the iteration ending the current window
	counter                  int // tuning iterations seen
	on                       bool
}

const (
	stanInitBuffer = 75
	stanTermBuffer = 50
	stanBaseWindow = 25
)

func newStanWindows(tune int) stanWindows {
	w := stanWindows{warmup: tune, initBuf: stanInitBuffer, termBuf: stanTermBuffer, size: stanBaseWindow}
	if tune < 20 {
		return w
	}
	if w.initBuf+w.size+w.termBuf > tune {
		w.initBuf = int(0.15 * float64(tune))
		w.termBuf = int(0.10 * float64(tune))
		w.size = tune - (w.initBuf + w.termBuf)
	}
	w.next = w.initBuf + w.size - 1
	w.on = true
	return w
}

// inWindow reports whether the current iteration's draw goes into the variance estimate.
func (w *stanWindows) inWindow() bool {
	return w.on && w.counter >= w.initBuf && w.counter < w.warmup-w.termBuf
}

// endOfWindow reports whether the current iteration ends a slow window.
func (w *stanWindows) endOfWindow() bool {
	return w.on && w.counter == w.next && w.counter != w.warmup
}

// advance computes the end of the next window: twice as long, or stretched to the terminal
// interval when the one after it would not fit.
func (w *stanWindows) advance() {
	last := w.warmup - w.termBuf - 1
	if w.next == last {
		return
	}
	w.size *= 2
	w.next = w.counter + w.size
	if w.next == last {
		return
	}
	if w.next+2*w.size >= w.warmup-w.termBuf {
		w.next = last
	}
}

// stanDiagMetric is the diagonal metric with Stan's adaptation (var_adaptation.hpp): the
// inverse mass matrix starts at the identity (or the given diagonal) and is replaced at the
// end of each slow window by the window's sample variance (Welford, divided by n - 1),
// regularised towards 1e-3 as Stan does, (n/(n+5))·var + 1e-3·5/(n+5). update reports the
// replacements: the chain then restarts the step-size adaptation from a new initial step
// size.
//
// References: B. P. Welford, Technometrics 4(3), 1962; Stan's var_adaptation.hpp and
// welford_var_estimator.hpp.
type stanDiagMetric struct {
	diagScale
	acc runningVariance // the current window's draws (no prior pseudo-draws)
	win stanWindows
}

func newStanDiagMetric(d, tune int, initial []float64) *stanDiagMetric {
	return &stanDiagMetric{
		diagScale: newDiagScale(d, initial),
		acc:       runningVariance{mean: make([]float64, d), rawVar: make([]float64, d)},
		win:       newStanWindows(tune),
	}
}

func (m *stanDiagMetric) update(q []float64, tune bool) bool {
	if !tune {
		return false
	}
	w := &m.win
	if w.inWindow() {
		m.acc.add(q)
	}
	if !w.endOfWindow() {
		w.counter++
		return false
	}
	w.advance()
	n := m.acc.weight
	for i, r := range m.acc.rawVar {
		v := r / (n - 1)
		v = (n/(n+5))*v + 1e-3*(5/(n+5))
		m.set(i, min(max(v, minVariance), maxVariance))
	}
	m.acc.reset()
	w.counter++
	return true
}
