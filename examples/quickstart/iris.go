package main

import (
	"fmt"

	"github.com/gopymc/gopymc/callbacks"
	"github.com/gopymc/gopymc/data"
	"github.com/gopymc/gopymc/optimizers"
	"github.com/gopymc/gopymc/plots"
	"github.com/gopymc/gopymc/pm"
	G "gorgonia.org/gorgonia"
)

// iris runs the multinomial logistic regression cells: shared training data, SVGD, sample
// nodes with the test data swapped in, and accuracies tracked while training.
func (t *cells) iris() error {
	section("Multilabel logistic regression on Iris")
	iris, err := data.LoadIris()
	if err != nil {
		return err
	}
	train, test, err := data.TrainTestSplit(len(iris.Target), 0.25, t.Seed)
	if err != nil {
		return err
	}
	XTrain, yTrain := rows(iris, train)
	XTest, yTest := rows(iris, test)
	fmt.Printf("%d training and %d test flowers, %d features, %d classes\n", len(train), len(test), len(iris.FeatureNames), len(iris.ClassNames))

	irisModel := pm.NewModel()
	Xt := pm.NewShared(irisModel, "Xt", XTrain)
	yt := pm.NewShared(irisModel, "yt", yTrain)
	if err := irisModel.Err(); err != nil {
		return err
	}
	beta := pm.Normal(irisModel, "beta", 0, 1e2, pm.Shape(4, 3))
	a := pm.Flat(irisModel, "a", pm.Shape(3))
	p := G.Must(G.SoftMax(G.Must(G.BroadcastAdd(G.Must(G.Mul(Xt.Node(), beta)), a, nil, []byte{0}))))
	pm.Categorical(irisModel, "obs", p, pm.Observed(yt.Node()))
	if err := irisModel.Err(); err != nil {
		return err
	}

	inference, err := pm.NewSVGD(irisModel, pm.Particles(500), pm.Jitter(1), pm.Seed(t.Seed))
	if err != nil {
		return err
	}
	approx := inference.Approx()
	// The test set replaces the training data in the sample node; 100 draws per evaluation.
	testProbs, err := approx.SampleNode(p, pm.MoreReplacements(pm.Replace(Xt.Node(), XTest)), pm.Size(100))
	if err != nil {
		return err
	}
	trainProbs, err := approx.SampleNode(p)
	if err != nil {
		return err
	}
	testAccuracy, err := accuracy(irisModel, testProbs, yTest, true)
	if err != nil {
		return err
	}
	trainAccuracy, err := accuracy(irisModel, trainProbs, yTrain, false)
	if err != nil {
		return err
	}
	evalTracker := callbacks.NewTracker(map[string]func() (any, error){
		"test_accuracy":  func() (any, error) { return pm.Eval(testAccuracy) },
		"train_accuracy": func() (any, error) { return pm.Eval(trainAccuracy) },
	})
	if _, err := inference.Fit(t.iters(100), pm.Callbacks(evalTracker)); err != nil {
		return err
	}
	if err := t.progressFigure("iris_training_100.png", evalTracker); err != nil {
		return err
	}
	fmt.Printf("after 100 iterations of adagrad_window: %s\n", lastAccuracies(evalTracker))
	fmt.Println("Training does not seem to be working: a different optimizer with a larger learning rate:")
	if _, err := inference.Fit(t.iters(400), pm.ObjOptimizer(optimizers.Adamax(0.1)), pm.Callbacks(evalTracker)); err != nil {
		return err
	}
	if err := t.progressFigure("iris_training_adamax.png", evalTracker); err != nil {
		return err
	}
	fmt.Printf("after 400 more iterations of adamax(0.1): %s\n", lastAccuracies(evalTracker))
	return nil
}

// accuracy builds the sampled accuracy: Mean(Eq(Argmax(probs, -1), y)) over the
// observations, per draw when the probabilities carry a leading axis of draws.
func accuracy(m *pm.Model, probs *G.Node, y []float64, perDraw bool) (*G.Node, error) {
	pred, err := pm.Argmax(probs, -1)
	if err != nil {
		return nil, err
	}
	labels, err := m.Constant(fmt.Sprintf("labels(%d)", len(y)), y)
	if err != nil {
		return nil, err
	}
	if !perDraw {
		return G.Mean(G.Must(G.Eq(pred, labels, true)))
	}
	ok, err := G.BroadcastEq(pred, labels, true, nil, []byte{0})
	if err != nil {
		return nil, err
	}
	return G.Mean(ok, 1)
}

func (t *cells) progressFigure(name string, tracker *callbacks.Tracker) error {
	var series []plots.Series
	for _, key := range []string{"test_accuracy", "train_accuracy"} {
		v, err := tracker.Floats(key)
		if err != nil {
			return err
		}
		series = append(series, plots.Series{Name: key, Values: v})
	}
	return t.Save(name)(plots.PlotTrainingProgress(series, plots.Title("Training Progress"), plots.Size(8, 5)))
}

func lastAccuracies(tracker *callbacks.Tracker) string {
	out := ""
	for _, key := range []string{"test_accuracy", "train_accuracy"} {
		v, err := tracker.Floats(key)
		if err != nil || len(v) == 0 {
			continue
		}
		last := v[len(v)-1]
		s := 0.0
		for _, x := range last {
			s += x
		}
		out += fmt.Sprintf("%s %.3f  ", key, s/float64(len(last)))
	}
	return out
}

// rows gathers the features and labels of the given flowers.
func rows(iris *data.Iris, idx []int) ([][]float64, []float64) {
	X := make([][]float64, len(idx))
	y := make([]float64, len(idx))
	for i, k := range idx {
		X[i] = iris.Features[k]
		y[i] = float64(iris.Target[k])
	}
	return X, y
}
