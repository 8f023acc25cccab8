package progress

import (
	"io"
	"os"
	"time"
)

// Mode chooses how a bar is written.
type Mode int

const (
	// ModeAuto, the default, uses ModeTerminal if the writer is an *os.File on a character
	// device (a terminal) and ModeLines otherwise.
	ModeAuto Mode = iota
	// ModeTerminal redraws one line in place: each redraw starts with '\r' and pads with
	// spaces over a longer previous line; Finish ends the line with '\n'.
	ModeTerminal
	// ModeLines writes each redraw as a full line ending in '\n', for files and notebooks.
	ModeLines
)

// Default redraw intervals.
const (
	TerminalInterval = 100 * time.Millisecond // for ModeTerminal
	LinesInterval    = 5 * time.Second        // for ModeLines
)

// Config is the display settings of a Bar or ChainBar. Its zero value means the defaults.
type Config struct {
	// Mode is how the bar is written; see Mode. The zero value is ModeAuto.
	Mode Mode

	// Interval is the least time between two redraws: 0 means TerminalInterval on a
	// terminal and LinesInterval otherwise; a negative value redraws on every update.
	// Finish always writes.
	Interval time.Duration

	// Unit names what is counted, appended as is to the count when the total is unknown and
	// to the rate: "" means "it" for a Bar ("4653.71it/s") and " draws" for a ChainBar
	// ("148.15 draws/s").
	Unit string

	// Clock returns the current time; nil means time.Now. Elapsed time, remaining time,
	// rate and throttling all read it; tests inject a fake one.
	Clock func() time.Time
}

// isTerminal reports whether w is an *os.File on a character device.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || f == nil {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
