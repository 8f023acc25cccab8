package notebook

import (
	"reflect"
	"testing"
)

func TestParseOutput(t *testing.T) {
	t.Parallel()
	stderr := "\n" + marker + "cell 2\nwarning\n\n" + marker + "cell 5\npartial" + "\n" + marker + "done\n"
	o := parseOutput([]byte(stderr))
	if string(o.clean) != "warning\npartial" || o.cell != 5 || !o.done || string(o.tail) != "" {
		t.Errorf("got clean %q tail %q cell %d done %v", o.clean, o.tail, o.cell, o.done)
	}
	o = parseOutput([]byte("\n" + marker + "cell 3\nlast words\n"))
	if string(o.tail) != "last words\n" || o.cell != 3 || o.done {
		t.Errorf("got tail %q cell %d done %v", o.tail, o.cell, o.done)
	}
}

func TestPanicOf(t *testing.T) {
	t.Parallel()
	// The shape of a Go 1.26 panic as the runtime writes it, with //line names of cells.
	stderr := "some output\npanic: boom\nsecond line\n\ngoroutine 1 [running]:\nmain.boom(...)\n" +
		"\tx.ipynb:cell3:3\nmain.main()\n\tx.ipynb:cell5:2 +0x12a\n\ngoroutine 7 [sleep]:\nmain.f()\n\tx.ipynb:cell4:1 +0x1\n"
	msg, frames, ok := panicOf([]byte(stderr))
	want := []frame{{"x.ipynb:cell3", 3}, {"x.ipynb:cell5", 2}}
	if !ok || msg != "panic: boom\nsecond line" || !reflect.DeepEqual(frames, want) {
		t.Errorf("got %q %v %v", msg, frames, ok)
	}
	if _, _, ok := panicOf([]byte("panic: printed by the notebook, no trace\n")); ok {
		t.Error("a panic line without a stack trace was taken for a panic")
	}
}

func TestApplyEdits(t *testing.T) {
	t.Parallel()
	src := "x := 1\nx := 2"
	edits := []edit{
		{off: 6, ins: "; _ = x", fix: true},
		{off: 9, del: 2, ins: "=", fix: true},
		{off: 0, del: 1, ins: "y"},
	}
	if got := applyEdits(src, edits, false); got != "y := 1\nx := 2" {
		t.Errorf("without fixes: got %q", got)
	}
	if got := applyEdits(src, edits, true); got != "y := 1; _ = x\nx = 2" {
		t.Errorf("with fixes: got %q", got)
	}
}
