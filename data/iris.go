package data

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"strconv"
)

//go:embed iris.csv
var irisCSV []byte

// Iris is Fisher's iris data set: 150 flowers of three species, 50 each, with four
// measurements in centimetres, in the order of the shipped file (iris.csv, as seaborn's
// iris data set).
//
// References:
//   - Fisher: The use of multiple measurements in taxonomic problems. Annals of Eugenics 7(2),
//     179-188, 1936.
type Iris struct {
	// Features holds one row per flower (150 rows) and one column per feature (4 columns:
	// sepal length, sepal width, petal length, petal width, in centimetres). The rows are
	// fresh slices owned by the caller, and NewMinibatch and graph.ToValue accept them as
	// they are.
	Features [][]float64
	// Target holds each flower's class, 0, 1 or 2, an index into ClassNames.
	Target []int
	// ClassNames are the species in the order they first appear in the file: setosa,
	// versicolor, virginica (scikit-learn's target_names).
	ClassNames []string
	// FeatureNames are the file's column names: sepal_length, sepal_width, petal_length,
	// petal_width.
	FeatureNames []string
}

// LoadIris parses the embedded iris data. Each call returns a fresh copy. It returns an error
// only if the embedded file is damaged.
func LoadIris() (*Iris, error) {
	records, err := csv.NewReader(bytes.NewReader(irisCSV)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("data: LoadIris: %w", err)
	}
	if len(records) < 2 || len(records[0]) != 5 {
		return nil, fmt.Errorf("data: LoadIris: want a header of 5 columns and data rows, got %d records", len(records))
	}
	iris := &Iris{FeatureNames: append([]string(nil), records[0][:4]...)}
	class := map[string]int{}
	for i, rec := range records[1:] {
		row := make([]float64, 4)
		for j := range row {
			if row[j], err = strconv.ParseFloat(rec[j], 64); err != nil {
				return nil, fmt.Errorf("data: LoadIris: row %d, column %q: %w", i, iris.FeatureNames[j], err)
			}
		}
		c, ok := class[rec[4]]
		if !ok {
			c = len(iris.ClassNames)
			class[rec[4]] = c
			iris.ClassNames = append(iris.ClassNames, rec[4])
		}
		iris.Features = append(iris.Features, row)
		iris.Target = append(iris.Target, c)
	}
	return iris, nil
}
