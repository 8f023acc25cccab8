package notebook

import (
	"fmt"
	"go/token"
	"go/types"
	"os/exec"
	"sort"
	"strings"
	"testing"
)

// companions are the packages a notebook imports in the same cell as ours: their interfaces'
// proxies go into the same plugin, so ours must not share their names. (They may collide
// among themselves: gorgonia and tensor both export Dtyper, so a notebook imports tensor in a
// cell of its own, or not at all.)
var companions = []string{"gorgonia.org/gorgonia", "gorgonia.org/tensor", "gonum.org/v1/gonum/mat",
	"gonum.org/v1/plot", "math/rand/v2"}

// TestPublicAPIImportsInGophernotes checks the rules gophernotes imposes on the exported API of
// every public package of the module, all imported in one notebook cell: no exported
// interface whose proxy must import an internal package, no two packages (aliases included)
// exporting interfaces of the same name, no generic function or type; and, as the house rule
// that keeps internal types out of users' hands, no exported declaration, method or field
// whose type names a type of an internal package.
func TestPublicAPIImportsInGophernotes(t *testing.T) {
	t.Parallel()
	m, err := findModule(".")
	if err != nil || m == nil {
		t.Fatalf("no module above this package: %v", err)
	}
	ours := publicPackages(t, m)
	var r Runner
	ws, err := r.newWorkspace(&program{mod: m})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.remove()
	imp, err := ws.importer(t.Context(), token.NewFileSet(), append(append([]string(nil), ours...), companions...))
	if err != nil {
		t.Fatal(err)
	}
	load := func(paths []string) []*types.Package {
		pkgs := make([]*types.Package, len(paths))
		for i, p := range paths {
			if pkgs[i], err = imp.Import(p); err != nil {
				t.Fatal(err)
			}
		}
		return pkgs
	}
	pkgs := load(ours)
	strict := map[string]bool{}
	for _, p := range ours {
		strict[p] = true
	}
	for _, p := range importProblems(pkgs, strict) {
		t.Errorf("%s\n\t(fix: give an interface that has several meanings a name that says which; seal an "+
			"interface only its own package implements with an unexported method, so that it gets no proxy "+
			"and pm may alias it under PyMC's name)", p.msg)
	}
	proxies := map[string]string{} // name → our package
	for _, pkg := range pkgs {
		for _, p := range gomacroProxies(pkg) {
			proxies[p.name] = p.pkg
		}
	}
	for _, c := range load(companions) {
		for _, p := range gomacroProxies(c) {
			if owner, ok := proxies[p.name]; ok {
				t.Errorf("%s and %s both export an interface named %s: a notebook importing both in one cell fails "+
					"(P_%s redeclared in this block)", owner, p.pkg, p.name, p.name)
			}
		}
	}
	for _, pkg := range pkgs {
		for _, leak := range internalLeaks(pkg) {
			t.Errorf("%s: its type names a type of an internal package, which users cannot name", leak)
		}
	}
}

// publicPackages returns the import paths of the module's packages that users import: not
// internal, not commands.
func publicPackages(t *testing.T, m *module) []string {
	cmd := exec.CommandContext(t.Context(), "go", "list", "-f", "{{.ImportPath}} {{.Name}}", m.Path+"/...")
	cmd.Dir = m.Dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var paths []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		path, name, _ := strings.Cut(line, " ")
		if name != "main" && !isInternal(path) {
			paths = append(paths, path)
		}
	}
	if len(paths) < 10 {
		t.Fatalf("found only %d public packages: %v", len(paths), paths)
	}
	return paths
}

// internalLeaks returns pkg's exported declarations, methods and fields whose types name a type
// of an internal package, as "pkg.Name.Method mentions internal/path".
func internalLeaks(pkg *types.Package) []string {
	var leaks []string
	check := func(what string, t types.Type) {
		set := map[string]bool{}
		namedPackages(t, set, map[types.Type]bool{})
		for _, p := range sortedKeys(set) {
			if isInternal(p) {
				leaks = append(leaks, fmt.Sprintf("%s.%s mentions %s", pkg.Path(), what, p))
			}
		}
	}
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		obj := scope.Lookup(name)
		if !obj.Exported() {
			continue
		}
		tn, ok := obj.(*types.TypeName)
		if !ok || tn.IsAlias() {
			check(name, obj.Type()) // a function's signature, a variable's or constant's type, an alias's target
			continue
		}
		named := tn.Type().(*types.Named)
		for i := range named.NumMethods() {
			if m := named.Method(i); m.Exported() {
				check(name+"."+m.Name(), m.Type())
			}
		}
		switch u := named.Underlying().(type) {
		case *types.Struct:
			for i := range u.NumFields() {
				if f := u.Field(i); f.Exported() {
					check(name+"."+f.Name(), f.Type())
				}
			}
		case *types.Interface:
			for i := range u.NumMethods() {
				if m := u.Method(i); m.Exported() {
					check(name+"."+m.Name(), m.Type())
				}
			}
		default:
			check(name, u)
		}
	}
	sort.Strings(leaks)
	return leaks
}

func TestInternalLeaks(t *testing.T) {
	t.Parallel()
	im := newSourceImporter(t, map[string]string{
		"m/internal/cfg": `package cfg; type Option int; type Settings struct{}`,
		"m/p": `package p
import "m/internal/cfg"
func F(...cfg.Option) {}
var V *cfg.Settings
type A = cfg.Settings
type S struct{ Exported map[string]cfg.Option; hidden cfg.Option }
func (S) M() []cfg.Option { return nil }
func (S) m() cfg.Option  { return 0 }
type I interface{ Get() (cfg.Settings, error) }
type Fn func(cfg.Option)
func ok(cfg.Option) {}
type Clean struct{ X int }
`,
	})
	got := internalLeaks(im.load("m/p")[0])
	want := []string{
		"m/p.A mentions m/internal/cfg",
		"m/p.F mentions m/internal/cfg",
		"m/p.Fn mentions m/internal/cfg",
		"m/p.I.Get mentions m/internal/cfg",
		"m/p.S.Exported mentions m/internal/cfg",
		"m/p.S.M mentions m/internal/cfg",
		"m/p.V mentions m/internal/cfg",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
