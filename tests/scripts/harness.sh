# harness.sh - sourced by the end-to-end shell tests: $bin, $src, $tmp, and
# ok/bad/expect/has/hasnt that count into $pass and $fail.
set -u
bin=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
# expect STATUS DESCRIPTION -- COMMAND...
expect() {
  local want=$1 what=$2; shift 3
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" = "$want" ]; then ok; else bad "$what: exit $got, want $want"; sed 's/^/  | /' "$tmp/err" | head -5; fi
}
has() { if grep -q -- "$2" "$1"; then ok; else bad "$3: '$2' not in $1"; head -5 "$1" | sed 's/^/  | /'; fi; }
hasnt() { if grep -q -- "$2" "$1"; then bad "$3: '$2' in $1"; else ok; fi; }
export LC_ALL= LC_MESSAGES= LANG=C NO_COLOR=
