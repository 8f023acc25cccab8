package notebook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/importer"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

// progModule is the module path of the generated program.
const progModule = "notebookrun"

// workspace is the temporary directory where a notebook's program is written and built: a
// module of its own, joined by a go.work to the notebook's module so that the program
// imports that module's packages from disk, with no file written inside the repository.
type workspace struct {
	dir    string   // the temporary directory (go.work)
	modDir string   // the program's module (go.mod, main.go, the binary)
	goCmd  string   // the go command
	env    []string // the go command's environment
}

// newWorkspace creates the workspace for program p.
func (r *Runner) newWorkspace(p *program) (*workspace, error) {
	goCmd, err := r.goCommand()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "notebook-run-")
	if err != nil {
		return nil, err
	}
	ws := &workspace{dir: dir, modDir: filepath.Join(dir, "prog"), goCmd: goCmd}
	version := toolchainVersion()
	if p.mod != nil && p.mod.GoVersion != "" {
		version = p.mod.GoVersion
	}
	work := "off"
	files := map[string]string{
		filepath.Join(ws.modDir, "go.mod"): fmt.Sprintf("module %s\n\ngo %s\n", progModule, version),
	}
	if p.mod != nil {
		work = filepath.Join(dir, "go.work")
		files[work] = fmt.Sprintf("go %s\n\nuse (\n\t%s\n\t./prog\n)\n", version, strconv.Quote(p.mod.Dir))
	}
	err = os.Mkdir(ws.modDir, 0o755)
	for name, text := range files {
		if err == nil {
			err = os.WriteFile(name, []byte(text), 0o644)
		}
	}
	if err != nil {
		ws.remove()
		return nil, err
	}
	ws.env = goEnv(work)
	return ws, nil
}

// remove deletes the workspace.
func (ws *workspace) remove() { os.RemoveAll(ws.dir) }

// goCommand returns Runner.Go, else the go command on PATH, else $GOROOT/bin/go.
func (r *Runner) goCommand() (string, error) {
	if r.Go != "" {
		return r.Go, nil
	}
	if p, err := exec.LookPath("go"); err == nil {
		return p, nil
	}
	if root := os.Getenv("GOROOT"); root != "" {
		p := filepath.Join(root, "bin", "go")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no go command: put it on PATH or set Runner.Go")
}

// toolchainVersion is the Go version of the running binary as a go directive ("1.26.8"), or
// "1.22" when it has none.
func toolchainVersion() string {
	v := strings.TrimPrefix(runtime.Version(), "go")
	if v == "" || v[0] < '0' || v[0] > '9' {
		return "1.22"
	}
	if i := strings.IndexAny(v, " -+"); i >= 0 {
		v = v[:i]
	}
	return v
}

// goEnv is this process's environment for the go command, with GOWORK set to work, no
// toolchain download and no -mod flag (which workspace mode rejects).
func goEnv(work string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "GOWORK", "GOTOOLCHAIN":
			continue
		case "GOFLAGS":
			var keep []string
			for _, f := range strings.Fields(v) {
				if !strings.HasPrefix(f, "-mod=") && !strings.HasPrefix(f, "--mod=") {
					keep = append(keep, f)
				}
			}
			kv = "GOFLAGS=" + strings.Join(keep, " ")
		}
		env = append(env, kv)
	}
	return append(env, "GOWORK="+work, "GOTOOLCHAIN=local")
}

// goRun runs the go command in the program's module and returns its standard output.
func (ws *workspace) goRun(ctx context.Context, args ...string) ([]byte, []byte, error) {
	cmd := exec.CommandContext(ctx, ws.goCmd, args...)
	cmd.Dir, cmd.Env = ws.modDir, ws.env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	return stdout.Bytes(), stderr.Bytes(), err
}

// importer returns an importer of the packages with import paths paths and their
// dependencies, from the export data "go list -export" builds for them (through the build
// cache, which "go build" then reuses). A package that does not build or does not exist
// fails to import with the go command's message, which the type check reports at the import.
func (ws *workspace) importer(ctx context.Context, fset *token.FileSet, paths []string) (types.Importer, error) {
	args := append([]string{"list", "-e", "-export", "-deps", "-json=ImportPath,Export,Error"}, paths...)
	out, stderr, runErr := ws.goRun(ctx, args...)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	exports, problems := map[string]string{}, map[string]string{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		var pkg struct {
			ImportPath, Export string
			Error              *struct{ Err string }
		}
		if err := dec.Decode(&pkg); err != nil {
			return nil, fmt.Errorf("go list: %w\n%s", err, stderr)
		}
		exports[pkg.ImportPath] = pkg.Export
		if pkg.Error != nil {
			problems[pkg.ImportPath] = strings.TrimSpace(pkg.Error.Err)
		}
	}
	if len(exports) == 0 && runErr != nil {
		return nil, fmt.Errorf("go list: %w\n%s", runErr, stderr)
	}
	lookup := func(path string) (io.ReadCloser, error) {
		if msg := problems[path]; msg != "" {
			return nil, errors.New(msg)
		}
		if f := exports[path]; f != "" {
			return os.Open(f)
		}
		if msg := strings.TrimSpace(string(stderr)); msg != "" {
			return nil, fmt.Errorf("no export data: %s", msg)
		}
		return nil, errors.New("no export data")
	}
	return importer.ForCompiler(fset, "gc", lookup), nil
}
