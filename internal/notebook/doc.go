// Package notebook runs the repository's Jupyter notebooks, written for the gophernotes kernel,
// with the Go toolchain, so that CI proves they run.
//
// gophernotes interprets Go cell by cell (with gomacro). The runner turns a notebook into one
// Go program and runs it the way the kernel runs the notebook from top to bottom:
//
//   - the imports of the notebook (usually one import block in the first cell) become the
//     program's imports; a path relative to the notebook's folder, such as "../pm", which
//     gomacro resolves against the module on disk, is mapped to the module's import path
//     (github.com/gopymc/gopymc/pm), and a relative path that leaves the module is an error;
//   - a cell holding only declarations (func, type, var, const, import) goes to package level,
//     except that a cell of only var and const declarations runs in order inside main like a
//     statement cell unless a function or type of the notebook refers to one of its names;
//   - cells holding statements run in order in one main function, so variables persist from
//     cell to cell as in the kernel; a cell that mixes declarations and statements is
//     rejected (split it in two);
//   - what gomacro accepts and the compiler rejects is rewritten: an unused variable gets a
//     "_ = x", an unused import becomes a blank import, ":=" that declares nothing new
//     becomes "=", a bare expression statement becomes "_ = expr", and the bare expression
//     that ends a cell is printed, as the kernel shows it, when it has a value (not for a
//     receive);
//   - what the compiler accepts and the kernel rejects is an error (ErrCompile) at the cell
//     where the kernel fails (gomacro.go says why): a cell whose new imports include an
//     exported interface whose methods name a type of an internal package, or two packages
//     exporting interfaces of the same name (gomacro's proxies for them collide in the plugin
//     it builds for the cell); a third-party import in a cell without a package of the
//     notebook's module (gomacro then resolves it at its latest version, not the go.mod's);
//     a use of an imported generic function or type; and, as this module's policy, an
//     import of a package of the module that exports generic API;
//   - a cell that ends with a call of fmt.Println (Printf, Fprintln, ...), whose results the
//     kernel shows as "22 <nil>", makes a notebook that runs fail with ErrInvalid.
//
// The runner decides these rewrites by type-checking the program (go/types, reading the
// imports' export data from "go list -export"), then builds it with "go build" in a
// temporary module that a temporary go.work joins to the notebook's module, so that no file
// is written inside the repository, and runs the binary in the notebook's folder (the
// kernel's working directory). //line directives name every cell ("quickstart.ipynb:cell7:3"), so a
// compile error or a panic's stack trace points at the cell and its line; before each cell
// the program writes a marker to stderr, so a panic or an os.Exit is blamed on the cell that
// was running.
//
// Cells are numbered as a reader counts them from the top of the notebook, markdown cells
// included, with the position among the code cells in parentheses: "cell 7 (code cell 4)".
// Jupyter's In[n] counts executions, not cells, so it is not used.
//
// [Run] and [Runner.Run] run a notebook; [Runner.Program] returns the program, to read.
// A failure is a [*CellError] naming the notebook and the cell.
//
// The runner imitates the kernel; scripts/notebooks.py runs notebooks in the real one, and
// TestKernelNotebooks checks that both fail at the same cell on the notebooks of
// testdata/gomacro (a module of its own) and testdata/thirdparty.ipynb.
//
// Limits, where a notebook that runs in the kernel fails here: a declaration cell cannot
// refer to a variable made by a statement cell (pass it as a parameter; the error says so),
// a name declared twice with var, func or type is a compile error, and each cell must hold
// only declarations or only statements; a third-party import without a package of the
// module fails here even when its latest release happens to need the go.mod's versions, and
// the module's generic API fails here though the kernel only skips it. Commands of the kernel
// (":help", "%cd", "$ ls") are not supported.
package notebook
