package notebook

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/token"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Names the generated program adds. They start with "nbrun_" so that they do not collide
// with a notebook's names.
const (
	runnerFmt  = "nbrun_fmt"
	runnerOS   = "nbrun_os"
	runnerShow = "nbrun_show"
	runnerImg  = "nbrun_image"
	// marker starts the lines the program writes to stderr before each cell and at the end.
	marker = "##notebook-runner## "
)

// helpers are the program's own functions, after a //line directive that takes them out of
// the notebook's cells.
const helpers = `
//line notebook-runner.go:1:1
func nbrun_cell(n int) { ` + runnerFmt + `.Fprintf(` + runnerOS + `.Stderr, "\n` + marker + `cell %d\n", n) }

func nbrun_done() { ` + runnerFmt + `.Fprint(` + runnerOS + `.Stderr, "\n` + marker + `done\n") }

func ` + runnerShow + `(v ...any) {
	for i, x := range v {
		if img, ok := x.(` + runnerImg + `.Image); ok {
			v[i] = ` + runnerFmt + `.Sprintf("[image %dx%d, shown inline by gophernotes]", img.Bounds().Dx(), img.Bounds().Dy())
		}
	}
	` + runnerFmt + `.Println(v...)
}
`

// edit rewrites a cell's text: the del bytes at offset off are replaced by ins.
type edit struct {
	off, del int
	ins      string
	fix      bool // a gomacro-leniency rewrite, applied after the type check
}

// importSpec is one import of the notebook.
type importSpec struct {
	unit      *unit
	name      string // the name as written; "" for none
	path      string // the path as written
	resolved  string // the import path: path, or the module's path for a relative one
	line, col int    // position in the cell
	blank     bool   // unused: imported as _
	dup       bool   // the same name and path imported before
}

// span records where the last generated program put a cell's text or an import.
type span struct {
	start, end int
	unit       *unit
	imp        *importSpec
}

// program turns a notebook into one Go program.
type program struct {
	nb      *Notebook
	name    string // the notebook's file name, for //line directives
	dir     string // the notebook's absolute folder
	mod     *module
	units   []*unit
	imports []*importSpec
	// mainNames maps a name declared at the top level of a cell that runs in main to that
	// cell, to explain an undefined name in a declaration.
	mainNames map[string]*unit
	spans     []span
	// stray is the error for the cells that end with a call of fmt.Println (Printf, ...),
	// which the kernel shows as "22 <nil>"; nil when there are none. Run returns it when
	// the notebook has run.
	stray error
}

// newProgram classifies the notebook's code cells, resolves its imports and places its cells.
func newProgram(nb *Notebook) (*program, error) {
	dir, err := filepath.Abs(filepath.Dir(nb.Path))
	if err != nil {
		return nil, &CellError{Notebook: nb.Path, Err: err}
	}
	mod, err := findModule(dir)
	if err != nil {
		return nil, &CellError{Notebook: nb.Path, Err: fmt.Errorf("finding the module: %w", err)}
	}
	p := &program{nb: nb, name: filepath.Base(nb.Path), dir: dir, mod: mod, mainNames: map[string]*unit{}}
	for _, c := range nb.Cells {
		if c.Type != "code" {
			continue
		}
		u, err := classify(nb, c)
		if err != nil {
			return nil, err
		}
		if u.kind == emptyCell {
			continue
		}
		if err := p.addImports(u); err != nil {
			return nil, err
		}
		p.units = append(p.units, u)
	}
	p.place()
	return p, nil
}

// addImports records a cell's imports and blanks their declarations out of its text.
func (p *program) addImports(u *unit) error {
	seen := map[[2]string]bool{}
	for _, q := range p.imports {
		seen[[2]string{q.name, q.resolved}] = true
	}
	for _, g := range u.imports {
		start, end := u.fileOff(g.Pos()), u.fileOff(g.End())
		u.edits = append(u.edits, edit{off: start, del: end - start, ins: blankOut(u.cell.Source[start:end])})
		for _, s := range g.Specs {
			s := s.(*ast.ImportSpec)
			pos := u.fset.Position(s.Pos())
			q := &importSpec{unit: u, line: pos.Line - 1, col: pos.Column}
			q.path, _ = strconv.Unquote(s.Path.Value)
			if s.Name != nil {
				q.name = s.Name.Name
			}
			resolved, err := resolveImport(q.path, p.dir, p.mod)
			if err != nil {
				return &CellError{Notebook: p.nb.Path, Cell: u.cell, Line: q.line, Column: q.col, Err: err}
			}
			q.resolved = resolved
			key := [2]string{q.name, q.resolved}
			q.dup = seen[key]
			seen[key] = true
			p.imports = append(p.imports, q)
		}
	}
	return nil
}

// blankOut replaces every byte of s but newlines with a space, so that offsets after it
// and line numbers stay.
func blankOut(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c != '\n' {
			b[i] = ' '
		}
	}
	return string(b)
}

// place decides which cells run in main: statement cells, and cells of only var and const
// declarations unless a package-level declaration refers to one of their names (directly or
// through another such cell), since main's variables are out of its reach. In main such a
// cell runs in notebook order, as in the kernel.
func (p *program) place() {
	refs := map[string]bool{}
	for _, u := range p.units {
		switch {
		case u.kind == stmtCell || u.movable:
			u.inMain = true
		case u.kind == declCell:
			addIdents(u.file, refs)
		}
	}
	for changed := true; changed; {
		changed = false
		for _, u := range p.units {
			if !u.movable || !u.inMain || !declaresAny(u.file, refs) {
				continue
			}
			u.inMain, changed = false, true
			addIdents(u.file, refs)
		}
	}
	for _, u := range p.units {
		if !u.inMain {
			continue
		}
		for _, s := range u.body.List {
			for _, id := range declaredNames(s) {
				if _, ok := p.mainNames[id.Name]; !ok && id.Name != "_" {
					p.mainNames[id.Name] = u
				}
			}
		}
	}
}

// addIdents adds the identifiers of a file's declarations, imports excepted, to set.
func addIdents(f *ast.File, set map[string]bool) {
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
			continue
		}
		ast.Inspect(d, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				set[id.Name] = true
			}
			return true
		})
	}
}

// declaresAny reports whether a file of var and const declarations declares a name in set.
func declaresAny(f *ast.File, set map[string]bool) bool {
	for _, d := range f.Decls {
		for _, s := range d.(*ast.GenDecl).Specs {
			for _, id := range s.(*ast.ValueSpec).Names {
				if set[id.Name] {
					return true
				}
			}
		}
	}
	return false
}

// declaredNames returns the names a statement declares at its own level (":=", var, const).
func declaredNames(s ast.Stmt) []*ast.Ident {
	var ids []*ast.Ident
	switch s := s.(type) {
	case *ast.AssignStmt:
		if s.Tok == token.DEFINE {
			for _, e := range s.Lhs {
				if id, ok := e.(*ast.Ident); ok {
					ids = append(ids, id)
				}
			}
		}
	case *ast.DeclStmt:
		if g, ok := s.Decl.(*ast.GenDecl); ok {
			for _, spec := range g.Specs {
				if v, ok := spec.(*ast.ValueSpec); ok {
					ids = append(ids, v.Names...)
				}
			}
		}
	}
	return ids
}

// lineFile is the file name of a cell in //line directives: "quickstart.ipynb:cell7".
func (p *program) lineFile(u *unit) string {
	return fmt.Sprintf("%s:cell%d", p.name, u.cell.Number)
}

// generate writes the program, with the gomacro-leniency rewrites when fixes is set, and
// records in p.spans where it put each cell and import.
func (p *program) generate(fixes bool) []byte {
	p.spans = p.spans[:0]
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by the notebook runner from %s. DO NOT EDIT.\n\npackage main\n\n", p.name)
	fmt.Fprintf(&b, "import (\n\t%s \"fmt\"\n\t%s \"image\"\n\t%s \"os\"\n", runnerFmt, runnerImg, runnerOS)
	for _, q := range p.imports {
		if q.dup {
			continue
		}
		fmt.Fprintf(&b, "//line %s:%d:%d\n", p.lineFile(q.unit), q.line, q.col)
		start := b.Len()
		switch {
		case fixes && q.blank:
			b.WriteString("_ ")
		case q.name != "":
			b.WriteString(q.name + " ")
		}
		b.WriteString(strconv.Quote(q.resolved))
		p.spans = append(p.spans, span{start: start, end: b.Len(), imp: q})
		b.WriteString("\n")
	}
	b.WriteString(")\n")
	for _, u := range p.units {
		if !u.inMain {
			p.writeCell(&b, u, fixes)
		}
	}
	b.WriteString("\nfunc main() {\n")
	for _, u := range p.units {
		if u.inMain {
			fmt.Fprintf(&b, "nbrun_cell(%d)\n", u.cell.Number)
			p.writeCell(&b, u, fixes)
		}
	}
	b.WriteString("nbrun_done()\n}\n")
	b.WriteString(helpers)
	return b.Bytes()
}

// writeCell writes a cell's text after a //line directive naming it.
func (p *program) writeCell(b *bytes.Buffer, u *unit, fixes bool) {
	fmt.Fprintf(b, "\n//line %s:1:1\n", p.lineFile(u))
	start := b.Len()
	b.WriteString(applyEdits(u.cell.Source, u.edits, fixes))
	p.spans = append(p.spans, span{start: start, end: b.Len(), unit: u})
	b.WriteString("\n")
}

// applyEdits returns src with its edits applied (the fix edits only when fixes is set).
// Edits at one offset apply in the order they were added.
func applyEdits(src string, edits []edit, fixes bool) string {
	es := make([]edit, 0, len(edits))
	for _, e := range edits {
		if fixes || !e.fix {
			es = append(es, e)
		}
	}
	sort.SliceStable(es, func(i, j int) bool { return es[i].off < es[j].off })
	var b strings.Builder
	at := 0
	for _, e := range es {
		if e.off < at { // overlaps an earlier edit: cannot happen for the edits we make
			continue
		}
		b.WriteString(src[at:e.off])
		b.WriteString(e.ins)
		at = e.off + e.del
	}
	b.WriteString(src[at:])
	return b.String()
}

// spanAt returns the span that holds offset off of the last generated program, or nil.
func (p *program) spanAt(off int) *span {
	for i := range p.spans {
		if s := &p.spans[i]; off >= s.start && off < s.end {
			return s
		}
	}
	return nil
}
