// Package synth makes seeded synthetic inputs shaped like the quickstart's (mixture
// posteriors, ADVI and SVGD samples, tracker histories, training accuracies) for the
// tests and the demo of package plots.
package synth
