package callbacks

import (
	"errors"
	"fmt"
	"testing"
)

func TestStop(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err     error
		msg     string
		ok      bool
		errText string
	}{
		{Stop("I was slow, sorry"), "I was slow, sorry", true, "I was slow, sorry"},
		{fmt.Errorf("wrapped: %w", Stop("done")), "done", true, "wrapped: done"},
		{Stop(""), "", true, "callbacks: stop"},
		{errors.New("boom"), "", false, "boom"},
		{nil, "", false, ""},
	}
	for _, tt := range tests {
		msg, ok := IsStop(tt.err)
		if msg != tt.msg || ok != tt.ok {
			t.Errorf("IsStop(%v) = %q, %v; want %q, %v", tt.err, msg, ok, tt.msg, tt.ok)
		}
		if tt.err != nil && tt.err.Error() != tt.errText {
			t.Errorf("Error() = %q; want %q", tt.err.Error(), tt.errText)
		}
	}
	var s *StopError
	if !errors.As(Stop("x"), &s) || s.Msg != "x" {
		t.Error("errors.As does not find the *StopError")
	}
}

func TestFunc(t *testing.T) {
	t.Parallel()
	var got []int
	cb := Func(func(_ FlatParamser, losses []float64, i int) error {
		got = append(got, i, len(losses))
		if i == 2 {
			return Stop("two")
		}
		return nil
	})
	if err := cb.Call(nil, []float64{1}, 1); err != nil {
		t.Fatal(err)
	}
	if msg, ok := IsStop(cb.Call(nil, []float64{1, 2}, 2)); !ok || msg != "two" {
		t.Errorf("second call: %q, %v; want stop \"two\"", msg, ok)
	}
	if fmt.Sprint(got) != "[1 1 2 2]" {
		t.Errorf("calls = %v; want [1 1 2 2]", got)
	}
	if err := Func(nil).Call(nil, nil, 1); err == nil || err.Error() != "callbacks: Func: the function is nil" {
		t.Errorf("Func(nil).Call = %v", err)
	}
}
