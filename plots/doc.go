// Package plots draws the figures of the PyMC quickstart from traces, samples and
// tracker histories with gonum.org/v1/plot: ArviZ's posterior and trace plots, overlaid
// kernel density estimates (seaborn's kdeplot), the tracker figure of mean, std and
// negative ELBO, training progress with a ±1 sd band (seaborn's tsplot) and the
// distribution of sampled values; and those of the other ported tutorials: scatter plots
// of labelled points (PlotScatter), loss and ELBO histories (PlotHistory), a function on a
// grid as filled contours or a heat map with a colour bar and points over it (PlotContour,
// PlotHeatMap: matplotlib's contourf and imshow), and Gaussian marginals against
// histograms of draws (PlotMarginals).
//
// Two-dimensional densities are PlotDensity2D's panels: a function on a grid (EvalGrid2D,
// or a 2-D histogram) as filled contours (matplotlib's contourf), a kernel density
// estimate of 2-D draws (KDE2D, seaborn's bivariate kdeplot) as filled contours or contour
// lines, and draws as a scatter with alpha, alone or over each other.
//
// Every plotting function returns a *Figure, a grid of gonum/plot panels under an optional
// figure title, that is saved by file extension (.png, .svg, .pdf), rendered to a writer
// or turned into an image.Image (for notebooks):
//
//	fig, err := plots.PlotPosterior(post, []string{"x"}, plots.Size(6, 4), plots.DPI(100))
//	if err != nil { ... }
//	err = fig.Save("posterior.png") // 600×400 pixels
//
// Options mirror matplotlib's and ArviZ's keyword arguments (figsize, dpi, hdi_prob,
// bw, ...). An option a function does not use is an error naming both.
//
// Input checks are the same everywhere: empty input, an unknown variable and a
// non-finite value (NaN or ±Inf) in the data are errors that name the input and the
// position; nothing is skipped silently. Densities are Gaussian kernel density estimates
// (KDE) with Silverman's robust rule of thumb and reflection at a natural bound (0 for a
// non-negative sample, 1 for one in [0, 1]) or a declared one, as documented on KDE;
// highest-density intervals are ArviZ's single narrowest interval (trace.HDIOf).
package plots
