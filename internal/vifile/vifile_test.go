package vifile

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"testing"
)

// TestStreamOfFiles reads two files written one after the other, and checks that values
// round-trip bit for bit, NaN payloads, signed zeros and infinities included.
func TestStreamOfFiles(t *testing.T) {
	t.Parallel()
	odd := []float64{math.Copysign(0, -1), math.NaN(), math.Inf(-1), 5e-324, math.MaxFloat64, math.Float64frombits(0x7ff8000000000123)}
	var buf bytes.Buffer
	if err := Write(&buf, "first", 1, map[string]int{"n": 1}, []Array{{Name: "a", Shape: []int{2, 3}, Data: odd}}); err != nil {
		t.Fatal(err)
	}
	if err := Write(&buf, "second", 3, nil, nil); err != nil {
		t.Fatal(err)
	}
	f, err := Read(&buf, "first", 1)
	if err != nil {
		t.Fatal(err)
	}
	a, ok := f.Array("a")
	if !ok || len(a.Data) != len(odd) {
		t.Fatalf("array a: %v %v", a, ok)
	}
	for i := range odd {
		if math.Float64bits(a.Data[i]) != math.Float64bits(odd[i]) {
			t.Errorf("value %d: %x, want %x", i, math.Float64bits(a.Data[i]), math.Float64bits(odd[i]))
		}
	}
	var body map[string]int
	if err := json.Unmarshal(f.Body, &body); err != nil || body["n"] != 1 || f.Names()[0] != "a" {
		t.Errorf("body %s (%v), names %v", f.Body, err, f.Names())
	}
	rest := bytes.Clone(buf.Bytes())
	if _, err := Read(bytes.NewReader(rest), "second", 2); !errors.Is(err, ErrNewer) {
		t.Errorf("version 3 read by a reader of 2: %v", err)
	}
	if g, err := Read(&buf, "second", 3); err != nil || g.Version != 3 {
		t.Errorf("the second file: %v", err)
	}
	if _, err := Read(&buf, "first", 1); !errors.Is(err, ErrTruncated) {
		t.Errorf("reading past the end: %v", err)
	}
	var other bytes.Buffer
	if err := Write(&other, "first", 1, nil, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := Read(&other, "second", 1); !errors.Is(err, ErrCorrupt) {
		t.Errorf("a file of another format: %v", err)
	}
}
