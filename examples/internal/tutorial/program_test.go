package tutorial

import (
	"errors"
	"testing"
)

// Steps runs its steps in order, stops at the first error and names its step, and prints
// the summary only when every step succeeded.
func TestSteps(t *testing.T) {
	var ran []string
	summaries := 0
	step := func(name string, err error) Step {
		return Step{Name: name, Do: func() error { ran = append(ran, name); return err }}
	}
	secs, err := Steps(func() { summaries++ }, step("a", nil), step("b", nil))
	if err != nil || secs < 0 || summaries != 1 || len(ran) != 2 || ran[0] != "a" || ran[1] != "b" {
		t.Fatalf("two good steps: err %v, seconds %v, %d summaries, ran %v", err, secs, summaries, ran)
	}
	ran, summaries = nil, 0
	boom := errors.New("boom")
	_, err = Steps(func() { summaries++ }, step("a", nil), step("b", boom), step("c", nil))
	if !errors.Is(err, boom) || err.Error() != "b: boom" {
		t.Errorf("a failing step gives %v, want b: boom", err)
	}
	if summaries != 0 || len(ran) != 2 {
		t.Errorf("after a failing step: %d summaries, ran %v", summaries, ran)
	}
	if Conclusions(nil) != nil {
		t.Error("Conclusions(nil) is not nil")
	}
	if err := Conclusions(boom); !errors.Is(err, boom) || err.Error() != "a conclusion does not hold: boom" {
		t.Errorf("Conclusions(boom) = %v", err)
	}
}

// ShareBelow counts strictly below the threshold, 0 of no values.
func TestShareBelow(t *testing.T) {
	t.Parallel()
	xs := []float64{-1, 0, 0.05, 0.1, 2}
	for _, c := range []struct {
		xs        []float64
		threshold float64
		want      float64
	}{{xs, 0, 0.2}, {xs, 0.1, 0.6}, {xs, 5, 1}, {xs, -2, 0}, {nil, 0, 0}} {
		if got := ShareBelow(c.xs, c.threshold); got != c.want {
			t.Errorf("ShareBelow(%v, %v) = %v, want %v", c.xs, c.threshold, got, c.want)
		}
	}
}
