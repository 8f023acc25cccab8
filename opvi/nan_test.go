package opvi

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestNaNErrorNamesFewParameters: a deep flow's error names the first parameters and counts
// the rest, instead of a line for every one of hundreds.
func TestNaNErrorNamesFewParameters(t *testing.T) {
	t.Parallel()
	e := &NaNError{Iteration: 3}
	for i := range 80 {
		e.Params = append(e.Params, fmt.Sprintf("u_%d[0] is NaN", i))
	}
	msg := e.Error()
	assert.True(t, strings.HasPrefix(msg, "NaN occurred in optimization."))
	assert.Contains(t, msg, "u_7[0] is NaN")
	assert.NotContains(t, msg, "u_8[0]")
	assert.Contains(t, msg, "... and 72 more parameters.")
	assert.Len(t, e.Params, 80)
}
