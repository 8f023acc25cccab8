package pm_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gopymc/gopymc/pm"
	G "gorgonia.org/gorgonia"
)

// A variable that fails to build returns a stand-in of the shape the user asked for, or of
// its data, so that code building on it does not panic; the model keeps the first error.
func TestFailVarShape(t *testing.T) {
	t.Parallel()
	m := pm.NewModel()
	x := pm.Normal(m, "x", 0, -1, pm.Shape(3))
	require.Error(t, m.Err())
	assert.Contains(t, m.Err().Error(), "sigma must be positive")
	assert.Equal(t, []int{3}, []int(x.Shape()))
	assert.NotPanics(t, func() { G.Must(G.Square(x)) }, "building on the stand-in")

	m2 := pm.NewModel()
	y := pm.Normal(m2, "y", 0, -1, pm.Observed([]float64{1, 2, 3, 4}))
	require.Error(t, m2.Err())
	assert.Equal(t, []int{4}, []int(y.Shape()))
	_, err := pm.Fit(m2, pm.N(1), pm.Output(nil))
	assert.Equal(t, m2.Err(), err, "Fit returns the model's first error")
}

// NewShared with a name in use or a value that is not data records the error and returns a
// usable stand-in, as the variable constructors do.
func TestNewSharedErrorsKeepAStandIn(t *testing.T) {
	t.Parallel()
	m := pm.NewModel()
	pm.Normal(m, "x", 0, 1)
	s := pm.NewShared(m, "x", []float64{1, 2, 3})
	require.NotNil(t, s)
	require.Error(t, m.Err())
	assert.Contains(t, m.Err().Error(), `"x" is already used`)
	assert.Equal(t, []int{3}, []int(s.Node().Shape()))

	m2 := pm.NewModel()
	bad := pm.NewShared(m2, "data", "not numbers")
	require.NotNil(t, bad)
	require.Error(t, m2.Err())
	assert.NotNil(t, bad.Node())
}
