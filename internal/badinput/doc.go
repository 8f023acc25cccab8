// Package badinput holds issue 17's bad-input matrix and nothing else: table-driven tests
// that call the public API as a new user would, with the plausible mistakes (a negative
// scale, data outside a likelihood's support, an option that does not apply, a nil model, a
// corrupted file, a NaN where a number belongs), and assert the outcome class of each: an
// error whose message names the variable or option and says what is wrong, or, for an input
// that is valid though unusual, a finite result. Never a panic, a hang, a silent NaN or
// infinity, or nonsense accepted. TestBadInputs prints "bad inputs: N cases, all clear".
//
// The cases are split by area: models and variables, fits, NUTS, approximations and
// compiled functions, data and minibatches, traces and plots, callbacks and optimizers,
// files and notebooks.
package badinput
