package notebook

import (
	"errors"
	"strings"
	"testing"
)

func TestClassify(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src string
		kind      kind
		movable   bool
	}{
		{"import", "import (\n\t\"fmt\"\n\tpm \"../pm\"\n)", declCell, false},
		{"func", "func f() int { return 1 }", declCell, false},
		{"method and type", "type T int\n\nfunc (T) M() {}", declCell, false},
		{"var and const", "var x = 1\n\nconst y = 2", declCell, true},
		{"type only", "type T struct{}", declCell, false},
		{"statements", "x := 1\nfmt.Println(x)", stmtCell, false},
		{"var then assignment", "var x int\nx = 2", stmtCell, false},
		{"function literal call", "func() {}()", stmtCell, false},
		{"bare expression", "x", stmtCell, false},
		{"empty", "", emptyCell, false},
		{"comment", "// nothing to run\n", emptyCell, false},
	}
	nb := &Notebook{Path: "t.ipynb"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			u, err := classify(nb, Cell{Number: 1, Code: 1, Type: "code", Source: tt.src})
			if err != nil {
				t.Fatal(err)
			}
			if u.kind != tt.kind || u.movable != tt.movable {
				t.Errorf("got kind %d movable %v, want %d %v", u.kind, u.movable, tt.kind, tt.movable)
			}
		})
	}
}

func TestClassifyErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src string
		kind      error
		line, col int
		want      string
	}{
		{"func then statement", "func f() {}\n\nf()", ErrInvalid, 0, 0,
			"cell 2 (code cell 1): the cell mixes declarations (line 1) and statements (line 3)"},
		{"statement then func", "x := 1\nfunc f() {}", ErrInvalid, 0, 0,
			"the cell mixes declarations (line 2) and statements (line 1)"},
		{"import then statement", "import \"fmt\"\nfmt.Println()", ErrInvalid, 0, 0,
			"the cell mixes declarations (line 1) and statements (line 2)"},
		{"method then statement", "func (t T) M() {}\nvar t T\nt.M()", ErrInvalid, 0, 0,
			"the cell mixes declarations (line 1) and statements (line 3)"},
		{"statement syntax", "x := 1\nfmt.Println(x", ErrCompile, 2, 14,
			"line 2:14: syntax error: missing ',' before newline in argument list"},
		{"unclosed block", "for {\n\tx++", ErrCompile, 2, 0, "line 2: syntax error: expected '}', found 'EOF'"},
		{"declaration syntax", "func f( {\n}", ErrCompile, 1, 9, "syntax error"},
	}
	nb := &Notebook{Path: "t.ipynb"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := classify(nb, Cell{Number: 2, Code: 1, Type: "code", Source: tt.src})
			var ce *CellError
			if !errors.As(err, &ce) || !errors.Is(err, tt.kind) {
				t.Fatalf("got %v, want a *CellError wrapping %v", err, tt.kind)
			}
			if ce.Line != tt.line || ce.Column != tt.col || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %q at %d:%d, want %q at %d:%d", err, ce.Line, ce.Column, tt.want, tt.line, tt.col)
			}
		})
	}
}
