package trace

import (
	"strconv"
	"strings"
)

// unravel writes the row-major multi-index of flat element e of shape into idx (len(shape)).
func unravel(idx []int, e int, shape []int) {
	for k := len(shape) - 1; k >= 0; k-- {
		idx[k] = e % shape[k]
		e /= shape[k]
	}
}

// rowMajorOffset returns the flat row-major position of the multi-index idx in shape.
func rowMajorOffset(idx, shape []int) int {
	off := 0
	for k, i := range idx {
		off = off*shape[k] + i
	}
	return off
}

// elementLabel returns ArviZ's label of an element (arviz.labels.BaseLabeller): the name
// for a scalar, else the name and the 0-based indices, "beta[0, 1]".
func elementLabel(name string, idx []int) string {
	if len(idx) == 0 {
		return name
	}
	var b strings.Builder
	b.WriteString(name)
	b.WriteByte('[')
	for k, i := range idx {
		if k > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(i))
	}
	b.WriteByte(']')
	return b.String()
}

// columnMajorOffsets returns, for each element of shape in CmdStan's column-major
// ("Fortran") order, where the first index varies fastest, its row-major offset, and each
// element's CmdStan column name ("beta.1.2", 1-based indices).
func columnMajorOffsets(name string, shape []int) (offsets []int, names []string) {
	size := 1
	for _, d := range shape {
		size *= d
	}
	if size == 0 {
		return nil, nil
	}
	if len(shape) == 0 {
		return []int{0}, []string{name}
	}
	idx := make([]int, len(shape))
	offsets = make([]int, 0, size)
	names = make([]string, 0, size)
	for range size {
		offsets = append(offsets, rowMajorOffset(idx, shape))
		var b strings.Builder
		b.WriteString(name)
		for _, i := range idx {
			b.WriteByte('.')
			b.WriteString(strconv.Itoa(i + 1))
		}
		names = append(names, b.String())
		// Advance the first index fastest.
		for k := range idx {
			idx[k]++
			if idx[k] < shape[k] {
				break
			}
			idx[k] = 0
		}
	}
	return offsets, names
}
