package opvi

import (
	"bytes"
	"context"
	"math"
	"testing"

	"github.com/gopymc/gopymc/approximations"
	"github.com/gopymc/gopymc/internal/testmodels"
	"github.com/gopymc/gopymc/optimizers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tableOp is an operator whose gradient is 1 for every parameter, so that k SGD steps with
// learning rate eta move the first parameter by -k·eta, and whose estimated loss is looked
// up from that displacement: the loss after trying eta is losses[eta].
type tableOp struct {
	q      approximations.Approximation
	start  float64
	iters  int
	init   float64
	losses map[float64]float64
}

func (o *tableOp) step(_ context.Context, grad []float64) (float64, error) {
	for i := range grad {
		grad[i] = 1
	}
	return 0, nil
}
func (o *tableOp) returnsLoss() bool                    { return true }
func (o *tableOp) approx() approximations.Approximation { return o.q }
func (o *tableOp) estimateLoss(int) (float64, error) {
	moved := o.start - o.q.FlatParams()[0]
	if moved == 0 {
		return o.init, nil
	}
	eta := moved / float64(o.iters)
	for e, l := range o.losses {
		if math.Abs(e-eta) < 1e-9*e {
			return l, nil
		}
	}
	return math.NaN(), nil
}

// TestAdaptEtaFollowsStan replays the decisions of Stan's adapt_eta (advi.hpp) on tables of
// ELBOs (as losses: lower is better; the initial loss is 10).
func TestAdaptEtaFollowsStan(t *testing.T) {
	t.Parallel()
	inf := math.Inf(1)
	cases := []struct {
		name   string
		losses map[float64]float64
		want   float64 // 0: the search fails
		msg    string
	}{
		{"stops when worse", map[float64]float64{100: 5, 10: 3, 1: 4}, 10, "Success! Found best value [eta = 10] earlier than expected."},
		{"keeps improving to the last", map[float64]float64{100: 9, 10: 8, 1: 7, 0.1: 6, 0.01: 5}, 0.01, "Success! Found best value [eta = 0.01]."},
		{"diverged first", map[float64]float64{100: inf, 10: 3, 1: 5}, 10, "earlier than expected"},
		{"first is best", map[float64]float64{100: 5, 10: 6}, 100, "[eta = 100] earlier than expected."},
		{"none beats the start", map[float64]float64{100: 20, 10: 19, 1: 18, 0.1: 17, 0.01: 11}, 0, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q, err := approximations.NewMeanField(testmodels.NewConjugate(10, 1).Model)
			require.NoError(t, err)
			start := q.FlatParams()[0]
			op := &tableOp{q: q, start: start, iters: 50, init: 10, losses: c.losses}
			var out bytes.Buffer
			st := &fitState{op: op, optimizer: optimizers.SGD(1), etaIterations: 50, out: &out,
				grad: make([]float64, len(q.FlatParams()))}
			in := &Inference{method: "advi", q: q}
			err = in.adaptEta(context.Background(), st)
			assert.Equal(t, start, q.FlatParams()[0], "the parameters are reset")
			if c.want == 0 {
				assert.ErrorContains(t, err, "all proposed step sizes (100, 10, 1, 0.1, 0.01) failed")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, c.want, st.eta)
			assert.Contains(t, out.String(), "Begin eta adaptation.")
			assert.Contains(t, out.String(), c.msg)
		})
	}
}
