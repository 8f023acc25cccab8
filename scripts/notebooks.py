#!/usr/bin/python3
"""Runs Jupyter notebooks cell by cell in the real gophernotes kernel and reports the first
failing cell of each, with what the kernel itself printed while that cell ran.

Usage: scripts/notebooks.py [--json FILE] [--timeout SECONDS] NOTEBOOK...
       scripts/notebooks.py --check

Each notebook runs in a fresh kernel started in the notebook's folder (so that imports
relative to it, such as "../pm", resolve as in Jupyter). A cell fails when it shows an error;
the report names the notebook, the cell as a reader counts it ("cell 7 (code cell 4)", as
gopymc's Go-toolchain runner does), the error, and the kernel process's own output during the
cell: when gomacro cannot build the plugin for a cell's imports, the notebook shows only
"exit status 1" and the compiler's message is there. A cell also fails, for the reader's sake,
when it shows a stray "22 <nil>" (the results of a trailing fmt.Println) or a gomacro warning
that names a package of the notebook's own module (something the module can fix). The cells
after a failing one are not run.

The exit status is 0 when every notebook ran, 1 when one failed, 2 on bad usage. --check only
tests that nbclient and the "gophernotes" kernelspec are installed: it exits 0, or 3 with
what is missing.

Jupyter comes from Debian (apt-get install jupyter-notebook python3-nbclient
python3-nbconvert jupyter-client), whose modules live under /usr/bin/python3; the kernel from
scripts/gophernotes.sh.
"""

import argparse
import json
import os
import re
import sys
import tempfile
import time

KERNEL = "gophernotes"


def check():
    """Returns what is missing to run notebooks in the kernel, or None."""
    try:
        import jupyter_client.kernelspec
        import nbclient  # noqa: F401
        import nbformat  # noqa: F401
    except ImportError as e:
        return ("%s has no %s: install Jupyter with apt-get install jupyter-notebook "
                "python3-nbclient python3-nbconvert jupyter-client" % (sys.executable, e.name))
    try:
        spec = jupyter_client.kernelspec.KernelSpecManager().get_kernel_spec(KERNEL)
    except jupyter_client.kernelspec.NoSuchKernel:
        return "no Jupyter kernel %r: build and register it with scripts/gophernotes.sh" % KERNEL
    binary = spec.argv[0] if spec.argv else ""
    if not (os.path.isabs(binary) and os.access(binary, os.X_OK)) and not any(
            os.access(os.path.join(d, binary), os.X_OK) for d in os.get_exec_path()):
        return ("the %r kernelspec (%s) runs %r, which is not an executable: rebuild it with "
                "scripts/gophernotes.sh" % (KERNEL, spec.resource_dir, binary))
    return None


def module_of(folder):
    """Returns (module path, module folder) of the go.mod at or above folder, or (None, None)."""
    d = os.path.abspath(folder)
    while True:
        gomod = os.path.join(d, "go.mod")
        if os.path.isfile(gomod):
            with open(gomod) as f:
                for line in f:
                    if line.startswith("module "):
                        return line.split()[1].strip('"'), d
            return None, d
        parent = os.path.dirname(d)
        if parent == d:
            return None, None
        d = parent


STRAY_RESULT = re.compile(r"^-?\d+ <nil>$")


def text_of(output):
    """The text an output shows: a stream's text, an error's, or a result's text/plain."""
    if output.output_type == "stream":
        return output.text
    if output.output_type == "error":
        return "%s: %s" % (output.ename, output.evalue)
    return output.get("data", {}).get("text/plain", "")


def problem(output, module_names):
    """Returns why an output of a cell fails the notebook, or None."""
    if output.output_type == "error":
        return "%s: %s" % (output.ename, output.evalue)
    if output.output_type == "execute_result" and STRAY_RESULT.match(text_of(output).strip()):
        return ("the cell shows %r, the results of a trailing fmt.Println (or Printf, ...): "
                "end the cell with a statement that has no results" % text_of(output).strip())
    if output.output_type == "stream":
        for line in output.text.splitlines():
            if line.startswith("// warning") and any(n in line for n in module_names):
                return "gomacro warns about a package of this module: %s" % line
    return None


def run_notebook(path, timeout, log):
    """Runs one notebook; returns a result dict (ok, and where and why it failed)."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    folder = os.path.dirname(os.path.abspath(path))
    module, module_dir = module_of(folder)
    module_names = [n for n in (module, module_dir) if n]
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name=KERNEL, timeout=timeout, allow_errors=True,
                            resources={"metadata": {"path": folder}})
    result = {"notebook": path, "ok": True, "cells": 0, "seconds": 0.0}
    start = time.monotonic()
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as kernel_out:
        code = 0
        try:
            with client.setup_kernel(stdout=kernel_out, stderr=kernel_out):
                for index, cell in enumerate(nb.cells):
                    if cell.cell_type != "code":
                        continue
                    code += 1
                    where = "cell %d (code cell %d)" % (index + 1, code)
                    kernel_out.flush()
                    mark = kernel_out.seek(0, os.SEEK_END)
                    began = time.monotonic()
                    why = None
                    try:
                        client.execute_cell(cell, index)
                    except CellTimeoutError:
                        why = "no answer from the kernel within %d s" % timeout
                    except DeadKernelError as e:
                        why = "the kernel died: %s" % e
                    for output in cell.get("outputs", []) if why is None else []:
                        why = problem(output, module_names)
                        if why:
                            break
                    result["cells"] = code
                    print("%s: %s %s (%.1f s)" % (path, where, "FAIL" if why else "ok",
                                                   time.monotonic() - began), file=log, flush=True)
                    if why:
                        kernel_out.flush()
                        kernel_out.seek(mark)
                        result.update(ok=False, cell=index + 1, code_cell=code, error=why,
                                      kernel_output=kernel_out.read())
                        break
        except Exception as e:  # the kernel did not start, or died between cells
            kernel_out.flush()
            kernel_out.seek(0)
            result.update(ok=False, cell=0, code_cell=code, error="%s: %s" % (type(e).__name__, e),
                          kernel_output=kernel_out.read())
    result["seconds"] = round(time.monotonic() - start, 1)
    return result


def report(r):
    """The failure report of a result, for a reader."""
    where = "cell %d (code cell %d)" % (r["cell"], r["code_cell"]) if r["cell"] else "starting the kernel"
    text = "notebook %s: %s: %s" % (r["notebook"], where, r["error"])
    out = r.get("kernel_output", "").strip()
    if out:
        lines = out.splitlines()
        if len(lines) > 60:
            lines = ["..."] + lines[-60:]
        text += "\n--- the kernel's own output while the cell ran:\n" + "\n".join(lines)
    return text


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*")
    parser.add_argument("--check", action="store_true", help="only check that Jupyter and the kernel are installed")
    parser.add_argument("--json", help="write the results to this file as JSON")
    parser.add_argument("--timeout", type=int, default=1200, help="seconds one cell may take (default 1200)")
    args = parser.parse_args()
    missing = check()
    if args.check or missing:
        if missing:
            print(missing, file=sys.stderr)
            return 3
        return 0
    if not args.notebooks:
        parser.print_usage(sys.stderr)
        return 2
    results = [run_notebook(p, args.timeout, sys.stdout) for p in args.notebooks]
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)
    failed = [r for r in results if not r["ok"]]
    for r in failed:
        print(report(r), file=sys.stderr)
    for r in results:
        print("%s: %s, %d code cells, %.1f s" % (r["notebook"], "ok" if r["ok"] else "FAILED",
                                                 r["cells"], r["seconds"]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
