package notebook

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
)

// module is the Go module that holds a notebook.
type module struct {
	Path      string // module path, "github.com/gopymc/gopymc"
	Dir       string // absolute directory of its go.mod
	GoVersion string // its go directive, "1.26"; "" when absent
}

// findModule returns the module whose go.mod is in dir or the nearest directory above it; a
// nil module and no error when there is none.
func findModule(dir string) (*module, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	for {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		switch {
		case err == nil:
			m, err := parseGoMod(data)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", filepath.Join(dir, "go.mod"), err)
			}
			m.Dir = dir
			return m, nil
		case !errors.Is(err, os.ErrNotExist):
			return nil, err
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return nil, nil
		}
		dir = parent
	}
}

// parseGoMod reads the module and go directives of a go.mod file.
func parseGoMod(data []byte) (*module, error) {
	var m module
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		if i := strings.Index(line, "//"); i >= 0 {
			line = line[:i]
		}
		fields := strings.Fields(line)
		if len(fields) != 2 {
			continue
		}
		switch fields[0] {
		case "module":
			p := fields[1]
			if uq, err := strconv.Unquote(p); err == nil {
				p = uq
			}
			m.Path = p
		case "go":
			m.GoVersion = fields[1]
		}
	}
	if m.Path == "" {
		return nil, errors.New("no module directive")
	}
	return &m, nil
}

// isRelative reports whether an import path is relative to the importing file's folder, as
// gomacro allows: ".", "..", or beginning with "./" or "../".
func isRelative(p string) bool {
	return p == "." || p == ".." || strings.HasPrefix(p, "./") || strings.HasPrefix(p, "../")
}

// resolveImport maps an import path relative to the notebook's folder dir to the import path
// of the package it names in module m; other paths are returned unchanged. Its error wraps
// ErrInvalid for a path outside the module and ErrCompile for a folder that does not exist.
func resolveImport(p, dir string, m *module) (string, error) {
	if !isRelative(p) {
		return p, nil
	}
	abs := filepath.Join(dir, filepath.FromSlash(p))
	if m == nil {
		return "", kindError{ErrInvalid, fmt.Sprintf("import %q: relative import outside a Go module (no go.mod above %s)", p, dir)}
	}
	rel, err := filepath.Rel(m.Dir, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", kindError{ErrInvalid, fmt.Sprintf("import %q names %s, outside module %s (%s): "+
			"the runner maps a relative import to the notebook's module only", p, abs, m.Path, m.Dir)}
	}
	if fi, err := os.Stat(abs); err != nil || !fi.IsDir() {
		return "", kindError{ErrCompile, fmt.Sprintf("import %q names %s, which is not a folder", p, abs)}
	}
	if rel == "." {
		return m.Path, nil
	}
	return path.Join(m.Path, filepath.ToSlash(rel)), nil
}
