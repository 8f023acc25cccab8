package opvi

import (
	"context"
	"fmt"

	"github.com/gopymc/gopymc/approximations"
	"github.com/gopymc/gopymc/config"
	"github.com/gopymc/gopymc/internal/progress"
)

// psisSettings reads Fit's ReportPSIS option: the number of draws (0 when not given) and
// the replacements restoring the full data.
func psisSettings(method string, s *config.Settings) (draws int, repl []config.Replacement, err error) {
	if !s.Given("ReportPSIS") {
		return 0, nil, nil
	}
	draws = s.PSISDraws
	if draws == 0 {
		draws = approximations.DefaultPSISDraws
	}
	if draws < 2 {
		return 0, nil, fmt.Errorf("opvi: %s: ReportPSIS(%d): the number of draws must be >= 2 (0 for the default %d)", method, s.PSISDraws, approximations.DefaultPSISDraws)
	}
	return draws, s.PSISReplace, nil
}

// reportPSIS writes the PSIS line after a fit: "PSIS: Pareto k-hat ... : <verdict>", or
// why it was not computed. It never fails the fit.
func (inf *Inference) reportPSIS(ctx context.Context, st *fitState) {
	if st.psisDraws == 0 || st.out == nil {
		return
	}
	opts := []config.Option{psisDraws(st.psisDraws)}
	if len(st.psisReplace) > 0 {
		opts = append(opts, psisReplace(st.psisReplace))
	}
	im, err := approximations.PSISContext(ctx, inf.q, opts...)
	if err != nil {
		progress.Logf(st.out, "PSIS not computed: %v", err)
		return
	}
	progress.Logf(st.out, "PSIS: %s", im.PSIS.Summary())
}

// psisDraws and psisReplace are approximations.PSIS's Draws and MoreReplacements options.
func psisDraws(n int) config.Option {
	return config.New("Draws", n, func(s *config.Settings) { s.Draws = n })
}

func psisReplace(rs []config.Replacement) config.Option {
	return config.New("MoreReplacements", len(rs), func(s *config.Settings) { s.MoreReplacements = rs })
}
