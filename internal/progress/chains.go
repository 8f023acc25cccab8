package progress

import (
	"io"
	"sync"
	"time"
)

// ChainBar is the progress bar of a sampler's chains, on one combined line that counts the
// iterations (tuning included) and divergences of all chains: PyMC 3.8-3.11's description
// "Sampling {chains} chains, {divergences:,d} divergences" before tqdm's meter:
//
//	Sampling 4 chains, 3 divergences:  62%|██████▏   | 4960/8000 [00:03<00:01, 1550.00 draws/s]
//
// The prefix always says "chains", as PyMC's does; divergences are the sum of the counts the
// chains report. One line, rather than a line per chain,
// keeps the output the same on terminals, in files and in notebooks.
//
// Its methods are safe for concurrent use, so each chain's goroutine reports to it; Update
// matches mcmc.Settings.Progress, so bar.Update can be passed there. A nil *ChainBar is a
// disabled bar: every method returns at once and writes nothing (pass a nil Progress
// function rather than the nil bar's method value to save the call).
type ChainBar struct {
	mu          sync.Mutex
	scr         screen
	unit        string
	total       int
	iters       []int // per chain
	divs        []int // per chain
	n           int   // sum of iters
	divergences int   // sum of divs
}

// NewChainBar returns a bar for chains chains of perChain iterations each (tune + draws)
// writing to w, or nil (a disabled bar) if w is nil. If chains*perChain <= 0 the total is
// unknown and the bar shows the count, elapsed time and rate only.
func NewChainBar(w io.Writer, chains, perChain int, cfg Config) *ChainBar {
	if w == nil {
		return nil
	}
	chains = max(chains, 0)
	unit := cfg.Unit
	if unit == "" {
		unit = " draws"
	}
	return &ChainBar{
		scr:   newScreen(w, cfg),
		unit:  unit,
		total: chains * perChain,
		iters: make([]int, chains),
		divs:  make([]int, chains),
	}
}

// Update records that chain (0-based) has completed iteration iterations, tuning included,
// with divergences divergent ones so far, and redraws the bar if the interval has passed.
// tuning, which tells whether the iteration was a tuning one, is not shown. An update for
// a chain outside [0, chains) is ignored.
func (b *ChainBar) Update(chain, iteration int, tuning bool, divergences int) {
	if b == nil {
		return
	}
	b.mu.Lock()
	if !b.scr.finished && chain >= 0 && chain < len(b.iters) {
		b.n += iteration - b.iters[chain]
		b.divergences += divergences - b.divs[chain]
		b.iters[chain], b.divs[chain] = iteration, divergences
		if now := b.scr.clock(); b.scr.due(now) {
			b.draw(now, false)
		}
	}
	b.mu.Unlock()
}

// Finish writes the bar's final state, whatever the interval, ending the line; later
// updates are ignored. Calling Finish again does nothing.
func (b *ChainBar) Finish() {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.scr.finished {
		b.draw(b.scr.clock(), true)
	}
}

// Logf writes a log line, formatted as fmt.Sprintf and ended with '\n', such as
// "Sampling 4 chains for 1_000 tune and 1_000 draw iterations ...". On a terminal it first
// clears the bar's line and the next update redraws the bar below the message.
func (b *ChainBar) Logf(format string, args ...any) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.scr.logf(format, args...)
}

// Err returns the first error from writing, after which the bar writes nothing more, or
// nil. A nil bar returns nil.
func (b *ChainBar) Err() error {
	if b == nil {
		return nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.scr.err
}

// draw builds the line at now and shows it; b.mu is held.
func (b *ChainBar) draw(now time.Time, final bool) {
	line := append(b.scr.line[:0], "Sampling "...)
	line = AppendInt(line, len(b.iters), ',')
	line = append(line, " chains, "...)
	line = AppendInt(line, b.divergences, ',')
	line = append(line, " divergences: "...)
	b.scr.line = appendMeter(line, b.n, b.total, now.Sub(b.scr.start), b.unit)
	b.scr.show(now, final)
}
