// Package testmodels holds the known-answer models that the tests of every algorithm use:
// the conjugate normal model of PyMC's test suite with its exact posterior, the tutorial's
// normal mixture, and small models for the ELBO and error checks.
package testmodels
