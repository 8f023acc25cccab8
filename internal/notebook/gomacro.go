package notebook

import (
	"fmt"
	"go/types"
	"sort"
	"strings"
)

// What gophernotes (gomacro) does with the packages one cell imports, and where that fails
// though the Go compiler would accept the program. gomacro compiles every package a cell
// imports, except the standard packages it carries prebuilt and the packages an earlier cell
// imported, into one Go plugin: one file per package in one package main. Each file binds
// the package's exported names and, for every exported interface that gomacro can imitate,
// declares a proxy type P_<Name> (base/genimport/proxy.go in gomacro), which
//
//   - names the package of every named type in the interface's method signatures, so an
//     interface whose methods mention a type of an internal package makes the plugin import
//     that package: "use of internal package ... not allowed";
//   - has no package prefix, so two packages of one cell that export interfaces of the same
//     name (an alias counts: it is a name of the package) declare P_<Name> twice:
//     "P_<Name> redeclared in this block".
//
// Generic functions and types are skipped with a warning ("importing generic functions is not
// supported yet"), so a notebook cannot use them.

// gomacroProxy is an exported interface for which gomacro writes a proxy type.
type gomacroProxy struct {
	pkg     string   // the import path of the package that exports it
	name    string   // its name there; the proxy is P_<name>
	imports []string // the import paths the proxy's code names, sorted
}

// gomacroProxies returns the proxies gomacro writes for pkg's exported interfaces, in name
// order: for every exported type name whose underlying type is an interface with at least one
// method, all of them exported and every parameter and result type exported (gomacro's
// extractInterface with interfaceExported).
func gomacroProxies(pkg *types.Package) []gomacroProxy {
	var proxies []gomacroProxy
	scope := pkg.Scope()
	for _, name := range scope.Names() { // sorted
		obj, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || !obj.Exported() {
			continue
		}
		iface, ok := types.Unalias(obj.Type()).Underlying().(*types.Interface)
		if !ok || iface.NumMethods() == 0 || !interfaceExported(iface) {
			continue
		}
		set := map[string]bool{}
		namedPackages(iface, set, map[types.Type]bool{})
		proxies = append(proxies, gomacroProxy{pkg: pkg.Path(), name: name, imports: sortedKeys(set)})
	}
	return proxies
}

// interfaceExported reports whether every method of iface is exported with exported
// parameter and result types, as gomacro's interfaceExported decides.
func interfaceExported(iface *types.Interface) bool {
	for i := range iface.NumMethods() {
		m := iface.Method(i)
		if !m.Exported() || !signatureExported(m.Type().(*types.Signature)) {
			return false
		}
	}
	return true
}

func signatureExported(sig *types.Signature) bool {
	return tupleExported(sig.Params()) && tupleExported(sig.Results())
}

func tupleExported(t *types.Tuple) bool {
	for i := range t.Len() {
		if !typeExported(t.At(i).Type()) {
			return false
		}
	}
	return true
}

// typeExported is gomacro's typeExported: a named type counts as exported when its name is,
// whatever its package; a struct when all its fields are exported.
func typeExported(t types.Type) bool {
	for {
		switch u := types.Unalias(t).(type) {
		case *types.Named:
			return u.Obj().Pkg() == nil || u.Obj().Exported()
		case *types.Interface:
			return interfaceExported(u)
		case *types.Signature:
			return signatureExported(u)
		case *types.Struct:
			for i := range u.NumFields() {
				if f := u.Field(i); !f.Exported() || !typeExported(f.Type()) {
					return false
				}
			}
			return true
		case *types.Map:
			if !typeExported(u.Key()) {
				return false
			}
			t = u.Elem()
		case interface{ Elem() types.Type }: // pointer, slice, array, channel
			t = u.Elem()
		default: // basic types; a type parameter, which gomacro rejects, is reported as generic API
			return true
		}
	}
}

// namedPackages adds to set the import paths of the named types that appear in t, without
// looking inside a named type (gomacro's traverseType): the packages a proxy names.
func namedPackages(t types.Type, set map[string]bool, seen map[types.Type]bool) {
	t = types.Unalias(t)
	if seen[t] {
		return
	}
	seen[t] = true
	switch u := t.(type) {
	case *types.Basic:
		if u.Kind() == types.UnsafePointer {
			set["unsafe"] = true
		}
	case *types.Named:
		if pkg := u.Obj().Pkg(); pkg != nil {
			set[pkg.Path()] = true
		}
	case *types.Signature:
		for _, tuple := range []*types.Tuple{u.Params(), u.Results()} {
			for i := range tuple.Len() {
				namedPackages(tuple.At(i).Type(), set, seen)
			}
		}
	case *types.Interface:
		for i := range u.NumMethods() {
			namedPackages(u.Method(i).Type(), set, seen)
		}
	case *types.Struct:
		for i := range u.NumFields() {
			namedPackages(u.Field(i).Type(), set, seen)
		}
	case *types.Map:
		namedPackages(u.Key(), set, seen)
		namedPackages(u.Elem(), set, seen)
	case interface{ Elem() types.Type }:
		namedPackages(u.Elem(), set, seen)
	}
}

// isInternal reports whether an import path has an "internal" element, so that no plugin may
// import it.
func isInternal(path string) bool {
	for _, elem := range strings.Split(path, "/") {
		if elem == "internal" {
			return true
		}
	}
	return false
}

// genericAPI returns what gomacro skips of pkg's exported names because it is generic (its
// isGenericFunc and isGenericType): generic functions, generic types and constraint
// interfaces, as "Name: generic function".
func genericAPI(pkg *types.Package) []string {
	var found []string
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		obj := scope.Lookup(name)
		if !obj.Exported() {
			continue
		}
		switch obj := obj.(type) {
		case *types.Func:
			if isGeneric(obj.Type()) {
				found = append(found, name+": generic function")
			}
		case *types.TypeName:
			if isGeneric(obj.Type()) {
				found = append(found, name+": generic type or constraint")
			}
		}
	}
	return found
}

// isGeneric is gomacro's isGenericType: an uninstantiated generic type, a signature with type
// parameters, a constraint interface (a type set, not a method set), a type parameter; a
// non-generic named type is judged by its underlying type.
func isGeneric(t types.Type) bool {
	switch u := types.Unalias(t).(type) {
	case *types.Named:
		if u.TypeParams().Len() > 0 && u.TypeArgs().Len() == 0 {
			return true
		}
		return isGeneric(u.Underlying())
	case *types.Signature:
		return u.TypeParams().Len() > 0 || u.RecvTypeParams().Len() > 0
	case *types.Interface:
		return u.IsImplicit() || !u.IsMethodSet()
	case *types.TypeParam:
		return true
	}
	return false
}

// importProblem is a reason why gophernotes cannot import a set of packages in one cell.
type importProblem struct {
	pkg string // the import path of the package at fault (the first of two that collide)
	msg string
}

// importProblems returns why gophernotes cannot import pkgs in one cell (compiled into one
// plugin), in a stable order: a proxy that must import an internal package, exported generic
// API in the packages of strict (gomacro skips it: a library meant for notebooks must not
// have it), and two packages whose proxies have the same name.
func importProblems(pkgs []*types.Package, strict map[string]bool) []importProblem {
	var problems []importProblem
	byName := map[string][]string{} // proxy name → packages declaring it
	sorted := append([]*types.Package(nil), pkgs...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Path() < sorted[j].Path() })
	for _, pkg := range sorted {
		for _, p := range gomacroProxies(pkg) {
			byName[p.name] = append(byName[p.name], p.pkg)
			for _, imp := range p.imports {
				if isInternal(imp) {
					problems = append(problems, importProblem{p.pkg, fmt.Sprintf("%s.%s: a method of this exported "+
						"interface mentions a type of %s, which gomacro's proxy for the interface cannot import "+
						"(use of internal package not allowed)", p.pkg, p.name, imp)})
				}
			}
		}
		if strict[pkg.Path()] {
			for _, g := range genericAPI(pkg) {
				problems = append(problems, importProblem{pkg.Path(), fmt.Sprintf("%s.%s, which gomacro cannot import "+
					"(it skips generic functions and types)", pkg.Path(), g)})
			}
		}
	}
	for _, name := range sortedKeys(byName) {
		if owners := byName[name]; len(owners) > 1 {
			problems = append(problems, importProblem{owners[0], fmt.Sprintf("%s export an interface named %s: "+
				"imported in one cell, their gomacro proxies collide (P_%s redeclared in this block)",
				andList(owners), name, name)})
		}
	}
	return problems
}

// andList joins words as "a, b and c".
func andList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// sortedKeys returns the keys of a map with string keys, sorted.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
