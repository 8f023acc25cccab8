package main

import (
	"flag"
	"fmt"
	"image/color"
	"log"
	"os"
	"path/filepath"

	"github.com/gopymc/gopymc/plots"
	"github.com/gopymc/gopymc/plots/internal/synth"
)

func main() {
	out := flag.String("out", "plots-demo", "folder to write the figures to")
	all := flag.Bool("all", false, "also write SVG and PDF")
	flag.Parse()
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	r := synth.Rand(1)
	tr := synth.Trace(r, 2, 5000)
	nuts := synth.Mixture(r, 50000)
	advi := synth.Normal(r, 10000, 0.37, 0.37)
	svgd := synth.Mixture(r, 2000)
	mean, std, loss := synth.Tracker(r, 20000, 1)
	vmean, vstd, vloss := synth.Tracker(r, 5000, 4)
	test := synth.Accuracies(r, 400, 100, 0.9)
	train := synth.Accuracies(r, 400, 100, 0.97)
	x2 := synth.Map(synth.Mixture(r, 1000), func(v float64) float64 { return v * v })

	figs := []struct {
		name string
		make func() (*plots.Figure, error)
	}{
		{"posterior_x", func() (*plots.Figure, error) {
			return plots.PlotPosterior(tr, []string{"x"}, plots.Colors(color.RGBA{R: 0x20, G: 0xb2, B: 0xaa, A: 0xff}))
		}},
		{"posterior_all", func() (*plots.Figure, error) {
			return plots.PlotPosterior(tr, nil, plots.Title("Posterior (synthetic)"))
		}},
		{"trace", func() (*plots.Figure, error) {
			return plots.PlotTrace(tr, []string{"x", "sigma", "beta"}, plots.MaxElements(2))
		}},
		{"kde_compare", func() (*plots.Figure, error) {
			return plots.KDECompare([]plots.NamedSample{{Name: "NUTS", Values: nuts}, {Name: "ADVI", Values: advi}, {Name: "SVGD", Values: svgd}},
				plots.Title("Posterior of x"), plots.XLabel("x"))
		}},
		{"tracker", func() (*plots.Figure, error) {
			return plots.PlotTracker([]plots.Series{{Name: "mean", Values: mean}, {Name: "std", Values: std}}, loss)
		}},
		{"tracker_vector", func() (*plots.Figure, error) {
			return plots.PlotTracker([]plots.Series{{Name: "mean", Values: vmean}, {Name: "std", Values: vstd}}, vloss)
		}},
		{"training_progress", func() (*plots.Figure, error) {
			return plots.PlotTrainingProgress([]plots.Series{{Name: "test_accuracy", Values: test}, {Name: "train_accuracy", Values: train}},
				plots.Colors(color.RGBA{R: 0xff, A: 0xff}, color.RGBA{B: 0xff, A: 0xff}), plots.YLabel("accuracy"))
		}},
		{"distribution_x2", func() (*plots.Figure, error) {
			return plots.PlotDistribution(x2, "x² distribution", plots.XLabel("x²"))
		}},
	}
	exts := []string{".png"}
	if *all {
		exts = append(exts, ".svg", ".pdf")
	}
	for _, f := range figs {
		fig, err := f.make()
		if err != nil {
			log.Fatalf("%s: %v", f.name, err)
		}
		for _, w := range fig.Warnings() {
			log.Printf("%s: %s", f.name, w)
		}
		for _, ext := range exts {
			path := filepath.Join(*out, f.name+ext)
			if err := fig.Save(path); err != nil {
				log.Fatalf("%s: %v", f.name, err)
			}
			fmt.Println(path)
		}
	}
}
