package notebook

import (
	"errors"
	"fmt"
	"strings"
)

// The kinds of failure a CellError wraps; test them with errors.Is.
var (
	// ErrInvalid: the notebook is not one the runner accepts (not valid JSON, not nbformat 4,
	// a cell that mixes declarations and statements, a relative import that leaves the
	// module, a cell that ends with a call of fmt.Println whose results the kernel shows).
	ErrInvalid = errors.New("notebook: invalid notebook")
	// ErrCompile: the program does not compile (a syntax or type error in a cell).
	ErrCompile = errors.New("notebook: compile error")
	// ErrPanic: a cell panicked, or the runtime stopped the program (a deadlock).
	ErrPanic = errors.New("notebook: panic")
	// ErrExit: the program exited with a non-zero status (os.Exit or log.Fatal), or stopped
	// before the last cell (os.Exit(0), or a return in a cell).
	ErrExit = errors.New("notebook: exit")
)

// CellError reports a notebook that failed, with the cell at fault.
type CellError struct {
	// Notebook is the notebook's path, as given.
	Notebook string
	// Cell is the cell at fault: for a panic or an exit the cell that was running, for a
	// compile error the cell holding it. Its zero value means the notebook as a whole.
	Cell Cell
	// Line is the 1-based line in the cell (0 when unknown); Column likewise.
	Line, Column int
	// Err says what went wrong. It wraps one of ErrInvalid, ErrCompile, ErrPanic and ErrExit,
	// or the context's error when the run was cancelled, or the error of a failed file
	// read or go command.
	Err error
	// Output is the program's stderr, without the runner's markers (a panic's stack trace),
	// or the go command's output; empty when there was none.
	Output string
}

// Error reads "notebook: quickstart.ipynb: cell 7 (code cell 4), line 3: panic: boom".
func (e *CellError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "notebook: %s: ", e.Notebook)
	if e.Cell.Number > 0 {
		b.WriteString(e.Cell.String())
		switch {
		case e.Line > 0 && e.Column > 0:
			fmt.Fprintf(&b, ", line %d:%d", e.Line, e.Column)
		case e.Line > 0:
			fmt.Fprintf(&b, ", line %d", e.Line)
		}
		b.WriteString(": ")
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns Err.
func (e *CellError) Unwrap() error { return e.Err }

// kindError is a message that wraps one of the kinds above without repeating its text.
type kindError struct {
	kind error
	msg  string
}

func (e kindError) Error() string { return e.msg }
func (e kindError) Unwrap() error { return e.kind }
