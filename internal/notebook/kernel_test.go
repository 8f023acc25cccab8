package notebook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"
)

// kernelCase is a notebook of testdata on which the Go-toolchain runner must agree with the
// real gophernotes kernel: both run it, or both fail at the same cell.
type kernelCase struct {
	notebook   string // under testdata
	cell, code int    // the failing cell (as Cell counts) and its number among code cells; 0 when it runs
	kind       error  // the runner's error kind
	runner     string // in the runner's error
	kernel     string // in the kernel's failure: the cell's error or the kernel's own output
}

var kernelCases = []kernelCase{
	{notebook: "gomacro/apart.ipynb"},
	{notebook: "gomacro/sealed.ipynb"},
	{notebook: "gomacro/hidden.ipynb"},
	{"gomacro/leaky.ipynb", 5, 3, ErrCompile, "mentions a type of example.com/gomacrorules/leaky/internal/secret",
		"use of internal package example.com/gomacrorules/leaky/internal/secret not allowed"},
	{"gomacro/collide.ipynb", 2, 1, ErrCompile, "P_Handle redeclared", "P_Handle redeclared in this block"},
	{"gomacro/aliascollide.ipynb", 2, 1, ErrCompile, "P_Handle redeclared", "P_Handle redeclared in this block"},
	{"gomacro/genericuse.ipynb", 4, 3, ErrCompile, "rand.N is generic", "rand.N"},
	{"gomacro/typo.ipynb", 4, 3, ErrCompile, "undefined: upp", "undefined identifier: upp"},
	{"gomacro/stray.ipynb", 3, 3, ErrInvalid, "fmt.Println", "'7 <nil>'"},
	{"thirdparty.ipynb", 2, 1, ErrCompile, "takes gorgonia.org/tensor at the latest release",
		"go4.org/unsafe/assume-no-moving-gc"},
}

// TestRunnerAgreesWithKernel runs kernelCases with the runner; TestKernelNotebooks runs them
// in the kernel.
func TestRunnerAgreesWithKernel(t *testing.T) {
	t.Parallel()
	for _, tc := range kernelCases {
		t.Run(tc.notebook, func(t *testing.T) {
			t.Parallel()
			err := Run(t.Context(), filepath.Join("testdata", tc.notebook))
			if tc.cell == 0 {
				if err != nil {
					t.Fatalf("got %v, want it to run, as it does in the kernel", err)
				}
				return
			}
			var ce *CellError
			if !errors.As(err, &ce) || !errors.Is(err, tc.kind) || ce.Cell.Number != tc.cell ||
				ce.Cell.Code != tc.code || !strings.Contains(err.Error(), tc.runner) {
				t.Fatalf("got %v, want a %v at cell %d (code cell %d) mentioning %q, where the kernel fails",
					err, tc.kind, tc.cell, tc.code, tc.runner)
			}
		})
	}
}

// A notebook whose module's package exports generic API: the kernel imports it (skipping the
// generic function with a warning on its own output), the runner rejects it by policy.
func TestRunGenericAPI(t *testing.T) {
	t.Parallel()
	err := Run(t.Context(), "testdata/gomacro/genericapi.ipynb")
	var ce *CellError
	if !errors.As(err, &ce) || !errors.Is(err, ErrCompile) || ce.Cell.Number != 2 ||
		!strings.Contains(err.Error(), "example.com/gomacrorules/generic.Map: generic function") {
		t.Fatalf("got %v, want ErrCompile at cell 2 naming generic.Map", err)
	}
}

// kernelResult is one notebook's result from scripts/notebooks.py --json.
type kernelResult struct {
	Notebook     string  `json:"notebook"`
	OK           bool    `json:"ok"`
	Cell         int     `json:"cell"`
	CodeCell     int     `json:"code_cell"`
	Error        string  `json:"error"`
	KernelOutput string  `json:"kernel_output"`
	Seconds      float64 `json:"seconds"`
}

// TestKernelNotebooks runs every notebook under the module's notebooks folder in the real
// gophernotes kernel, cell by cell (scripts/notebooks.py, with Jupyter's nbclient), and fails
// naming the notebook, the cell and what the kernel printed; then it runs kernelCases there,
// which must fail where the runner does. It is skipped when Jupyter or the kernel is missing
// (scripts/gophernotes.sh installs the kernel) unless GOPYMC_KERNEL=require, as in CI, and
// when GOPYMC_KERNEL=skip or with -short.
func TestKernelNotebooks(t *testing.T) {
	m, err := findModule(".")
	if err != nil || m == nil {
		t.Fatalf("no module above this package: %v", err)
	}
	py := kernelPython(t, m.Dir)
	notebooks, err := findNotebooks(filepath.Join(m.Dir, "notebooks"))
	if err != nil {
		t.Fatal(err)
	}
	if err := statModuleFiles(m.Dir); err != nil { // go test's cache then sees every change
		t.Fatal(err)
	}
	byPath := map[string]kernelCase{}
	args := append([]string(nil), notebooks...)
	for _, tc := range kernelCases {
		path, err := filepath.Abs(filepath.Join("testdata", tc.notebook))
		if err != nil {
			t.Fatal(err)
		}
		byPath[path] = tc
		args = append(args, path)
	}
	all := allPackagesNotebook(t, m)
	args = append(args, all)
	results := runKernel(t, py, m.Dir, args)
	if len(results) != len(args) {
		t.Fatalf("scripts/notebooks.py reported %d notebooks, want %d", len(results), len(args))
	}
	for _, r := range results {
		tc, isCase := byPath[r.Notebook]
		switch {
		case r.Notebook == all && !r.OK:
			t.Errorf("the module's public packages do not import in one cell of the kernel: %s\n%s", r.Error, tail(r.KernelOutput, 8000))
		case !isCase && !r.OK:
			msg := fmt.Sprintf("notebook %s fails in the gophernotes kernel at cell %d (code cell %d): %s",
				r.Notebook, r.Cell, r.CodeCell, r.Error)
			if out := strings.TrimSpace(r.KernelOutput); out != "" {
				msg += "\n--- the kernel's own output during the cell (the compiler's messages are here):\n" + tail(out, 8000)
			}
			t.Error(msg)
		case isCase && tc.cell == 0 && !r.OK:
			t.Errorf("testdata/%s fails in the kernel at cell %d: %s\n%s", tc.notebook, r.Cell, r.Error, tail(r.KernelOutput, 4000))
		case isCase && tc.cell != 0 && (r.OK || r.Cell != tc.cell || r.CodeCell != tc.code ||
			!strings.Contains(r.Error+r.KernelOutput, tc.kernel)):
			t.Errorf("testdata/%s in the kernel: ok %v, cell %d (code cell %d): %s\n%s\nwant a failure at cell %d (code cell %d) mentioning %q",
				tc.notebook, r.OK, r.Cell, r.CodeCell, r.Error, tail(r.KernelOutput, 4000), tc.cell, tc.code, tc.kernel)
		}
	}
}

// allPackagesNotebook writes a notebook that imports every public package of the module in
// one cell, with Gorgonia, by their folders, and returns its path.
func allPackagesNotebook(t *testing.T, m *module) string {
	imports := "import (\n\tG \"gorgonia.org/gorgonia\"\n"
	for _, p := range publicPackages(t, m) {
		dir := filepath.Join(m.Dir, filepath.FromSlash(strings.TrimPrefix(p, m.Path+"/")))
		imports += fmt.Sprintf("\t%s %q\n", path.Base(p), dir)
	}
	imports += ")"
	nb := map[string]any{
		"nbformat": 4, "nbformat_minor": 5,
		"metadata": map[string]any{"kernelspec": map[string]string{"name": "gophernotes", "language": "go", "display_name": "Go"}},
		"cells": []map[string]any{
			{"cell_type": "code", "id": "imports", "metadata": map[string]any{}, "outputs": []any{}, "execution_count": nil, "source": imports},
			{"cell_type": "code", "id": "use", "metadata": map[string]any{}, "outputs": []any{}, "execution_count": nil,
				"source": "m := pm.NewModel()\n_ = pm.Normal(m, \"x\", 0, 1)\nm.Err()"},
		},
	}
	data, err := json.Marshal(nb)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "all_packages.ipynb")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// kernelPython returns a Python that has nbclient and finds the gophernotes kernelspec, or
// skips the test saying what is missing.
func kernelPython(t *testing.T, root string) string {
	mode := os.Getenv("GOPYMC_KERNEL")
	if mode == "skip" || (testing.Short() && mode != "require") {
		t.Skip("the real-kernel notebook test is off (-short or GOPYMC_KERNEL=skip)")
	}
	script := filepath.Join(root, "scripts", "notebooks.py")
	candidates := []string{os.Getenv("GOPYMC_PYTHON"), "/usr/bin/python3", "python3"}
	var why []string
	for _, py := range candidates {
		if py == "" {
			continue
		}
		out, err := exec.Command(py, script, "--check").CombinedOutput()
		if err == nil {
			return py
		}
		why = append(why, fmt.Sprintf("%s: %s", py, strings.TrimSpace(string(out))+errText(err)))
	}
	msg := "Jupyter or the gophernotes kernel is missing, so the notebooks were not run in the real kernel " +
		"(install Jupyter from Debian and run scripts/gophernotes.sh; see the README):\n" + strings.Join(why, "\n")
	if mode == "require" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// errText shows an error that is not a plain non-zero exit.
func errText(err error) string {
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return ""
	}
	return " (" + err.Error() + ")"
}

// runKernel runs scripts/notebooks.py on paths and returns its results; the script's progress
// goes to the test's output with -v.
func runKernel(t *testing.T, py, root string, paths []string) []kernelResult {
	out := filepath.Join(t.TempDir(), "results.json")
	cmd := exec.CommandContext(t.Context(), py, append([]string{filepath.Join(root, "scripts", "notebooks.py"), "--json", out}, paths...)...)
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if testing.Verbose() {
		cmd.Stdout = io.MultiWriter(&log, os.Stdout)
	}
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) { // 1: a notebook failed
		t.Fatalf("scripts/notebooks.py: %v\n%s", err, tail(log.String(), 8000))
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("scripts/notebooks.py wrote no results: %v\n%s", err, tail(log.String(), 8000))
	}
	var results []kernelResult
	if err := json.Unmarshal(data, &results); err != nil {
		t.Fatal(err)
	}
	for i, r := range results {
		if abs, err := filepath.Abs(r.Notebook); err == nil {
			results[i].Notebook = abs
		}
	}
	return results
}

// statModuleFiles stats every file of the module outside hidden folders, so that go test's
// result cache, which records the files a test opens or stats, sees a change anywhere in the
// module: the notebooks run the module's packages in other processes, which it cannot see.
func statModuleFiles(root string) error {
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && path != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "figures"):
			return filepath.SkipDir
		case !d.IsDir():
			_, err = os.Stat(path)
		}
		return err
	})
}
