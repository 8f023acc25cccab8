package badinput_test

import (
	"errors"
	"fmt"
	"math"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// class is the outcome a case must have.
type class int

const (
	// clearError: the call returns an error whose message contains every want string (the
	// variable or option it names, and the problem).
	clearError class = iota
	// finiteResult: the input is valid though unusual; the call succeeds and what it returns
	// is finite (the case's call checks that and returns an error otherwise).
	finiteResult
)

func (c class) String() string {
	if c == finiteResult {
		return "finite result"
	}
	return "clear error"
}

// badCase is one plausible mistake (or unusual but valid input) and its expected outcome.
type badCase struct {
	name  string
	call  func() error
	want  []string // clearError: substrings of the message
	class class
}

// fine marks a case whose input is valid: it must succeed with a finite result.
func fine(name string, call func() error) badCase {
	return badCase{name: name, call: call, class: finiteResult}
}

// caseTimeout bounds one case: a case that takes longer hangs.
const caseTimeout = 90 * time.Second

// allCases is every area's table, in a fixed order.
func allCases() []badCase {
	var all []badCase
	for _, area := range [][]badCase{
		modelCases(), optionCases(), fitCases(), sampleCases(), approxCases(),
		dataCases(), traceCases(), plotCases(), callbackCases(), optimizerCases(),
		fileCases(), notebookCases(), graphCases(),
	} {
		all = append(all, area...)
	}
	return all
}

// minCases is the size the matrix must keep (issue 17).
const minCases = 250

func TestBadInputs(t *testing.T) {
	t.Parallel()
	cases := allCases()
	if len(cases) < minCases {
		t.Fatalf("%d cases, want at least %d", len(cases), minCases)
	}
	seen := map[string]bool{}
	for _, c := range cases {
		if seen[c.name] {
			t.Fatalf("two cases named %q", c.name)
		}
		seen[c.name] = true
	}
	var counts [2]atomic.Int64
	t.Run("cases", func(t *testing.T) {
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				t.Parallel()
				if err := check(c); err != nil {
					t.Error(err)
					return
				}
				counts[c.class].Add(1)
			})
		}
	})
	if t.Failed() {
		return
	}
	msg := fmt.Sprintf("bad inputs: %d cases, all clear (%d clear errors, %d finite results)",
		len(cases), counts[clearError].Load(), counts[finiteResult].Load())
	t.Log(msg)
	fmt.Println(msg)
}

// check runs a case and returns what is wrong with its outcome, or nil.
func check(c badCase) error {
	type outcome struct {
		err      error
		panicked any
		stack    []byte
	}
	done := make(chan outcome, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- outcome{panicked: r, stack: debug.Stack()}
			}
		}()
		done <- outcome{err: c.call()}
	}()
	var o outcome
	select {
	case o = <-done:
	case <-time.After(caseTimeout):
		return fmt.Errorf("hang: no return after %v", caseTimeout)
	}
	if o.panicked != nil {
		return fmt.Errorf("panic: %v\n%s", o.panicked, o.stack)
	}
	switch c.class {
	case finiteResult:
		if o.err != nil {
			return fmt.Errorf("want a finite result, got error: %v", o.err)
		}
	case clearError:
		if o.err == nil {
			return errors.New("accepted: no error")
		}
		msg := o.err.Error()
		var missing []string
		for _, w := range c.want {
			if !strings.Contains(msg, w) {
				missing = append(missing, fmt.Sprintf("%q", w))
			}
		}
		if len(missing) > 0 {
			return fmt.Errorf("vague error: %q lacks %s", msg, strings.Join(missing, ", "))
		}
		if len(c.want) == 0 {
			return errors.New("a clear-error case must say what the message names")
		}
	}
	return nil
}

// allFinite returns an error naming the first value that is not finite.
func allFinite(what string, xs []float64) error {
	for i, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("%s[%d] is %v", what, i, x)
		}
	}
	return nil
}
