package main

import (
	"math/rand/v2"

	"github.com/gopymc/gopymc/pm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// network is the tutorial's construct_nn: the model and the nodes the later cells use.
type network struct {
	model  *pm.Model
	input  *pm.Shared // ann_input, nil for a minibatch network
	output *pm.Shared // ann_output, nil for a minibatch network
	// inputNode is the node of the inputs in the model's graph: the shared value's or the
	// minibatch's; a posterior function replaces it with other rows.
	inputNode *G.Node
	act       *G.Node // act_out, the probability of class 1 per row (out.distribution.p)
}

// nHidden is the number of units of each hidden layer.
const nHidden = 5

// constructNN builds the tutorial's Bayesian neural network: two hidden layers of nHidden
// tanh units without biases, weights ~ N(0, 1) started at seeded N(0, 1) values, and
// out ~ Bernoulli(sigmoid(tanh(tanh(X·W1)·W2)·w3)) observed with total_size, the number
// of training rows. batch 0 observes the training data through shared values (pm.Data),
// which SetData later swaps for the test data; batch > 0 observes aligned minibatches of
// that many rows of the inputs and labels (the tutorial's pm.Minibatch pair).
func constructNN(xTrain [][]float64, yTrain []float64, batch int, seed uint64) (*network, error) {
	rng := rand.New(rand.NewPCG(seed, 4))
	randn := func(shape ...int) *tensor.Dense {
		t := tensor.New(tensor.WithShape(shape...), tensor.Of(tensor.Float64))
		for i := range t.Float64s() {
			t.Float64s()[i] = rng.NormFloat64()
		}
		return t
	}
	init1, init2, initOut := randn(len(xTrain[0]), nHidden), randn(nHidden, nHidden), randn(nHidden)

	nn := &network{model: pm.NewModel()}
	m := nn.model
	var input, output *G.Node
	if batch > 0 {
		mb := pm.NewMinibatch(xTrain, batch, pm.Aligned(yTrain))
		nodes, err := mb.NodesIn(m.Graph())
		if err != nil {
			return nil, err
		}
		input, output = nodes[0], nodes[1]
	} else {
		nn.input = pm.NewShared(m, "ann_input", xTrain)
		nn.output = pm.NewShared(m, "ann_output", yTrain)
		input, output = nn.input.Node(), nn.output.Node()
	}
	w1 := pm.Normal(m, "w_in_1", 0, 1, pm.Shape(len(xTrain[0]), nHidden), pm.InitVal(init1))
	w2 := pm.Normal(m, "w_1_2", 0, 1, pm.Shape(nHidden, nHidden), pm.InitVal(init2))
	wOut := pm.Normal(m, "w_2_out", 0, 1, pm.Shape(nHidden), pm.InitVal(initOut))
	nn.inputNode = input
	act1 := G.Must(G.Tanh(G.Must(G.Mul(input, w1))))
	act2 := G.Must(G.Tanh(G.Must(G.Mul(act1, w2))))
	nn.act = G.Must(G.Sigmoid(G.Must(G.Mul(act2, wOut))))
	pm.Bernoulli(m, "out", nn.act, pm.Observed(output), pm.TotalSize(len(yTrain)))
	return nn, m.Err()
}
