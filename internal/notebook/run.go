package notebook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Runner runs notebooks as Go programs. Its zero value is ready to use; it may be used by
// several goroutines at once.
type Runner struct {
	// Go is the go command. If empty, "go" on PATH is used, else $GOROOT/bin/go.
	Go string
	// Stdout receives the notebook's standard output as it runs; nil discards it.
	Stdout io.Writer
	// Stderr receives the notebook's standard error, without the runner's markers, when the
	// program has ended; nil discards it.
	Stderr io.Writer
}

// Run runs the notebook at path with a zero Runner; see Runner.Run.
func Run(ctx context.Context, path string) error {
	var r Runner
	return r.Run(ctx, path)
}

// Run parses the notebook at path, turns it into a Go program, builds it and runs it in the
// notebook's folder. It returns nil when every cell ran; else a *CellError naming the
// notebook and, where there is one, the cell at fault: ErrInvalid for a notebook the runner
// does not accept, ErrCompile for a syntax or type error (or an import or a use of an
// imported name that gophernotes cannot compile, though Go can), ErrPanic for a panic,
// ErrExit for a non-zero exit or an exit before the last cell, or the context's error when ctx
// ends first (the program is then killed). A notebook that runs but has a cell ending with a
// call of fmt.Println (or Printf, ...), whose results the kernel shows, gets ErrInvalid.
func (r *Runner) Run(ctx context.Context, path string) error {
	nb, err := Parse(path)
	if err != nil {
		return err
	}
	p, err := newProgram(nb)
	if err != nil {
		return err
	}
	ws, err := r.newWorkspace(p)
	if err != nil {
		return &CellError{Notebook: nb.Path, Err: err}
	}
	defer ws.remove()
	src, err := p.prepare(ctx, ws)
	if err != nil {
		return err
	}
	bin, err := p.build(ctx, ws, src)
	if err != nil {
		return err
	}
	if err := p.execute(ctx, bin, r.Stdout, r.Stderr); err != nil {
		return err
	}
	return p.stray
}

// Program returns the Go program that Run builds for nb: the cells with their gomacro
// rewrites, after //line directives naming them. The type check that decides the rewrites
// runs the go command (go list -export), so Program can take a few seconds.
func (r *Runner) Program(ctx context.Context, nb *Notebook) ([]byte, error) {
	p, err := newProgram(nb)
	if err != nil {
		return nil, err
	}
	ws, err := r.newWorkspace(p)
	if err != nil {
		return nil, &CellError{Notebook: nb.Path, Err: err}
	}
	defer ws.remove()
	return p.prepare(ctx, ws)
}

// prepare type-checks the program without the gomacro rewrites, derives the rewrites from
// its errors, and returns the program with them, which must then type-check cleanly; a
// syntax or type error that no rewrite answers is a CellError wrapping ErrCompile.
func (p *program) prepare(ctx context.Context, ws *workspace) ([]byte, error) {
	paths := []string{"fmt", "image", "os"}
	for _, q := range p.imports {
		paths = append(paths, q.resolved)
	}
	fset := token.NewFileSet()
	imp, err := ws.importer(ctx, fset, paths)
	if err != nil {
		return nil, &CellError{Notebook: p.nb.Path, Err: err}
	}
	conf := types.Config{Importer: imp}
	if p.mod != nil && p.mod.GoVersion != "" {
		conf.GoVersion = "go" + p.mod.GoVersion
	}
	name := filepath.Join(ws.modDir, "main.go")
	check := func(src []byte, info *types.Info) (*ast.File, []types.Error, error) {
		file, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
		if err != nil {
			return nil, nil, p.syntaxError(err)
		}
		var errs []types.Error
		conf.Error = func(err error) { errs = append(errs, err.(types.Error)) }
		conf.Check("main", fset, []*ast.File{file}, info) // errors are in errs
		return file, errs, nil
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Uses: map[*ast.Ident]types.Object{}}
	file, errs, err := check(p.generate(false), info)
	if err != nil {
		return nil, err
	}
	hard, stray := p.fix(file, fset, info, errs)
	hard = append(hard, p.gomacroErrors(file, fset, info, imp)...)
	if len(hard) > 0 {
		return nil, p.typeError(fset, hard, ErrCompile)
	}
	if len(stray) > 0 { // reported when the notebook has run: a failure matters more
		p.stray = p.typeError(fset, stray, ErrInvalid)
	}
	src := p.generate(true)
	if _, errs, err := check(src, nil); err != nil {
		return nil, err
	} else if len(errs) > 0 {
		return nil, p.typeError(fset, errs, ErrCompile)
	}
	return src, nil
}

// build writes the program and builds it with go build; it returns the binary's path.
func (p *program) build(ctx context.Context, ws *workspace, src []byte) (string, error) {
	if err := os.WriteFile(filepath.Join(ws.modDir, "main.go"), src, 0o644); err != nil {
		return "", &CellError{Notebook: p.nb.Path, Err: err}
	}
	bin := filepath.Join(ws.modDir, "notebook")
	_, stderr, err := ws.goRun(ctx, "build", "-o", bin, ".")
	if err == nil {
		return bin, nil
	}
	if ctx.Err() != nil {
		return "", &CellError{Notebook: p.nb.Path, Err: fmt.Errorf("building: %w", ctx.Err())}
	}
	out := strings.TrimSpace(string(stderr))
	for _, line := range strings.Split(out, "\n") {
		if e := p.compilerLine(line); e != nil {
			e.Output = out
			return "", e
		}
	}
	return "", &CellError{Notebook: p.nb.Path, Err: kindError{ErrCompile, "go build: " + firstLine(out)}, Output: out}
}

// execute runs the binary in the notebook's folder and explains how it failed.
func (p *program) execute(ctx context.Context, bin string, stdout, stderr io.Writer) error {
	cmd := exec.CommandContext(ctx, bin)
	cmd.Dir = p.dir
	cmd.Stdout = stdout
	var errBuf bytes.Buffer
	cmd.Stderr = &errBuf
	cmd.WaitDelay = 5 * time.Second
	runErr := cmd.Run()
	out := parseOutput(errBuf.Bytes())
	if stderr != nil {
		if _, err := stderr.Write(out.clean); err != nil && runErr == nil {
			return &CellError{Notebook: p.nb.Path, Err: fmt.Errorf("writing stderr: %w", err)}
		}
	}
	return p.runError(ctx, runErr, out)
}

// syntaxError converts a parse error of the whole program (which the parse of each cell
// should have caught) to a CellError.
func (p *program) syntaxError(err error) error {
	var list scanner.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		e := list[0]
		if c, ok := p.cellOf(e.Pos.Filename); ok {
			return &CellError{Notebook: p.nb.Path, Cell: c, Line: e.Pos.Line, Column: e.Pos.Column,
				Err: kindError{ErrCompile, "syntax error: " + e.Msg}}
		}
	}
	return &CellError{Notebook: p.nb.Path, Err: kindError{ErrCompile, "syntax error: " + err.Error()}}
}

// typeError reports the first of errs in notebook order as a CellError of the given kind,
// with all of them as Output.
func (p *program) typeError(fset *token.FileSet, errs []types.Error, kind error) error {
	type located struct {
		pos token.Position
		msg string
		c   Cell
	}
	ls := make([]located, len(errs))
	for i, e := range errs {
		pos := fset.Position(e.Pos)
		c, _ := p.cellOf(pos.Filename)
		ls[i] = located{pos, e.Msg + p.hint(c, e.Msg), c}
	}
	sort.SliceStable(ls, func(i, j int) bool {
		a, b := ls[i], ls[j]
		if a.c.Number != b.c.Number {
			return a.c.Number > 0 && (b.c.Number == 0 || a.c.Number < b.c.Number)
		}
		if a.pos.Line != b.pos.Line {
			return a.pos.Line < b.pos.Line
		}
		return a.pos.Column < b.pos.Column
	})
	var out strings.Builder
	for _, l := range ls {
		fmt.Fprintf(&out, "%s:%d:%d: %s\n", filepath.Base(l.pos.Filename), l.pos.Line, l.pos.Column, l.msg)
	}
	first := ls[0]
	e := &CellError{Notebook: p.nb.Path, Cell: first.c, Err: kindError{kind, first.msg}, Output: out.String()}
	if first.c.Number > 0 {
		e.Line, e.Column = first.pos.Line, first.pos.Column
	}
	return e
}

// hint explains an undefined name in a package-level cell that a cell in main declares.
func (p *program) hint(c Cell, msg string) string {
	name, ok := strings.CutPrefix(msg, "undefined: ")
	if !ok {
		return ""
	}
	decl := p.mainNames[name]
	if decl == nil {
		return ""
	}
	for _, u := range p.units {
		if u.cell.Number == c.Number && !u.inMain {
			return fmt.Sprintf(" (%s declares %s inside main, which the declarations at package level "+
				"cannot see: pass it as a parameter, or declare it in a cell of only var declarations)", decl.cell, name)
		}
	}
	return ""
}

// cellOf returns the cell a //line file name ("/tmp/x/quickstart.ipynb:cell7") names.
func (p *program) cellOf(filename string) (Cell, bool) {
	i := strings.LastIndex(filename, ":cell")
	if i < 0 {
		return Cell{}, false
	}
	var n int
	if _, err := fmt.Sscanf(filename[i+len(":cell"):], "%d", &n); err != nil || n < 1 || n > len(p.nb.Cells) {
		return Cell{}, false
	}
	return p.nb.Cells[n-1], true
}

// firstLine returns the first line of s.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
