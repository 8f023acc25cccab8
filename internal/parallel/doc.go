// Package parallel runs the parts of one computation on a pool of goroutines, without
// allocating, for the kernels that spread large data over every core (matrix products, log
// densities over many rows). What a part computes, and how parts are combined, is the
// caller's business: callers split their work into parts that depend on the data's size
// only and combine the parts' results in a fixed order, so that a result is the same to the
// bit on 1 or N cores.
package parallel
