package notebook

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"regexp"
	"strings"
)

// kind says where a code cell goes in the program.
type kind int

const (
	emptyCell kind = iota // only blanks and comments: left out
	declCell              // only declarations: package level
	stmtCell              // only statements: in main, in order
)

// unit is a code cell classified and parsed for the program.
type unit struct {
	cell Cell
	kind kind
	// movable: a declaration cell of only var and const declarations, which runs in main
	// unless a package-level declaration refers to one of its names (see program.place).
	movable bool
	// inMain: the cell's text goes into main (statement cells and movable cells left there).
	inMain bool

	fset *token.FileSet
	// file is the cell parsed as declarations (declaration cells), body the cell parsed as
	// the body of a function (statement cells and movable cells); fileOff and bodyOff map
	// their positions to offsets in the cell's text.
	file     *ast.File
	fileBase int
	body     *ast.BlockStmt
	bodyBase int
	imports  []*ast.GenDecl // the cell's import declarations (declaration cells)
	edits    []edit         // rewrites of the cell's text, by offset in it
}

// Prefixes that make a cell's text a Go file: one line each, so that line n of the parse is
// line n-1 of the cell.
const (
	declPrefix = "package p\n"
	stmtPrefix = "package p; func _() {\n"
	stmtSuffix = "\n}\n"
)

// fileOff returns the offset in the cell's text of a position of u.file.
func (u *unit) fileOff(p token.Pos) int { return u.fset.PositionFor(p, false).Offset - u.fileBase }

// bodyOff returns the offset in the cell's text of a position of u.body.
func (u *unit) bodyOff(p token.Pos) int { return u.fset.PositionFor(p, false).Offset - u.bodyBase }

// classify parses a code cell as declarations or else as statements. A cell that is neither
// gets an error: ErrInvalid when it mixes declarations and statements, else ErrCompile for
// its syntax error. nb names the notebook in errors.
func classify(nb *Notebook, c Cell) (*unit, error) {
	u := &unit{cell: c, fset: token.NewFileSet()}
	src := c.Source
	file, fileErr := parser.ParseFile(u.fset, "cell.go", declPrefix+src, parser.SkipObjectResolution)
	if fileErr == nil {
		u.file, u.fileBase = file, len(declPrefix)
		if len(file.Decls) == 0 {
			return u, nil // emptyCell
		}
		u.kind = declCell
		u.movable = true
		for _, d := range file.Decls {
			g, ok := d.(*ast.GenDecl)
			if ok && g.Tok == token.IMPORT {
				u.imports = append(u.imports, g)
				u.movable = false
				continue
			}
			if !ok || (g.Tok != token.VAR && g.Tok != token.CONST) {
				u.movable = false
			}
		}
		if u.movable {
			u.body, u.bodyBase = parseBody(u.fset, src)
		}
		return u, nil
	}
	body, base := parseBody(u.fset, src)
	if body != nil {
		u.kind, u.body, u.bodyBase = stmtCell, body, base
		return u, nil
	}
	return nil, cellSyntaxError(nb, c, file, fileErr, u.fset, src)
}

// parseBody parses src as the body of a function; nil when it does not parse.
func parseBody(fset *token.FileSet, src string) (*ast.BlockStmt, int) {
	f, err := parser.ParseFile(fset, "cell.go", stmtPrefix+src+stmtSuffix, parser.SkipObjectResolution)
	if err != nil {
		return nil, 0
	}
	fn := f.Decls[0].(*ast.FuncDecl)
	base := fset.File(f.Pos()).Offset(fn.Body.Lbrace) + len("{\n")
	return fn.Body, base
}

// declLine matches the first line of a func or import declaration, which no statement can
// start with (a function literal has no name before its parameters).
var declLine = regexp.MustCompile(`(?m)^(func\s*(\([^)]*\)\s*)?[\pL_][\pL\pN_]*\s*[\[(]|import\s*[("\pL_.])`)

// cellSyntaxError explains why a cell parses neither as declarations nor as statements: it
// mixes them, or it has a syntax error (reported as the declaration parse saw it when the
// cell starts with a declaration, else as the statement parse saw it).
func cellSyntaxError(nb *Notebook, c Cell, partial *ast.File, fileErr error, fset *token.FileSet, src string) error {
	var list scanner.ErrorList
	errors.As(fileErr, &list)
	declAt := 0 // cell line of the first func or import declaration
	if partial != nil {
		for _, d := range partial.Decls {
			g, ok := d.(*ast.GenDecl)
			if _, fn := d.(*ast.FuncDecl); fn || (ok && g.Tok == token.IMPORT) {
				declAt = fset.Position(d.Pos()).Line - 1
				break
			}
		}
	}
	if declAt == 0 {
		if loc := declLine.FindStringIndex(src); loc != nil {
			declAt = strings.Count(src[:loc[0]], "\n") + 1
		}
	}
	if len(list) > 0 && strings.HasPrefix(list[0].Msg, "expected declaration") && declAt > 0 {
		stmtAt := list[0].Pos.Line - 1
		return &CellError{Notebook: nb.Path, Cell: c, Err: kindError{ErrInvalid, fmt.Sprintf(
			"the cell mixes declarations (line %d) and statements (line %d): "+
				"the runner needs a cell of only declarations or only statements: split it", declAt, stmtAt)}}
	}
	// Report the syntax error of the parse that fits the cell's start.
	if declAt == 0 || len(list) == 0 {
		_, err := parser.ParseFile(token.NewFileSet(), "cell.go", stmtPrefix+src+stmtSuffix, parser.SkipObjectResolution)
		if errors.As(err, &list) && len(list) > 0 {
			return syntaxError(nb, c, list[0], src)
		}
	}
	if len(list) == 0 {
		return &CellError{Notebook: nb.Path, Cell: c, Err: kindError{ErrCompile, fileErr.Error()}}
	}
	return syntaxError(nb, c, list[0], src)
}

// syntaxError converts a parser error on a prefixed cell to a CellError.
func syntaxError(nb *Notebook, c Cell, e *scanner.Error, src string) error {
	line, col := e.Pos.Line-1, e.Pos.Column
	if n := strings.Count(src, "\n") + 1; line > n { // the error is in the suffix: at the end
		line, col = n, 0
	}
	return &CellError{Notebook: nb.Path, Cell: c, Line: line, Column: col,
		Err: kindError{ErrCompile, "syntax error: " + e.Msg}}
}
