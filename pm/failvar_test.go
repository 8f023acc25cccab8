package pm_test

import (
	"github.com/gopymc/gopymc/pm"
	"testing"
)

// A variable that fails to build returns a stand-in of the shape the user asked for, or of
// its data, so that code building on it does not panic.
func TestFailVarShape(t *testing.T) {
	m := pm.NewModel()
	n := pm.Normal(m, "x", 0, -1, pm.Shape(3))
	if m.Err() == nil || n.Shape()[0] != 3 {
		t.Fatalf("%v %v", m.Err(), n.Shape())
	}
	m2 := pm.NewModel()
	d := pm.Normal(m2, "y", 0, -1, pm.Observed([]float64{1, 2, 3, 4}))
	if m2.Err() == nil || d.Shape()[0] != 4 {
		t.Fatalf("%v %v", m2.Err(), d.Shape())
	}
}
