# Computes the reference values of diagnostics' PSIS tests with R's loo (psis) and
# gpdfit: Debian bookworm's r-cran-loo 2.5.1 (its gpdfit has the weakly informative prior and
# min_grid_pts = 30, as posterior's, without posterior's later first-quartile check).
#   Rscript psis_reference.R <testdata folder>
# Reads psis_inputs.csv (case, index, log_ratio) and writes
#   psis_loo_reference.csv: case, pareto_k, tail_len, index, log_weight for every weight
#     PSIS changed (loo's unnormalised log weights, weights(psis, normalize = FALSE,
#     log = TRUE)): the smoothed tail; the other weights equal the log ratios;
#   gpdfit_reference.csv: case, wip, k, sigma of loo::gpdfit on the excesses of each
#     case's 20% largest exp(log ratio - max) over the next one.
args <- commandArgs(trailingOnly = TRUE)
dir <- if (length(args) > 0) args[1] else "."
suppressPackageStartupMessages(library(loo))
inp <- read.csv(file.path(dir, "psis_inputs.csv"), stringsAsFactors = FALSE)
out <- list()
gpd <- list()
for (name in unique(inp$case)) {
  lr <- inp$log_ratio[inp$case == name]
  ps <- suppressWarnings(psis(lr, r_eff = 1))
  lw <- as.vector(weights(ps, normalize = FALSE, log = TRUE))
  changed <- which(abs(lw - lr) > 1e-9 * pmax(1, abs(lr)))
  out[[name]] <- data.frame(case = name, pareto_k = sprintf("%.17g", ps$diagnostics$pareto_k),
                            tail_len = attr(ps, "tail_len"),
                            index = changed, log_weight = sprintf("%.17g", lw[changed]))
  w <- sort(exp(lr - max(lr)))
  m <- ceiling(0.2 * length(w))
  x <- w[(length(w) - m + 1):length(w)] - w[length(w) - m]
  for (wip in c(TRUE, FALSE)) {
    f <- loo::gpdfit(x, wip = wip)
    gpd[[paste(name, wip)]] <- data.frame(case = name, wip = wip,
      k = sprintf("%.17g", f$k), sigma = sprintf("%.17g", f$sigma))
  }
}
write.csv(do.call(rbind, out), file.path(dir, "psis_loo_reference.csv"), row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, gpd), file.path(dir, "gpdfit_reference.csv"), row.names = FALSE, quote = FALSE)
