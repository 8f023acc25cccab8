package data

import (
	"slices"
	"testing"
)

// The embedded iris data: 150 rows of 4 features, 50 flowers per class in file order, and
// the first and last rows as they are in iris.csv ("5.1,3.5,1.4,0.2,setosa" and
// "5.9,3,5.1,1.8,virginica").
func TestLoadIris(t *testing.T) {
	t.Parallel()
	iris, err := LoadIris()
	if err != nil {
		t.Fatal(err)
	}
	if len(iris.Features) != 150 || len(iris.Target) != 150 {
		t.Fatalf("%d rows, %d labels, want 150", len(iris.Features), len(iris.Target))
	}
	for i, row := range iris.Features {
		if len(row) != 4 {
			t.Fatalf("row %d has %d features", i, len(row))
		}
	}
	if want := []string{"setosa", "versicolor", "virginica"}; !slices.Equal(iris.ClassNames, want) {
		t.Fatalf("ClassNames = %v, want %v", iris.ClassNames, want)
	}
	if want := []string{"sepal_length", "sepal_width", "petal_length", "petal_width"}; !slices.Equal(iris.FeatureNames, want) {
		t.Fatalf("FeatureNames = %v, want %v", iris.FeatureNames, want)
	}
	counts := make([]int, 3)
	for i, c := range iris.Target {
		if c < 0 || c > 2 {
			t.Fatalf("label %d = %d", i, c)
		}
		if want := i / 50; c != want { // the file lists the classes in blocks of 50
			t.Fatalf("label %d = %d, want %d", i, c, want)
		}
		counts[c]++
	}
	if !slices.Equal(counts, []int{50, 50, 50}) {
		t.Fatalf("class counts %v", counts)
	}
	if got := iris.Features[0]; !slices.Equal(got, []float64{5.1, 3.5, 1.4, 0.2}) {
		t.Fatalf("first row %v", got)
	}
	if got := iris.Features[149]; !slices.Equal(got, []float64{5.9, 3, 5.1, 1.8}) {
		t.Fatalf("last row %v", got)
	}
	// Each call returns a fresh copy.
	again, err := LoadIris()
	if err != nil {
		t.Fatal(err)
	}
	iris.Features[0][0] = -1
	if again.Features[0][0] != 5.1 {
		t.Fatal("LoadIris shares rows between calls")
	}
	// The features minibatch as they are.
	mb := mustMinibatch(t, again.Features, 10, Aligned(again.Target))
	if !slices.Equal(mb.BatchShape(), []int{10, 4}) {
		t.Fatalf("batch shape %v", mb.BatchShape())
	}
}
