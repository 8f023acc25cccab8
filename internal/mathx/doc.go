// Package mathx holds the small numerically careful functions that several layers share
// (softplus and the logistic function), so that each is written once.
package mathx
