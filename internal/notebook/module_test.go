package notebook

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseGoMod(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text, path, version string
	}{
		{"plain", "module example.com/m\n\ngo 1.26\n\nrequire x.org/y v1.0.0\n", "example.com/m", "1.26"},
		{"quoted and commented", "// a comment\nmodule \"example.com/q\" // trailing\ngo 1.22.3\n", "example.com/q", "1.22.3"},
		{"no go directive", "module m\n", "m", ""},
	}
	for _, tt := range tests {
		m, err := parseGoMod([]byte(tt.text))
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if m.Path != tt.path || m.GoVersion != tt.version {
			t.Errorf("%s: got %q %q, want %q %q", tt.name, m.Path, m.GoVersion, tt.path, tt.version)
		}
	}
	if _, err := parseGoMod([]byte("go 1.26\n")); err == nil {
		t.Error("a go.mod without a module directive: got no error")
	}
}

func TestFindModule(t *testing.T) {
	t.Parallel()
	m, err := findModule("testdata")
	if err != nil {
		t.Fatal(err)
	}
	// This package lives in module github.com/gopymc/gopymc, two folders up.
	wantDir, _ := filepath.Abs("../..")
	if m == nil || m.Path != "github.com/gopymc/gopymc" || m.Dir != wantDir {
		t.Errorf("got %+v, want github.com/gopymc/gopymc at %s", m, wantDir)
	}
}

func TestResolveImport(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	for _, d := range []string{"notebooks/sub", "pm"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	m := &module{Path: "example.com/m", Dir: root}
	dir := filepath.Join(root, "notebooks")
	tests := []struct {
		path, want string
		kind       error
		msg        string
	}{
		{"../pm", "example.com/m/pm", nil, ""},
		{"./sub", "example.com/m/notebooks/sub", nil, ""},
		{".", "example.com/m/notebooks", nil, ""},
		{"..", "example.com/m", nil, ""},
		{"fmt", "fmt", nil, ""},
		{"gonum.org/v1/gonum/mat", "gonum.org/v1/gonum/mat", nil, ""},
		{"../../elsewhere", "", ErrInvalid, "outside module example.com/m"},
		{"../nothere", "", ErrCompile, "which is not a folder"},
	}
	for _, tt := range tests {
		got, err := resolveImport(tt.path, dir, m)
		switch {
		case tt.kind == nil && (err != nil || got != tt.want):
			t.Errorf("%q: got %q, %v, want %q", tt.path, got, err, tt.want)
		case tt.kind != nil && (!errors.Is(err, tt.kind) || !strings.Contains(err.Error(), tt.msg)):
			t.Errorf("%q: got %v, want %v containing %q", tt.path, err, tt.kind, tt.msg)
		}
	}
	if _, err := resolveImport("../pm", dir, nil); !errors.Is(err, ErrInvalid) {
		t.Errorf("a relative import outside any module: got %v, want ErrInvalid", err)
	}
}
