package notebook_test

import (
	"context"
	"fmt"
	"os"

	"github.com/gopymc/gopymc/internal/notebook"
)

func ExampleRunner_Run() {
	// testdata/hello.ipynb: a markdown cell, an import cell, a statement cell that prints,
	// and a cell whose last expression the kernel shows.
	r := notebook.Runner{Stdout: os.Stdout}
	if err := r.Run(context.Background(), "testdata/hello.ipynb"); err != nil {
		fmt.Println(err)
	}
	// Output:
	// hello notebook
	// hello, again
}

func ExampleRun_error() {
	err := notebook.Run(context.Background(), "testdata/compile.ipynb")
	fmt.Println(err)
	// Output:
	// notebook: testdata/compile.ipynb: cell 4 (code cell 3), line 2:13: undefined: m
}
