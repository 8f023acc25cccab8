// Command demo renders every figure of package plots from seeded synthetic data into a
// folder, as PNG (and SVG and PDF with -all), for looking at them:
//
//	go run ./plots/internal/demo -out /tmp/plots
package main
