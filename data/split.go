package data

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// TrainTestSplit shuffles the indices 0..n-1 and splits them into a training and a test
// set, as scikit-learn's train_test_split: the test set has ceil(testFraction·n) indices
// (its default test_size 0.25 gives 38 of 150), the training set the other n minus that
// (112 of 150), each in shuffled order. The permutation is drawn from
// rand.New(rand.NewPCG(seed, 0)), so a seed reproduces the split.
//
// It returns an error when n < 2, when testFraction is not in (0, 1), or when either set
// would be empty.
func TrainTestSplit(n int, testFraction float64, seed uint64) (train, test []int, err error) {
	if n < 2 {
		return nil, nil, fmt.Errorf("data: TrainTestSplit: n is %d; need at least 2 indices", n)
	}
	if !(testFraction > 0 && testFraction < 1) {
		return nil, nil, fmt.Errorf("data: TrainTestSplit: test fraction is %v; it must be in (0, 1)", testFraction)
	}
	nTest := int(math.Ceil(testFraction * float64(n)))
	if nTest >= n {
		return nil, nil, fmt.Errorf("data: TrainTestSplit: a test fraction of %v leaves no training indices out of %d", testFraction, n)
	}
	perm := rand.New(rand.NewPCG(seed, 0)).Perm(n)
	return perm[nTest:], perm[:nTest], nil
}
