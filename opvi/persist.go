package opvi

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/gopymc/gopymc/approximations"
	"github.com/gopymc/gopymc/config"
	"github.com/gopymc/gopymc/internal/vifile"
	"github.com/gopymc/gopymc/model"
	"github.com/gopymc/gopymc/optimizers"
)

// InferenceFormatVersion is the version of the inference file format that Save writes and
// the newest LoadInference reads.
const InferenceFormatVersion = 1

const inferenceFormat = "gopymc-inference"

// fitRecord is what Save keeps of a fit's options: those that shape the next steps. Callbacks,
// Output and Progressbar are not state, and MoreReplacements (graph nodes) cannot be saved:
// only their number is, so that LoadInference can ask for them again.
type fitRecord struct {
	ObjNMC                  int     `json:"obj_nmc,omitempty"`
	ScaleCostToMinibatch    *bool   `json:"scale_cost_to_minibatch,omitempty"`
	TotalGradNormConstraint float64 `json:"total_grad_norm_constraint,omitempty"`
	MoreReplacements        int     `json:"more_replacements,omitempty"`
}

func newFitRecord(s *config.Settings) fitRecord {
	var r fitRecord
	if s.Given("ObjNMC") {
		r.ObjNMC = s.ObjNMC
	}
	if s.Given("ScaleCostToMinibatch") {
		v := s.ScaleCostToMinibatch
		r.ScaleCostToMinibatch = &v
	}
	if s.Given("TotalGradNormConstraint") {
		r.TotalGradNormConstraint = s.TotalGradNormConstraint
	}
	r.MoreReplacements = len(s.MoreReplacements)
	return r
}

// inferenceBody is the header body of an inference file.
type inferenceBody struct {
	Method    string             `json:"method"`
	Beta      float64            `json:"kl_beta"`
	RNG       []byte             `json:"rng"`
	Iteration int                `json:"iteration"`
	Fitted    bool               `json:"fitted"`
	Fit       *fitRecord         `json:"fit,omitempty"`
	Rule      string             `json:"optimizer,omitempty"`
	Settings  map[string]float64 `json:"optimizer_settings,omitempty"`
	Counters  []int64            `json:"optimizer_counters,omitempty"`
	Averaging *averagingRecord   `json:"averaging,omitempty"`
	Writer    string             `json:"writer"`
}

type averagingRecord struct {
	Eta   float64 `json:"eta"`
	Count int     `json:"count"`
}

// savableMethods are the methods whose inferences Save writes.
var savableMethods = map[string]func(m *model.Model, q approximations.Approximation, beta float64) (*Inference, error){
	"advi":          klFromLoaded,
	"fullrank_advi": klFromLoaded,
	"klqp":          klFromLoaded,
	"nfvi":          nfviFromLoaded,
}

func klFromLoaded(m *model.Model, q approximations.Approximation, beta float64) (*Inference, error) {
	ls, ok := q.(approximations.LocationScale)
	if !ok {
		return nil, fmt.Errorf("%w: a KL inference over %v", approximations.ErrCorruptFile, q)
	}
	s, err := loadedSettings(beta)
	if err != nil {
		return nil, err
	}
	return newKLInference("", m, ls, s, klOver(ls))
}

// loadedSettings are the settings of an inference over a loaded approximation: the saved
// KL weight beta, the rest defaults.
func loadedSettings(beta float64) (*config.Settings, error) {
	return config.Collect("LoadInference", []config.Option{config.New("KLBeta", beta, func(s *config.Settings) { s.Beta = beta })}, "KLBeta")
}

// nfviFromLoaded is NFVI's inference over a loaded normalizing flow.
func nfviFromLoaded(m *model.Model, q approximations.Approximation, beta float64) (*Inference, error) {
	flow, ok := q.(*approximations.NormalizingFlow)
	if !ok {
		return nil, fmt.Errorf("%w: an NFVI inference over %v", approximations.ErrCorruptFile, q)
	}
	s, err := loadedSettings(beta)
	if err != nil {
		return nil, err
	}
	return newKLInference("nfvi", m, flow, s, flowKLOver(flow))
}

// Save writes the inference so that LoadInference can continue it exactly: its
// approximation (an approximation file, see approximations.Save), then an inference file
// (the same container, format "gopymc-inference") with the method, the KL weight, the
// random stream's state, the iteration count, and, after a Fit, the fit's optimizer with
// its accumulators, its averaging, and the options that shape the next steps (ObjNMC,
// ScaleCostToMinibatch, TotalGradNormConstraint, the number of MoreReplacements).
// Callbacks are not saved. ADVI, full-rank ADVI, KLqp and NFVI inferences can be saved; for
// SVGD, save the approximation with approximations.Save.
func (inf *Inference) Save(w io.Writer) error {
	if _, ok := savableMethods[inf.method]; !ok {
		return fmt.Errorf("opvi: Save: %s inferences cannot be saved; save the approximation with approximations.Save", inf.method)
	}
	rng, err := inf.src.MarshalBinary()
	if err != nil {
		return fmt.Errorf("opvi: Save: %w", err)
	}
	body := inferenceBody{Method: inf.method, Beta: inf.beta, RNG: rng, Iteration: inf.iter, Writer: "gopymc"}
	var arrays []vifile.Array
	if st := inf.last; st != nil {
		body.Fitted = true
		rec := st.record
		body.Fit = &rec
		opt := st.optimizer
		if st.eta > 0 {
			if opt, err = optimizers.WithLearningRate(opt, st.eta); err != nil {
				return fmt.Errorf("opvi: Save: %w", err)
			}
		}
		if body.Rule, body.Settings, err = optimizers.Describe(opt); err != nil {
			return fmt.Errorf("opvi: Save: the optimizer: %w", err)
		}
		counters, floats, err := optimizers.ExportState(st.opt)
		if err != nil {
			return fmt.Errorf("opvi: Save: the optimizer's state: %w", err)
		}
		body.Counters = counters
		arrays = append(arrays, vifile.Array{Name: "optimizer", Shape: []int{len(floats)}, Data: floats})
		if st.avg != nil {
			body.Averaging = &averagingRecord{Eta: st.avg.Eta(), Count: st.avg.Count()}
			arrays = append(arrays, vifile.Array{Name: "average", Shape: []int{len(st.avg.Value())}, Data: st.avg.Value()})
			if st.iterate != nil {
				arrays = append(arrays, vifile.Array{Name: "iterate", Shape: []int{len(st.iterate)}, Data: st.iterate})
			}
		}
	}
	if err := approximations.Save(w, inf.q); err != nil {
		return fmt.Errorf("opvi: Save: %w", err)
	}
	if err := vifile.Write(w, inferenceFormat, InferenceFormatVersion, body, arrays); err != nil {
		return fmt.Errorf("opvi: Save: %w", err)
	}
	return nil
}

// LoadInference reads an inference that Save wrote, for the model m it was fitted to, so
// that Refine (or Fit) continues it: Refine(n) after LoadInference gives the same
// parameters, history and draws as Refine(n) on the saved inference would have. opts are
// the fit options that are not saved: Callbacks, Progressbar, Output, ReportPSIS and
// MoreReplacements, which must be given again (the same nodes' replacements, in m) when the
// saved fit had some.
//
// It returns approximations.Load's errors (ErrTruncatedFile, ErrCorruptFile, ErrNewerFormat,
// ErrModelMismatch, ...), and an error for an unknown method or missing MoreReplacements.
func LoadInference(r io.Reader, m *model.Model, opts ...config.Option) (*Inference, error) {
	q, err := approximations.Load(r, m)
	if err != nil {
		return nil, fmt.Errorf("opvi: LoadInference: %w", err)
	}
	cr := &countingReader{r: r}
	f, err := vifile.Read(cr, inferenceFormat, InferenceFormatVersion)
	if err != nil {
		if cr.n == 0 && errors.Is(err, approximations.ErrTruncatedFile) {
			return nil, fmt.Errorf("opvi: LoadInference: the input holds an approximation and no inference after it (a file of SaveApproximation? read it with LoadApproximation): %w", err)
		}
		return nil, fmt.Errorf("opvi: LoadInference: %w", err)
	}
	var body inferenceBody
	if err := json.Unmarshal(f.Body, &body); err != nil {
		return nil, fmt.Errorf("opvi: LoadInference: %w: %v", approximations.ErrCorruptFile, err)
	}
	build, ok := savableMethods[body.Method]
	if !ok {
		return nil, fmt.Errorf("opvi: LoadInference: %w: unknown method %q", approximations.ErrCorruptFile, body.Method)
	}
	if !(body.Beta >= 0) {
		return nil, fmt.Errorf("opvi: LoadInference: %w: KL weight %v", approximations.ErrCorruptFile, body.Beta)
	}
	inf, err := build(m, q, body.Beta)
	if err != nil {
		return nil, fmt.Errorf("opvi: LoadInference: %w", err)
	}
	inf.method, inf.beta = body.Method, body.Beta
	if err := inf.src.UnmarshalBinary(body.RNG); err != nil {
		return nil, fmt.Errorf("opvi: LoadInference: %w: the random stream: %v", approximations.ErrCorruptFile, err)
	}
	inf.iter = body.Iteration
	inf.hist = append([]float64(nil), q.Hist()...)
	if !body.Fitted {
		if len(opts) > 0 {
			return nil, fmt.Errorf("opvi: LoadInference: the saved inference was never fitted: give the options to Fit")
		}
		return inf, nil
	}
	if err := inf.restoreFit(body, f, opts); err != nil {
		return nil, fmt.Errorf("opvi: LoadInference: %w", err)
	}
	return inf, nil
}

// restoreFit rebuilds the saved fit's state: its options, then its optimizer's and
// averaging's accumulators.
func (inf *Inference) restoreFit(body inferenceBody, f *vifile.File, opts []config.Option) error {
	opt, err := optimizers.FromDescription(body.Rule, body.Settings)
	if err != nil {
		return fmt.Errorf("%w: %v", approximations.ErrCorruptFile, err)
	}
	saved := []config.Option{config.New("ObjOptimizer", opt, func(s *config.Settings) { s.ObjOptimizer = opt })}
	if rec := body.Fit; rec != nil {
		if rec.ObjNMC > 0 {
			saved = append(saved, config.New("ObjNMC", rec.ObjNMC, func(s *config.Settings) { s.ObjNMC = rec.ObjNMC }))
		}
		if rec.ScaleCostToMinibatch != nil {
			v := *rec.ScaleCostToMinibatch
			saved = append(saved, config.New("ScaleCostToMinibatch", v, func(s *config.Settings) { s.ScaleCostToMinibatch = v }))
		}
		if c := rec.TotalGradNormConstraint; c > 0 {
			saved = append(saved, config.New("TotalGradNormConstraint", c, func(s *config.Settings) { s.TotalGradNormConstraint = c }))
		}
	}
	if a := body.Averaging; a != nil {
		saved = append(saved, config.New("Averaging", a.Eta, func(s *config.Settings) { s.AveragingEta = a.Eta }))
	}
	for _, o := range opts {
		if o == nil {
			return fmt.Errorf("option is nil")
		}
		switch o.Name() {
		case "Callbacks", "Progressbar", "Output", "ReportPSIS", "MoreReplacements":
		default:
			return fmt.Errorf("option %v is saved with the inference or applies to Fit, not LoadInference (it takes Callbacks, Progressbar, Output, ReportPSIS, MoreReplacements)", o)
		}
	}
	s, err := config.Collect(inf.method+".LoadInference", append(saved, opts...), inf.fitOptions...)
	if err != nil {
		return err
	}
	if n := body.Fit; n != nil && n.MoreReplacements > 0 && len(s.MoreReplacements) != n.MoreReplacements {
		return fmt.Errorf("the saved fit replaced %d nodes (MoreReplacements), which cannot be saved: pass the same %d replacements again", n.MoreReplacements, n.MoreReplacements)
	}
	st, err := inf.newState(s)
	if err != nil {
		return err
	}
	np := len(inf.q.FlatParams())
	optArr, _ := f.Array("optimizer")
	if err := optimizers.RestoreState(st.opt, body.Counters, optArr.Data); err != nil {
		return fmt.Errorf("%w: %v", approximations.ErrCorruptFile, err)
	}
	if a := body.Averaging; a != nil {
		avg, ok := f.Array("average")
		if !ok || len(avg.Data) != np {
			return fmt.Errorf("%w: the averaged parameters are missing or of the wrong length", approximations.ErrCorruptFile)
		}
		if st.avg, err = optimizers.RestorePolynomialAverage(a.Eta, a.Count, avg.Data); err != nil {
			return fmt.Errorf("%w: %v", approximations.ErrCorruptFile, err)
		}
		if it, ok := f.Array("iterate"); ok {
			if len(it.Data) != np {
				return fmt.Errorf("%w: the optimizer's iterate has %d values, want %d", approximations.ErrCorruptFile, len(it.Data), np)
			}
			st.iterate = it.Data
		}
	}
	inf.last = st
	return nil
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}
