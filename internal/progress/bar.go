package progress

import (
	"io"
	"time"
)

// Bar is the progress bar of one loop, such as the fit loop's:
//
//	Average Loss = 3.1313:  47%|████▋     | 4688/10000 [00:00<00:00, 7060.06it/s]
//
// The text before the colon is the prefix; the rest is tqdm's meter (see Config for units
// and the throttling of redraws). Updates only redraw when the interval has passed, so
// they are cheap: an update reads the clock and allocates nothing.
//
// A nil *Bar is a disabled bar: every method returns at once and writes nothing. A Bar is
// not safe for concurrent use.
type Bar struct {
	scr      screen
	total    int
	n        int
	unit     string
	prefix   string
	value    float64
	hasValue bool
}

// New returns a bar for total iterations writing to w, or nil (a disabled bar) if w is nil.
// A total <= 0 means unknown: the bar then shows the count, elapsed time and rate only. New
// writes nothing; the first update on a terminal draws the bar.
func New(w io.Writer, total int, cfg Config) *Bar {
	if w == nil {
		return nil
	}
	unit := cfg.Unit
	if unit == "" {
		unit = "it"
	}
	return &Bar{scr: newScreen(w, cfg), total: total, unit: unit}
}

// SetPrefix sets the text shown before the meter, followed by ": "; "" shows none.
func (b *Bar) SetPrefix(s string) {
	if b == nil {
		return
	}
	b.prefix, b.hasValue = s, false
}

// SetPrefixG5 sets the prefix to label followed by FormatG5(x), formatted only when the bar
// is drawn, so that it allocates nothing: SetPrefixG5("Average Loss = ", 2.24127) shows
// "Average Loss = 2.2413: ...", PyMC's "Average Loss = {:,.5g}".
func (b *Bar) SetPrefixG5(label string, x float64) {
	if b == nil {
		return
	}
	b.prefix, b.value, b.hasValue = label, x, true
}

// Set records that n iterations are done and redraws the bar if the interval has passed.
func (b *Bar) Set(n int) {
	if b == nil || b.scr.finished {
		return
	}
	b.n = n
	if now := b.scr.clock(); b.scr.due(now) {
		b.draw(now, false)
	}
}

// Add records k more iterations done, as Set(n + k).
func (b *Bar) Add(k int) {
	if b == nil {
		return
	}
	b.Set(b.n + k)
}

// Finish writes the bar's final state, whatever the interval, ending the line; later
// updates are ignored. The count shown is the last one set, which is below the total if the
// loop was interrupted. Calling Finish again does nothing.
func (b *Bar) Finish() {
	if b == nil || b.scr.finished {
		return
	}
	b.draw(b.scr.clock(), true)
}

// Logf writes a log line, formatted as fmt.Sprintf and ended with '\n', such as
// "Finished [100%]: Average Loss = 2.2687". On a terminal it first clears the bar's line
// and the next update redraws the bar below the message.
func (b *Bar) Logf(format string, args ...any) {
	if b == nil {
		return
	}
	b.scr.logf(format, args...)
}

// Err returns the first error from writing, after which the bar writes nothing more, or
// nil. A nil bar returns nil.
func (b *Bar) Err() error {
	if b == nil {
		return nil
	}
	return b.scr.err
}

// draw builds the bar's line at now and shows it.
func (b *Bar) draw(now time.Time, final bool) {
	line := append(b.scr.line[:0], b.prefix...)
	if b.hasValue {
		line = AppendG5(line, b.value)
	}
	if len(line) > 0 {
		line = append(line, ": "...)
	}
	b.scr.line = appendMeter(line, b.n, b.total, now.Sub(b.scr.start), b.unit)
	b.scr.show(now, final)
}
