package badinput_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/gopymc/gopymc/approximations"
	"github.com/gopymc/gopymc/internal/notebook"
	"github.com/gopymc/gopymc/pm"
	G "gorgonia.org/gorgonia"
)

// Files: saved approximations and inferences, corrupted, truncated, of another model or of
// a kind that cannot be saved; and the notebook runner's inputs. Then graph-level calls.

// savedFile is a fitted approximation of small() saved, and the model.
func savedFile() ([]byte, *pm.Model, error) {
	m := small()
	q, err := pm.Fit(m, pm.N(20), pm.Seed(1), quiet)
	if err != nil {
		return nil, nil, err
	}
	var b bytes.Buffer
	if err := pm.SaveApproximation(&b, q); err != nil {
		return nil, nil, err
	}
	return b.Bytes(), m, nil
}

// loadMangled saves, changes the bytes with mangle and loads into small().
func loadMangled(mangle func([]byte) []byte) func() error {
	return func() error {
		b, _, err := savedFile()
		if err != nil {
			return err
		}
		_, err = pm.LoadApproximation(bytes.NewReader(mangle(b)), small())
		return err
	}
}

// savedInference is an ADVI inference of small() after a short fit, saved.
func savedInference() ([]byte, error) {
	inf, err := pm.NewADVI(small(), pm.Seed(1))
	if err != nil {
		return nil, err
	}
	if _, err := inf.Fit(10, quiet); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := inf.Save(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func fileCases() []badCase {
	isErr := func(target error) func(error) error {
		return func(err error) error {
			if err != nil && !errors.Is(err, target) {
				return errors.Join(errors.New("does not wrap "+target.Error()), err)
			}
			return err
		}
	}
	load := func(name string, mangle func([]byte) []byte, target error, want ...string) badCase {
		return badCase{name: name, call: func() error { return isErr(target)(loadMangled(mangle)()) }, want: want}
	}
	return []badCase{
		load("LoadApproximation of an empty file", func([]byte) []byte { return nil }, approximations.ErrTruncatedFile, "truncated"),
		load("LoadApproximation of a text file", func([]byte) []byte { return []byte("mu,s\n0.1,0.2\n") }, approximations.ErrNotApproximationFile, "not"),
		load("LoadApproximation of half a file", func(b []byte) []byte { return b[:len(b)/2] }, approximations.ErrTruncatedFile, "truncated"),
		load("LoadApproximation of a file with a flipped bit", func(b []byte) []byte {
			c := bytes.Clone(b)
			c[len(c)-20] ^= 0x10
			return c
		}, approximations.ErrCorruptFile, "corrupt"),
		load("LoadApproximation of a file with a flipped header bit", func(b []byte) []byte {
			c := bytes.Clone(b)
			c[40] ^= 0x01
			return c
		}, approximations.ErrCorruptFile, "corrupt"),
		badCase{name: "LoadApproximation into another model", call: func() error {
			b, _, err := savedFile()
			if err != nil {
				return err
			}
			other := pm.NewModel()
			pm.Normal(other, "theta", 0.0, 1.0)
			_, err = pm.LoadApproximation(bytes.NewReader(b), other)
			return isErr(approximations.ErrModelMismatch)(err)
		}, want: []string{"theta"}},
		badCase{name: "LoadApproximation into a nil model", call: func() error {
			b, _, err := savedFile()
			if err != nil {
				return err
			}
			_, err = pm.LoadApproximation(bytes.NewReader(b), nil)
			return err
		}, want: []string{"Load", "the model is nil"}},
		badCase{name: "LoadApproximation of a nil reader", call: func() error {
			_, err := pm.LoadApproximation(nil, small())
			return err
		}, want: []string{"nil"}},
		badCase{name: "LoadApproximation of a failing reader", call: func() error {
			_, err := pm.LoadApproximation(&failingReader{data: []byte("gop"), err: errors.New("network down")}, small())
			return err
		}, want: []string{"network down"}},
		badCase{name: "SaveApproximation of nil", call: func() error { return pm.SaveApproximation(io.Discard, nil) }, want: []string{"Save", "nil"}},
		badCase{name: "SaveApproximation to a failing writer", call: func() error {
			q, _, _, err := fitted()
			if err != nil {
				return err
			}
			return pm.SaveApproximation(failWriter{}, q)
		}, want: []string{"disk full"}},
		badCase{name: "Save of an SVGD inference", call: func() error {
			inf, err := pm.NewSVGD(small())
			if err != nil {
				return err
			}
			return inf.Save(io.Discard)
		}, want: []string{"svgd"}},
		badCase{name: "LoadInference of a truncated file", call: func() error {
			b, err := savedInference()
			if err != nil {
				return err
			}
			_, err = pm.LoadInference(bytes.NewReader(b[:len(b)-7]), small())
			return isErr(approximations.ErrTruncatedFile)(err)
		}, want: []string{"truncated"}},
		badCase{name: "LoadInference of an approximation file", call: func() error {
			b, _, err := savedFile()
			if err != nil {
				return err
			}
			_, err = pm.LoadInference(bytes.NewReader(b), small())
			return err
		}, want: []string{"no inference after it", "LoadApproximation"}},
		badCase{name: "LoadInference with an option it does not take", call: func() error {
			b, err := savedInference()
			if err != nil {
				return err
			}
			_, err = pm.LoadInference(bytes.NewReader(b), small(), pm.Draws(3))
			return err
		}, want: []string{"Draws(3)", "not LoadInference"}},
		badCase{name: "LoadInference into another model", call: func() error {
			b, err := savedInference()
			if err != nil {
				return err
			}
			other := pm.NewModel()
			pm.Normal(other, "theta", 0.0, 1.0)
			_, err = pm.LoadInference(bytes.NewReader(b), other)
			return isErr(approximations.ErrModelMismatch)(err)
		}, want: []string{"theta"}},
		badCase{name: "SaveApproximation after the model gained a variable", call: func() error {
			q, m, _, err := fitted()
			if err != nil {
				return err
			}
			pm.HalfNormal(m, "extra", 1.0)
			return pm.SaveApproximation(io.Discard, q)
		}, want: []string{"Save", `gained the free variable "extra"`}},
		fine("a saved approximation loads to the same parameters", func() error {
			b, m, err := savedFile()
			if err != nil {
				return err
			}
			q, err := pm.LoadApproximation(bytes.NewReader(b), m)
			if err != nil {
				return err
			}
			return allFinite("parameters", q.FlatParams())
		}),
	}
}

// notebookFile writes a notebook with the given JSON to a temporary directory.
func notebookFile(json string) (string, func(), error) {
	dir, err := os.MkdirTemp("", "badinput")
	if err != nil {
		return "", nil, err
	}
	path := filepath.Join(dir, "nb.ipynb")
	if err := os.WriteFile(path, []byte(json), 0o644); err != nil {
		os.RemoveAll(dir)
		return "", nil, err
	}
	return path, func() { os.RemoveAll(dir) }, nil
}

// parseErr parses the notebook JSON and returns the error.
func parseErr(json string) func() error {
	return func() error {
		path, done, err := notebookFile(json)
		if err != nil {
			return err
		}
		defer done()
		_, err = notebook.Parse(path)
		return err
	}
}

// programErr parses the notebook JSON and makes its program (the runner's checks of cells
// and imports), returning the error.
func programErr(json string) func() error {
	return func() error {
		path, done, err := notebookFile(json)
		if err != nil {
			return err
		}
		defer done()
		nb, err := notebook.Parse(path)
		if err != nil {
			return err
		}
		_, err = (&notebook.Runner{}).Program(context.Background(), nb)
		return err
	}
}

// cellJSON is a notebook of code cells with these sources.
func cellJSON(sources ...string) string {
	var b strings.Builder
	b.WriteString(`{"nbformat": 4, "nbformat_minor": 2, "metadata": {}, "cells": [`)
	for i, s := range sources {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`{"cell_type": "code", "metadata": {}, "outputs": [], "source": [`)
		lines := strings.SplitAfter(s, "\n")
		for j, l := range lines {
			if j > 0 {
				b.WriteString(",")
			}
			b.WriteString(`"` + strings.ReplaceAll(strings.ReplaceAll(l, `"`, `\"`), "\n", `\n`) + `"`)
		}
		b.WriteString(`]}`)
	}
	b.WriteString(`]}`)
	return b.String()
}

func notebookCases() []badCase {
	nb := func(name, json string, want ...string) badCase {
		return badCase{name: name, call: parseErr(json), want: want}
	}
	return []badCase{
		nb("a notebook that is not JSON", "import pm", "invalid"),
		nb("a notebook of nbformat 3", `{"nbformat": 3, "worksheets": []}`, "nbformat"),
		badCase{name: "a notebook cell mixing declarations and statements", call: programErr(cellJSON("func f() {}\nx := 1\n_ = x")), want: []string{"cell 1", "mixes"}},
		badCase{name: "a notebook importing outside the module", call: programErr(cellJSON(`import "../../../../elsewhere"`)), want: []string{"cell 1", "relative import outside a Go module"}},
		badCase{name: "a notebook that does not exist", call: func() error {
			return notebook.Run(context.Background(), filepath.Join(os.TempDir(), "no-such-notebook.ipynb"))
		}, want: []string{"no-such-notebook.ipynb"}},
	}
}

func graphCases() []badCase {
	return []badCase{
		badCase{name: "Eval of a node without a graph value", call: func() error {
			m := pm.NewModel()
			x := pm.Placeholder(m, "X", 2)
			_, err := pm.Eval(G.Must(G.Add(x, x)))
			return err
		}, want: []string{"X"}},
		badCase{name: "Eval with a Givens of another dtype", call: func() error {
			m := pm.NewModel()
			n := pm.IntScalar(m, "n")
			_, err := pm.Eval(n, pm.Givens(n, 2.5))
			return err
		}, want: []string{"n", "dtype"}},
	}
}
