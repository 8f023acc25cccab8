#!/usr/bin/env bash
# Builds the gophernotes Jupyter kernel for gopymc's notebooks, installs it and registers it
# with Jupyter as the kernel "gophernotes" (the name the notebooks ask for).
#
# Usage: scripts/gophernotes.sh [SOURCE]
#
#   SOURCE  a folder holding gophernotes' source (a clone of
#           https://github.com/gopherdata/gophernotes), copied before the build and never
#           written to; or the URL of a gophernotes git repository, whose default branch is
#           cloned. Without it: ../shared/tools/gophernotes beside this repository when that
#           folder exists, else a clone of https://github.com/gopherdata/gophernotes master.
#
# Environment (all optional):
#   GOPHERNOTES_BIN    where to install the kernel (default: $(go env GOPATH)/bin/gophernotes)
#   JUPYTER_DATA_DIR   Jupyter's data folder, which receives kernels/gophernotes/kernel.json
#                      (default: `jupyter --data-dir`, else ~/.local/share/jupyter)
#
# Why the build is not `go install`: gophernotes compiles the packages a notebook imports
# into a Go plugin, and a plugin loads only if it links the same version of every package it
# shares with the kernel binary ("plugin was built with a different version of package
# golang.org/x/text/transform"). So every module that gophernotes' build and gopymc's go.mod
# both list is built here at gopymc's version. gophernotes master also pins a golang.org/x/tools
# that does not compile on Go 1.26 ("invalid array length -delta * delta"): it is raised to
# v0.36.0. The kernel runs with GODEBUG=gotypesalias=0 (without it gomacro panics at start-up
# on Go 1.23 and later), GOTOOLCHAIN=local and the module cache it was built from (a plugin
# must be built by the kernel's toolchain from the same files: a package compiled from another
# module cache folder counts as another version), and a GOPROXY that ends in "|off", so that
# the go commands the kernel runs for a notebook's import of the local module do not give up
# on the proxy's answer for it.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
shared=$(cd "$root/.." && pwd)/shared/tools/gophernotes
export GOTOOLCHAIN=local GOFLAGS=-mod=mod
min_tools=v0.36.0

die() {
	echo "gophernotes.sh: $*" >&2
	exit 1
}

command -v go >/dev/null || die "no go command on PATH (install Go 1.26 or later)"

work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
src=$work/gophernotes

# 1. The source, copied (SOURCE and ../shared are read-only for us).
from=${1:-}
if [ -z "$from" ]; then
	from=https://github.com/gopherdata/gophernotes
	[ -f "$shared/go.mod" ] && from=$shared
fi
if [[ "$from" != *://* ]]; then
	[ -f "$from/go.mod" ] || die "$from has no go.mod: give a folder holding gophernotes' source"
	echo "gophernotes source: $from"
	mkdir -p "$src"
	cp -R "$from/." "$src"
	chmod -R u+w "$src"
	rm -rf "$src/.git"
else
	echo "gophernotes source: a clone of $from"
	command -v git >/dev/null || die "no git command to clone $from: install git, or give a source folder"
	git clone --quiet --depth 1 "$from" "$src" || die "cannot clone $from: give a source folder instead"
fi
grep -q '^module github.com/gopherdata/gophernotes' "$src/go.mod" ||
	die "$src/go.mod is not gophernotes' (module github.com/gopherdata/gophernotes)"

# 2. Versions: every module of gopymc's go.mod that the kernel's build also selects, at
# gopymc's version; golang.org/x/tools at least $min_tools.
ours=$(awk '
	/^require \(/ { block = 1; next }
	block && /^\)/ { block = 0; next }
	block && NF >= 2 && $1 !~ /^\/\// { print $1, $2 }
	/^require [^(]/ { print $2, $3 }
' "$root/go.mod")
cd "$src"
theirs=$(go list -m -f '{{if not .Main}}{{.Path}} {{.Version}}{{end}}' all) ||
	die "go list -m all failed in the gophernotes source (is the module proxy reachable?)"
version_of() { awk -v m="$1" '$1 == m { print $2 }' <<<"$2"; }

pins=()
common=() # modules both builds list, as "path version"
while read -r mod ver; do
	[ -n "$mod" ] || continue
	have=$(version_of "$mod" "$theirs")
	[ -n "$have" ] || continue
	common+=("$mod $ver")
	[ "$have" = "$ver" ] || pins+=("$mod@$ver")
done <<<"$ours"
tools=$(version_of golang.org/x/tools "$theirs")
if [ -n "$tools" ] && [ -z "$(version_of golang.org/x/tools "$ours")" ] &&
	[ "$(printf '%s\n%s\n' "$tools" "$min_tools" | sort -V | head -n1)" != "$min_tools" ]; then
	pins+=("golang.org/x/tools@$min_tools")
fi
if [ ${#pins[@]} -gt 0 ]; then
	echo "setting in the kernel's go.mod: ${pins[*]}"
	go get "${pins[@]}" || die "go get ${pins[*]} failed in the gophernotes source"
fi
for entry in "${common[@]}"; do
	read -r mod ver <<<"$entry"
	got=$(go list -m -f '{{.Version}}' "$mod")
	[ "$got" = "$ver" ] || die "the kernel needs $mod $got, but gopymc's go.mod has $ver: a kernel and the \
notebooks' plugins must link one version; raise it in gopymc (go get $mod@$got) and run this again"
done
if [ ${#common[@]} -gt 0 ]; then
	echo "modules the kernel shares with gopymc, at gopymc's versions: $(printf '%s, ' "${common[@]}" | sed 's/, $//')"
fi

# 3. Build and install.
bin=${GOPHERNOTES_BIN:-$(go env GOPATH)/bin/gophernotes}
mkdir -p "$(dirname "$bin")"
go build -o "$bin" . || die "building gophernotes failed"
echo "kernel: $bin ($(go version | awk '{print $3}'))"

# 4. The kernelspec.
if [ -n "${JUPYTER_DATA_DIR:-}" ]; then
	data=$JUPYTER_DATA_DIR
elif command -v jupyter >/dev/null; then
	data=$(jupyter --data-dir)
else
	data=${XDG_DATA_HOME:-$HOME/.local/share}/jupyter
fi
modcache=$(go env GOMODCACHE)
proxies=$(go env GOPROXY | tr ',|' '\n\n' | grep -v -x -e direct -e off -e '' | paste -sd'|' -)
goproxy=${proxies:+$proxies|}off
spec=$data/kernels/gophernotes
mkdir -p "$spec"
json() { # a JSON string
	local s=${1//\\/\\\\}
	printf '"%s"' "${s//\"/\\\"}"
}
cat >"$spec/kernel.json" <<EOF
{
  "argv": [$(json "$bin"), "{connection_file}"],
  "display_name": "Go",
  "language": "go",
  "name": "gophernotes",
  "env": {"GODEBUG": "gotypesalias=0", "GOTOOLCHAIN": "local", "GOPROXY": $(json "$goproxy"), "GOMODCACHE": $(json "$modcache")}
}
EOF
echo "kernelspec: $spec/kernel.json (GOPROXY=$goproxy, GOMODCACHE=$modcache)"
command -v jupyter >/dev/null || echo "note: no jupyter command on PATH yet; install Jupyter to use the kernel"
