package notebook

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestRun(t *testing.T) {
	t.Parallel()
	// The expected output is what the cells print, worked out by hand from Go's semantics and
	// the runner's rule for a cell's last expression (printed when it has a value).
	tests := []struct {
		notebook, stdout string
	}{
		{"hello.ipynb", "hello notebook\nhello, again\n"},
		// Cells 8 and 10-16: a bare z and len("abc") mid-cell are dropped, the trailing z,
		// x (redeclared with :=), pair{1, 2}.sum(), strconv.Atoi("7"), strings.ToUpper,
		// fmt.Sprint and 1 + 2 are printed; a call without results is not.
		{"lenient.ipynb", "z = 42 err = <nil>\n42\n41\n3\n7 <nil>\nSHOUT\na call into fmt with a string result, shown: 1\n3\n"},
		// pm: mu is a scalar Normal (shape ()), the model has no error, sd.Shape() is ().
		{"project.ipynb", "mu ()\n<nil>\n()\n"},
	}
	for _, tt := range tests {
		t.Run(tt.notebook, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			r := Runner{Stdout: &stdout, Stderr: &stderr}
			if err := r.Run(t.Context(), filepath.Join("testdata", tt.notebook)); err != nil {
				t.Fatalf("%v\n%s", err, stderr.String())
			}
			if stdout.String() != tt.stdout {
				t.Errorf("stdout:\n%s\nwant:\n%s", stdout.String(), tt.stdout)
			}
			if strings.Contains(stderr.String(), marker) {
				t.Errorf("stderr keeps the runner's markers:\n%s", stderr.String())
			}
		})
	}
}

func TestRunFailures(t *testing.T) {
	t.Parallel()
	// Cell numbers count every cell of the notebook (see testdata/*.ipynb); code is the
	// position among code cells, line the line in the cell (0: not reported).
	tests := []struct {
		notebook         string
		kind             error
		cell, code, line int
		msg              string
	}{
		{"panic.ipynb", ErrPanic, 5, 4, 3, "panic: boom at 3 (at cell 3 (code cell 2), line 3)"},
		{"panicdirect.ipynb", ErrPanic, 3, 2, 2, "panic: runtime error: index out of range [3] with length 0"},
		{"initpanic.ipynb", ErrPanic, 3, 2, 1, "panic: not positive (at cell 4 (code cell 3), line 3)"},
		{"deadlock.ipynb", ErrPanic, 2, 2, 2, "fatal error: all goroutines are asleep - deadlock!"},
		{"exit.ipynb", ErrExit, 4, 3, 0, `exit status 3 (stderr: "giving up")`},
		{"exitzero.ipynb", ErrExit, 2, 2, 0, "the program stopped before the end of the notebook"},
		{"compile.ipynb", ErrCompile, 4, 3, 2, "line 2:13: undefined: m"},
		{"syntax.ipynb", ErrCompile, 2, 2, 3, "syntax error: missing ',' before newline in argument list"},
		{"hint.ipynb", ErrCompile, 3, 3, 2, "undefined: total (cell 2 (code cell 2) declares total inside main"},
		{"missing.ipynb", ErrCompile, 1, 1, 3, `import "../nosuchpackage" names `},
		{"mixed.ipynb", ErrInvalid, 3, 3, 0, "the cell mixes declarations (line 1) and statements (line 5)"},
		{"mixedimport.ipynb", ErrInvalid, 1, 1, 0, "the cell mixes declarations (line 1) and statements (line 3)"},
		{"outside.ipynb", ErrInvalid, 2, 1, 3, `import "../../../../elsewhere" names `},
		{"invalid.ipynb", ErrInvalid, 0, 0, 0, "not valid JSON: line 3, column 2: invalid character ']'"},
		{"python.ipynb", ErrInvalid, 0, 0, 0, `kernel "gophernotes" runs "python", not Go`},
	}
	for _, tt := range tests {
		t.Run(tt.notebook, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join("testdata", tt.notebook)
			err := Run(t.Context(), path)
			var ce *CellError
			if !errors.As(err, &ce) || !errors.Is(err, tt.kind) {
				t.Fatalf("got %v, want a *CellError wrapping %v", err, tt.kind)
			}
			if ce.Cell.Number != tt.cell || ce.Cell.Code != tt.code || ce.Line != tt.line {
				t.Errorf("got %v, line %d, want cell %d (code cell %d), line %d", ce.Cell, ce.Line, tt.cell, tt.code, tt.line)
			}
			prefix := "notebook: " + path + ": "
			if tt.cell > 0 {
				prefix += ce.Cell.String()
			}
			if msg := err.Error(); !strings.HasPrefix(msg, prefix) || !strings.Contains(msg, tt.msg) {
				t.Errorf("got %q, want it to start with %q and hold %q", msg, prefix, tt.msg)
			}
		})
	}
}

// cancelOn cancels a context when the text it waits for is written.
type cancelOn struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	text   string
	cancel context.CancelFunc
}

func (w *cancelOn) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if strings.Contains(w.buf.String(), w.text) {
		w.cancel()
	}
	return len(p), nil
}

func TestRunCancel(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	r := Runner{Stdout: &cancelOn{text: "sleeping\n", cancel: cancel}}
	err := r.Run(ctx, "testdata/sleep.ipynb") // cell 2 prints "sleeping", then sleeps for an hour
	var ce *CellError
	if !errors.As(err, &ce) || !errors.Is(err, context.Canceled) || ce.Cell.Number != 2 {
		t.Errorf("got %v, want cell 2 stopped by context.Canceled", err)
	}
}

func TestRunOutsideModule(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("testdata/hello.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	// A folder with no go.mod above it: the program builds as a module of its own.
	dir := t.TempDir()
	if m, err := findModule(dir); err != nil || m != nil {
		t.Skipf("the temporary folder is inside a module (%v, %v)", m, err)
	}
	path := filepath.Join(dir, "hello.ipynb")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout bytes.Buffer
	r := Runner{Stdout: &stdout}
	if err := r.Run(t.Context(), path); err != nil {
		t.Fatal(err)
	}
	if want := "hello notebook\nhello, again\n"; stdout.String() != want {
		t.Errorf("got %q, want %q", stdout.String(), want)
	}
}

func TestProgram(t *testing.T) {
	t.Parallel()
	nb, err := Parse("testdata/lenient.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	var r Runner
	src, err := r.Program(t.Context(), nb)
	if err != nil {
		t.Fatal(err)
	}
	prog := string(src)
	// Each rewrite of testdata/lenient.ipynb, in program order.
	want := []string{
		"\t" + runnerFmt + " \"fmt\"\n",              // the runner's own imports, aliased
		"//line lenient.ipynb:cell2:3:2\n_ \"os\"\n", // an unused import is blank
		"//line lenient.ipynb:cell4:1:1\nfunc add",   // a declaration cell at package level
		"check := a; _ = check // unused inside a function",
		"var scale = 2", // a var cell a function refers to: package level
		"func main() {\nnbrun_cell(3)\n",
		"unused := \"never read\"; _ = unused\n",
		"nbrun_cell(7)\n\n//line lenient.ipynb:cell7:1:1\nvar z = add(x, y)", // a var cell that runs in main
		"_ = z\n_ = len(\"abc\")\n", // bare expressions mid-cell
		"nbrun_show(z)\n",           // the trailing one
		"if v := scaled(3); true {_ = v; \n",
		"for i, s := range []string{\"a\"} {_ = s; \n",
		"case int: _ = t;\ndefault: _ = t;\n",
		"func() { inner := 1; _ = inner }()",
		"x = 41\nnbrun_show(x)\n", // ":=" on an old variable becomes "="
		"nbrun_show(strconv.Atoi(\"7\"))",
		"nbrun_show(fmt.Sprint(\"a call into fmt with a string result, shown: \", 1))\n",
		"\nfunc() {}()\n",
		"nbrun_show(1 + 2)\nnbrun_done()\n}\n",
	}
	at := 0
	for _, w := range want {
		i := strings.Index(prog[at:], w)
		if i < 0 {
			t.Fatalf("after offset %d, the program lacks %q:\n%s", at, w, prog)
		}
		at += i + len(w)
	}
}
