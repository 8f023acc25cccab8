package pm

import (
	"io"

	"github.com/gopymc/gopymc/approximations"
	"github.com/gopymc/gopymc/opvi"
)

// SaveApproximation writes a fitted approximation (MeanField, FullRank, Empirical or
// NormalizingFlow) in gopymc's versioned, self-describing file format: a JSON header naming
// the kind (and a flow's formula), the model's variables, shapes and transforms, then the
// parameters, the loss history and the random stream's state, bit for bit, and a checksum.
// It is what PyMC users do with pickle; the file does not depend on Go's memory layout. To
// continue fitting, save the Inference with its Save method instead.
func SaveApproximation(w io.Writer, approx Approximation) error {
	return approximations.Save(w, approx)
}

// LoadApproximation reads what SaveApproximation wrote, for the model the approximation was
// fitted to (the same free variables, shapes and transforms; other data are fine). The
// loaded approximation gives the same parameters and, call for call, the same draws. Errors
// wrap approximations.ErrModelMismatch, ErrTruncatedFile, ErrCorruptFile or ErrNewerFormat.
func LoadApproximation(r io.Reader, m *Model) (Approximation, error) {
	return approximations.Load(r, m)
}

// LoadInference reads what Inference.Save wrote, so that Refine continues the fit exactly
// (the optimizer's accumulators, the averaging and the random streams are restored). opts
// are the fit options that are not saved: Callbacks, Progressbar, Output, ReportPSIS and,
// when the saved fit had them, MoreReplacements.
func LoadInference(r io.Reader, m *Model, opts ...Option) (*Inference, error) {
	return opvi.LoadInference(r, m, opts...)
}
