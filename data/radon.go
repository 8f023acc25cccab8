package data

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"math"
	"strconv"
	"strings"
)

//go:embed radon.csv
var radonCSV []byte

// The numbers of houses and counties in the shipped radon data.
const (
	RadonHouses   = 919
	RadonCounties = 85
)

// Radon is the Minnesota radon data of Gelman and Hill (2007): one measurement of the radon
// level in each of 919 houses in 85 counties, from the US Environmental Protection Agency's
// National Residential Radon Survey, as PyMC ships it (pymc3/examples/data/radon.csv, the
// file embedded here unchanged; radon.md says where it comes from). Only the columns the
// tutorials use are parsed; every slice has one entry per house, in file order, except
// Counties.
//
// References:
//   - Gelman, Hill: Data Analysis Using Regression and Multilevel/Hierarchical Models.
//     Cambridge University Press, 2007 (chapter 12; the srrs2.dat and cty.dat files).
//   - Price, Nero, Gelman: Bayesian prediction of mean indoor radon concentrations for
//     Minnesota counties. Health Physics 71(6), 922-936, 1996.
type Radon struct {
	// County is each house's county name ("AITKIN").
	County []string
	// CountyCode is each house's county as an index into Counties, in [0, 85): the file's
	// county_code column, which numbers the counties in the order they first appear. It
	// is the group index of the hierarchical models (pm.Index(a, CountyCode)).
	CountyCode []int
	// Counties holds the 85 county names, Counties[c] for code c (the tutorial's
	// data.county.unique()).
	Counties []string
	// Floor is the floor of the measurement: 0 for the basement, 1 for the first floor.
	Floor []float64
	// LogRadon is log(activity + 0.1), the activity in picocuries per litre: the outcome of
	// the tutorials.
	LogRadon []float64
	// Activity is the measured radon level in picocuries per litre.
	Activity []float64
	// Uranium is the county-level soil uranium concentration in parts per million (the
	// Uppm column), the same for every house of a county.
	Uranium []float64
}

// LoadRadon parses the embedded radon data. Each call returns a fresh copy. It returns an
// error only if the embedded file is damaged: a missing column, a value that does not parse,
// a county code outside [0, 85) or given to two names, or a log_radon that is not
// log(activity + 0.1).
func LoadRadon() (*Radon, error) {
	records, err := csv.NewReader(bytes.NewReader(radonCSV)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("data: LoadRadon: %w", err)
	}
	if len(records) != RadonHouses+1 {
		return nil, fmt.Errorf("data: LoadRadon: %d records, want a header and %d houses", len(records), RadonHouses)
	}
	col := map[string]int{}
	for j, name := range records[0] {
		col[name] = j
	}
	for _, name := range []string{"county", "county_code", "floor", "log_radon", "activity", "Uppm"} {
		if _, ok := col[name]; !ok {
			return nil, fmt.Errorf("data: LoadRadon: no column %q", name)
		}
	}
	r := &Radon{
		County: make([]string, RadonHouses), CountyCode: make([]int, RadonHouses),
		Counties: make([]string, RadonCounties), Floor: make([]float64, RadonHouses),
		LogRadon: make([]float64, RadonHouses), Activity: make([]float64, RadonHouses),
		Uranium: make([]float64, RadonHouses),
	}
	for i, rec := range records[1:] {
		float := func(name string) (float64, error) {
			v, err := strconv.ParseFloat(strings.TrimSpace(rec[col[name]]), 64)
			if err != nil {
				return 0, fmt.Errorf("data: LoadRadon: house %d, column %q: %w", i, name, err)
			}
			return v, nil
		}
		code, err := strconv.Atoi(strings.TrimSpace(rec[col["county_code"]]))
		if err != nil || code < 0 || code >= RadonCounties {
			return nil, fmt.Errorf("data: LoadRadon: house %d: county_code %q is not in [0, %d)", i, rec[col["county_code"]], RadonCounties)
		}
		name := strings.TrimSpace(rec[col["county"]])
		switch r.Counties[code] {
		case "":
			r.Counties[code] = name
		case name:
		default:
			return nil, fmt.Errorf("data: LoadRadon: house %d: county code %d names %q and %q", i, code, r.Counties[code], name)
		}
		r.County[i], r.CountyCode[i] = name, code
		if r.Floor[i], err = float("floor"); err != nil {
			return nil, err
		}
		if r.LogRadon[i], err = float("log_radon"); err != nil {
			return nil, err
		}
		if r.Activity[i], err = float("activity"); err != nil {
			return nil, err
		}
		if r.Uranium[i], err = float("Uppm"); err != nil {
			return nil, err
		}
		if want := math.Log(r.Activity[i] + 0.1); math.Abs(r.LogRadon[i]-want) > 1e-9 {
			return nil, fmt.Errorf("data: LoadRadon: house %d: log_radon %v is not log(activity + 0.1) = %v", i, r.LogRadon[i], want)
		}
	}
	for c, name := range r.Counties {
		if name == "" {
			return nil, fmt.Errorf("data: LoadRadon: no house in county %d", c)
		}
	}
	return r, nil
}
