package distributions

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"gorgonia.org/tensor"
)

func TestBroadcastShapes(t *testing.T) {
	t.Parallel()
	// Expected shapes follow NumPy's broadcasting rules (numpy.broadcast_shapes).
	cases := []struct {
		in   []tensor.Shape
		want tensor.Shape
	}{
		{[]tensor.Shape{{}, {}}, tensor.Shape{}},
		{[]tensor.Shape{{3}, {}}, tensor.Shape{3}},
		{[]tensor.Shape{{4, 3}, {3}}, tensor.Shape{4, 3}},
		{[]tensor.Shape{{4, 1}, {1, 3}}, tensor.Shape{4, 3}},
		{[]tensor.Shape{{2, 1, 5}, {3, 1}, {}}, tensor.Shape{2, 3, 5}},
		{[]tensor.Shape{{1}, {7}}, tensor.Shape{7}},
		{[]tensor.Shape{{0, 3}, {1, 3}}, tensor.Shape{0, 3}},
	}
	for _, c := range cases {
		names := make([]string, len(c.in))
		for i := range names {
			names[i] = fmt.Sprint("s", i)
		}
		got, err := broadcastShapes(names, c.in...)
		if err != nil || !got.Eq(c.want) || len(got) != len(c.want) {
			t.Errorf("broadcastShapes%v = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	_, err := broadcastShapes([]string{"value", "mu", "sigma"}, tensor.Shape{3, 4}, tensor.Shape{4}, tensor.Shape{5})
	if !errors.Is(err, errNoBroadcast) || !strings.Contains(err.Error(), "value shape (3, 4)") || !strings.Contains(err.Error(), "sigma shape (5)") {
		t.Errorf("got %v, want an error naming value shape (3, 4) and sigma shape (5)", err)
	}
}

// unravel returns the flat index in shape s (right-aligned in out) of the element of out
// at multi-index idx, NumPy-style.
func unravel(idx []int, out, s tensor.Shape) int {
	lead := len(out) - len(s)
	flat := 0
	for a, d := range s {
		i := idx[lead+a]
		if d == 1 {
			i = 0
		}
		flat = flat*d + i
	}
	return flat
}

func TestBcastVisitsEveryElement(t *testing.T) {
	t.Parallel()
	// Every element of the broadcast shape, in row-major order, must see each operand at
	// the flat index NumPy's broadcasting gives (unravel), and every inner stride is 0 or 1.
	cases := [][]tensor.Shape{
		{{2, 3}, {3}, {}},
		{{4, 1}, {1, 3}, {4, 3}},
		{{2, 3, 4}, {3, 1}, {1, 1, 4}},
		{{5, 1, 1}, {1}, {}},
		{{3, 1}, {}},
		{{1, 1}, {1}},
		{{2, 300}, {300}, {2, 1}},
		{{6}, {6}, {6}},
	}
	for _, shapes := range cases {
		names := make([]string, len(shapes))
		for i := range names {
			names[i] = fmt.Sprint(i)
		}
		out, err := broadcastShapes(names, shapes...)
		if err != nil {
			t.Fatal(err)
		}
		b, err := newBcast(out, shapes...)
		if err != nil {
			t.Fatal(err)
		}
		for k := range shapes {
			if s := b.inner(k); s != 0 && s != 1 {
				t.Errorf("%v: operand %d has inner stride %d", shapes, k, s)
			}
		}
		idx := make([]int, len(out))
		e := 0
		it := rowIter{b: &b}
		for it.next() {
			for j := 0; j < b.rowLen(); j++ {
				if it.start+j != e {
					t.Fatalf("%v: row start %d+%d, want element %d", shapes, it.start, j, e)
				}
				for k, s := range shapes {
					if got, want := it.off[k]+j*b.inner(k), unravel(idx, out, s); got != want {
						t.Fatalf("%v: element %v operand %d at %d, want %d", shapes, idx, k, got, want)
					}
				}
				e++
				for a := len(idx) - 1; a >= 0; a-- { // advance the row-major multi-index
					idx[a]++
					if idx[a] < out[a] {
						break
					}
					idx[a] = 0
				}
			}
		}
		if e != out.TotalSize() {
			t.Errorf("%v: visited %d elements, want %d", shapes, e, out.TotalSize())
		}
	}
}

func TestBcastMergesAxes(t *testing.T) {
	t.Parallel()
	// Contiguous operands collapse to one row; a (3) operand over (2, 3) keeps two axes.
	b, _ := newBcast(tensor.Shape{4, 5}, tensor.Shape{4, 5}, tensor.Shape{})
	if b.rank != 1 || b.rowLen() != 20 {
		t.Errorf("(4,5) with a scalar: rank %d row %d, want 1 and 20", b.rank, b.rowLen())
	}
	b, _ = newBcast(tensor.Shape{4, 1}, tensor.Shape{4, 1}, tensor.Shape{})
	if b.rank != 1 || b.rowLen() != 4 || b.inner(0) != 1 {
		t.Errorf("(4,1): rank %d row %d stride %d, want 1, 4, 1", b.rank, b.rowLen(), b.inner(0))
	}
	b, _ = newBcast(tensor.Shape{2, 3}, tensor.Shape{2, 3}, tensor.Shape{3})
	if b.rank != 2 || b.rowLen() != 3 {
		t.Errorf("(2,3) with (3): rank %d row %d, want 2 and 3", b.rank, b.rowLen())
	}
}
