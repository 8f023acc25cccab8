package mcmc

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// TestBadInput checks every argument error and its exact message.
func TestBadInput(t *testing.T) {
	t.Parallel()
	normal := func(d int) []LogDensity { return []LogDensity{&stdNormal{d}, &stdNormal{d}} }
	tests := []struct {
		name    string
		targets []LogDensity
		x0      []float64
		s       Settings
		want    string
	}{
		{"no targets", nil, nil, Settings{}, "mcmc: no targets; pass one LogDensity per chain"},
		{"nil target", []LogDensity{&stdNormal{1}, nil}, []float64{0}, Settings{}, "mcmc: targets[1] is nil"},
		{"dim 0", []LogDensity{&stdNormal{0}}, nil, Settings{}, "mcmc: targets[0].Dim() = 0; the dimension must be >= 1"},
		{"dims differ", []LogDensity{&stdNormal{2}, &stdNormal{3}}, []float64{0, 0}, Settings{},
			"mcmc: targets[1].Dim() = 3 but targets[0].Dim() = 2; every chain must sample the same model"},
		{"x0 length", normal(2), []float64{0}, Settings{}, "mcmc: len(x0) = 1; want the targets' dimension 2"},
		{"draws", normal(1), []float64{0}, Settings{Draws: -1},
			"mcmc: Settings.Draws = -1; it must be >= 0 (0 means the default 1000; set ZeroDraws for no draws)"},
		{"zero draws and draws", normal(1), []float64{0}, Settings{Draws: 5, ZeroDraws: true},
			"mcmc: Settings.ZeroDraws is set but Settings.Draws = 5; set one or the other"},
		{"tune", normal(1), []float64{0}, Settings{Tune: -3},
			"mcmc: Settings.Tune = -3; it must be >= 0 (0 means the default 1000; set ZeroTune for no tuning)"},
		{"zero tune and tune", normal(1), []float64{0}, Settings{Tune: 5, ZeroTune: true},
			"mcmc: Settings.ZeroTune is set but Settings.Tune = 5; set one or the other"},
		{"target accept 1", normal(1), []float64{0}, Settings{TargetAccept: 1},
			"mcmc: Settings.TargetAccept = 1; it must lie in (0, 1), e.g. 0.8 (the default) or 0.9 for a difficult posterior"},
		{"target accept negative", normal(1), []float64{0}, Settings{TargetAccept: -0.5},
			"mcmc: Settings.TargetAccept = -0.5; it must lie in (0, 1), e.g. 0.8 (the default) or 0.9 for a difficult posterior"},
		{"target accept NaN", normal(1), []float64{0}, Settings{TargetAccept: math.NaN()},
			"mcmc: Settings.TargetAccept = NaN; it must lie in (0, 1), e.g. 0.8 (the default) or 0.9 for a difficult posterior"},
		{"max treedepth", normal(1), []float64{0}, Settings{MaxTreedepth: -1},
			"mcmc: Settings.MaxTreedepth = -1; it must be >= 1 (0 means the default 10)"},
		{"max treedepth huge", normal(1), []float64{0}, Settings{MaxTreedepth: 31},
			"mcmc: Settings.MaxTreedepth = 31; it must be <= 30 (2^30 leapfrog steps per iteration)"},
		{"init", normal(1), []float64{0}, Settings{Init: "advi"},
			`mcmc: Settings.Init = "advi"; it must be "jitter+adapt_diag" (the default) or "adapt_diag"`},
		{"cores", normal(1), []float64{0}, Settings{Cores: -2},
			"mcmc: Settings.Cores = -2; it must be >= 0 (0 means min(4, NumCPU))"},
		{"init -Inf jitter", []LogDensity{&stdNormal{1}, negInf{1}}, []float64{0}, Settings{},
			"mcmc: chain 1: the initial point has a non-finite log density (log p = -Inf), also after 10 retries with fresh jitter; check the initial values and the priors' supports"},
		{"init -Inf adapt_diag", []LogDensity{negInf{2}}, []float64{0, 0}, Settings{Init: InitAdaptDiag},
			"mcmc: chain 0: the initial point has a non-finite log density (log p = -Inf); check the initial values and the priors' supports"},
		{"init NaN x0", normal(1), []float64{math.NaN()}, Settings{},
			"mcmc: chain 0: the initial point has a non-finite log density (log p = NaN), also after 10 retries with fresh jitter; check the initial values and the priors' supports"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r, err := Sample(t.Context(), tc.targets, tc.x0, tc.s)
			if err == nil || err.Error() != tc.want {
				t.Fatalf("err = %v\nwant   %s", err, tc.want)
			}
			if r != nil {
				t.Errorf("non-nil result with an input error")
			}
		})
	}
}

// TestInitRetries: a target finite only on x > 0.5 is found by re-jittering from x0 = 0.
func TestInitRetries(t *testing.T) {
	t.Parallel()
	tgt := &halfLine{}
	r, err := Sample(t.Context(), []LogDensity{tgt}, []float64{0}, Settings{Seed: 4, Tune: 10, Draws: 10})
	if err != nil {
		t.Fatal(err)
	}
	if r.Chains[0].Draws[0] <= 0.5 {
		t.Errorf("draw %g outside the support", r.Chains[0].Draws[0])
	}
}

// halfLine is log p = -x on x > 0.5, -Inf elsewhere.
type halfLine struct{}

func (halfLine) Dim() int { return 1 }

func (halfLine) LogPGrad(grad, x []float64) (float64, error) {
	grad[0] = -1
	if x[0] <= 0.5 {
		return math.Inf(-1), nil
	}
	return -x[0], nil
}

// TestLogPGradError: an error in one chain stops all chains and is returned wrapped with
// the chain number, with the partial result.
func TestLogPGradError(t *testing.T) {
	t.Parallel()
	targets := []LogDensity{&stdNormal{2}, &errTarget{stdNormal: stdNormal{2}, failAt: 700}}
	r, err := Sample(t.Context(), targets, []float64{0, 0}, Settings{Seed: 1, Cores: 2})
	if !errors.Is(err, errBoom) {
		t.Fatalf("err = %v, want errBoom", err)
	}
	if !strings.HasPrefix(err.Error(), "mcmc: chain 1: log density at iteration ") {
		t.Errorf("message %q does not name chain 1", err)
	}
	if r == nil || r.Chains[1].Tuned+r.NumDraws(1) >= 2000 {
		t.Errorf("chain 1 was not stopped")
	}
}
