#!/usr/bin/env bash
# install_test.sh - `cmake --install` into a temporary prefix puts everything in
# place, and a program builds and runs against the installed library through
# pkg-config (shared and static) and through find_package (tlcheck::tlcheck and
# tlcheck::tlcheck_static).
#
# usage: install_test.sh BUILD-DIR SOURCE-DIR WORK-DIR CMAKE CC "EXTRA-CFLAGS"
set -euo pipefail
shopt -s nullglob
build=$1 src=$2 work=$3 cmake=$4 cc=$5 flags=${6:-}

fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
step() { echo "== $*"; }

rm -rf "$work"
mkdir -p "$work"
prefix=$work/prefix

step "cmake --install $build --prefix $prefix"
"$cmake" --install "$build" --prefix "$prefix" >"$work/install.log" || {
  cat "$work/install.log" >&2
  echo "FAIL: cmake --install" >&2
  exit 1
}

# GNUInstallDirs may have chosen lib or lib/<multiarch>: ask the .pc file where it went.
pc=$(find "$prefix" -name tlcheck.pc -path '*/pkgconfig/*' | head -n 1)
[ -n "$pc" ] || { echo "FAIL: tlcheck.pc is not installed" >&2; exit 1; }
libdir=$(dirname "$(dirname "$pc")")

step "files in place"
for f in bin/tlcheck \
         include/tlcheck/tlcheck.h include/tlcheck/report.h include/tlcheck/batch.h \
         share/man/man1/tlcheck.1 share/man/man5/tlcheck-declaration.5 \
         share/man/man5/tlcheck-rules.5 \
         share/tlcheck/rules/pack.yaml share/tlcheck/rules/declaration.schema.yaml \
         share/tlcheck/rules/template.yaml \
         share/tlcheck/schemas/declaration.schema.json \
         share/bash-completion/completions/tlcheck; do
  [ -f "$prefix/$f" ] || fail "$f is not installed"
done
for f in libtlcheck.a libtlcheck.so cmake/tlcheck/tlcheckConfig.cmake \
         cmake/tlcheck/tlcheckConfigVersion.cmake cmake/tlcheck/tlcheckTargets.cmake; do
  [ -e "$libdir/$f" ] || fail "$libdir/$f is not installed"
done
# Every header of include/tlcheck, every man page, every rule file.
for h in "$src"/include/tlcheck/*.h; do
  [ -f "$prefix/include/tlcheck/$(basename "$h")" ] || fail "header $(basename "$h") is not installed"
done
for m in "$src"/man/*.[15]; do
  s=${m##*.}
  [ -f "$prefix/share/man/man$s/$(basename "$m")" ] || fail "man page $(basename "$m") is not installed"
done
for r in "$src"/rules/*.yaml; do
  [ -f "$prefix/share/tlcheck/rules/$(basename "$r")" ] || fail "rule file $(basename "$r") is not installed"
done
# The shared library exports the API and nothing of the internals.
if command -v nm >/dev/null; then
  so=$(readlink -f "$libdir/libtlcheck.so")
  nm -D --defined-only "$so" | awk '$2 == "T" {print $3}' >"$work/exports.txt"
  grep -qx tlcheck_check_buffer "$work/exports.txt" || fail "tlcheck_check_buffer is not exported"
  internals=$(grep -v -e '^tlcheck_' -e '^_' "$work/exports.txt" || true)
  [ -z "$internals" ] || fail "the shared library exports internals: $(head -5 <<<"$internals" | tr '\n' ' ')"
fi

step "the installed tool and data"
version=$("$prefix/bin/tlcheck" --version)
grep -qx "tlcheck [0-9.]*" <<<"$version" || fail "tlcheck --version says $version"
# The pack installed as data is the built-in one.
"$prefix/bin/tlcheck" rules --lang en >"$work/rules-builtin.txt"
"$prefix/bin/tlcheck" rules --lang en --rules "$prefix/share/tlcheck/rules" >"$work/rules-data.txt" ||
  fail "the installed rule pack does not load"
cmp -s "$work/rules-builtin.txt" "$work/rules-data.txt" ||
  fail "the installed rule pack differs from the built-in one"
"$prefix/bin/tlcheck" check --lang en --rules "$prefix/share/tlcheck/rules" \
  "$src/fixtures/valid/complete-semiconductors.yaml" >"$work/check.txt" ||
  fail "a valid declaration does not pass with the installed pack"
if command -v python3 >/dev/null; then
  python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); assert d["type"] == "object"' \
    "$prefix/share/tlcheck/schemas/declaration.schema.json" || fail "the installed schema is not JSON"
fi

step "bash completion"
# Simulates completion requests against the installed tool.
complete_words() {
  PATH="$prefix/bin:$PATH" bash -c '
    source "$1"; shift
    COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
    _tlcheck; printf "%s\n" "${COMPREPLY[@]}"' _ "$prefix/share/bash-completion/completions/tlcheck" "$@"
}
expect_completion() {
  local want=$1 got; shift
  got=$(complete_words "$@")
  grep -qxF -- "$want" <<<"$got" || fail "completing [$*] does not offer $want (got: $(tr '\n' ' ' <<<"$got"))"
}
expect_completion check tlcheck ch
expect_completion test-rules tlcheck te
expect_completion --fail-on tlcheck check --fa
expect_completion --materials tlcheck rules --mat
expect_completion html tlcheck check --format ""
expect_completion TL-C-001 tlcheck explain TL-C
expect_completion SCOPE-003 tlcheck check --rule SCOPE
expect_completion semiconductors tlcheck init --material semi
expect_completion cloud_programs tlcheck rules --material cl
expect_completion "(ウ)" tlcheck check --clause ""
expect_completion diff tlcheck di
expect_completion --waivers tlcheck check --wa
expect_completion html tlcheck diff --format ""
if grep -qx sarif <<<"$(complete_words tlcheck diff --format "")"; then
  fail "diff offers --format sarif, which it does not write"
fi
if [ -n "$(complete_words tlcheck explain TL-C-001 "")" ]; then
  fail "explain takes one rule id, but a second is offered"
fi

# The example program of examples/, built against the installed library.
check_portal() {
  local what=$1 bin=$2
  local out
  if ! out=$(LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$bin" 2>&1); then
    fail "$what: the program failed: $out"
    return
  fi
  grep -qF 'error TL-C-001 (ウ)' <<<"$out" || fail "$what: TL-C-001 is not reported: $out"
  grep -qF 'rejected' <<<"$out" || fail "$what: the upload is not rejected: $out"
}

step "pkg-config"
export PKG_CONFIG_PATH="$libdir/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
pkg-config --exists tlcheck || fail "pkg-config does not find tlcheck"
[ "tlcheck $(pkg-config --modversion tlcheck)" = "$version" ] ||
  fail "pkg-config --modversion differs from tlcheck --version"
requires=$(pkg-config --print-requires-private tlcheck)
grep -q '^yaml-0.1' <<<"$requires" || fail "Requires.private lacks yaml-0.1"
grep -q '^libpcre2-8' <<<"$requires" || fail "Requires.private lacks libpcre2-8"
# shellcheck disable=SC2046,SC2086
"$cc" $flags -std=c11 -Wall -Wextra -Werror -o "$work/portal-pc" "$src/examples/portal.c" \
  $(pkg-config --cflags --libs tlcheck) && check_portal "pkg-config (shared)" "$work/portal-pc" ||
  fail "pkg-config (shared): cannot build"
# Static: the library archive plus what `pkg-config --static` says it needs.
static_libs=$(pkg-config --static --libs tlcheck | sed 's/-ltlcheck\b//')
# shellcheck disable=SC2046,SC2086
"$cc" $flags -std=c11 -Wall -Wextra -Werror -o "$work/portal-pc-static" "$src/examples/portal.c" \
  $(pkg-config --cflags tlcheck) "$libdir/libtlcheck.a" $static_libs &&
  check_portal "pkg-config (static)" "$work/portal-pc-static" || fail "pkg-config (static): cannot build"

step "find_package"
consumer=$work/consumer
if "$cmake" -S "$src/tests/data/install" -B "$consumer" -DCMAKE_PREFIX_PATH="$prefix" \
     -DCMAKE_C_COMPILER="$cc" -DCMAKE_C_FLAGS="$flags" -DPORTAL_SOURCE="$src/examples/portal.c" \
     >"$work/consumer-configure.log" 2>&1 &&
   "$cmake" --build "$consumer" >"$work/consumer-build.log" 2>&1; then
  check_portal "find_package (tlcheck::tlcheck)" "$consumer/portal"
  check_portal "find_package (tlcheck::tlcheck_static)" "$consumer/portal_static"
  grep -q "tlcheck 1\.[0-9.]* found; data in $prefix/share/tlcheck" "$work/consumer-configure.log" ||
    fail "find_package: version or TLCHECK_DATA_DIR not as expected"
  # tlcheck::tlcheck is the shared library.
  if command -v ldd >/dev/null; then
    deps=$(ldd "$consumer/portal")
    grep -q libtlcheck <<<"$deps" || fail "tlcheck::tlcheck is not the shared library"
  fi
else
  cat "$work/consumer-configure.log" "$work/consumer-build.log" 2>/dev/null >&2 || true
  fail "find_package: cannot configure or build the consumer project"
fi
# A version the package does not offer is refused.
if "$cmake" -S "$src/tests/data/install" -B "$work/consumer-v2" -DCMAKE_PREFIX_PATH="$prefix" \
     -DCMAKE_C_COMPILER="$cc" -DTLCHECK_WANT_VERSION=2 -DPORTAL_SOURCE="$src/examples/portal.c" \
     >"$work/consumer-v2.log" 2>&1; then
  fail "find_package(tlcheck 2) accepted version 1"
fi

if [ "$fails" -ne 0 ]; then
  echo "$fails failure(s)" >&2
  exit 1
fi
rm -rf "$work"
echo "PASS"
