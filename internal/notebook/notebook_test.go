package notebook

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeNotebook writes text to name in a fresh temporary folder and returns its path.
func writeNotebook(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestParseNumbersCells(t *testing.T) {
	t.Parallel()
	nb, err := Parse("testdata/hello.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	// testdata/hello.ipynb: a markdown cell, then three code cells, the first a string list.
	want := []Cell{
		{Number: 1, Code: 0, Type: "markdown", Source: "# Hello\nA notebook that needs only the standard library."},
		{Number: 2, Code: 1, Type: "code", Source: `import "fmt"`},
		{Number: 3, Code: 2, Type: "code", Source: "greeting := \"hello\"\nfmt.Println(greeting, \"notebook\")\ngreeting += \", again\""},
		{Number: 4, Code: 3, Type: "code", Source: "greeting"},
	}
	if len(nb.Cells) != len(want) {
		t.Fatalf("got %d cells, want %d", len(nb.Cells), len(want))
	}
	for i, c := range nb.Cells {
		if c != want[i] {
			t.Errorf("cell %d: got %+v, want %+v", i+1, c, want[i])
		}
	}
	if got := nb.Cells[3].String(); got != "cell 4 (code cell 3)" {
		t.Errorf("String: got %q", got)
	}
	if got := nb.Cells[0].String(); got != "cell 1" {
		t.Errorf("String of a markdown cell: got %q", got)
	}
}

func TestParseSourceForms(t *testing.T) {
	t.Parallel()
	path := writeNotebook(t, "forms.ipynb", `{"nbformat": 4, "nbformat_minor": 5, "metadata": {},
 "cells": [
  {"cell_type": "code", "source": "a := 1\nb := 2"},
  {"cell_type": "code", "source": ["a := 1\n", "b := 2"]},
  {"cell_type": "code", "source": []},
  {"cell_type": "raw"}
 ]}`)
	nb, err := Parse(path)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"a := 1\nb := 2", "a := 1\nb := 2", "", ""} {
		if got := nb.Cells[i].Source; got != want {
			t.Errorf("cell %d: got %q, want %q", i+1, got, want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text string
		cell       int
		want       string
	}{
		{"syntax", "{\"cells\": [\n  {\"cell_type\": \"code\" \"source\": \"\"}]}", 0,
			"not valid JSON: line 2, column 24: invalid character '\"' after object key:value pair"},
		{"truncated", `{"cells": [`, 0, "not valid JSON"},
		{"type", `{"cells": {}, "nbformat": 4}`, 0, `not an nbformat 4 notebook: line 1, column 11: field "cells" holds a JSON object`},
		{"version", `{"cells": [], "nbformat": 3}`, 0, "not an nbformat 4 notebook: nbformat 3"},
		{"no version", `{"cells": []}`, 0, `not an nbformat 4 notebook: no "nbformat" field`},
		{"kernel", `{"cells": [], "nbformat": 4, "metadata": {"kernelspec": {"name": "python3", "language": "python"}}}`, 0,
			`kernel "python3" runs "python", not Go`},
		{"source", `{"cells": [{"cell_type": "markdown", "source": ""}, {"cell_type": "code", "source": 3}], "nbformat": 4}`, 2,
			"source is neither a string nor a list of strings"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := writeNotebook(t, "bad.ipynb", tt.text)
			_, err := Parse(path)
			var ce *CellError
			if !errors.As(err, &ce) || !errors.Is(err, ErrInvalid) {
				t.Fatalf("got %v, want a *CellError wrapping ErrInvalid", err)
			}
			if ce.Cell.Number != tt.cell || ce.Notebook != path || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %q (cell %d), want %q (cell %d)", err, ce.Cell.Number, tt.want, tt.cell)
			}
		})
	}
}

func TestParseMissingFile(t *testing.T) {
	t.Parallel()
	_, err := Parse("testdata/no-such.ipynb")
	if !errors.Is(err, os.ErrNotExist) || !strings.HasPrefix(err.Error(), "notebook: testdata/no-such.ipynb: ") {
		t.Errorf("got %v", err)
	}
}
