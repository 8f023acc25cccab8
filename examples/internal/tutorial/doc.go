// Package tutorial holds what the programs of the ported tutorials share (examples/bnn,
// examples/radon): the settings of a run and the folder of its figures, section headers,
// PyMC's average loss, and, for their benchmarks, iteration rates per second of wall and
// CPU time.
package tutorial
