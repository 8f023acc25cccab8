package notebook

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// The fixes: what gomacro accepts and the compiler rejects, found by type-checking the
// program without them (type errors at known positions) and turned into edits of the cells.

// fix turns the type errors of the program generated without fixes (file, checked into
// info) into edits and blank imports, and returns the errors that no fix answers.
//
// It also returns, as stray, the cells that end with a call into package fmt that writes
// (fmt.Println, fmt.Printf, ...): the kernel shows such a call's results, "22 <nil>", under
// the cell, which no reader wants to see.
func (p *program) fix(file *ast.File, fset *token.FileSet, info *types.Info, errs []types.Error) (hard, stray []types.Error) {
	shown, stray := p.display(file, fset, info)
	for _, e := range errs {
		off := fset.PositionFor(e.Pos, false).Offset
		s := p.spanAt(off)
		if s == nil || !p.fixOne(s, off-s.start, e.Msg, shown) {
			hard = append(hard, e)
		}
	}
	return hard, stray
}

// fixOne fixes the error msg at offset off of span s; it reports whether it could.
func (p *program) fixOne(s *span, off int, msg string, shown map[*unit]map[int]bool) bool {
	if q := s.imp; q != nil {
		if strings.Contains(msg, " imported ") && strings.HasSuffix(msg, " and not used") {
			q.blank = true
			return true
		}
		return false
	}
	u := s.unit
	switch {
	case strings.HasPrefix(msg, "declared and not used: "):
		return u.fixUnusedVar(off, strings.TrimPrefix(msg, "declared and not used: "))
	case strings.HasSuffix(msg, " declared and not used"): // a type switch's variable
		return u.fixUnusedVar(off, strings.TrimSuffix(msg, " declared and not used"))
	case msg == "no new variables on left side of :=":
		return u.fixRedeclare(off)
	case strings.HasSuffix(msg, " is not used"):
		if shown[u][off] {
			return true
		}
		return u.fixUnusedExpr(off)
	}
	return false
}

// root returns the syntax tree the unit's text is generated from and the offset of a
// position of it in the cell's text.
func (u *unit) root() (ast.Node, func(token.Pos) int) {
	if u.inMain {
		return u.body, u.bodyOff
	}
	return u.file, u.fileOff
}

// addFix adds a fix edit inserting ins at offset off of the cell's text.
func (u *unit) addFix(off int, ins string) {
	u.edits = append(u.edits, edit{off: off, ins: ins, fix: true})
}

// fixUnusedVar uses the variable name declared at offset off ("_ = name") right after the
// statement that declares it, or at the start of the block it is scoped to.
func (u *unit) fixUnusedVar(off int, name string) bool {
	root, offOf := u.root()
	var path []ast.Node // the nodes from root to the identifier
	found := false
	ast.Inspect(root, func(n ast.Node) bool {
		switch {
		case found:
			return false
		case n == nil:
			path = path[:len(path)-1]
			return false
		case offOf(n.Pos()) > off || offOf(n.End()) <= off:
			return false
		}
		path = append(path, n)
		if id, ok := n.(*ast.Ident); ok && id.Name == name && offOf(id.Pos()) == off {
			found = true
			return false
		}
		return true
	})
	if !found {
		return false
	}
	use := "_ = " + name
	inClauses := func(body *ast.BlockStmt) {
		for _, c := range body.List {
			if cc, ok := c.(*ast.CaseClause); ok {
				u.addFix(offOf(cc.Colon)+1, " "+use+";")
			}
		}
	}
	for i := len(path) - 2; i > 0; i-- {
		switch n := path[i].(type) {
		case *ast.RangeStmt:
			u.addFix(offOf(n.Body.Lbrace)+1, use+"; ")
			return true
		case *ast.AssignStmt, *ast.DeclStmt:
			switch parent := path[i-1].(type) {
			case *ast.IfStmt:
				u.addFix(offOf(parent.Body.Lbrace)+1, use+"; ")
			case *ast.ForStmt:
				u.addFix(offOf(parent.Body.Lbrace)+1, use+"; ")
			case *ast.SwitchStmt:
				inClauses(parent.Body)
			case *ast.TypeSwitchStmt:
				inClauses(parent.Body)
			case *ast.CommClause:
				u.addFix(offOf(parent.Colon)+1, " "+use+";")
			default:
				u.addFix(offOf(n.End()), "; "+use)
			}
			return true
		}
	}
	return false
}

// fixRedeclare turns a ":=" that declares nothing new at the top level of a cell into "=":
// in the kernel, a cell may declare again a variable of an earlier cell.
func (u *unit) fixRedeclare(off int) bool {
	if !u.inMain {
		return false
	}
	for _, s := range u.body.List {
		if a, ok := s.(*ast.AssignStmt); ok && a.Tok == token.DEFINE && u.bodyOff(a.TokPos) == off {
			u.edits = append(u.edits, edit{off: off, del: len(":="), ins: "=", fix: true})
			return true
		}
	}
	return false
}

// fixUnusedExpr assigns to _ the expression statement at offset off ("_ = x"), which the
// kernel evaluates and the compiler rejects.
func (u *unit) fixUnusedExpr(off int) bool {
	root, offOf := u.root()
	found := false
	ast.Inspect(root, func(n ast.Node) bool {
		if s, ok := n.(*ast.ExprStmt); ok && offOf(s.X.Pos()) == off {
			found = true
		}
		return !found
	})
	if found {
		u.addFix(off, "_ = ")
	}
	return found
}

// display prints the value of the expression statement that ends a statement cell, as the
// kernel shows it, when it has one: not for a call without results or a receive (which waits
// rather than computes). It returns, by unit, the offsets of the expressions it prints, and
// as errors the cells that end with a call of fmt's Print, Println, Fprintf, ..., whose byte
// count and error the kernel shows.
func (p *program) display(file *ast.File, fset *token.FileSet, info *types.Info) (map[*unit]map[int]bool, []types.Error) {
	stmts := map[int]*ast.ExprStmt{} // by offset in the generated program
	ast.Inspect(file, func(n ast.Node) bool {
		if s, ok := n.(*ast.ExprStmt); ok {
			stmts[fset.PositionFor(s.X.Pos(), false).Offset] = s
		}
		return true
	})
	shown := map[*unit]map[int]bool{}
	var stray []types.Error
	for _, s := range p.spans {
		u := s.unit
		if u == nil || u.kind != stmtCell || len(u.body.List) == 0 {
			continue
		}
		last, ok := u.body.List[len(u.body.List)-1].(*ast.ExprStmt)
		if !ok {
			continue
		}
		off := u.bodyOff(last.X.Pos())
		gen := stmts[s.start+off]
		if gen == nil || !shows(gen.X, info) {
			continue
		}
		if name := fmtWrite(gen.X, info); name != "" {
			stray = append(stray, types.Error{Fset: fset, Pos: gen.X.Pos(), Msg: fmt.Sprintf("the cell ends with a call "+
				"of fmt.%s, whose results (bytes written and error, \"22 <nil>\") the kernel shows under the cell: "+
				"end the cell with a statement that has no results, such as a check", name)})
			continue
		}
		u.addFix(off, runnerShow+"(")
		u.addFix(u.bodyOff(last.X.End()), ")")
		shown[u] = map[int]bool{off: true}
	}
	return shown, stray
}

// shows reports whether the kernel would show the value of expression statement x.
func shows(x ast.Expr, info *types.Info) bool {
	tv, ok := info.Types[x]
	if !ok || tv.Type == nil || !tv.IsValue() {
		return false
	}
	if t, ok := tv.Type.(*types.Tuple); ok && t.Len() == 0 {
		return false
	}
	if x, ok := ast.Unparen(x).(*ast.UnaryExpr); ok {
		return x.Op != token.ARROW
	}
	return true
}

// fmtWrite returns the name of the function of package fmt that x calls when it returns the
// bytes written and an error (Println, Fprintf, ...); "" for any other expression.
func fmtWrite(x ast.Expr, info *types.Info) string {
	call, ok := ast.Unparen(x).(*ast.CallExpr)
	if !ok {
		return ""
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return ""
	}
	f, ok := info.Uses[sel.Sel].(*types.Func)
	if !ok || f.Pkg() == nil || f.Pkg().Path() != "fmt" {
		return ""
	}
	res := f.Type().(*types.Signature).Results()
	if res.Len() == 2 && types.Identical(res.At(0).Type(), types.Typ[types.Int]) &&
		types.Identical(res.At(1).Type(), types.Universe.Lookup("error").Type()) {
		return f.Name()
	}
	return ""
}
