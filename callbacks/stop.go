package callbacks

import "errors"

// StopError is the error a callback returns to end the fit cleanly, PyMC's
// StopIteration(msg): the fit returns the approximation fitted so far with no error and logs
// Msg. Make one with [Stop]; test for one, also wrapped, with [IsStop] or errors.As.
type StopError struct {
	// Msg is logged by the fit loop, e.g. "Convergence achieved at 4700". It may be empty.
	Msg string
}

// Error returns Msg, or "callbacks: stop" if Msg is empty. The message is the callback's
// text, logged as is, so it carries no package prefix.
func (e *StopError) Error() string {
	if e.Msg == "" {
		return "callbacks: stop"
	}
	return e.Msg
}

// Stop returns a *StopError with message msg: a callback returns it to end the fit cleanly.
func Stop(msg string) error {
	return &StopError{Msg: msg}
}

// IsStop reports whether err is, or wraps, a *StopError, and if so returns its message.
func IsStop(err error) (msg string, ok bool) {
	var s *StopError
	if errors.As(err, &s) && s != nil {
		return s.Msg, true
	}
	return "", false
}
