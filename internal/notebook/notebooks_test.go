package notebook

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestNotebooks runs every notebook under the module's notebooks folder and fails on any
// cell error, naming the notebook and the cell. It passes, skipped, while there are none.
func TestNotebooks(t *testing.T) {
	t.Parallel()
	m, err := findModule(".")
	if err != nil || m == nil {
		t.Fatalf("no module above this package: %v", err)
	}
	root := filepath.Join(m.Dir, "notebooks")
	paths, err := findNotebooks(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Skipf("no notebooks under %s", root)
	}
	if err := statModuleFiles(m.Dir); err != nil { // go test's cache then sees every change
		t.Fatal(err)
	}
	for _, path := range paths {
		name, _ := filepath.Rel(root, path)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			if d, ok := t.Deadline(); ok { // stop in time to report the running cell
				var cancel context.CancelFunc
				ctx, cancel = context.WithDeadline(ctx, d.Add(-30*time.Second))
				defer cancel()
			}
			var out bytes.Buffer
			r := Runner{Stdout: &out, Stderr: &out}
			if err := r.Run(ctx, path); err != nil {
				var ce *CellError
				if errors.As(err, &ce) && out.Len() == 0 {
					out.WriteString(ce.Output) // the compiler's or go command's output
				}
				t.Errorf("%v\n--- output:\n%s", err, tail(out.String(), 8000))
			}
		})
	}
}

// findNotebooks returns the .ipynb files under root, subfolders included but not hidden
// ones (Jupyter's .ipynb_checkpoints); none when root does not exist.
func findNotebooks(root string) ([]string, error) {
	var paths []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && path != root && strings.HasPrefix(d.Name(), "."):
			return filepath.SkipDir
		case !d.IsDir() && filepath.Ext(path) == ".ipynb":
			paths = append(paths, path)
		}
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return paths, err
}

// tail returns the last n bytes of s.
func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "..." + s[len(s)-n:]
}

func TestFindNotebooks(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	for _, f := range []string{"a.ipynb", "notes.md", "sub/b.ipynb", ".ipynb_checkpoints/a-checkpoint.ipynb"} {
		p := filepath.Join(root, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := findNotebooks(root)
	want := []string{filepath.Join(root, "a.ipynb"), filepath.Join(root, "sub", "b.ipynb")}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, %v, want %v", got, err, want)
	}
	got, err = findNotebooks(filepath.Join(root, "missing"))
	if err != nil || got != nil {
		t.Errorf("a missing folder: got %v, %v, want none", got, err)
	}
}
