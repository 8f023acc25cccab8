// Command mbmem measures the peak resident memory (VmHWM in /proc/self/status, Linux only)
// of the tutorial's minibatch fit: 40000×100 data made as the quickstart makes it, the model
// mu ~ Flat(100), sd ~ HalfNormal(100), likelihood ~ Normal(mu, sd) observed on
// pm.NewMinibatch(data, 500) with total_size (40000, 100), and pm.Fit. It prints the peak
// after each stage and its ratio to the data's own size (32 MB).
//
// Run it from the repository root:
//
//	go run ./pm/internal/mbmem                # 10000 iterations, as the tutorial
//	go run ./pm/internal/mbmem -gcevery 100   # collect garbage every 100 iterations
//	go run ./pm/internal/mbmem -keep=false    # drop the caller's copy of the data first
//
// The ratio to watch is VmHWM after the fit: the tutorial's target is below 3× the data.
package main
