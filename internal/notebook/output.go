package notebook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
)

// output is the program's stderr, read for the runner's markers.
type output struct {
	clean []byte // stderr without the markers
	tail  []byte // the part of clean after the last marker
	cell  int    // the number of the last cell that started; 0 for none
	done  bool   // the end marker: every cell ran
}

// parseOutput splits the runner's markers ("\n##notebook-runner## cell 7\n") out of stderr.
func parseOutput(stderr []byte) output {
	var o output
	m := []byte("\n" + marker)
	tail := 0
	for {
		i := bytes.Index(stderr, m)
		if i < 0 {
			o.clean = append(o.clean, stderr...)
			break
		}
		o.clean = append(o.clean, stderr[:i]...)
		rest := stderr[i+len(m):]
		line, after, _ := bytes.Cut(rest, []byte("\n"))
		stderr = after
		tail = len(o.clean)
		if n, ok := bytes.CutPrefix(line, []byte("cell ")); ok {
			o.cell, _ = strconv.Atoi(string(n))
		} else if string(line) == "done" {
			o.done = true
		}
	}
	o.tail = o.clean[tail:]
	return o
}

var (
	// frameLine matches a stack trace's file line in a cell: "\tquickstart.ipynb:cell7:3 +0x4b".
	frameLine = regexp.MustCompile(`^\t(.*:cell\d+):(\d+)(?: \+0x[0-9a-f]+)?$`)
	// compileLine matches an error line of the compiler in a cell: "x.ipynb:cell7:3:5: msg".
	compileLine = regexp.MustCompile(`^(.*:cell\d+):(\d+):(\d+): (.*)$`)
)

// compilerLine returns the CellError of a compiler error line, or nil for another line.
func (p *program) compilerLine(line string) *CellError {
	m := compileLine.FindStringSubmatch(line)
	if m == nil {
		return nil
	}
	c, ok := p.cellOf(m[1])
	if !ok {
		return nil
	}
	l, _ := strconv.Atoi(m[2])
	col, _ := strconv.Atoi(m[3])
	return &CellError{Notebook: p.nb.Path, Cell: c, Line: l, Column: col, Err: kindError{ErrCompile, m[4]}}
}

// runError explains how the program ended: nil when every cell ran, else a CellError for
// the cell that was running.
func (p *program) runError(ctx context.Context, runErr error, out output) error {
	e := &CellError{Notebook: p.nb.Path, Output: string(out.clean)}
	if out.cell > 0 && out.cell <= len(p.nb.Cells) {
		e.Cell = p.nb.Cells[out.cell-1]
	}
	switch {
	case runErr == nil && out.done:
		return nil
	case runErr == nil:
		e.Err = kindError{ErrExit, "the program stopped before the end of the notebook (os.Exit(0), or a return in a cell)"}
		return e
	case ctx.Err() != nil:
		e.Err = fmt.Errorf("stopped: %w", ctx.Err())
		return e
	}
	if msg, frames, ok := panicOf(out.tail); ok {
		if len(frames) > 0 && e.Cell.Number == 0 {
			// Before main, initialising a variable: blame the outermost cell.
			e.Cell, _ = p.cellOf(frames[len(frames)-1].file)
		}
		for _, f := range frames { // the innermost frame in the running cell
			if c, _ := p.cellOf(f.file); c.Number == e.Cell.Number {
				e.Line = f.line
				break
			}
		}
		if len(frames) > 0 {
			if at, _ := p.cellOf(frames[0].file); at.Number > 0 && at.Number != e.Cell.Number {
				msg += fmt.Sprintf(" (at %s, line %d)", at, frames[0].line)
			}
		}
		e.Err = kindError{ErrPanic, msg}
		return e
	}
	var exit *exec.ExitError
	if !errors.As(runErr, &exit) {
		e.Err = fmt.Errorf("running: %w", runErr)
		return e
	}
	msg := exit.String() // "exit status 3" or "signal: killed"
	if last := lastLine(out.tail); last != "" {
		msg += fmt.Sprintf(" (stderr: %q)", last)
	}
	e.Err = kindError{ErrExit, msg}
	return e
}

// frame is a stack frame in a cell: its //line file name and line.
type frame struct {
	file string
	line int
}

// panicOf finds in stderr the message of a panic or a fatal runtime error, followed by its
// stack trace, and the frames of that trace that are in cells, innermost first.
func panicOf(stderr []byte) (msg string, frames []frame, ok bool) {
	lines := strings.Split(string(stderr), "\n")
	for i, l := range lines {
		if !strings.HasPrefix(l, "panic: ") && !strings.HasPrefix(l, "fatal error: ") {
			continue
		}
		trace := -1
		for j := i + 1; j < len(lines); j++ {
			if strings.HasPrefix(lines[j], "goroutine ") {
				trace = j
				break
			}
		}
		if trace < 0 {
			continue
		}
		end := i + 1
		for end < trace && end < i+10 && lines[end] != "" {
			end++
		}
		msg = strings.Join(lines[i:end], "\n")
		for _, f := range lines[trace+1:] {
			if f == "" { // the end of the panicking goroutine's trace
				break
			}
			if m := frameLine.FindStringSubmatch(f); m != nil {
				n, _ := strconv.Atoi(m[2])
				frames = append(frames, frame{m[1], n})
			}
		}
		return msg, frames, true
	}
	return "", nil, false
}

// lastLine returns the last non-blank line of b, cut to 200 bytes.
func lastLine(b []byte) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	last := strings.TrimSpace(lines[len(lines)-1])
	if len(last) > 200 {
		last = last[:200] + "..."
	}
	return last
}
