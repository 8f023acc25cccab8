package notebook

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"reflect"
	"strings"
	"testing"
)

// sourceImporter type-checks packages from sources by import path, and the standard library
// from export data.
type sourceImporter struct {
	t    *testing.T
	fset *token.FileSet
	srcs map[string]string
	pkgs map[string]*types.Package
	std  types.Importer
}

func newSourceImporter(t *testing.T, srcs map[string]string) *sourceImporter {
	return &sourceImporter{t: t, fset: token.NewFileSet(), srcs: srcs, pkgs: map[string]*types.Package{},
		std: importer.ForCompiler(token.NewFileSet(), "source", nil)}
}

func (im *sourceImporter) Import(path string) (*types.Package, error) {
	if pkg := im.pkgs[path]; pkg != nil {
		return pkg, nil
	}
	src, ok := im.srcs[path]
	if !ok {
		return im.std.Import(path)
	}
	f, err := parser.ParseFile(im.fset, path+".go", src, 0)
	if err != nil {
		im.t.Fatal(err)
	}
	conf := types.Config{Importer: im}
	pkg, err := conf.Check(path, im.fset, []*ast.File{f}, nil)
	if err != nil {
		im.t.Fatalf("%s: %v", path, err)
	}
	im.pkgs[path] = pkg
	return pkg, nil
}

func (im *sourceImporter) load(paths ...string) []*types.Package {
	var pkgs []*types.Package
	for _, p := range paths {
		pkg, err := im.Import(p)
		if err != nil {
			im.t.Fatal(err)
		}
		pkgs = append(pkgs, pkg)
	}
	return pkgs
}

// The interfaces gomacro writes a proxy for, with the packages the proxy names, follow its
// extractInterface, interfaceExported and traverseType (base/genimport/scanner.go).
func TestGomacroProxies(t *testing.T) {
	t.Parallel()
	im := newSourceImporter(t, map[string]string{
		"m/a/internal/secret": `package secret; type Token string`,
		"m/b":                 `package b; type Thing struct{}`,
		"m/a": `package a
import (
	"io"
	"unsafe"
	"m/a/internal/secret"
	"m/b"
)
type Leaky interface{ Secret() secret.Token }                       // proxied: names an internal package
type Deep interface{ Do(map[string][]*b.Thing, func(io.Reader) chan unsafe.Pointer) }
type Literal interface{ Take(struct{ R io.Reader }) interface{ Close() error } }
type Alias = Deep                                                    // an alias is a name of its own
type Empty interface{}                                               // no methods: no proxy
type Sealed interface{ M(); sealed() }                               // unexported method: no proxy
type Hidden interface{ M(hidden) }                                   // unexported type: no proxy
type hidden int
type Private interface{ M(struct{ x int }) }                         // unexported field: no proxy
type notExported interface{ M() }                                    // unexported name: no proxy
type Embeds interface{ io.Reader; Leaky }                            // embedded methods count
type Struct struct{}                                                 // not an interface
`,
	})
	pkg := im.load("m/a")[0]
	got := map[string][]string{}
	for _, p := range gomacroProxies(pkg) {
		if p.pkg != "m/a" {
			t.Errorf("proxy %s: package %q, want m/a", p.name, p.pkg)
		}
		got[p.name] = p.imports
	}
	want := map[string][]string{
		"Alias":   {"io", "m/b", "unsafe"},
		"Deep":    {"io", "m/b", "unsafe"},
		"Embeds":  {"m/a/internal/secret"},
		"Leaky":   {"m/a/internal/secret"},
		"Literal": {"io"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("proxies:\n got %v\nwant %v", got, want)
	}
}

func TestImportProblems(t *testing.T) {
	t.Parallel()
	im := newSourceImporter(t, map[string]string{
		"m/a/internal/secret": `package secret; type Token string`,
		"m/leaky":             `package leaky; import "m/a/internal/secret"; type Keeper interface{ Secret() secret.Token }`,
		"m/x":                 `package x; type Handle interface{ ID() int }; type Option interface{ apply() }`,
		"m/y":                 `package y; type Handle interface{ Name() string }; type Option interface{ apply() }`,
		"m/z":                 `package z; import "m/x"; type Handle = x.Handle`,
		"m/gen": `package gen
func Map[T any](xs []T) []T { return xs }
type List[T any] struct{ items []T }
type Number interface{ ~int | ~float64 }
func Plain() {}
type Box struct{}
`,
	})
	tests := []struct {
		name   string
		pkgs   []string
		strict bool
		want   []string // one substring per problem, in order
	}{
		{"internal", []string{"m/leaky"}, false, []string{"m/leaky.Keeper: a method of this exported interface mentions a type of m/a/internal/secret"}},
		{"collision", []string{"m/x", "m/y"}, false, []string{"m/x and m/y export an interface named Handle"}},
		{"alias collides with its original", []string{"m/z", "m/x"}, false, []string{"m/x and m/z export an interface named Handle"}},
		{"three", []string{"m/z", "m/y", "m/x"}, false, []string{"m/x, m/y and m/z export an interface named Handle"}},
		{"options with an unexported method get no proxy", []string{"m/x"}, false, nil},
		{"generic, strict", []string{"m/gen"}, true, []string{"m/gen.List: generic type", "m/gen.Map: generic function",
			"m/gen.Number: generic type or constraint"}},
		{"generic, not strict", []string{"m/gen"}, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			strict := map[string]bool{}
			for _, p := range tt.pkgs {
				strict[p] = tt.strict
			}
			probs := importProblems(im.load(tt.pkgs...), strict)
			if len(probs) != len(tt.want) {
				t.Fatalf("got %d problems %v, want %d", len(probs), probs, len(tt.want))
			}
			for i, w := range tt.want {
				if !strings.Contains(probs[i].msg, w) {
					t.Errorf("problem %d: %q, want it to contain %q", i, probs[i].msg, w)
				}
			}
		})
	}
}

func TestImportPathKinds(t *testing.T) {
	t.Parallel()
	for path, want := range map[string][2]bool{ // internal, standard
		"internal/abi":                        {true, true},
		"github.com/gopymc/gopymc/internal/x": {true, false},
		"example.com/a/internal":              {true, false},
		"example.com/internals":               {false, false},
		"math/rand/v2":                        {false, true},
		"gorgonia.org/gorgonia":               {false, false},
	} {
		if got := [2]bool{isInternal(path), isStandard(path)}; got != want {
			t.Errorf("%s: internal, standard = %v, want %v", path, got, want)
		}
	}
	for _, tt := range []struct {
		words []string
		want  string
	}{{nil, ""}, {[]string{"a"}, "a"}, {[]string{"a", "b"}, "a and b"}, {[]string{"a", "b", "c"}, "a, b and c"}} {
		if got := andList(tt.words); got != tt.want {
			t.Errorf("andList(%q) = %q, want %q", tt.words, got, tt.want)
		}
	}
}
