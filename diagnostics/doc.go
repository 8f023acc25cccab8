// Package diagnostics tells whether an approximation of a posterior can be trusted, with
// Pareto-smoothed importance sampling (PSIS): it draws from the approximation, weighs each
// draw by p(x, z)/q(z), fits a generalised Pareto distribution to the largest weights and
// reports its shape k-hat, with the sample-size-dependent threshold min(1 - 1/log10 S, 0.7),
// the tail length, the smoothed weights and a sentence saying what the number means.
//
// The package sees an approximation only through its draws and their log density (the
// [LogQDrawer] interface, which MeanField, FullRank and normalizing flows implement) and a
// model only through model.LogDensity, like every inference algorithm. [PSIS] smooths any
// vector of log importance ratios; [GPDFit] is the generalised Pareto fit it uses;
// [Importance.Resample] turns weighted draws into PSIS-resampled ones:
//
//	im, err := diagnostics.DrawImportance(ctx, meanField, ld, 1000, rng)
//	if err != nil {
//		return err
//	}
//	fmt.Println(im.PSIS.Summary()) // "Pareto k-hat 1.32 > 0.67 (S = 1000 draws, tail 95): ..."
//
// Most users call pm.PSIS or the pm.ReportPSIS option of pm.Fit instead.
//
// References:
//   - Yao, Vehtari, Simpson, Gelman: Yes, but Did It Work?: Evaluating Variational
//     Inference. ICML 2018 (k-hat as a diagnostic of variational approximations).
//   - Vehtari, Simpson, Gelman, Yao, Gabry: Pareto Smoothed Importance Sampling. JMLR
//     25(72), 2024 (the algorithm, the threshold, the weakly informative prior of App. G).
//   - Zhang, Stephens: A New and Efficient Estimation Method for the Generalized Pareto
//     Distribution. Technometrics 51(3), 2009 (the fit).
package diagnostics
