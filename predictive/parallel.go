package predictive

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"

	"github.com/gopymc/gopymc/graph"
)

// drawStream numbers the streams of the predictive draws: draw k draws from
// PCG(DeriveSeed(seed, k), drawStream).
const drawStream = 0x707265 // "pre"

// drawer computes draw k into its outputs; one goroutine uses it.
type drawer interface {
	draw(k int, rng *rand.Rand) error
}

// drawChunk is the number of draws runDraws makes between two calls of its grow function.
const drawChunk = 1 << 12

// runDraws runs draws 0..n-1 on at most cores goroutines, each with a drawer from
// newDrawer (called in worker order on the calling goroutine, so that compiled copies are
// made in a fixed order). The draws run in chunks of drawChunk: before each, grow(end) is
// called on the calling goroutine to make room for the draws up to end. Draw k's random
// stream depends only on seed and k, so the results do not depend on cores or the chunks.
// It checks ctx before every draw and returns the first error by draw index, or ctx.Err().
func runDraws(ctx context.Context, n, cores int, seed uint64, grow func(end int), newDrawer func(w int) (drawer, error)) error {
	workers := max(1, min(cores, n))
	ds := make([]drawer, workers)
	for w := range ds {
		d, err := newDrawer(w)
		if err != nil {
			return err
		}
		ds[w] = d
	}
	errs := make([]error, workers)
	errAt := make([]int, workers)
	for c0 := 0; c0 < n; c0 += drawChunk {
		c1 := min(n, c0+drawChunk)
		grow(c1)
		var wg sync.WaitGroup
		for w, d := range ds {
			lo, hi := c0+w*(c1-c0)/workers, c0+(w+1)*(c1-c0)/workers
			wg.Go(func() {
				pcg := rand.NewPCG(0, 0)
				rng := rand.New(pcg)
				for k := lo; k < hi; k++ {
					if err := ctx.Err(); err != nil {
						errs[w], errAt[w] = err, k
						return
					}
					pcg.Seed(graph.DeriveSeed(seed, uint64(k)), drawStream)
					if err := d.draw(k, rng); err != nil {
						errs[w], errAt[w] = fmt.Errorf("draw %d: %w", k, err), k
						return
					}
				}
			})
		}
		wg.Wait()
		first := -1
		for w, err := range errs {
			if err != nil && (first < 0 || errAt[w] < errAt[first]) {
				first = w
			}
		}
		if first >= 0 {
			return errs[first]
		}
	}
	return nil
}
