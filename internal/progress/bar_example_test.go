package progress_test

import (
	"fmt"
	"os"
	"time"

	"github.com/gopymc/gopymc/internal/progress"
)

// stepClock is a fake clock that advances by step at every reading, so the example's output
// does not depend on the machine.
func stepClock(step time.Duration) func() time.Time {
	t := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	return func() time.Time {
		t = t.Add(step)
		return t
	}
}

// The fit loop's bar, as the fit loop drives it: the prefix is set every 10 iterations,
// the count after each step. In lines mode (a file or a notebook) only the lines due every
// 5 s and the final line are written.
func ExampleBar() {
	n := 10000
	bar := progress.New(os.Stdout, n, progress.Config{
		Mode:  progress.ModeLines,
		Clock: stepClock(600 * time.Microsecond),
	})
	loss := 3.0
	for i := range n {
		loss = 0.9999*loss + 0.0001*2.2413
		if i%10 == 0 {
			bar.SetPrefixG5("Average Loss = ", loss)
		}
		bar.Set(i + 1)
	}
	bar.Finish()
	bar.Logf("Finished [100%%]: Average Loss = %s", progress.FormatG5(loss))
	// Output:
	// Average Loss = 2.5711:  83%|████████▎ | 8334/10000 [00:05<00:00, 1666.67it/s]
	// Average Loss = 2.5206: 100%|██████████| 10000/10000 [00:06<00:00, 1666.50it/s]
	// Finished [100%]: Average Loss = 2.5204
}

func ExampleChainBar() {
	chains, perChain := 2, 1500
	bar := progress.NewChainBar(os.Stdout, chains, perChain, progress.Config{
		Mode:  progress.ModeLines,
		Clock: stepClock(time.Millisecond),
	})
	bar.Logf("Multiprocess sampling (%d chains in %d jobs)", chains, chains)
	for i := 1; i <= perChain; i++ { // each chain's goroutine would call Update
		for c := range chains {
			bar.Update(c, i, i <= 500, 0)
		}
	}
	bar.Finish()
	bar.Logf("Sampling %d chains for %s tune and %s draw iterations (%s + %s draws total) took %.0f seconds.",
		chains, progress.FormatUnderscore(500), progress.FormatUnderscore(1000),
		progress.FormatUnderscore(500*chains), progress.FormatUnderscore(1000*chains), 3.0)
	// Output:
	// Multiprocess sampling (2 chains in 2 jobs)
	// Sampling 2 chains, 0 divergences: 100%|██████████| 3000/3000 [00:03<00:00, 999.67 draws/s]
	// Sampling 2 chains for 500 tune and 1_000 draw iterations (1_000 + 2_000 draws total) took 3 seconds.
}

func ExampleFormatG5() {
	for _, x := range []float64{2.24127, 1234.56, 423740000, -0.000123456, 99999.5} {
		fmt.Println(progress.FormatG5(x))
	}
	fmt.Println(progress.FormatInt(4700), progress.FormatUnderscore(1000))
	// Output:
	// 2.2413
	// 1,234.6
	// 4.2374e+08
	// -0.00012346
	// 1e+05
	// 4,700 1_000
}
