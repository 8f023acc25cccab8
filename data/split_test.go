package data

import (
	"slices"
	"strings"
	"testing"
)

// scikit-learn's train_test_split with its default test_size 0.25 splits 150 rows into 112
// for training and 38 for testing (n_test = ceil(0.25·150)); the two sets partition the
// indices, and a seed reproduces the split.
func TestTrainTestSplit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		n         int
		frac      float64
		train, te int // n - ceil(frac·n), ceil(frac·n)
	}{
		{150, 0.25, 112, 38},
		{10, 0.5, 5, 5},
		{10, 0.01, 9, 1},
		{3, 0.5, 1, 2},
	}
	for _, tc := range tests {
		train, test, err := TrainTestSplit(tc.n, tc.frac, 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(train) != tc.train || len(test) != tc.te {
			t.Fatalf("n=%d frac=%v: %d/%d, want %d/%d", tc.n, tc.frac, len(train), len(test), tc.train, tc.te)
		}
		all := slices.Concat(train, test)
		slices.Sort(all)
		for i, v := range all {
			if v != i {
				t.Fatalf("n=%d: the sets do not partition 0..n-1: %v", tc.n, all)
			}
		}
	}
	a, b, _ := TrainTestSplit(150, 0.25, 7)
	c, d, _ := TrainTestSplit(150, 0.25, 7)
	e, _, _ := TrainTestSplit(150, 0.25, 8)
	if !slices.Equal(a, c) || !slices.Equal(b, d) {
		t.Fatal("one seed gave two splits")
	}
	if slices.Equal(a, e) {
		t.Fatal("two seeds gave one split")
	}
	if slices.IsSorted(a) {
		t.Fatal("the training indices are not shuffled")
	}
}

func TestTrainTestSplitErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		n    int
		frac float64
		want string
	}{
		{1, 0.5, "at least 2"},
		{10, 0, "must be in (0, 1)"},
		{10, 1, "must be in (0, 1)"},
		{10, nanValue(), "must be in (0, 1)"},
		{10, 0.95, "leaves no training indices"},
	}
	for _, tc := range tests {
		if _, _, err := TrainTestSplit(tc.n, tc.frac, 0); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Fatalf("n=%d frac=%v: err = %v, want %q", tc.n, tc.frac, err, tc.want)
		}
	}
}
