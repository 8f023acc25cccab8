package progress

import (
	"fmt"
	"io"
	"time"
	"unicode/utf8"
)

// screen is the throttled output of one bar: it decides when a redraw is due and writes
// lines for the terminal or for a log. It is not safe for concurrent use.
type screen struct {
	w        io.Writer
	terminal bool
	interval time.Duration
	clock    func() time.Time
	start    time.Time // when the bar was made
	last     time.Time // when it was last drawn, if drawn
	drawn    bool      // drawn since start (on a terminal: since the last log line)
	width    int       // runes of the bar line now on the terminal, 0 if none
	line     []byte    // the bar's text, built by its owner, reused
	out      []byte    // the bytes of one write, reused
	err      error     // the first write error; nothing is written after it
	finished bool
}

func newScreen(w io.Writer, cfg Config) screen {
	s := screen{w: w, interval: cfg.Interval, clock: cfg.Clock}
	switch cfg.Mode {
	case ModeTerminal:
		s.terminal = true
	case ModeAuto:
		s.terminal = isTerminal(w)
	}
	if s.interval == 0 {
		s.interval = LinesInterval
		if s.terminal {
			s.interval = TerminalInterval
		}
	}
	if s.clock == nil {
		s.clock = time.Now
	}
	s.start = s.clock()
	return s
}

// due reports whether a redraw at now is allowed: on a terminal the first one at once,
// otherwise interval after the previous one (or after the start).
func (s *screen) due(now time.Time) bool {
	switch {
	case s.interval < 0:
		return true
	case !s.drawn:
		return s.terminal || now.Sub(s.start) >= s.interval
	}
	return now.Sub(s.last) >= s.interval
}

// show writes s.line as the bar's current state at now; final ends the bar's output.
func (s *screen) show(now time.Time, final bool) {
	s.drawn, s.last = true, now
	if s.finished {
		return
	}
	s.finished = final
	s.out = s.out[:0]
	if s.terminal {
		n := utf8.RuneCount(s.line)
		s.out = append(s.out, '\r')
		s.out = append(s.out, s.line...)
		for range s.width - n {
			s.out = append(s.out, ' ')
		}
		s.width = n
		if final {
			s.out = append(s.out, '\n')
			s.width = 0
		}
	} else {
		s.out = append(s.out, s.line...)
		s.out = append(s.out, '\n')
	}
	s.write()
}

// logf writes a log line, first clearing the bar from a terminal, where the next update
// then redraws it at once.
func (s *screen) logf(format string, args ...any) {
	s.out = s.out[:0]
	if s.terminal && s.width > 0 {
		s.out = append(s.out, '\r')
		for range s.width {
			s.out = append(s.out, ' ')
		}
		s.out = append(s.out, '\r')
		s.width = 0
		s.drawn = false
	}
	s.out = appendLine(s.out, format, args...)
	s.write()
}

// write writes s.out unless an earlier write failed.
func (s *screen) write() {
	if s.err != nil {
		return
	}
	if _, err := s.w.Write(s.out); err != nil {
		s.err = fmt.Errorf("progress: writing: %w", err)
	}
}

// appendLine appends the formatted text and a '\n' unless it ends with one.
func appendLine(dst []byte, format string, args ...any) []byte {
	dst = fmt.Appendf(dst, format, args...)
	if len(dst) == 0 || dst[len(dst)-1] != '\n' {
		dst = append(dst, '\n')
	}
	return dst
}

// Logf writes a log line to w, formatted as fmt.Sprintf and ended with '\n' unless it ends
// with one; a nil w writes nothing. Use a Bar's or ChainBar's Logf while that bar is shown.
func Logf(w io.Writer, format string, args ...any) {
	if w == nil {
		return
	}
	_, _ = w.Write(appendLine(nil, format, args...))
}
