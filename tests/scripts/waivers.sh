#!/usr/bin/env bash
# waivers.sh TLCHECK SOURCE_DIR - the reviewer's workflow on the command line:
# --waivers/--today, --baseline, tlcheck diff, help texts.
. "$(dirname "$0")/harness.sh" "$@"

data=$src/tests/data/waivers
errors=$src/tests/data/cli/errors.yaml

# ---- waivers -----------------------------------------------------------------
cat >"$tmp/w.yaml" <<'EOF'
format: tlcheck-waivers/1
waivers:
  - rule: TL-C-001
    plan: SEMI-2024-012
    path: partners[0].nda
    reason: NDA being renegotiated
    approved_by: METI reviewer Yamada
    expires: 2025-03-31
  - rule: TL-B-003
    file: errors.yaml
    reason: transfers within the group
    approved_by: Yamada
    expires: 2030-12-31
  - rule: TL-A-003
    plan: OTHER-1
    reason: nothing to waive
    approved_by: Yamada
    expires: 2030-12-31
EOF

# Both errors waived on the expiry date itself: exit 0, findings still shown.
expect 0 "waived on the expiry date" -- "$bin" check --waivers "$tmp/w.yaml" --today 2025-03-31 "$errors"
has "$tmp/out" "error\[TL-C-001\]" "a waived finding stays in the text report"
has "$tmp/out" "= waived: NDA being renegotiated (approved by METI reviewer Yamada, expires 2025-03-31)" "waiver reason in text"
has "$tmp/out" "0 errors, 0 warnings, 0 info, 2 waived" "summary counts waived"
has "$tmp/out" "waivers: 2 active, 1 unused, 0 expired (as of 2025-03-31)" "waiver counts in text"
has "$tmp/err" "w.yaml:14:5: warning: waiver for TL-A-003 on OTHER-1 matched no finding" "orphan warning"
hasnt "$tmp/err" "expired" "nothing expired yet"

# A waiver whose rule did not run on its plan (--rule left it out, or the check
# stopped at an unknown material) is not "unused": the notice says to keep it,
# and the reports count it as not checked. A rule left out is left out of the
# whole run: that holds for a waiver of a plan outside the batch (OTHER-1) too.
expect 0 "waivers of rules not selected" -- "$bin" check --rule TL-C-001 --waivers "$tmp/w.yaml" --today 2025-03-31 "$errors"
has "$tmp/err" "w.yaml:9:5: warning: waiver for TL-B-003 on errors.yaml was not used: its rule did not check this plan this time .*; keep it" "not selected: keep it"
hasnt "$tmp/err" "TL-B-003 .*remove it" "not selected: no advice to remove"
has "$tmp/err" "w.yaml:14:5: warning: waiver for TL-A-003 on OTHER-1 was not used: its rule did not check this plan this time .*; keep it" "not selected, plan not in the batch: keep it"
hasnt "$tmp/err" "remove it" "not selected: no advice to remove any"
has "$tmp/out" "waivers: 1 active, 0 unused, 0 expired, 2 not checked (as of 2025-03-31)" "not checked counted apart"
"$bin" check --format json --output "$tmp/nc.json" --rule TL-C-001 --waivers "$tmp/w.yaml" --today 2025-03-31 "$errors"
python3 - "$tmp/nc.json" <<'PY' && ok || bad "JSON: a waiver whose rule did not run is not_checked"
import json, sys
d = json.load(open(sys.argv[1]))
assert [x["status"] for x in d["waivers"]] == ["active", "not_checked", "not_checked"], d["waivers"]
assert d["summary"]["waivers"]["not_checked"] == 2 and d["summary"]["waivers"]["unused"] == 0, d["summary"]
PY
"$bin" check --lang ja --rule TL-C-001 --waivers "$tmp/w.yaml" --today 2025-03-31 "$errors" >/dev/null 2>"$tmp/err"
has "$tmp/err" "使われていません。削除せずに残してください" "not selected, in Japanese: keep it"
sed 's/^  material: .*/  material: semiconductorz/' "$errors" >"$tmp/halted-errors.yaml"
mkdir -p "$tmp/hz" && cp "$tmp/halted-errors.yaml" "$tmp/hz/errors.yaml"
expect 1 "waivers of a plan whose check stopped" -- "$bin" check --waivers "$tmp/w.yaml" --today 2025-03-31 "$tmp/hz/errors.yaml"
has "$tmp/err" "waiver for TL-C-001 on SEMI-2024-012 at partners\[0\].nda was not used: .*; keep it" "stopped: keep it"
has "$tmp/err" "waiver for TL-A-003 on OTHER-1 matched no finding; remove it" "another plan's waiver is still unused"
# The day after: the NDA waiver has expired and the error counts again.
expect 1 "expired the day after" -- "$bin" check --waivers "$tmp/w.yaml" --today 2025-04-01 "$errors"
has "$tmp/err" "w.yaml:3:5: warning: waiver for TL-C-001 on SEMI-2024-012 at partners\[0\].nda expired on 2025-03-31" "expiry warning"
has "$tmp/out" "1 error, 0 warnings, 0 info, 1 waived" "expired waiver no longer waives"

expect 1 "JSON with waivers" -- "$bin" check --format json --waivers "$tmp/w.yaml" --today 2025-04-01 "$errors"
python3 - "$tmp/out" <<'PY' && ok || bad "JSON waivers"
import json, sys
d = json.load(open(sys.argv[1]))
fs = {f["rule"]: f for f in d["results"][0]["findings"]}
assert fs["TL-B-003"]["status"] == "waived", fs
assert fs["TL-B-003"]["waiver"] == {"reason": "transfers within the group", "approved_by": "Yamada", "expires": "2030-12-31"}
assert fs["TL-C-001"]["status"] == "open" and "waiver" not in fs["TL-C-001"]
w = d["waivers"]
assert [x["status"] for x in w] == ["expired", "active", "unused"], w
assert w[0]["expired_matches"] == 1 and w[1]["waived"] == 1 and w[2]["waived"] == 0
assert w[0]["location"] == {"file": sys.argv[1].rsplit("/", 1)[0] + "/w.yaml", "line": 3, "column": 5} or w[0]["location"]["line"] == 3
assert w[0]["message"].endswith("expired on 2025-03-31 (1 matching finding is no longer waived)"), w[0]
assert "message" not in w[1] and w[2]["path"] is None and w[1]["file"] == "errors.yaml"
s = d["summary"]
assert s["waived"] == 1 and s["error"] == 1, s
assert s["waivers"] == {"today": "2025-04-01", "active": 1, "unused": 1, "expired": 1, "not_checked": 0}, s["waivers"]
assert s["exit_status"] == 1
PY

# An expired waiver whose finding another waiver, in force, still waives loses
# nothing: its notice says it expired, not that a finding is no longer waived.
cat "$tmp/w.yaml" - >"$tmp/w-both.yaml" <<'EOF'
  - rule: TL-C-001
    plan: SEMI-2024-012
    reason: any NDA finding of this plan
    approved_by: Yamada
    expires: 2030-12-31
EOF
expect 0 "expired waiver, another in force" -- "$bin" check --format json --waivers "$tmp/w-both.yaml" --today 2025-04-01 "$errors"
has "$tmp/err" "partners\\[0\\].nda expired on 2025-03-31$" "expiry notice without a loss"
hasnt "$tmp/err" "no longer waived" "no finding said to be no longer waived"
python3 -c 'import json,sys; w=json.load(open(sys.argv[1]))["waivers"]; assert w[0]["expired_matches"] == 0 and w[3]["waived"] == 1, w' \
  "$tmp/out" && ok || bad "expired_matches counts only findings left open"

# Japanese warnings.
expect 0 "Japanese notices" -- "$bin" check --lang ja --waivers "$tmp/w.yaml" --today 2025-01-01 "$errors"
has "$tmp/err" "警告: OTHER-1 の TL-A-003 に対する免除に該当する指摘がありません" "Japanese orphan warning"
has "$tmp/out" "免除: 有効 2、該当なし 1、期限切れ 0 (2025-01-01 時点)" "Japanese waiver counts"

# Malformed waiver files: every problem with its position, exit 2, nothing checked.
cat >"$tmp/bad.yaml" <<'EOF'
format: tlcheck-waivers/1
waivers:
  - rule: TL-C-001
    plan: SEMI-2024-012
    approved_by: Yamada
    expiry: 2025-03-31
  - rule: TL-C-002
    plan: SEMI-2024-012
    reason: r
    approved_by: a
    expires: 2025-02-30
EOF
expect 2 "malformed waiver file (ja)" -- "$bin" check --lang ja --waivers "$tmp/bad.yaml" "$errors"
has "$tmp/err" "bad.yaml:3:5: この免除には \`reason\` がありません。指摘を受け入れる理由を書いてください" "missing reason in Japanese"
hasnt "$tmp/err" "say why" "no English in the Japanese message"
expect 2 "malformed waiver file" -- "$bin" check --waivers "$tmp/bad.yaml" "$errors"
has "$tmp/err" "bad.yaml:6:5: unknown key \`expiry\` in a waiver: did you mean \`expires\`?" "unknown key position"
has "$tmp/err" "bad.yaml:3:5: this waiver has no \`reason\`" "missing reason position"
has "$tmp/err" "bad.yaml:11:14: \`expires\` is not a real calendar day: 2025-02-30" "bad date position"
has "$tmp/err" "^ *\^" "caret under the problem"
has "$tmp/err" "tlcheck: the waiver file .*bad.yaml is invalid" "closing error"
[ -s "$tmp/out" ] && bad "no report for a malformed waiver file" || ok
expect 2 "missing waiver file" -- "$bin" check --waivers "$tmp/none.yaml" "$errors"
# One waiver file and one baseline: a second is refused, never silently dropped.
expect 2 "--waivers given twice" -- "$bin" check --waivers "$tmp/w.yaml" --waivers="$tmp/w.yaml" "$errors"
has "$tmp/err" "\-\-waivers is given twice" "--waivers twice named"
expect 2 "--baseline given twice" -- "$bin" check --baseline "$tmp/none.json" --baseline "$tmp/none.json" "$errors"
has "$tmp/err" "\-\-baseline is given twice" "--baseline twice named"
# A folder given for a file is named as a folder (not "could not all be listed").
mkdir -p "$tmp/adir"
expect 2 "a folder as the waiver file" -- "$bin" check --waivers "$tmp/adir" "$errors"
has "$tmp/err" "adir: it is a folder, not a file" "a folder as the waiver file: named"
expect 2 "a folder as the baseline" -- "$bin" check --baseline "$tmp/adir" "$errors"
has "$tmp/err" "adir: it is a folder, not a file" "a folder as the baseline: named"
expect 2 "bad --today" -- "$bin" check --today 2025-02-29 "$errors"
has "$tmp/err" "\-\-today takes a date YYYY-MM-DD, not \`2025-02-29\`" "--today message"
expect 2 "--today without a value" -- "$bin" check "$errors" --today
expect 0 "--today on a leap day" -- "$bin" check --waivers "$tmp/w.yaml" --today 2028-02-29 --fail-on never "$errors"

# ---- fingerprints and --baseline -------------------------------------------------
mkdir -p "$tmp/y1" "$tmp/y2"
cp "$data/old.yaml" "$tmp/y1/semi.yaml"
sed 's/SEMI-2024-012/SEMI-2024-099/' "$errors" >"$tmp/y1/other.yaml"
sed 's/SEMI-2024-012/SEMI-2024-077/' "$src/tests/data/cli/warning-only.yaml" >"$tmp/y1/warn.yaml"
cp "$data/new.yaml" "$tmp/y2/semi-2025.yaml"
sed 's/SEMI-2024-012/SEMI-2024-099/' "$errors" >"$tmp/y2/other.yaml"
expect 1 "previous year's report" -- "$bin" check --format json --output "$tmp/prev.json" "$tmp/y1"
expect 1 "the same batch again" -- "$bin" check --format json --output "$tmp/prev2.json" "$tmp/y1"
cp "$data/reordered.yaml" "$tmp/y1/semi.yaml"
expect 1 "the batch reordered" -- "$bin" check --format json --output "$tmp/prev3.json" "$tmp/y1"
python3 - "$tmp/prev.json" "$tmp/prev2.json" "$tmp/prev3.json" <<'PY' && ok || bad "fingerprints stable across runs and reorderings"
import json, re, sys
fps = []
for p in sys.argv[1:]:
    d = json.load(open(p))
    fps.append(sorted(f["fingerprint"] for r in d["results"] for f in r["findings"]))
for f in fps[0]:
    assert re.fullmatch(r"[0-9a-f]{16}:[0-9]+", f), f
assert fps[0] == fps[1] == fps[2], fps
assert len(set(fps[0])) == len(fps[0])
PY

# With --rule, the earlier findings of the rules left out were not looked for: not
# re-checked, never resolved (all of them were counted resolved).
expect 1 "--baseline with --rule" -- "$bin" check --format json --rule TL-C-001 \
  --baseline "$tmp/prev3.json" "$tmp/y1"
python3 - "$tmp/out" "$tmp/prev3.json" <<'PY' && ok || bad "--baseline with --rule: the rules left out are not resolved"
import json, sys
b = json.load(open(sys.argv[1]))["baseline"]
prev = [f["rule"] for r in json.load(open(sys.argv[2]))["results"] for f in r["findings"]]
kept = prev.count("TL-C-001")
assert kept > 0 and len(prev) > kept, prev
assert b["resolved"] == 0 and b["unchanged"] == kept and b["not_rechecked"] == len(prev) - kept, b
PY

# A baseline without a single finding (every plan was clean last year): nothing to sort.
clean=$src/fixtures/valid/complete-semiconductors.yaml
expect 0 "a clean year's report" -- "$bin" check --format json --output "$tmp/clean.json" "$clean"
expect 0 "check --baseline of a report without findings" -- "$bin" check --baseline "$tmp/clean.json" "$clean"
python3 - "$tmp/clean.json" "$tmp/empty.json" <<'PY' && ok || bad "a report without results"
import json, sys
d = json.load(open(sys.argv[1]))
d["results"], d["summary"]["files"] = [], 0
json.dump(d, open(sys.argv[2], "w"))
PY
expect 0 "check --baseline of a report without results" -- "$bin" check --baseline "$tmp/empty.json" "$clean"

expect 1 "check --baseline" -- "$bin" check --format json --baseline "$tmp/prev.json" "$tmp/y2"
python3 - "$tmp/out" <<'PY' && ok || bad "baseline counts"
import json, sys
d = json.load(open(sys.argv[1]))
ch = {(r["file"].rsplit("/", 1)[-1], f["rule"], f["path"]): f["baseline"] for r in d["results"] for f in r["findings"]}
assert ch[("semi-2025.yaml", "TL-C-001", "partners[2].nda")] == "new", ch
assert ch[("semi-2025.yaml", "TL-C-001", "partners[1].nda")] == "unchanged", ch
assert ch[("other.yaml", "TL-C-001", "partners[0].nda")] == "unchanged", ch
b = d["baseline"]
# warn.yaml's plan was not checked again: its findings are not "resolved".
assert (b["new"], b["unchanged"], b["resolved"]) == (1, 5, 1), b
assert b["not_rechecked"] >= 1 and b["plans_new"] == 0, b
assert [x["rule"] for x in b["resolved_findings"]] == ["TL-C-006"], b
s = d["summary"]
assert (s["new"], s["resolved"], s["unchanged"]) == (1, 1, 5), s
PY
expect 1 "text summary with --baseline" -- "$bin" check --baseline "$tmp/prev.json" "$tmp/y2"
has "$tmp/out" "since .*prev.json: 1 new, 1 resolved, 5 unchanged (.* not re-checked: of plans not checked this time or not in full, or of rules not selected)" "baseline line"
# A plan whose check stopped (an unknown material) was not checked again: its
# earlier findings are not re-checked, never resolved.
mkdir -p "$tmp/halted"
for f in "$tmp/y2"/*.yaml; do sed 's/^  material: .*/  material: semiconductorz/' "$f" >"$tmp/halted/$(basename "$f")"; done
expect 1 "baseline against plans whose check stopped" -- "$bin" check --format json --baseline "$tmp/prev.json" "$tmp/halted"
python3 - "$tmp/out" <<'PY' && ok || bad "baseline: a stopped plan's findings are not resolved"
import json, sys
b = json.load(open(sys.argv[1]))["baseline"]
assert b["resolved"] == 0 and b["not_rechecked"] >= 6, b
PY
# A report of another tool is refused; one of another rule pack is compared, with a warning.
sed 's/"name": "tlcheck"/"name": "othertool"/' "$tmp/prev.json" >"$tmp/othertool.json"
expect 2 "baseline of another tool" -- "$bin" check --baseline "$tmp/othertool.json" "$tmp/y2"
has "$tmp/err" "othertool.json:2:[0-9]*: not a report of tlcheck" "another tool's report refused"
sed 's/"rulepack": {"name": "[^"]*"/"rulepack": {"name": "other-pack"/' "$tmp/prev.json" >"$tmp/otherpack.json"
expect 1 "baseline of another rule pack" -- "$bin" check --baseline "$tmp/otherpack.json" "$tmp/y2"
has "$tmp/err" "warning: the baseline .*otherpack.json was made with rule pack other-pack" "another pack's report: warning"
expect 1 "baseline of the same rule pack" -- "$bin" check --baseline "$tmp/prev.json" "$tmp/y2"
hasnt "$tmp/err" "made with rule pack" "the same pack: no warning"
hasnt "$tmp/err" "made with --rule or --clause" "a whole report: no warning about a selection"
# A report of a rule selection: the other rules' findings count as new, and it says so.
"$bin" check --rule 'TL-C-*' --format json --output "$tmp/prev-c.json" "$tmp/y2" >/dev/null 2>&1
expect 1 "baseline of a rule selection" -- "$bin" check --baseline "$tmp/prev-c.json" "$tmp/y2"
has "$tmp/err" "warning: the baseline .*prev-c.json was made with --rule or --clause: .* count as new" "a selection's report: warning"
echo '{"tool": {}}' >"$tmp/notreport.json"
expect 2 "baseline that is not a report" -- "$bin" check --baseline "$tmp/notreport.json" "$tmp/y2"
has "$tmp/err" "notreport.json:1:1: not a report of \`tlcheck check --format json\`" "baseline problem positioned"
expect 2 "missing baseline" -- "$bin" check --baseline "$tmp/none.json" "$tmp/y2"

# ---- audit summary ---------------------------------------------------------------
expect 1 "audit numbers" -- "$bin" check --format json "$tmp/y1" "$tmp/y2"
python3 - "$tmp/out" <<'PY' && ok || bad "audit summary"
import json, sys
d = json.load(open(sys.argv[1]))
s = d["summary"]
assert s["by_ministry"]["METI"]["files"] == 5, s["by_ministry"]
m = s["outcomes_by_material"]["semiconductors"]
assert set(m) == {"waived", "clean", "with_warnings", "with_errors"}, m
assert m["clean"] + m["with_warnings"] + m["with_errors"] == s["by_material"]["semiconductors"]["files"]
assert s["by_ministry"]["METI"]["with_errors"] == sum(v["with_errors"] for v in s["outcomes_by_material"].values())
assert sum(s["by_clause"].values()) == s["error"] + s["warning"] + s["info"], s["by_clause"]
assert s["by_clause"]["(ウ)"] == sum(v for k, v in s["by_rule"].items() if k.startswith("TL-C-"))
PY
expect 1 "text audit lines" -- "$bin" check "$tmp/y1" "$tmp/y2"
has "$tmp/out" "^  by ministry: METI 5 (" "ministry line"
has "$tmp/out" "^  findings by clause: .*(ウ) [0-9]" "clause line"

# ---- HTML: ministries, baseline counts, waivers, "new" badges --------------------
sed 's#reason: nothing to waive#reason: "<b>nothing</b> \& more"#' "$tmp/w.yaml" >"$tmp/w-html.yaml"
expect 1 "HTML with waivers and baseline" -- "$bin" check --format html --waivers "$tmp/w-html.yaml" --today 2025-04-01 --baseline "$tmp/prev.json" "$tmp/y2" "$errors"
cp "$tmp/out" "$tmp/r.html"
expect 1 "JSON of the same" -- "$bin" check --format json --waivers "$tmp/w-html.yaml" --today 2025-04-01 --baseline "$tmp/prev.json" "$tmp/y2" "$errors"
python3 - "$tmp/r.html" "$tmp/out" <<'PY' && ok || bad "HTML audit numbers agree with JSON"
import json, re, sys
from html.parser import HTMLParser
page, d = open(sys.argv[1], encoding="utf-8").read(), json.load(open(sys.argv[2]))
class P(HTMLParser):
    def __init__(self):
        super().__init__(); self.rows = {}; self.table = None; self.ids = {}; self.cur = None; self.new = 0
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table": self.table = a.get("id")
        if tag == "tr" and self.table: self.rows.setdefault(self.table, []).append(a)
        if "id" in a: self.cur = a["id"]
        if a.get("data-baseline") == "new": self.new += 1
    def handle_data(self, data):
        if self.cur: self.ids[self.cur] = self.ids.get(self.cur, "") + data
    def handle_endtag(self, tag):
        self.cur = None
p = P(); p.feed(page)
s, b = d["summary"], d["baseline"]
mins = {r["data-ministry"]: int(r["data-files"]) for r in p.rows["by-ministry"] if "data-ministry" in r}
assert mins == {k: v["files"] for k, v in s["by_ministry"].items()}, mins
assert (int(p.ids["count-new"]), int(p.ids["count-resolved"]), int(p.ids["count-unchanged"])) == (b["new"], b["resolved"], b["unchanged"])
assert p.new == b["new"], p.new
# What was resolved is listed, as in JSON (there is no finding of this run to show it).
res = [(r["data-rule"], r["data-path"]) for r in p.rows.get("resolved", []) if "data-rule" in r]
assert b["resolved"] > 0 and res == [(f["rule"], f["path"]) for f in b["resolved_findings"]], res
st = [r["data-status"] for r in p.rows["waivers"] if "data-status" in r]
assert st == [w["status"] for w in d["waivers"]], st
assert "<b>nothing" not in page and "&lt;b&gt;nothing&lt;/b&gt; &amp; more" in page
PY
# In Japanese, the badges (a waiver's status, a rule's severity) are Japanese too.
expect 1 "HTML in Japanese" -- "$bin" check --lang ja --format html --waivers "$tmp/w-html.yaml" --today 2025-04-01 --baseline "$tmp/prev.json" "$tmp/y2" "$errors"
python3 - "$tmp/out" <<'PY' && ok || bad "Japanese HTML badges are Japanese"
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
badges = re.findall(r'<span class="badge[^"]*">([^<]*)<', page)
assert badges, "no badge"
left = sorted({t for t in badges if re.fullmatch(r"[a-z_ -]+", t)})
assert not left, left
waivers = page[page.index('id="waivers"'):]
assert re.search(r'class="badge[^"]*">(有効|該当なし|期限切れ|未検査)<', waivers), "waiver status"
by_rule = page[page.index('id="by-rule"'):]
assert re.search(r'class="badge sev-(error|warning|info)">(エラー|警告|情報)<', by_rule), "rule severity"
PY

# ---- tlcheck diff ----------------------------------------------------------------
expect 0 "diff of a reordered declaration" -- "$bin" diff "$data/old.yaml" "$data/reordered.yaml"
has "$tmp/out" "^0 new, 0 resolved, 4 unchanged$" "reordering changes nothing"
hasnt "$tmp/out" "^[+-] " "no new or resolved line"
expect 1 "diff with a new error" -- "$bin" diff "$data/old.yaml" "$data/new.yaml"
has "$tmp/out" "^+ .*new.yaml:[0-9]*:[0-9]*: error\[TL-C-001\] (ウ) Partner 株式会社ガンマ" "new finding line"
has "$tmp/out" "^- .*old.yaml:[0-9]*:[0-9]*: warning\[TL-C-006\]" "resolved finding line"
has "$tmp/out" "^1 new, 1 resolved, 3 unchanged$" "diff counts"
expect 0 "diff --fail-on never" -- "$bin" diff --fail-on never "$data/old.yaml" "$data/new.yaml"
expect 0 "diff backwards: only resolved errors" -- "$bin" diff "$data/new.yaml" "$data/old.yaml"
expect 1 "diff backwards, warnings fail" -- "$bin" diff --fail-on warning "$data/new.yaml" "$data/old.yaml"
expect 1 "diff --format json" -- "$bin" diff --format json --output "$tmp/diff.json" "$data/old.yaml" "$data/new.yaml"
python3 - "$tmp/diff.json" <<'PY' && ok || bad "diff JSON"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["summary"] == {"new": 1, "resolved": 1, "unchanged": 3, "not_rechecked": 0}, d["summary"]
assert d["old"]["plan"] == d["new"]["plan"] == "SEMI-2024-012"
new = [f for f in d["findings"] if f["change"] == "new"]
assert new[0]["stable_path"] == 'partners[name="株式会社ガンマ"].nda', new
un = [f for f in d["findings"] if f["change"] == "unchanged"]
assert all("old" in f for f in un) and any(f["old"]["path"] != f["path"] for f in un)
PY
# diff shows each finding's fingerprint as check reports it (JSON, SARIF, waivers).
"$bin" check --format json --fail-on never --output "$tmp/diff-old.json" "$data/old.yaml"
"$bin" check --format json --fail-on never --output "$tmp/diff-new.json" "$data/new.yaml"
python3 - "$tmp/diff.json" "$tmp/diff-old.json" "$tmp/diff-new.json" <<'PY' && ok || bad "diff fingerprints are check's"
import json, sys
d = json.load(open(sys.argv[1]))
fps = [{f["fingerprint"] for r in json.load(open(p))["results"] for f in r["findings"]} for p in sys.argv[2:]]
for f in d["findings"]:
    assert f["fingerprint"] in fps[0 if f["change"] == "resolved" else 1], f
PY
expect 1 "diff --format html" -- "$bin" diff --format html "$data/old.yaml" "$data/new.yaml"
has "$tmp/out" "^<!DOCTYPE html>" "HTML document"
has "$tmp/out" 'id="count-new">1<' "HTML counts"
hasnt "$tmp/out" "<script\|<link\|src=\"http" "self-contained, no script"
expect 1 "diff --format html --lang ja" -- "$bin" diff --lang ja --format html "$data/old.yaml" "$data/new.yaml"
has "$tmp/out" "</code> \(エラー\|警告\|情報\)" "diff HTML: severity in Japanese"
hasnt "$tmp/out" "</code> \(error\|warning\|info\)\b" "diff HTML: no English severity"
expect 2 "diff with one file" -- "$bin" diff "$data/old.yaml"
expect 2 "diff with three files" -- "$bin" diff "$data/old.yaml" "$data/new.yaml" "$data/new.yaml"
expect 2 "diff --format sarif" -- "$bin" diff --format sarif "$data/old.yaml" "$data/new.yaml"
# When NEW could not be checked in full, OLD's findings are not re-checked, never
# resolved: NEW not YAML (exit 2), NEW stopped at an unknown material (DECL-005).
printf 'a: [\n' >"$tmp/broken-new.yaml"
expect 2 "diff against an unreadable NEW" -- "$bin" diff --format json "$data/old.yaml" "$tmp/broken-new.yaml"
python3 - "$tmp/out" <<'PY' && ok || bad "diff against an unreadable NEW: not re-checked"
import json, sys
d = json.load(open(sys.argv[1]))
s = d["summary"]
assert s["resolved"] == 0 and s["not_rechecked"] >= 2 and s["new"] == 1, s
assert {f["change"] for f in d["findings"]} == {"new", "not_rechecked"}, d["findings"]
PY
sed 's/material: semiconductors/material: semiconductorz/' "$data/old.yaml" >"$tmp/halted-new.yaml"
expect 1 "diff against a NEW whose check stopped" -- "$bin" diff "$data/old.yaml" "$tmp/halted-new.yaml"
has "$tmp/out" "^? .*old.yaml:[0-9]*:[0-9]*: error\[TL-C-001\]" "not re-checked findings are marked ?"
has "$tmp/out" ", 0 resolved, 0 unchanged, [0-9]* not re-checked (the new declaration could not be checked in full)$" "not re-checked counted"
# ... but a finding of a rule that did run on NEW before its check stopped (here
# DECL-006, of the stage that stopped, with no list left to look at) is resolved.
python3 - "$data/old.yaml" "$tmp/dup-old.yaml" "$tmp/halted-min.yaml" <<'PY' || bad "setup: duplicate id / stopped plan"
import sys
s = open(sys.argv[1], encoding="utf-8").read()
i = s.index("core_technologies:\n")
open(sys.argv[2], "w", encoding="utf-8").write(
    s[:i] + "core_technologies:\n  - {id: CT1, name: dup, public: false}\n" + s[i + len("core_technologies:\n"):])
open(sys.argv[3], "w", encoding="utf-8").write(
    "format: tlcheck-declaration/1\ndeclared_on: 2025-06-30\nplan:\n  id: SEMI-2024-012\n"
    "  material: semiconductorz\n  stage: application\napplicant:\n  name: x\n"
    "  corporate_number: \"1180301018771\"\n")
PY
expect 1 "diff: a rule that ran before the stop" -- "$bin" diff --format json "$tmp/dup-old.yaml" "$tmp/halted-min.yaml"
python3 - "$tmp/out" <<'PY' && ok || bad "diff: DECL-006 ran on NEW before its check stopped: resolved"
import json, sys
d = json.load(open(sys.argv[1]))
ch = {f["rule"]: f["change"] for f in d["findings"] if f["rule"] == "DECL-006"}
assert ch == {"DECL-006": "resolved"}, d["findings"]
assert any(f["change"] == "not_rechecked" for f in d["findings"]), d["summary"]
PY
expect 2 "diff of an unreadable file" -- "$bin" diff "$tmp/none.yaml" "$data/new.yaml"
has "$tmp/out" "^- .*none.yaml:1:1: error\[DECL-000\]" "the unreadable file's finding is shown"
expect 0 "diff of two plans warns" -- "$bin" diff "$errors" "$tmp/y2/other.yaml"
has "$tmp/err" "declares plan SEMI-2024-012 and .* plan SEMI-2024-099" "different plans warning"

# ---- help texts: every option documented in both languages ------------------------
for lang in en ja; do
  expect 0 "check --help ($lang)" -- "$bin" check --help --lang $lang
  for o in --waivers --today --baseline; do has "$tmp/out" "^  $o " "check --help ($lang) documents $o"; done
  expect 0 "diff --help ($lang)" -- "$bin" diff --help --lang $lang
  for o in --format --output --rules --param --lang --fail-on; do has "$tmp/out" "^  $o " "diff --help ($lang) documents $o"; done
  expect 0 "tlcheck --help ($lang)" -- "$bin" --help --lang $lang
  has "$tmp/out" "^  diff \[OPTIONS\] OLD NEW" "main help ($lang) lists diff"
done
for o in waivers today baseline; do
  if grep -qF -- "\\-\\-$o" "$src/man/tlcheck-waivers.5"; then ok; else bad "tlcheck-waivers(5) does not name --$o"; fi
done

# A waiver's plan id and path are shown on a terminal: control characters in
# them are escaped (a plan id may be copied from a declaration).
cat >"$tmp/wesc.yaml" <<'EOF'
format: tlcheck-waivers/1
waivers:
  - rule: TL-C-001
    plan: "P-1\u001b[2J\nerrors.yaml:1:1: error[TL-A-001] forged"
    path: partners[0].nda
    reason: test
    approved_by: Yamada
    expires: 2030-12-31
EOF
expect 1 "waiver with control characters" -- "$bin" check --waivers "$tmp/wesc.yaml" "$errors"
python3 - "$tmp/err" <<'PY' && ok || bad "waiver notices escape control characters"
import re, sys
err = open(sys.argv[1], "rb").read()
assert not re.search(rb"[\x00-\x08\x0b-\x1f\x7f]", err), err
assert rb"on P-1\x1b[2J\nerrors.yaml:1:1: error[TL-A-001] forged at partners[0].nda matched no finding" in err, err
PY
# An invalid waiver file whose error quotes a value with a control character.
printf 'format: tlcheck-waivers/1\nwaivers:\n  - rule: TL-C-001\n    plan: P-1\n    path: "partners[0]\\rx"\n    reason: r\n    approved_by: Y\n    expires: 2030-12-31\n' >"$tmp/wbad.yaml"
expect 2 "invalid waiver with a control character" -- "$bin" check --waivers "$tmp/wbad.yaml" "$errors"
python3 - "$tmp/err" <<'PY' && ok || bad "errors quoting the input escape control characters"
import re, sys
err = open(sys.argv[1], "rb").read()
assert not re.search(rb"[\x00-\x08\x0b-\x1f\x7f]", err), err
# The message line itself (not only the excerpt of the YAML source, where the
# backslash is written) quotes the value with the CR escaped.
first = err.split(b"\n")[0]
assert b"is not a finding path" in first and rb"partners[0]\rx" in first, err
PY

echo "waivers.sh: $pass passed, $fail failed"
[ "$fail" = 0 ]
