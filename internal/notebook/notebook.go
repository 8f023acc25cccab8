package notebook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
)

// Notebook is a parsed Jupyter notebook (nbformat 4).
type Notebook struct {
	// Path is the notebook's file, as given to Parse.
	Path string
	// Cells holds every cell in file order, markdown and raw cells included.
	Cells []Cell
}

// Cell is one cell of a notebook.
type Cell struct {
	// Number is the cell's 1-based position among all the cells of the notebook, as a reader
	// counts them from the top.
	Number int
	// Code is the cell's 1-based position among the code cells; 0 for other cells.
	Code int
	// Type is the nbformat cell type: "code", "markdown" or "raw".
	Type string
	// Source is the cell's text.
	Source string
}

// String names the cell as the runner's messages do: "cell 7 (code cell 4)".
func (c Cell) String() string {
	if c.Code == 0 {
		return fmt.Sprintf("cell %d", c.Number)
	}
	return fmt.Sprintf("cell %d (code cell %d)", c.Number, c.Code)
}

// Parse reads the nbformat 4 notebook at path. Its error is a *CellError wrapping ErrInvalid
// when the file is not valid JSON, is not an nbformat 4 notebook, has a kernel whose language
// is not Go, or has a cell whose source is neither a string nor a list of strings.
func Parse(path string) (*Notebook, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &CellError{Notebook: path, Err: err}
	}
	return parse(path, data)
}

// file is the part of nbformat 4 that the runner reads.
type file struct {
	NBFormat *int `json:"nbformat"`
	Metadata struct {
		Kernelspec struct {
			Name     string `json:"name"`
			Language string `json:"language"`
		} `json:"kernelspec"`
	} `json:"metadata"`
	Cells []struct {
		CellType string          `json:"cell_type"`
		Source   json.RawMessage `json:"source"`
	} `json:"cells"`
}

func parse(path string, data []byte) (*Notebook, error) {
	invalid := func(cell Cell, format string, args ...any) error {
		return &CellError{Notebook: path, Cell: cell, Err: kindError{ErrInvalid, fmt.Sprintf(format, args...)}}
	}
	var f file
	if err := json.Unmarshal(data, &f); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			line, col := lineCol(data, syn.Offset-1) // Offset counts the bad byte
			return nil, invalid(Cell{}, "not valid JSON: line %d, column %d: %v", line, col, err)
		case errors.As(err, &typ):
			line, col := lineCol(data, typ.Offset-1)
			return nil, invalid(Cell{}, "not an nbformat 4 notebook: line %d, column %d: field %q holds a JSON %s",
				line, col, typ.Field, typ.Value)
		}
		return nil, invalid(Cell{}, "not valid JSON: %v", err)
	}
	if f.NBFormat == nil || *f.NBFormat != 4 {
		got := "no \"nbformat\" field"
		if f.NBFormat != nil {
			got = fmt.Sprintf("nbformat %d", *f.NBFormat)
		}
		return nil, invalid(Cell{}, "not an nbformat 4 notebook: %s", got)
	}
	if lang := f.Metadata.Kernelspec.Language; lang != "" && !strings.EqualFold(lang, "go") {
		return nil, invalid(Cell{}, "kernel %q runs %q, not Go", f.Metadata.Kernelspec.Name, lang)
	}
	nb := &Notebook{Path: path, Cells: make([]Cell, len(f.Cells))}
	code := 0
	for i, c := range f.Cells {
		cell := Cell{Number: i + 1, Type: c.CellType}
		if c.CellType == "code" {
			code++
			cell.Code = code
		}
		src, err := source(c.Source)
		if err != nil {
			return nil, invalid(cell, "source is %v", err)
		}
		cell.Source = src
		nb.Cells[i] = cell
	}
	return nb, nil
}

// source decodes a cell's source, which nbformat stores as a string or a list of strings
// (lines that keep their "\n").
func source(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s, nil
	}
	var lines []string
	if err := json.Unmarshal(raw, &lines); err != nil {
		return "", errors.New("neither a string nor a list of strings")
	}
	return strings.Join(lines, ""), nil
}

// lineCol returns the 1-based line and column of the byte at offset in data.
func lineCol(data []byte, offset int64) (line, col int) {
	offset = min(max(offset, 0), int64(len(data)))
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	col = len(before) - bytes.LastIndexByte(before, '\n')
	return line, col
}
