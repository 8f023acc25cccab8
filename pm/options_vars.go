package pm

import (
	"github.com/gopymc/gopymc/config"
	"github.com/gopymc/gopymc/distributions"
	G "gorgonia.org/gorgonia"
)

// Options of variables beyond the quickstart (issue 14): a chosen transform and DensityDist's
// random function.

// Transform replaces a free variable's default transform (PyMC's transform=), e.g.
// pm.Transform(pm.OrderedTransform()) for a vector increasing along its last axis; its
// initial value (InitVal) must then lie in the transform's support.
func Transform(t distributions.Transform) Option {
	return config.New("Transform", t, func(s *config.Settings) { s.CustomTransform = t })
}

// OrderedTransform is PyMC's ordered transform (pm.distributions.transforms.ordered): values
// increasing along the last axis.
func OrderedTransform() distributions.Transform { return distributions.NewOrderedTransform() }

// PositiveOrderedTransform is PyMC's Ordered(positive=True) transform: positive values
// increasing along the last axis (Stan's positive_ordered).
func PositiveOrderedTransform() distributions.Transform {
	return distributions.NewPositiveOrderedTransform()
}

// densityRandom is what the Random option holds.
type densityRandom struct {
	fn     distributions.RandFunc
	params []*G.Node
}

// Random gives a DensityDist the function that draws it (PyMC's random=), for predictive
// sampling: fn receives the current values of params, nodes of the model's graph, in order.
func Random(fn distributions.RandFunc, params ...*G.Node) Option {
	r := densityRandom{fn: fn, params: append([]*G.Node(nil), params...)}
	return config.New("Random", len(params), func(s *config.Settings) { s.Random = r })
}
