#!/usr/bin/env bash
# `cmake --install BUILD --prefix P` puts the programs, their man pages, the
# bash completion and (with the GUI) a valid desktop entry under P, and no
# test, benchmark or helper program.
#   install_check.sh BUILD_DIR WITH_GUI(ON|OFF)
set -euo pipefail
build="$1" gui="$2"
prefix="$(mktemp -d)"
trap 'rm -rf "$prefix"' EXIT
cmake --build "$build" --target zbench_man >/dev/null
cmake --install "$build" --prefix "$prefix" >/dev/null
fail() { echo "install_check: $*" >&2; exit 1; }
for f in bin/zbench bin/zbench-rig share/man/man1/zbench.1 share/man/man1/zbench-impedance.1 \
         share/bash-completion/completions/zbench share/doc/zbench/README.md share/doc/zbench/LICENSE; do
  test -s "$prefix/$f" || fail "$f is missing"
done
"$prefix/bin/zbench" --version | grep -q "^zbench " || fail "the installed zbench does not answer --version"
if [ "$gui" = ON ]; then
  test -x "$prefix/bin/zbench-gui" || fail "bin/zbench-gui is missing"
  desktop-file-validate "$prefix/share/applications/zbench.desktop" || fail "the desktop entry is not valid"
  test -s "$prefix/share/metainfo/io.github.zbench.zbench.metainfo.xml" || fail "the metainfo is missing"
fi
extra="$(find "$prefix/bin" -type f ! -name zbench ! -name zbench-gui ! -name zbench-rig)"
test -z "$extra" || fail "installed programs that are not for users: $extra"
bash -n "$prefix/share/bash-completion/completions/zbench" || fail "the bash completion does not parse"
echo "install_check: $(find "$prefix" -type f | wc -l) files installed under a temporary prefix, all expected ones present"
