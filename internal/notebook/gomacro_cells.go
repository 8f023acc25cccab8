package notebook

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"
)

// gomacroErrors returns, as type errors at the cells' positions, where the kernel would fail
// on a program that the Go compiler accepts (see gomacro.go): a cell whose new imports cannot
// go into one plugin, and a use of an imported generic function or type. file and info are
// the program's first type check, before the fixes, so positions are the cells' own.
func (p *program) gomacroErrors(file *ast.File, fset *token.FileSet, info *types.Info, imp types.Importer) []types.Error {
	var errs []types.Error
	known := map[string]bool{} // packages an earlier cell imported: gomacro does not build them again
	for _, u := range p.units {
		var paths []string
		var pkgs []*types.Package
		for _, q := range p.imports {
			if q.unit != u || known[q.resolved] || gomacroPrebuilt[q.resolved] {
				continue
			}
			known[q.resolved] = true
			pkg, err := imp.Import(q.resolved)
			if err != nil { // the type check reports it
				continue
			}
			paths = append(paths, q.resolved)
			pkgs = append(pkgs, pkg)
		}
		strict := map[string]bool{}
		var outside []string // packages neither standard nor of the module
		for _, path := range paths {
			strict[path] = p.inModule(path)
			if !strict[path] && !isStandard(path) {
				outside = append(outside, path)
			}
		}
		if p.mod != nil && len(outside) > 0 && !slices.ContainsFunc(paths, p.inModule) {
			errs = append(errs, types.Error{Fset: fset, Pos: p.importPos(file, fset, u, outside[0]), Msg: fmt.Sprintf(
				"gophernotes builds this cell's imports in a Go module of their own, which takes %s at the latest "+
					"release, with that release's own requirements, not at the versions of %s's go.mod: an old "+
					"dependency may panic when it loads, or the kernel refuse the plugin (\"plugin was built with a "+
					"different version of package ...\"); import it in a cell that also imports a package of %s for "+
					"the first time, such as the notebook's first cell", andList(outside), p.mod.Path, p.mod.Path)})
		}
		for _, prob := range importProblems(pkgs, strict) {
			errs = append(errs, types.Error{Fset: fset, Pos: p.importPos(file, fset, u, prob.pkg),
				Msg: "gophernotes cannot import this cell's packages: " + prob.msg})
		}
	}
	for id, obj := range info.Uses {
		pkg := obj.Pkg()
		if pkg == nil || pkg.Path() == "main" || obj.Parent() != pkg.Scope() {
			continue
		}
		switch obj.(type) {
		case *types.Func, *types.TypeName:
			if isGeneric(obj.Type()) {
				errs = append(errs, types.Error{Fset: fset, Pos: id.Pos(), Msg: fmt.Sprintf("%s.%s is generic, and gomacro "+
					"does not import generic functions and types: the kernel has no %s.%s", pkg.Name(), obj.Name(),
					pkg.Name(), obj.Name())})
			}
		}
	}
	return errs
}

// isStandard reports whether an import path names a package of the standard library: its
// first element has no dot, as the go command decides.
func isStandard(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

// inModule reports whether an import path names a package of the notebook's module.
func (p *program) inModule(path string) bool {
	return p.mod != nil && (path == p.mod.Path || strings.HasPrefix(path, p.mod.Path+"/"))
}

// importPos returns the position of unit u's import of the package with import path path in
// the program file, or the file's package clause when there is none.
func (p *program) importPos(file *ast.File, fset *token.FileSet, u *unit, path string) token.Pos {
	for _, spec := range file.Imports {
		got, _ := strconv.Unquote(spec.Path.Value)
		if c, ok := p.cellOf(fset.Position(spec.Pos()).Filename); ok && got == path && c.Number == u.cell.Number {
			return spec.Pos()
		}
	}
	return file.Package
}
