package notebook

import (
	"errors"
	"strings"
	"testing"
)

// FuzzParse parses arbitrary bytes as a notebook and classifies its code cells as the runner
// does (issue 17). Neither may panic; a refusal is a *CellError that wraps ErrInvalid (or,
// for a cell, ErrCompile) and names the notebook, and an accepted notebook numbers its cells
// 1, 2, ... with its code cells numbered in order among them.
//
//	go test -run '^$' -fuzz '^FuzzParse$' -fuzztime 15s ./internal/notebook
func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"nbformat": 4, "nbformat_minor": 2, "metadata": {}, "cells": [{"cell_type": "code", "source": ["x := 1\n", "_ = x"]}]}`))
	f.Add([]byte(`{"nbformat": 4, "metadata": {"kernelspec": {"name": "gophernotes", "language": "go"}}, "cells": [{"cell_type": "markdown", "source": "# t"}, {"cell_type": "code", "source": "import \"fmt\""}, {"cell_type": "code", "source": "func f() {}\nx := 1"}]}`))
	f.Add([]byte(`{"nbformat": 3}`))
	f.Add([]byte(`{"nbformat": 4, "cells": [{"cell_type": "code", "source": 7}]}`))
	f.Add([]byte(`{"nbformat": 4, "cells": [{"cell_type": "code", "source": "for {"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		const path = "fuzz.ipynb"
		nb, err := parse(path, data)
		if err != nil {
			checkCellError(t, err, path, ErrInvalid)
			return
		}
		code := 0
		for i, c := range nb.Cells {
			if c.Number != i+1 {
				t.Fatalf("cell %d is numbered %d", i+1, c.Number)
			}
			if c.Type == "code" {
				code++
				if c.Code != code {
					t.Fatalf("code cell %d is numbered %d", code, c.Code)
				}
				if _, err := classify(nb, c); err != nil {
					checkCellError(t, err, path, ErrInvalid, ErrCompile)
				}
			} else if c.Code != 0 {
				t.Fatalf("%s cell %d has code number %d", c.Type, c.Number, c.Code)
			}
		}
	})
}

// checkCellError fails t unless err is a *CellError naming the notebook and wrapping one of
// kinds.
func checkCellError(t *testing.T, err error, path string, kinds ...error) {
	t.Helper()
	var ce *CellError
	if !errors.As(err, &ce) {
		t.Fatalf("error %v is a %T, not a *CellError", err, err)
	}
	if ce.Notebook != path || !strings.Contains(err.Error(), path) {
		t.Fatalf("error %q does not name the notebook", err)
	}
	for _, k := range kinds {
		if errors.Is(err, k) {
			return
		}
	}
	t.Fatalf("error %q wraps none of %v", err, kinds)
}
