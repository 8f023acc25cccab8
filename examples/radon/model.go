package main

import (
	"github.com/gopymc/gopymc/data"
	"github.com/gopymc/gopymc/pm"
	G "gorgonia.org/gorgonia"
)

// hierarchical builds the tutorial's varying-intercept, varying-slope model:
//
//	mu_alpha, mu_beta ~ N(0, 100²);  sigma_alpha, sigma_beta, eps ~ U(0, 100)
//	alpha, beta ~ N(mu, sigma), one per county
//	log_radon ~ N(alpha[county] + beta[county]·floor, eps)
//
// With batch > 0 it observes aligned minibatches of that many houses (log radon, floor and
// county index drawn together) with total_size the number of houses, as the tutorial's
// three pm.Minibatch with one seed; with batch 0 it observes every house, as the
// tutorial's NUTS model.
func hierarchical(r *data.Radon, batch int) (*pm.Model, error) {
	m := pm.NewModel()
	muA := pm.Normal(m, "mu_alpha", 0, 100*100)
	sigmaA := pm.Uniform(m, "sigma_alpha", 0, 100)
	muB := pm.Normal(m, "mu_beta", 0, 100*100)
	sigmaB := pm.Uniform(m, "sigma_beta", 0, 100)
	a := pm.Normal(m, "alpha", muA, sigmaA, pm.Shape(len(r.Counties)))
	b := pm.Normal(m, "beta", muB, sigmaB, pm.Shape(len(r.Counties)))

	var logRadon any = r.LogRadon
	var floor *G.Node
	var county any = r.CountyCode
	var opts []pm.Option
	if batch > 0 {
		mb := pm.NewMinibatch(r.LogRadon, batch, pm.Aligned(r.Floor, r.CountyCode))
		nodes, err := mb.NodesIn(m.Graph())
		if err != nil {
			return nil, err
		}
		logRadon, floor, county = nodes[0], nodes[1], nodes[2]
		opts = append(opts, pm.TotalSize(len(r.LogRadon)))
	} else {
		var err error
		if floor, err = m.Constant("floor", r.Floor); err != nil {
			return nil, err
		}
	}
	// radon_est = a[county_idx] + b[county_idx] * floor
	aIdx, err := pm.Index(a, county)
	if err != nil {
		return nil, err
	}
	bIdx, err := pm.Index(b, county)
	if err != nil {
		return nil, err
	}
	est := G.Must(G.Add(aIdx, G.Must(G.HadamardProd(bIdx, floor))))
	eps := pm.Uniform(m, "eps", 0, 100)
	pm.Normal(m, "radon_like", est, eps, append(opts, pm.Observed(logRadon))...)
	return m, m.Err()
}
