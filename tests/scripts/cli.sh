#!/usr/bin/env bash
# cli.sh TLCHECK SOURCE_DIR - end-to-end checks of the tlcheck command line.
. "$(dirname "$0")/harness.sh" "$@"

valid=$src/fixtures/valid/complete-semiconductors.yaml
data=$src/tests/data/cli

expect 0 "--version" -- "$bin" --version
has "$tmp/out" "^tlcheck 1\.0\.0$" "--version"
expect 0 "--help" -- "$bin" --help
has "$tmp/out" "Usage: tlcheck" "--help"
expect 2 "no command" -- "$bin"
expect 2 "unknown command" -- "$bin" frobnicate
expect 2 "unknown option" -- "$bin" check --frob "$valid"
expect 2 "bad format" -- "$bin" check --format xml "$valid"
expect 2 "bad fail-on" -- "$bin" check --fail-on sometimes "$valid"
expect 2 "--output given twice" -- "$bin" check --output "$tmp/o1.txt" --output "$tmp/o2.txt" "$valid"
has "$tmp/err" "\-\-output is given twice" "--output twice named"
[ ! -e "$tmp/o1.txt" ] && [ ! -e "$tmp/o2.txt" ] && ok || bad "--output twice wrote a file"
expect 2 "--rules given twice" -- "$bin" check --rules "$src/rules" --rules "$src/rules" "$valid"
expect 2 "no path" -- "$bin" check
# A value an option cannot take is refused, not read as something else.
for l in fr JA ja_JP ""; do
  expect 2 "--lang '$l'" -- "$bin" check --lang "$l" "$valid"
  has "$tmp/err" "--lang takes ja or en" "--lang '$l' refused"
done
expect 2 "rules --lang xx" -- "$bin" rules --lang=xx
expect 2 "rules --materials with --material" -- "$bin" rules --materials --material semiconductors
has "$tmp/err" "alternatives" "--material and --materials named as alternatives"
expect 0 "--lang en" -- "$bin" check --lang en "$valid"
for m in -5 +5 0 abc 99999999999999999999999; do
  expect 2 "--max-bytes $m" -- "$bin" check --max-bytes "$m" "$valid"
done
expect 0 "--max-bytes 100000" -- "$bin" check --max-bytes 100000 "$valid"

# A complete, compliant declaration: no finding, exit 0.
expect 0 "valid declaration" -- "$bin" check "$valid"
has "$tmp/out" "1 file checked: 0 errors, 0 warnings, 0 info" "summary line"

# Findings decide the exit status through --fail-on.
expect 1 "errors" -- "$bin" check "$data/errors.yaml"
has "$tmp/out" "errors.yaml:[0-9]*:[0-9]*: error\[TL-C-001\] (ウ)" "compiler-style line"
has "$tmp/out" "^ *[0-9]* | " "source excerpt"
has "$tmp/out" "^ *| *\^" "caret"
expect 0 "warnings only, default fail-on" -- "$bin" check "$data/warning-only.yaml"
expect 1 "warnings with --fail-on warning" -- "$bin" check --fail-on warning "$data/warning-only.yaml"
expect 0 "--fail-on never" -- "$bin" check --fail-on never "$data/errors.yaml"

# An unreadable or broken file: DECL-000, exit 2, the others still checked.
printf 'a: [1, 2\n' >"$tmp/broken.yaml"
expect 2 "broken yaml" -- "$bin" check --format json "$tmp/broken.yaml" "$tmp/missing.yaml" "$valid"
python3 - "$tmp/out" <<'PY' && ok || bad "JSON of a batch with broken files"
import json, sys
d = json.load(open(sys.argv[1]))
assert set(d) >= {"tool", "rulepack", "results", "summary"}, d.keys()
assert d["tool"]["name"] == "tlcheck" and d["tool"]["version"] == "1.0.0"
assert set(d["rulepack"]) >= {"name", "version"}
r = d["results"]
assert [x["file"].rsplit("/", 1)[-1] for x in r] == ["broken.yaml", "missing.yaml", "complete-semiconductors.yaml"], r
assert r[0]["findings"][0]["rule"] == "DECL-000" and r[0]["findings"][0]["line"] == 2, r[0]
assert r[1]["findings"][0]["rule"] == "DECL-000"
assert r[2]["findings"] == []
for f in r[0]["findings"]:
    assert set(f) >= {"rule", "severity", "clause", "path", "line", "column", "message"}
s = d["summary"]
assert s["files"] == 3 and s["error"] == 2 and s["warning"] == 0 and s["info"] == 0, s
# The fix-it text fits the trouble: a missing file is not a YAML error.
assert "bracket" in r[0]["findings"][0]["remediation"], r[0]
assert "Check the path" in r[1]["findings"][0]["remediation"], r[1]
PY
# Every kind of load error has its own remediation (DECL-000's remediation_by_cause).
: >"$tmp/empty.yaml"
printf 'a: 1\na: 2\n' >"$tmp/dupkey.yaml"
printf 'a: \223\372\226\173\n' >"$tmp/sjis.yaml"
expect 2 "kinds of load error" -- "$bin" check --format json "$tmp/empty.yaml" "$tmp/dupkey.yaml" "$tmp/sjis.yaml"
python3 - "$tmp/out" <<'PY' && ok || bad "remediation by kind of load error"
import json, sys
r = json.load(open(sys.argv[1]))["results"]
want = ["one declaration per file", "Write the key once", "Save the declaration as UTF-8"]
for x, w in zip(r, want):
    f = x["findings"][0]
    assert f["rule"] == "DECL-000" and w in f["remediation"], (w, f)
PY
# A selection never hides a file the selected rules did not check: one that could not be
# loaded (DECL-000), one that is not a declaration (DECL-001), one of an unknown material
# (DECL-005): the rules the stages halt on are always selected.
printf 'foo: bar\n' >"$tmp/not-a-declaration.yaml"
sed 's/^  material: semiconductors$/  material: plutonium/' "$valid" >"$tmp/plutonium.yaml"
for sel in "--rule TL-C-001" "--clause ウ"; do
  expect 2 "broken file with $sel" -- "$bin" check --format json $sel "$tmp/broken.yaml" "$valid" \
    "$tmp/not-a-declaration.yaml" "$tmp/plutonium.yaml"
  python3 - "$tmp/out" <<'PY' && ok || bad "a file the rules did not check is reported whatever the selection ($sel)"
import json, sys
d = json.load(open(sys.argv[1]))
r, s = d["results"], d["summary"]
assert [f["rule"] for f in r[0]["findings"]] == ["DECL-000"], r[0]["findings"]
assert r[1]["findings"] == [], r[1]["findings"]
assert [f["rule"] for f in r[2]["findings"]] == ["DECL-001"], r[2]["findings"]
assert [f["rule"] for f in r[3]["findings"]] == ["DECL-005"], r[3]["findings"]
assert s["clean"] == 1 and s["with_errors"] == 3 and s["unreadable"] == 1, s
PY
done
# A clause the pack does not have is an error, as an unknown rule is (it selected nothing).
expect 2 "unknown --clause" -- "$bin" check --clause カ "$valid"
has "$tmp/err" "clause カ matches no clause of the pack" "unknown --clause names the clause"
expect 0 "--clause (ウ)" -- "$bin" check --clause "(ウ)" "$valid"
# A (イ) finding and a (ウ) one: --rule ignores letter case; given with --clause,
# a rule is reported when both name it, and a pair that names none is an error.
sed 's/pledges_obtained: 3/pledges_obtained: 1/; s/equivalent_measures_required: true/equivalent_measures_required: false/' \
  "$valid" >"$tmp/b-and-c.yaml"
expect 1 "--rule in lower case" -- "$bin" check --format json --rule tl-b-003 "$tmp/b-and-c.yaml"
python3 -c 'import json,sys; f=[x["rule"] for r in json.load(open(sys.argv[1]))["results"] for x in r["findings"]]; assert f==["TL-B-003"], f' \
  "$tmp/out" && ok || bad "--rule tl-b-003 selects TL-B-003"
expect 1 "--clause with --rule" -- "$bin" check --format json --clause ウ --rule 'TL-C-*' --rule TL-B-003 "$tmp/b-and-c.yaml"
python3 -c 'import json,sys; f=[x["rule"] for r in json.load(open(sys.argv[1]))["results"] for x in r["findings"]]; assert f==["TL-C-004"], f' \
  "$tmp/out" && ok || bad "--clause ウ --rule TL-C-* --rule TL-B-003 reports TL-C-004 alone"
expect 2 "--clause and --rule that leave no rule" -- "$bin" check --clause ウ --rule 'TL-B-*' "$tmp/b-and-c.yaml"
has "$tmp/err" "select no rule together" "empty selection named"
expect 2 "file over --max-bytes" -- "$bin" check --format json --max-bytes 5 "$tmp/dupkey.yaml"
has "$tmp/out" "goes beyond a limit of the loader" "remediation of a limit"
# DECL-002 on a required key written null points at the null (line 12, after
# `corporate_number: `), as an expression rule's finding on a null value does;
# on a key not written at all, at the mapping that should hold it (line 11).
sed 's/^  corporate_number: "1180301018771"$/  corporate_number: ~/' "$valid" >"$tmp/null-required.yaml"
sed '/^  corporate_number: "1180301018771"$/d' "$valid" >"$tmp/absent-required.yaml"
expect 1 "required key written null" -- "$bin" check --format json "$tmp/null-required.yaml"
python3 -c 'import json,sys; f=[(x["rule"],x["line"],x["column"]) for r in json.load(open(sys.argv[1]))["results"] for x in r["findings"]]; assert f==[("DECL-002",12,21)], f' \
  "$tmp/out" && ok || bad "DECL-002 points at the null"
expect 1 "required key not written" -- "$bin" check --format json "$tmp/absent-required.yaml"
python3 -c 'import json,sys; f=[(x["rule"],x["line"],x["column"]) for r in json.load(open(sys.argv[1]))["results"] for x in r["findings"]]; assert f==[("DECL-002",11,3)], f' \
  "$tmp/out" && ok || bad "DECL-002 points at the mapping"
expect 2 "missing file, Japanese" -- "$bin" check --lang ja "$tmp/missing.yaml"
has "$tmp/out" "パスを確認してください" "Japanese remediation of a missing file"
# The system's reason is given in the reader's language: a Japanese report does
# not say "No such file or directory"; an English one does.
has "$tmp/out" "ファイルを読み込めません: ファイルまたはフォルダが存在しません" "a missing file's reason in Japanese"
if grep -q "No such file" "$tmp/out"; then bad "English reason in a Japanese report"; else ok; fi
expect 2 "missing file, English" -- "$bin" check "$tmp/missing.yaml"
has "$tmp/out" "cannot read the file: No such file or directory" "a missing file's reason in English"
expect 2 "--output in a missing folder, Japanese" -- "$bin" check --lang ja --output "$tmp/no/such/dir/r.txt" "$valid"
has "$tmp/err" "に書き込めません: ファイルまたはフォルダが存在しません" "a write error's reason in Japanese"

# Directories: searched recursively for *.yaml and *.yml, files in byte order.
mkdir -p "$tmp/tree/b" "$tmp/tree/a"
for f in tree/b/x.yaml tree/a/z.yml tree/B.yaml tree/a.yaml; do cp "$valid" "$tmp/$f"; done
echo "not yaml" >"$tmp/tree/notes.txt"
expect 0 "directory" -- "$bin" check --format json "$tmp/tree"
python3 - "$tmp/out" "$tmp/tree" <<'PY' && ok || bad "directory order"
import json, sys
d = json.load(open(sys.argv[1]))
files = [x["file"][len(sys.argv[2]) + 1:] for x in d["results"]]
assert files == sorted(files, key=lambda s: s.encode()) == ["B.yaml", "a.yaml", "a/z.yml", "b/x.yaml"], files
PY
# Symbolic links in a folder: one to a file is checked, one that leads nowhere is
# reported as unreadable, one to a folder is not followed, whatever its name.
mkdir -p "$tmp/links/real"
cp "$valid" "$tmp/links/real/a.yaml"
ln -s real "$tmp/links/folder.yaml"
ln -s real/a.yaml "$tmp/links/file.yaml"
ln -s nowhere "$tmp/links/dangling.yml"
expect 2 "symbolic links in a folder" -- "$bin" check --format json "$tmp/links"
python3 - "$tmp/out" "$tmp/links" <<'PY' && ok || bad "symbolic links in a folder"
import json, sys
d = json.load(open(sys.argv[1]))
got = [(x["file"][len(sys.argv[2]) + 1:], x["loaded"]) for x in d["results"]]
assert got == [("dangling.yml", False), ("file.yaml", True), ("real/a.yaml", True)], got
PY

# A finding points at the node its path names when the node is written, even
# when the value is not valid (DECL-003: it counts as not declared) or null: the
# line of `country:`, not the act's first line (rules.md: "its line and column
# come from the node there; for a missing key, from the mapping that should
# hold it").
for v in jp null; do
  sed "s/^    country: TH\$/    country: $v/" "$valid" >"$tmp/country-$v.yaml"
  expect 1 "act country $v" -- "$bin" check --format json "$tmp/country-$v.yaml"
  python3 - "$tmp/out" "$tmp/country-$v.yaml" "$v" <<'PY' && ok || bad "act country $v: TL-D-007 points at the country line"
import json, sys
want = [i + 1 for i, l in enumerate(open(sys.argv[2])) if l == "    country: %s\n" % sys.argv[3]]
f = [f for r in json.load(open(sys.argv[1]))["results"] for f in r["findings"] if f["rule"] == "TL-D-007"]
assert len(want) == 1 and len(f) == 1 and f[0]["line"] == want[0], (want, f)
assert f[0]["path"] == "planned_acts[0].country", f
PY
done
# A key that is not written at all: the act (the mapping that should hold it).
grep -v "^    country: TH\$" "$valid" >"$tmp/country-none.yaml"
expect 1 "act without country" -- "$bin" check --format json "$tmp/country-none.yaml"
python3 - "$tmp/out" "$tmp/country-none.yaml" <<'PY' && ok || bad "act without country: TL-D-007 points at the act"
import json, sys
want = [i + 1 for i, l in enumerate(open(sys.argv[2])) if l.startswith("  - id: ACT1")]
f = [f for r in json.load(open(sys.argv[1]))["results"] for f in r["findings"] if f["rule"] == "TL-D-007"]
assert len(want) == 1 and len(f) == 1 and f[0]["line"] == want[0], (want, f)
PY

# A folder that cannot be read does not stop the batch: it is reported in its
# place as unreadable (DECL-000, exit 2) and every other file is checked. As
# root, the run drops to nobody (setpriv), for whom the folder is closed.
mkdir -p "$tmp/perm/ok" "$tmp/perm/locked"
cp "$valid" "$tmp/perm/ok/a.yaml"
cp "$valid" "$tmp/perm/locked/b.yaml"
cp "$valid" "$tmp/perm/z.yaml"
chmod 000 "$tmp/perm/locked"
chmod o+rx "$tmp" "$tmp/perm" "$tmp/perm/ok"
chmod o+r "$tmp/perm/ok/a.yaml" "$tmp/perm/z.yaml"
as_other=()
if [ "$(id -u)" = 0 ]; then
  command -v setpriv >/dev/null && as_other=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
if [ "$(id -u)" != 0 ] || [ ${#as_other[@]} -gt 0 ]; then
  expect 2 "unreadable folder in a batch" -- "${as_other[@]}" "$bin" check --format json "$tmp/perm"
  python3 - "$tmp/out" "$tmp/perm" <<'PY' && ok || bad "unreadable folder reported in place, the rest checked"
import json, sys
d = json.load(open(sys.argv[1]))
got = [(x["file"][len(sys.argv[2]) + 1:], x["loaded"]) for x in d["results"]]
assert got == [("locked", False), ("ok/a.yaml", True), ("z.yaml", True)], got
f = d["results"][0]["findings"][0]
assert f["rule"] == "DECL-000" and "cannot read the folder" in f["message"], f
PY
else
  echo "SKIP: unreadable folder (root without setpriv)"
fi
chmod 700 "$tmp/perm/locked"
# Folders are searched at any depth, one open at a time: 100 levels down, with
# a handful of file descriptors, the declaration is found and checked (past 64
# levels it used to be left out in silence). Running out of descriptors while
# opening a folder stops the run, saying why: test_batch (test_collect_deep),
# since the program itself needs no more than one at a time.
d="$tmp/deep"; for i in $(seq 1 100); do d="$d/d"; done
mkdir -p "$d" && cp "$valid" "$d/x.yaml" && cp "$valid" "$tmp/deep/y.yaml"
(ulimit -n 8; "$bin" check --format json "$tmp/deep" >"$tmp/out" 2>"$tmp/err"; echo $? >"$tmp/st")
[ "$(cat "$tmp/st")" = 0 ] && ok || bad "a tree 100 folders deep: exit $(cat "$tmp/st"), want 0: $(cat "$tmp/err")"
python3 - "$tmp/out" <<'PY' && ok || bad "a tree 100 folders deep: both declarations checked"
import json, sys
r = json.load(open(sys.argv[1]))["results"]
assert [x["file"].split("/").count("d") for x in r] == [100, 0] and all(x["loaded"] for x in r), [x["file"][-30:] for x in r]
PY
# A folder whose path is too long to open is the folder's trouble: reported in
# its place, the rest checked.
mkdir -p "$tmp/long"
cp "$valid" "$tmp/long/a.yaml"
python3 - "$tmp/long" <<'PY' || bad "long path setup"
import os, sys
fd = os.open(sys.argv[1], os.O_RDONLY)
for i in range(18):
    name = "d%02d" % i + "x" * 240
    os.mkdir(name, dir_fd=fd)
    nfd = os.open(name, os.O_RDONLY, dir_fd=fd)
    os.close(fd)
    fd = nfd
with open(os.open("deep.yaml", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w") as f:
    f.write("format: tlcheck-declaration/1\n")
PY
expect 2 "a folder path too long" -- "$bin" check --format json "$tmp/long"
python3 - "$tmp/out" <<'PY' && ok || bad "a folder path too long: reported in place, the rest checked"
import json, sys
d = json.load(open(sys.argv[1]))
r = d["results"]
assert r[0]["file"].endswith("/a.yaml") and r[0]["loaded"], r[0]["file"]
assert len(r) == 2 and not r[1]["loaded"] and r[1]["findings"][0]["rule"] == "DECL-000", [x["file"][-20:] for x in r]
assert "too long" in r[1]["findings"][0]["message"], r[1]["findings"][0]["message"]
PY
# A file given twice (here also found in a folder given before it) is checked,
# reported and counted once, where it first comes, with a warning.
mkdir -p "$tmp/twice"
cp "$valid" "$tmp/twice/a.yaml"
expect 0 "a file given twice" -- "$bin" check --format json "$tmp/twice" "$tmp/twice/a.yaml" "$tmp/twice//a.yaml"
has "$tmp/err" "warning: $tmp/twice/a.yaml is given twice: it is checked once" "the repeat is named"
python3 - "$tmp/out" <<'PY' && ok || bad "a file given twice: one result"
import json, sys
d = json.load(open(sys.argv[1]))
assert len(d["results"]) == 1 and d["summary"]["files"] == 1, d["summary"]
PY
# A folder without a declaration among other paths is named on standard error.
mkdir -p "$tmp/nodecl"
echo "notes" >"$tmp/nodecl/readme.txt"
expect 0 "folder without YAML among other paths" -- "$bin" check "$tmp/nodecl" "$valid"
has "$tmp/err" "warning: no \*.yaml or \*.yml file in $tmp/nodecl" "folder without YAML named"
has "$tmp/out" "^1 file checked" "the other path checked"
expect 2 "only a folder without YAML" -- "$bin" check "$tmp/nodecl"
has "$tmp/err" "no \*.yaml or \*.yml file found" "nothing to check"

# --output is atomic: complete or untouched, no temporary file left behind.
expect 1 "--output" -- "$bin" check --format json --output "$tmp/report.json" "$data/errors.yaml"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/report.json" && ok || bad "--output is JSON"
[ ! -s "$tmp/out" ] && ok || bad "--output leaves stdout empty"
echo previous >"$tmp/keep.json"
expect 2 "failing run keeps the old output" -- "$bin" check --output "$tmp/keep.json" --rules "$tmp/no-such-pack" "$valid"
[ "$(cat "$tmp/keep.json")" = previous ] && ok || bad "old output overwritten by a failed run"
ls -a "$tmp" | grep -q '^\.keep\.json\.' && bad "temporary file left" || ok
expect 2 "unwritable output" -- "$bin" check --output "$tmp/no/such/dir/r.json" "$valid"
# --output that names one of the inputs (directly, in a folder searched, or
# through a link) is refused: the report would replace the declaration.
mkdir -p "$tmp/self"
cp "$valid" "$tmp/self/d.yaml"
cp "$tmp/self/d.yaml" "$tmp/self-before.yaml"
expect 2 "--output is an input" -- "$bin" check --format json --output "$tmp/self/d.yaml" "$tmp/self/d.yaml"
has "$tmp/err" "is the file .*d.yaml, which is read: the report would replace it" "--output is an input: said"
expect 2 "--output is a file of a folder checked" -- "$bin" check --format json --output "$tmp/self/d.yaml" "$tmp/self"
ln -s d.yaml "$tmp/self/link.json"
expect 2 "--output leads to an input" -- "$bin" check --format json --output "$tmp/self/link.json" "$tmp/self/d.yaml"
# ... whatever the names: an input that is a link to it, a hard link, a link in
# a folder searched; and for diff, and the waiver file.
ln -s d.yaml "$tmp/self/in-link.yml"
expect 2 "an input links to --output" -- "$bin" check --output "$tmp/self/d.yaml" "$tmp/self/in-link.yml"
ln "$tmp/self/d.yaml" "$tmp/hard.yaml"
expect 2 "an input is a hard link of --output" -- "$bin" check --output "$tmp/self/d.yaml" "$tmp/hard.yaml"
expect 2 "diff --output is an input" -- "$bin" diff --output "$tmp/self/d.yaml" "$tmp/self/d.yaml" "$valid"
printf 'format: tlcheck-waivers/1\nwaivers: []\n' >"$tmp/self-w.yaml"
expect 2 "--output is the waiver file" -- "$bin" check --waivers "$tmp/self-w.yaml" --output "$tmp/self-w.yaml" "$valid"
has "$tmp/self-w.yaml" "^format: tlcheck-waivers/1" "the waiver file kept"
# The declarations are told from --output as they are read: one found to be it
# after others were checked stops the run, names it, and nothing is written
# (no temporary file left), with any number of jobs; one that cannot be opened
# is still recognised (out of descriptors here: only its path is left).
mkdir -p "$tmp/self2"
for n in 1 2 3; do cp "$valid" "$tmp/self2/d$n.yaml"; done
cp "$tmp/self2/d2.yaml" "$tmp/self2-before.yaml"
for j in 1 2 3; do
  expect 2 "--output is the second input, --jobs $j" -- "$bin" check --jobs "$j" --format json \
    --output "$tmp/self2/d2.yaml" "$tmp/self2/d1.yaml" "$tmp/self2/d2.yaml" "$tmp/self2/d3.yaml"
  has "$tmp/err" "is the file .*self2/d2.yaml, which is read" "--output is the second input: named, --jobs $j"
  cmp -s "$tmp/self2/d2.yaml" "$tmp/self2-before.yaml" && ok || bad "the second input was overwritten (--jobs $j)"
  ls -a "$tmp/self2" | grep -q '^\.d2\.yaml\.' && bad "temporary file left (--jobs $j)" || ok
done
expect 2 "--output is an input that cannot be opened" -- \
  sh -c 'for fd in 3 4 5 6 7 8 9; do eval "exec $fd>&-"; done; ulimit -n 4 && exec "$@"' \
  sh "$bin" check --jobs 1 --format json \
  --output "$tmp/self2/d3.yaml" "$tmp/self2/d3.yaml"
has "$tmp/err" "is the file .*self2/d3.yaml, which is read" "an input that cannot be opened is still --output"
cmp -s "$tmp/self2/d3.yaml" "$tmp/self2-before.yaml" && ok || bad "the unopened input was overwritten"
# ... and through /proc (/dev/stdout onto an input), written as it comes, the
# declarations are compared first: nothing reaches the input.
expect 2 "--output /dev/stdout appended to an input" -- \
  sh -c '"$1" check --format json --output /dev/stdout "$2" "$3" >>"$3"' \
  sh "$bin" "$tmp/self2/d1.yaml" "$tmp/self2/d2.yaml"
has "$tmp/err" "is the file .*self2/d2.yaml, which is read" "--output /dev/stdout onto an input: said"
cmp -s "$tmp/self2/d2.yaml" "$tmp/self2-before.yaml" && ok || bad "report appended to an input through /dev/stdout"
# A path too long for the temporary file's name is said to be so.
long=$(printf './%.0s' $(seq 2050))long.json
expect 2 "--output too long for a temporary file" -- "$bin" check --output "$long" "$valid"
has "$tmp/err" "cannot write .*long.json: File name too long" "--output too long: said so"
cmp -s "$tmp/self/d.yaml" "$tmp/self-before.yaml" && ok || bad "the declaration was overwritten"
expect 0 "--output beside the inputs" -- "$bin" check --format json --output "$tmp/self/r.json" "$tmp/self/d.yaml"

# --output through symbolic links replaces the file they lead to and keeps them;
# a target that is not a regular file (a pipe, a device) is written to as it is,
# never replaced by a file; a folder is refused. The replaced file keeps its mode.
mkdir -p "$tmp/o/sub"
echo old >"$tmp/o/real.json"
chmod 640 "$tmp/o/real.json"
ln -s real.json "$tmp/o/link.json"
ln -s ../real.json "$tmp/o/sub/up.json"
ln -s missing.json "$tmp/o/dangling.json"
expect 1 "--output through a symbolic link" -- "$bin" check --format json --output "$tmp/o/link.json" "$data/errors.yaml"
[ -L "$tmp/o/link.json" ] && ok || bad "--output replaced the symbolic link itself"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/o/real.json" && ok || bad "the linked file holds the report"
[ "$(stat -c %a "$tmp/o/real.json")" = 640 ] && ok || bad "the replaced file lost its mode: $(stat -c %a "$tmp/o/real.json")"
echo old >"$tmp/o/real.json"
expect 1 "--output through a relative link in another folder" -- "$bin" check --format json --output "$tmp/o/sub/up.json" "$data/errors.yaml"
[ -L "$tmp/o/sub/up.json" ] && grep -q '"results"' "$tmp/o/real.json" && ok || bad "sub/up.json -> ../real.json not followed"
expect 1 "--output through a dangling link" -- "$bin" check --format json --output "$tmp/o/dangling.json" "$data/errors.yaml"
[ -L "$tmp/o/dangling.json" ] && grep -q '"results"' "$tmp/o/missing.json" && ok || bad "the dangling link's file was not created"
ls -A "$tmp/o" "$tmp/o/sub" | grep -q '^\.' && bad "temporary file left beside a link's file" || ok
mkfifo "$tmp/o/fifo"
# (a reader that waits at most 20 s: with the pipe replaced, nobody would write to it)
timeout 20 cat "$tmp/o/fifo" >"$tmp/o/fifo.out" &
reader=$!
expect 1 "--output to a pipe" -- "$bin" check --format json --output "$tmp/o/fifo" "$data/errors.yaml"
wait "$reader"
[ -p "$tmp/o/fifo" ] && ok || bad "--output replaced a named pipe with a file"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/o/fifo.out" && ok || bad "the report went through the pipe"
if mknod "$tmp/o/null" c 1 3 2>/dev/null; then  # as root: a device like /dev/null
  expect 1 "--output to a device" -- "$bin" check --output "$tmp/o/null" "$data/errors.yaml"
  [ -c "$tmp/o/null" ] && ok || bad "--output replaced a device with a file"
fi
# /dev/stdout names the descriptor: a log it is appended to stays, the report after it.
echo "log line" >"$tmp/o/log"
"$bin" check --format json --output /dev/stdout "$data/errors.yaml" >>"$tmp/o/log" 2>"$tmp/err"
python3 - "$tmp/o/log" <<'PY' && ok || bad "--output /dev/stdout replaced the file standard output appends to"
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
assert text.startswith("log line\n"), text[:80]
json.loads(text[len("log line\n"):])
PY
expect 2 "--output to a folder" -- "$bin" check --output "$tmp/o/sub" "$data/errors.yaml"
has "$tmp/err" "it is a folder" "a folder is named as such"
[ -d "$tmp/o/sub" ] && ok || bad "the folder is gone"
ln -s loop1 "$tmp/o/loop2"
ln -s loop2 "$tmp/o/loop1"
expect 2 "--output to a cycle of links" -- "$bin" check --output "$tmp/o/loop1" "$data/errors.yaml"
has "$tmp/err" "cannot write" "a cycle of links is a write error"

# On a terminal shared by the report and the progress line (script(1) gives the
# run one), every progress line is erased before any report text follows it.
if command -v script >/dev/null 2>&1; then
  script -qec "'$bin' check --color never --jobs 2 '$data'" /dev/null >"$tmp/tty.out" 2>&1
  python3 - "$tmp/tty.out" <<'PY' && ok || bad "a report line follows a progress line on the same row"
import re, sys
s = open(sys.argv[1], "rb").read().decode("utf-8", "replace")
lines = list(re.finditer(r"\[\d+/\d+\] [^\r\n]*? s left", s))
assert lines, "no progress line drawn: %r" % s[:300]
for m in lines:
    assert s.startswith("\r\x1b[K", m.end()), "after %r: %r" % (m.group(0), s[m.end():m.end() + 60])
PY
  # A JSON or SARIF report leaves a result's closing brace inside a line until
  # the next one: the progress line must not be drawn (nor erased) there, or
  # the screen loses the brace. What the screen shows is the report itself.
  for fmt in json sarif; do
    "$bin" check --format "$fmt" --jobs 2 "$data" >"$tmp/plain.$fmt" 2>/dev/null
    script -qec "'$bin' check --format $fmt --jobs 2 '$data'" /dev/null >"$tmp/tty.$fmt" 2>&1
    python3 - "$tmp/tty.$fmt" "$tmp/plain.$fmt" <<'PY' && ok || bad "$fmt on a terminal shared with the progress line"
import sys
raw = open(sys.argv[1], "rb").read().decode("utf-8", "replace")
# The screen as a terminal draws it: CR to the line's start, ESC[K erases to
# its end, LF (the pty's CR LF) to the next line.
rows, row, col, i = [], [], 0, 0
while i < len(raw):
    if raw.startswith("\x1b[K", i):
        del row[col:]
        i += 3
        continue
    c = raw[i]
    if c == "\r":
        col = 0
    elif c == "\n":
        rows.append("".join(row)); row, col = [], 0
    else:
        row[col:col + 1] = [c]
        col += 1
    i += 1
rows.append("".join(row))
screen = "\n".join(rows).rstrip("\n") + "\n"
plain = open(sys.argv[2], encoding="utf-8").read()
assert screen == plain, "the screen shows %r" % [l for l in screen.splitlines() if l not in plain.splitlines()][:5]
PY
  done
fi

# Language: --lang, then LC_ALL, LC_MESSAGES, LANG.
expect 1 "--lang ja" -- "$bin" check --lang ja "$data/errors.yaml"
has "$tmp/out" "秘密保持契約" "Japanese messages"
has "$tmp/out" "ファイルを検査" "Japanese summary"
LANG=ja_JP.UTF-8 expect 1 "LANG=ja" -- "$bin" check "$data/errors.yaml"
has "$tmp/out" "秘密保持契約" "LANG selects Japanese"
LANG=ja_JP.UTF-8 LC_ALL=en_US.UTF-8 expect 1 "LC_ALL wins" -- "$bin" check "$data/errors.yaml"
hasnt "$tmp/out" "秘密保持契約" "LC_ALL=en wins over LANG"
LANG=ja_JP.UTF-8 expect 1 "--lang en wins" -- "$bin" check --lang en "$data/errors.yaml"
hasnt "$tmp/out" "秘密保持契約" "--lang en wins over LANG"

# The tool's own messages follow the language too: usage errors and --help.
LANG=ja_JP.UTF-8 expect 2 "Japanese usage error" -- "$bin" check --frob "$valid"
has "$tmp/err" "不明なオプション" "usage errors in Japanese"
LANG=ja_JP.UTF-8 expect 0 "Japanese help" -- "$bin" check --help
has "$tmp/out" "使い方: tlcheck check" "--help in Japanese"
expect 2 "English usage error" -- "$bin" check --frob "$valid"
has "$tmp/err" "unknown option" "usage errors in English"

# Colour only when asked or on a terminal, never with NO_COLOR.
expect 1 "no colour in a pipe" -- "$bin" check "$data/errors.yaml"
hasnt "$tmp/out" $'\033\[' "escape codes in a pipe"
expect 1 "--color always" -- "$bin" check --color always "$data/errors.yaml"
has "$tmp/out" $'\033\[' "escape codes with --color always"
NO_COLOR=1 expect 1 "NO_COLOR" -- "$bin" check --color always "$data/errors.yaml"
hasnt "$tmp/out" $'\033\[' "NO_COLOR disables colour"

# A batch's closing summary counts plans, not findings, per material.
expect 1 "batch summary" -- "$bin" check "$data"
has "$tmp/out" "by material: semiconductors 3 (1 with errors), fertilizer 1 (0 with errors)" "plans by material"
has "$tmp/out" "^4 files checked: 2 errors, 1 warning, 2 info" "batch summary line"
# A plan without a material is counted as such (as the HTML report says), not as "?".
mkdir -p "$tmp/nomat"
cp "$valid" "$tmp/nomat/a.yaml"
sed '/^  material: semiconductors$/d' "$valid" >"$tmp/nomat/b.yaml"
expect 1 "batch summary, a plan without material" -- "$bin" check "$tmp/nomat"
has "$tmp/out" "by material: semiconductors 1 (0 with errors), (not declared) 1 (1 with errors)" "no material named"
has "$tmp/out" "by ministry: METI 1 (0 with errors), (unknown) 1 (1 with errors)" "no ministry named"
expect 1 "batch summary, a plan without material, Japanese" -- "$bin" check --lang ja "$tmp/nomat"
has "$tmp/out" "(記載なし) 1 件 (エラーあり 1)" "no material named in Japanese"
has "$tmp/out" "(不明) 1 件 (エラーあり 1)" "no ministry named in Japanese"
expect 1 "HTML ministries, a plan without material" -- "$bin" check --format html "$tmp/nomat"
has "$tmp/out" "<th>(unknown)</th>" "no ministry named in HTML"

# Parameters change verdicts without a rebuild.
expect 2 "unknown --param" -- "$bin" check --param nosuch=1 "$valid"
expect 2 "ill-typed --param" -- "$bin" check --param consultation_lead_days=soon "$valid"
has "$tmp/err" "\`soon\` is not a whole number" "ill-typed --param named"
# Twenty digits are a whole number, too large for one: it is said so.
expect 2 "--param too large a whole number" -- "$bin" check --param access_review_max_months=99999999999999999999 "$valid"
has "$tmp/err" "\`99999999999999999999\` is a whole number too large to be a value here" "too large a whole number named"
# A decimal with more digits than a decimal holds is a number all the same.
expect 2 "--param decimal of 39 digits" -- "$bin" check --param max_authorized_share=20.000000000000000000000000000000000000001 "$valid"
has "$tmp/err" "has too many digits, or is too large or too small, to be held exactly" "too many digits named"
expect 2 "--param decimal of 39 digits, Japanese" -- "$bin" check --lang ja --param max_authorized_share=1e-40 "$valid"
has "$tmp/err" "桁数が多すぎるか" "too many digits named in Japanese"
# The capacity threshold has a ceiling (a hundredfold increase), so that its
# comparison stays within a decimal's digits: 10000 is taken, above is refused.
expect 0 "--param capacity_increase_threshold=10000" -- "$bin" check --param capacity_increase_threshold=10000 "$valid"
expect 2 "--param capacity_increase_threshold above 10000" -- "$bin" check --param capacity_increase_threshold=10000.01 "$valid"
has "$tmp/err" "is above the maximum, 10000" "the threshold's ceiling named"
expect 2 "--param that is no number" -- "$bin" check --param max_authorized_share=abc "$valid"
has "$tmp/err" "\`abc\` is not a decimal number" "not a number named"
# A value the parameter cannot take: a misspelt material would take every
# leakage rule off that material, a negative share or day count means nothing.
expect 2 "--param materials with an unknown code" -- "$bin" check --param materials=semiconductor,storage_batteries "$valid"
has "$tmp/err" "--param materials: \`semiconductor\` is not a material code of the pack" "unknown material named"
expect 2 "--param materials empty" -- "$bin" check --param materials= "$valid"
has "$tmp/err" "names no material" "empty materials refused"
expect 2 "--param below its minimum" -- "$bin" check --param max_authorized_share=-5 "$valid"
has "$tmp/err" "below the minimum, 0" "minimum named"
expect 2 "--param above its maximum" -- "$bin" check --param local_consumption_exemption=100.01 "$valid"
expect 2 "--param day count below 0" -- "$bin" check --param consultation_lead_days=-30 "$valid"
expect 0 "--param at its maximum" -- "$bin" check --param max_authorized_share=100 "$valid"
# A lookback past year 1 would make TL-D-006 an evaluation error: bounded.
expect 2 "--param lookback beyond its maximum" -- "$bin" check --param violation_lookback_years=2026 "$valid"
expect 0 "--param counts at their maxima" -- "$bin" check --param violation_lookback_years=100 \
  --param access_review_max_months=1200 --param non_compete_max_months=1200 --param consultation_lead_days=3650 "$valid"
hasnt "$tmp/out" "could not be evaluated" "no rule error at the maxima"
expect 2 "rules --param with an unknown material" -- "$bin" rules --materials --param materials=semiconductor
expect 0 "capacity +6% at the default threshold" -- "$bin" check --fail-on warning "$data/capacity-6pct.yaml"
expect 1 "capacity +6% with threshold 5" -- "$bin" check --param capacity_increase_threshold=5 "$data/capacity-6pct.yaml"
has "$tmp/out" "TL-D-002" "threshold 5 makes the act covered"

# A copy of the pack with one more covered material, loaded with --rules.
cp -r "$src/rules" "$tmp/pack"
expect 0 "fertilizer is not covered" -- "$bin" check --fail-on warning "$data/fertilizer.yaml"
has "$tmp/out" "0 errors" "no TL finding for fertilizer"
sed -i 's/default: \[semiconductors,/default: [fertilizer, semiconductors,/' "$tmp/pack/pack.yaml"
expect 1 "fertilizer covered by a pack copy" -- "$bin" check --rules "$tmp/pack" "$data/fertilizer.yaml"
has "$tmp/out" "TL-" "TL rules run once fertilizer is covered"

# Rule selection.
expect 1 "--rule TL-C-*" -- "$bin" check --format json --rule 'TL-C-*' "$data/errors.yaml"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); r=[f["rule"] for x in d["results"] for f in x["findings"]]; assert r and all(x.startswith("TL-C-") for x in r), r' "$tmp/out" && ok || bad "--rule filters findings"
expect 2 "--rule matching nothing" -- "$bin" check --rule NOPE-1 "$valid"

# eval: 0 value, 1 evaluation error, 2 syntax error.
expect 0 "eval" -- "$bin" eval '0.33 - 0.3 == 0.03 && 84.999999999999999999 < 85'
has "$tmp/out" "^true$" "exact decimals"
expect 1 "eval error" -- "$bin" eval '1 / 0'
expect 2 "eval syntax" -- "$bin" eval '(1 + 2'
has "$tmp/err" "expected ')'" "syntax error wording"
# A list that holds another many times over (4^16 items in a few KB) is not
# printed for minutes: eval refuses it at once.
big='["a"]'; for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do big="$big.map(s, [s, s, s, s])"; done
expect 1 "eval of a value too large to print" -- "$bin" eval "$big"
has "$tmp/err" "too large to write out" "too large a value named"
printf 'plan:\n  material: semiconductors\n' >"$tmp/in.yaml"
expect 0 "eval --input" -- "$bin" eval --input "$tmp/in.yaml" 'plan.material'
has "$tmp/out" '^"semiconductors"$' "eval --input variables"

# rules, explain, init.
expect 0 "rules" -- "$bin" rules
has "$tmp/out" "^TL-D-002" "rules lists TL-D-002"
expect 0 "rules --material fertilizer" -- "$bin" rules --material fertilizer
hasnt "$tmp/out" "^TL-" "no TL rule for an uncovered material"
expect 0 "explain" -- "$bin" explain TL-D-004
has "$tmp/out" "事前相談" "explain shows the Japanese clause"
has "$tmp/out" "consultation_lead_days" "explain shows parameters"
expect 0 "help check" -- "$bin" help check
has "$tmp/out" "^Usage: tlcheck check \[OPTIONS\] PATH" "tlcheck help check is check --help"
expect 0 "help diff" -- "$bin" help diff
has "$tmp/out" "^Usage: tlcheck diff" "tlcheck help diff is diff --help"
# JUnit's timestamp: SOURCE_DATE_EPOCH within the four-digit years, else the clock.
for v in 253402300799:9999-12-31T23:59:59 0:1970-01-01T00:00:00 253402300800:now 99999999999999999999:now -1:now abc:now; do
  SOURCE_DATE_EPOCH=${v%%:*} "$bin" check --format junit --output "$tmp/sde.xml" "$valid"
  ts=$(grep -o 'timestamp="[^"]*"' "$tmp/sde.xml" | head -n1 | cut -d'"' -f2)
  want=${v#*:}
  if [ "$want" = now ]; then
    case $ts in "$(date -u +%Y)"-*) ok ;; *) bad "SOURCE_DATE_EPOCH=${v%%:*}: timestamp $ts, want the clock's" ;; esac
  else
    [ "$ts" = "$want" ] && ok || bad "SOURCE_DATE_EPOCH=${v%%:*}: timestamp $ts, want $want"
  fi
done
expect 0 "explain in Japanese" -- "$bin" explain --lang ja TL-D-004
has "$tmp/out" "^重大度: 警告 (warning)$" "explain names the severity in Japanese, with its --fail-on name"
expect 0 "explain in lower case" -- "$bin" explain tl-d-004
has "$tmp/out" "^TL-D-004  " "explain tl-d-004 is TL-D-004"
expect 2 "explain unknown" -- "$bin" explain TL-X-999
expect 0 "explain DECL-000" -- "$bin" explain DECL-000
has "$tmp/out" "^By kind of trouble:" "explain lists the remediation by kind of load error"
has "$tmp/out" "^  duplicate-key: Write the key once" "explain: duplicate-key"
expect 0 "init" -- "$bin" init --material semiconductors
has "$tmp/out" "material: semiconductors" "init fills in the material"
expect 2 "init unknown material" -- "$bin" init --material gold
# The template is not clean as it is, and clean once its placeholders are filled in.
"$bin" init --material semiconductors >"$tmp/init.yaml"
expect 1 "unfilled template" -- "$bin" check "$tmp/init.yaml"
# Left unfilled, no placeholder passes for an answer: texts, numbers, dates and
# the yes/no questions of the measures all ask to be filled in (DECL-003).
"$bin" check --format json --output "$tmp/init.json" "$tmp/init.yaml"
python3 - "$tmp/init.json" "$tmp/init.yaml" <<'PY' && ok || bad "unfilled template: every placeholder is a finding"
import json, re, sys
f = {x["path"] for r in json.load(open(sys.argv[1]))["results"] for x in r["findings"] if x["rule"] == "DECL-003"}
for p in ["plan.id", "applicant.name", "core_technologies[0].public", "employees.exit_pledge.required",
          "employees.non_compete.efforts", "access_control.business_employees",
          "employees.exit_pledge.departures", "access_control.organization.officer"]:
    assert p in f, (p, sorted(f))
placeholders = sum(len(re.findall(r"<[^<>\n]+>", l.partition("#")[0])) for l in open(sys.argv[2]))
assert len(f) >= placeholders - 1, (len(f), placeholders)  # corporate_number's is DECL-004
PY
for m in $("$bin" rules --materials | awk '{print $1}'); do
  "$bin" init --material "$m" | python3 "$src/tests/scripts/fill_template.py" >"$tmp/filled-$m.yaml" || bad "fill template $m"
  expect 0 "filled template for $m" -- "$bin" check --fail-on warning "$tmp/filled-$m.yaml"
done

# Text for a terminal: control characters from a declaration are escaped, so a
# declaration cannot clear the screen, set the title or forge a finding line.
sed -e '$d' -e 's/^  - name: 株式会社部材パートナー$/  - name: "部材\\r\\nother.yaml:2:2: error[TL-B-001] forged"/' \
  -e '/^    equivalent_measures_required: true$/d' "$valid" >"$tmp/esc.yaml"
printf '%s\n' 'leakage_incidents:' '  - on: 2025-01-10' \
  '    description: "\u001b[2J\u001b]0;pwned\u0007\u0085x\u202e\nother.yaml:1:1: error[TL-A-001] forged"' \
  '  - on: 2025-01-11' \
  '    description: "y\u2028other.yaml:3:3: error[TL-A-001] forged"' >>"$tmp/esc.yaml"
grep -q 'TL-B-001] forged"' "$tmp/esc.yaml" || bad "escape test setup"
expect 1 "declaration with control characters" -- "$bin" check --color never "$tmp/esc.yaml"
"$bin" check --color never "$tmp/esc.yaml" --format json --output "$tmp/esc.json"
python3 - "$tmp/out" "$tmp/esc.json" <<'PY' && ok || bad "text report escapes control characters"
import json, re, sys
out = open(sys.argv[1], "rb").read()
assert not re.search(rb"[\x00-\x08\x0b-\x1f\x7f]", out), "raw control character in the text report"
assert "\u0085".encode() not in out and "\u202e".encode() not in out, "C1 or bidi control passed through"
text = out.decode()
assert not re.search(r"^other\.yaml:", text, re.M), "a declaration forged a finding line"
assert r"\x1b[2J\x1b]0;pwned\x07\u0085x\u202e\nother.yaml:1:1:" in text, text
assert r"\r\nother.yaml:2:2:" in text, text
# U+2028 ends a line for JavaScript and Python's splitlines(): escaped too.
assert "\u2028".encode() not in out, "a line separator passed through"
assert not any(l.startswith("other.yaml") for l in text.splitlines()), "a line separator forged a finding line"
assert r"y\u2028other.yaml:3:3:" in text, text
# The other formats keep the text itself (JSON escapes it its own way).
j = json.load(open(sys.argv[2]))
assert any("\x1b[2J" in f["message"] for r in j["results"] for f in r["findings"]), j
PY
# A raw control character in a file that cannot be loaded: its excerpt is
# escaped, and the caret still stands under the column named.
printf 'format: tlcheck-declaration/1\nplan: "a\033[31mb\t" x\n' >"$tmp/rawesc.yaml"
expect 2 "broken file with a raw escape" -- "$bin" check --color never "$tmp/rawesc.yaml"
python3 - "$tmp/out" <<'PY' && ok || bad "excerpt escapes control characters and keeps the caret"
import re, sys
lines = open(sys.argv[1], "rb").read().decode().split("\n")
assert not any(re.search(r"[\x00-\x08\x0b-\x1f\x7f]", l) for l in lines), lines
head = next(i for i, l in enumerate(lines) if "DECL-000" in l)
m = re.match(r"^\S+:(\d+):(\d+): ", lines[head])
col = int(m.group(2))
src = lines[head + 1].split(" | ", 1)[1]
caret = lines[head + 2].split(" | ", 1)[1].index("^")
raw = 'plan: "a\033[31mb\t" x'
shown = raw[:col - 1].replace("\033", r"\x1b").replace("\t", " ")
assert src.startswith('plan: "a\\x1b[31mb "'), src
assert caret == len(shown), (caret, shown, col, lines[head:head + 3])
PY
# diff's text escapes the plan id and the messages the same way.
expect 1 "diff with control characters" -- "$bin" diff "$valid" "$tmp/esc.yaml"
python3 - "$tmp/out" <<'PY' && ok || bad "diff text escapes control characters"
import re, sys
out = open(sys.argv[1], "rb").read()
assert not re.search(rb"[\x00-\x08\x0b-\x1f\x7f]", out), out
assert not re.search(rb"^other\.yaml:", out, re.M), out
PY

# test-rules: a fixture's `# says:` lines are what a finding of its rule must
# say (`# says-ja:` under --lang ja); a text no finding says fails the rule.
cp -r "$src/fixtures/rules" "$tmp/fx"
expect 0 "test-rules" -- "$bin" test-rules "$tmp/fx"
sed -i 's/^# says: 2001 of 10000 employees (20.01%)/# says: 2001 of 10000 employees (20%)/' "$tmp/fx/TL-A-003/fire-2001-of-10000.yaml"
expect 1 "test-rules with a text no finding says" -- "$bin" test-rules "$tmp/fx"
has "$tmp/out" "no finding says \`2001 of 10000 employees (20%)" "test-rules names the text"
has "$tmp/out" "^FAIL TL-A-003" "test-rules fails the rule"
cp "$src/fixtures/rules/TL-A-003/fire-2001-of-10000.yaml" "$tmp/fx/TL-A-003/"
sed -i 's/^# says-ja: 従業員 10000 人中 2001 人 (20.01%)/# says-ja: 従業員 10000 人中 2001 人 (20%)/' "$tmp/fx/TL-A-003/fire-2001-of-10000.yaml"
expect 0 "test-rules in English ignores # says-ja" -- "$bin" test-rules "$tmp/fx"
expect 1 "test-rules --lang ja checks # says-ja" -- "$bin" test-rules --lang ja "$tmp/fx"
cp "$src/fixtures/rules/TL-A-003/fire-2001-of-10000.yaml" "$tmp/fx/TL-A-003/"
# A fixture saved with a byte order mark keeps its header lines.
{ printf '\357\273\277'; sed 's/^# says: 2001 of 10000 employees (20.01%)/# says: WRONG/' \
    "$src/fixtures/rules/TL-A-003/fire-2001-of-10000.yaml"; } >"$tmp/fx/TL-A-003/fire-2001-of-10000.yaml"
expect 1 "test-rules reads the header after a byte order mark" -- "$bin" test-rules "$tmp/fx"
has "$tmp/out" "no finding says \`WRONG have access" "says line after a BOM checked"
cp "$src/fixtures/rules/TL-A-003/fire-2001-of-10000.yaml" "$tmp/fx/TL-A-003/"
# An empty says line, and says lines in a pass fixture, are fixture errors.
sed -i '1a # says:' "$tmp/fx/TL-A-003/fire-2001-of-10000.yaml"
expect 1 "test-rules with an empty says line" -- "$bin" test-rules "$tmp/fx"
has "$tmp/out" "says:\` line is empty" "empty says line named"
cp "$src/fixtures/rules/TL-A-003/fire-2001-of-10000.yaml" "$tmp/fx/TL-A-003/"
sed -i '1a # says: anything' "$tmp/fx/TL-A-003/pass-200-of-1000.yaml"
expect 1 "test-rules with says in a pass fixture" -- "$bin" test-rules "$tmp/fx"
has "$tmp/out" "belong in fire fixtures" "says in a pass fixture named"

# Output that cannot be written is an error, for every command (a template
# written to a full disk is not a template).
if [ -w /dev/full ]; then
  for c in "init --material semiconductors" "rules" "rules --materials" "explain TL-A-001" \
           "eval 1+1" "test-rules $src/fixtures/rules" "diff $valid $valid" "check $valid"; do
    # shellcheck disable=SC2086  # the words of the command
    "$bin" $c >/dev/full 2>"$tmp/err"
    st=$?
    # ... with the system's reason, for check as for the others.
    if [ "$st" = 2 ] && grep -q "cannot write.*: No space left on device" "$tmp/err"; then ok; else bad "$c to a full disk: exit $st, $(head -c 200 "$tmp/err")"; fi
  done
  "$bin" check --lang ja "$valid" >/dev/full 2>"$tmp/err"
  st=$?
  if [ "$st" = 2 ] && grep -q "ディスクの空き容量がありません" "$tmp/err"; then ok; else bad "a full disk in Japanese: exit $st, $(head -c 200 "$tmp/err")"; fi
  for c in "--help" "--version" "check --help" "diff --help"; do
    # shellcheck disable=SC2086
    "$bin" $c >/dev/full 2>"$tmp/err"
    st=$?
    if [ "$st" = 2 ] && grep -q "cannot write" "$tmp/err"; then ok; else bad "$c to a full disk: exit $st"; fi
  done
else
  echo "SKIP: /dev/full is absent"
fi
# Standard output closed: a report spooled to a temporary file (SARIF, HTML)
# must not land in a file that took descriptor 1; the write fails and says so.
for f in sarif html json text; do
  "$bin" check --format "$f" "$valid" >&- 2>"$tmp/err"
  st=$?
  if [ "$st" = 2 ] && grep -q "cannot write" "$tmp/err"; then ok; else bad "--format $f with standard output closed: exit $st"; fi
done
# Messages on standard error quote names as the report does: escaped.
mkdir -p "$tmp/e$(printf '\033')[31m"
expect 0 "folder without YAML, named with an escape" -- "$bin" check "$tmp/e$(printf '\033')[31m" "$valid"
has "$tmp/err" 'e\\x1b\[31m' "warning names the folder escaped"
if grep -q "$(printf '\033')" "$tmp/err"; then bad "raw escape on standard error"; else ok; fi
printf 'format: tlcheck-waivers/1\nwaivers:\n  - {plan: "\342\200\256AB\330\234C", rule: TL-X-1}\n' >"$tmp/w$(printf '\033')[31m.yaml"
expect 2 "invalid waiver file named with an escape" -- "$bin" check --waivers "$tmp/w$(printf '\033')[31m.yaml" "$valid"
if grep -q "$(printf '\033')" "$tmp/err" || grep -q "$(printf '\342\200\256')" "$tmp/err" ||
   grep -q "$(printf '\330\234')" "$tmp/err"; then
  bad "raw escape or direction mark in a rendered error"; else ok; fi
has "$tmp/err" 'w\\x1b\[31m.yaml:3:' "rendered error names the file escaped"

echo "cli: $pass passed, $fail failed"
[ "$fail" = 0 ]
