// Package progress draws the progress bars and writes the log lines of the fit loop and the
// sampler, in the text of tqdm as PyMC's tutorial shows it:
//
//	Average Loss = 2.2413: 100%|██████████| 10000/10000 [00:02<00:00, 4653.71it/s]
//
// A [Bar] follows one loop; a [ChainBar] follows the chains of a sampler, updated from their
// goroutines, on one combined line. Both write to an io.Writer: on a terminal the line is
// redrawn in place with '\r' at most every 100 ms; on anything else (a file, a notebook, a
// test buffer) a full line is written at most every 5 s, so logs are not flooded; the final
// state is always written by Finish. Redraws are throttled by a clock, which tests inject. A
// nil *Bar or *ChainBar, which New and NewChainBar return for a nil writer, writes nothing and
// its methods return at once, so callers switch progress off by passing a nil writer.
//
// [FormatG5], [FormatInt] and [FormatUnderscore] format numbers as Python's ",.5g", ",d" and
// "_d", for PyMC's messages such as "Finished [100%]: Average Loss = 1,234.6".
package progress
