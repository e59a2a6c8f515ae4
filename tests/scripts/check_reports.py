#!/usr/bin/env python3
"""check_reports.py - checks one report format against the JSON report of the same batch.

Runs `tlcheck check --format json` and `--format FORMAT` on a batch of
declarations (in English and in Japanese), validates the format with the
schema or tool made for it, and checks that it agrees with the JSON report
finding for finding (same rules, files, paths, lines, columns, messages).

  sarif  python3-jsonschema against the official SARIF 2.1.0 schema
         (../shared/conformance/sarif/); fingerprints stable when the file moves
         or its lines shift
  junit  xmllint against JUnit.xsd and the Jenkins xUnit schema
         (../shared/conformance/junit/)
  csv    Python's csv module: BOM, CRLF, header, one row per finding
  html   headless Chromium's --dump-dom: the counts it shows, every finding,
         every rule's status; a screenshot into the build folder

usage: check_reports.py FORMAT TLCHECK SOURCE_DIR SHARED_DIR BUILD_DIR [--rules DIR]
Exit status: 0 pass, 1 fail, 2 usage, 77 skipped (a validator or the shared
folder is missing: the agreement checks still run, and a failure there is 1).
"""
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

SKIP = 77
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
GUARD = ("=", "+", "-", "@", "\t", "\r")


class Check:
    def __init__(self):
        self.failures = 0
        self.skipped = []

    def fail(self, msg):
        self.failures += 1
        print(f"FAIL: {msg}")
        if self.failures > 40:
            sys.exit(1)

    def eq(self, got, want, what):
        if got != want:
            self.fail(f"{what}: got {got!r}, want {want!r}")

    def skip(self, why):
        print(f"SKIP: {why}")
        self.skipped.append(why)


C = Check()


# The characters the text report shows as escapes (tlcheck(1)) besides C0 and
# C1 controls and DEL: the line and paragraph separators and the direction marks.
BIDI = "\u2028\u2029\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def xml_chars(s):
    """What the XML and HTML writers show of a text: the characters XML 1.0
    forbids, DEL, C1 controls and direction marks as the text report writes
    them (\\x07, \\u202e); TAB, LF and CR as they are."""
    out = []
    for ch in s:
        o = ord(ch)
        if ch in "\t\n\r" or not (o < 0x20 or 0x7F <= o <= 0x9F or ch in BIDI or ch in "\ufffe\uffff"):
            out.append(ch)
        elif o < 0x20 or o == 0x7F:
            out.append("\\x%02x" % o)
        else:
            out.append("\\u%04x" % o)
    return "".join(out)


def term_chars(s):
    """A text as the text report writes it (tlcheck(1)): line breaks and tabs
    as \\n \\r \\t, other controls and DEL as \\x07, C1 controls and
    direction marks as \\u202e."""
    out = []
    for ch in s:
        o = ord(ch)
        if ch in "\n\r\t":
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t"}[ch])
        elif o < 0x20 or o == 0x7F:
            out.append("\\x%02x" % o)
        elif 0x80 <= o <= 0x9F or ch in BIDI:
            out.append("\\u%04x" % o)
        else:
            out.append(ch)
    return "".join(out)


def run(tlcheck, args, cwd, env=None):
    p = subprocess.run([tlcheck, "check", *args], cwd=cwd, capture_output=True, env=env)
    if p.returncode not in (0, 1, 2) or (p.returncode == 2 and not p.stdout):
        print(p.stderr.decode("utf-8", "replace"))
        sys.exit(f"tlcheck failed ({p.returncode}): {args}")
    return p.returncode, p.stdout


def findings(ref):
    for res in ref["results"]:
        for f in res["findings"]:
            yield res, f


# ---- SARIF ---------------------------------------------------------------------

def check_sarif(data, ref, rc, lang, ctx):
    log = json.loads(data)
    schema_path = os.path.join(ctx["shared"], "conformance", "sarif", "sarif-schema-2.1.0.json")
    try:
        import jsonschema
    except ImportError:
        jsonschema = None
    if not os.path.exists(schema_path):
        C.skip(f"{schema_path} is absent: SARIF not validated against its schema")
    elif jsonschema is None:
        C.skip("python3-jsonschema is absent: SARIF not validated against its schema")
    else:
        with open(schema_path, encoding="utf-8") as fp:
            schema = json.load(fp)
        validator = jsonschema.validators.validator_for(schema)(schema)
        for err in list(validator.iter_errors(log))[:10]:
            C.fail(f"SARIF schema ({lang}): {err.message} at {list(err.absolute_path)}")
    C.eq(log["version"], "2.1.0", "SARIF version")
    C.eq(len(log["runs"]), 1, "SARIF runs")
    run_ = log["runs"][0]
    C.eq(run_["columnKind"], "unicodeCodePoints", "columnKind")
    C.eq(run_["language"], lang, "run.language")
    driver = run_["tool"]["driver"]
    C.eq(driver["name"], "tlcheck", "driver.name")
    C.eq(driver["version"], ref["tool"]["version"], "driver.version")
    rules = driver["rules"]
    C.eq([r["id"] for r in rules], [r["rule"] for r in ref["results"][0]["rules"]],
         "driver.rules are the pack's rules, in order")
    for r in rules:
        for key in ("name", "shortDescription", "fullDescription", "help", "defaultConfiguration"):
            if key not in r:
                C.fail(f"rule {r['id']} has no {key}")
        for key in ("clause", "severity", "stage"):
            if key not in r.get("properties", {}):
                C.fail(f"rule {r['id']} has no properties.{key}")
        if r["properties"].get("clause") and "clause_text_ja" not in r["properties"]:
            C.fail(f"rule {r['id']} has no properties.clause_text_ja")
    C.eq(run_["invocations"][0]["exitCode"], rc, "invocation exitCode")
    C.eq(run_["invocations"][0]["executionSuccessful"], rc in (0, 1), "executionSuccessful")
    # One artifact per file, in the order checked, as the schema's uniqueItems
    # wants: the batch gives a folder twice, and each of its files is checked
    # and reported once (the second naming is dropped with a warning).
    files = list(dict.fromkeys(r["file"] for r in ref["results"]))
    if len(files) != len(ref["results"]):
        C.fail("a file given twice was checked twice")
    C.eq([urllib.parse.unquote(a["location"]["uri"]) for a in run_["artifacts"]], files, "artifacts")
    want = list(findings(ref))
    results = run_["results"]
    C.eq(len(results), len(want), "SARIF result count = JSON finding count")
    index = {f: i for i, f in enumerate(files)}
    for got, (res, f) in zip(results, want):
        where = f"{res['file']}:{f['line']}:{f['column']} {f['rule']}"
        C.eq(got["ruleId"], f["rule"], f"{where} ruleId")
        C.eq(rules[got["ruleIndex"]]["id"], f["rule"], f"{where} ruleIndex")
        C.eq(got["level"], LEVELS[f["severity"]], f"{where} level")
        C.eq(got["message"]["text"], f["message"], f"{where} message")
        loc = got["locations"][0]
        phys = loc["physicalLocation"]
        uri = phys["artifactLocation"]["uri"]
        if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", uri) or uri.startswith("/"):
            C.fail(f"{where}: URI {uri!r} is not relative")
        if re.search(r"[^A-Za-z0-9\-._~/%]", uri):
            C.fail(f"{where}: URI {uri!r} has a character that needs percent-encoding")
        C.eq(urllib.parse.unquote(uri), res["file"], f"{where} artifact URI")
        C.eq(phys["artifactLocation"].get("index"), index[res["file"]], f"{where} artifact index")
        C.eq(phys["region"]["startLine"], f["line"], f"{where} startLine")
        C.eq(phys["region"]["startColumn"], f["column"], f"{where} startColumn")
        C.eq(loc["logicalLocations"][0]["fullyQualifiedName"], f["path"], f"{where} logical location")
        fp = got.get("partialFingerprints", {}).get("tlcheck/v1", "")
        if not re.fullmatch(r"[0-9a-f]{16}:[1-9][0-9]*", fp):
            C.fail(f"{where}: fingerprint {fp!r}")
        if "fingerprint" in f:
            C.eq(fp, f["fingerprint"], f"{where} fingerprint equals JSON's")
        C.eq("suppressions" in got, f["status"] == "waived", f"{where} suppressions")
    if ctx["root"] in data.decode("utf-8"):
        C.fail("the SARIF log holds an absolute path although every input was relative")


def fingerprints(tlcheck, args, cwd):
    _, data = run(tlcheck, ["--format", "sarif", *args], cwd)
    return [(r["ruleId"], r["partialFingerprints"]["tlcheck/v1"])
            for r in json.loads(data)["runs"][0]["results"]]


def check_sarif_stability(tlcheck, ctx):
    """The same declaration, moved to another folder (given by absolute path)
    and with its lines shifted, keeps every fingerprint."""
    src = os.path.join(ctx["source"], "tests", "data", "reports", "申告 #1.yaml")
    base = fingerprints(tlcheck, [*ctx["rules"], "tests/data/reports/申告 #1.yaml"], ctx["source"])
    with tempfile.TemporaryDirectory() as tmp:
        moved = os.path.join(tmp, "moved.yaml")
        with open(src, encoding="utf-8") as fp:
            text = fp.read()
        with open(moved, "w", encoding="utf-8") as fp:
            fp.write("# shifted\n\n\n" + text)
        again = fingerprints(tlcheck, [*ctx["rules"], moved], tmp)
    if not base:
        C.fail("the stability sample has no finding")
    C.eq(again, base, "fingerprints after moving the file and shifting its lines")
    if len(set(fp for _, fp in base)) != len(base):
        C.fail(f"fingerprints of one file are not distinct: {base}")


# ---- JUnit ---------------------------------------------------------------------

def check_junit(data, ref, rc, lang, ctx):
    junit_dir = os.path.join(ctx["shared"], "conformance", "junit")
    xmllint = shutil.which("xmllint")
    if not os.path.isdir(junit_dir):
        C.skip(f"{junit_dir} is absent: JUnit XML not validated against the schemas")
    elif not xmllint:
        C.skip("xmllint (libxml2-utils) is absent: JUnit XML not validated against the schemas")
    else:
        with tempfile.NamedTemporaryFile(suffix=".xml") as tmp:
            tmp.write(data)
            tmp.flush()
            for xsd in ("JUnit.xsd", "jenkins-xunit-junit-10.xsd"):
                p = subprocess.run([xmllint, "--noout", "--nonet", "--schema",
                                    os.path.join(junit_dir, xsd), tmp.name], capture_output=True)
                if p.returncode != 0:
                    C.fail(f"JUnit ({lang}) invalid under {xsd}: "
                           f"{p.stderr.decode('utf-8', 'replace')[:2000]}")
    root = ET.fromstring(data)
    C.eq(root.tag, "testsuites", "JUnit root")
    suites = root.findall("testsuite")
    C.eq(len(suites), len(ref["results"]), "one testsuite per declaration")
    for suite, res in zip(suites, ref["results"]):
        name = res["file"]
        C.eq(suite.get("name"), xml_chars(name), "testsuite name")
        cases = suite.findall("testcase")
        C.eq(len(cases), len(res["rules"]), f"{name}: one testcase per rule")
        C.eq(int(suite.get("tests")), len(cases), f"{name}: tests")
        n = {"failure": 0, "error": 0, "skipped": 0}
        by_rule = {}
        for f in res["findings"]:
            by_rule.setdefault(f["rule"], []).append(f)
        for case, st in zip(cases, res["rules"]):
            rule, status = st["rule"], st["status"]
            if not case.get("name").startswith(rule + " "):
                C.fail(f"{name}: testcase {case.get('name')!r} is not rule {rule}")
            want_class = res["plan"] or res["file"]
            C.eq(case.get("classname"), xml_chars(want_class), f"{name} {rule}: classname")
            kids = [k.tag for k in case]
            fails = [f for f in by_rule.get(rule, [])
                     if f["status"] == "open" and f["severity"] == "error"]
            if status == "fail":
                want = ["failure"] if fails or not by_rule.get(rule) else []
            elif status == "error":
                want = ["error"]
            elif status in ("not_applicable", "not_selected"):
                want = ["skipped"]
            else:
                want = []
            C.eq(kids, want, f"{name} {rule} ({status}): testcase children")
            for k in kids:
                n[k] += 1
        C.eq(int(suite.get("failures")), n["failure"], f"{name}: failures")
        C.eq(int(suite.get("errors")), n["error"], f"{name}: errors")
        C.eq(int(suite.get("skipped")), n["skipped"], f"{name}: skipped")
        # every finding is written once, as the text format's first line
        # (what comes from the declaration escaped as the text format does)
        text = "".join((e.text or "") for e in suite.iter()
                       if e.tag in ("failure", "error", "system-out"))
        for f in res["findings"]:
            line = f"{term_chars(res['file'])}:{f['line']}:{f['column']}: {f['severity']}[{f['rule']}]"
            if f["clause"]:
                line += f" {f['clause']}"
            line += f" {term_chars(f['message'])}\n"
            count = sum(1 for g in res["findings"]
                        if (g["rule"], g["line"], g["column"], g["message"]) ==
                        (f["rule"], f["line"], f["column"], f["message"]))
            C.eq(text.count(xml_chars(line)), count, f"{name}: finding {line.strip()!r} in the suite")


# ---- CSV -------------------------------------------------------------------------

HEADER = ["file", "plan", "material", "rule", "severity", "clause", "path", "line", "column",
          "message", "status", "waiver_reason", "waiver_approved_by", "waiver_expires"]


def guarded(s):
    return "'" + s if s.startswith(GUARD) else s


def check_csv(data, ref, rc, lang, ctx):
    if not data.startswith(b"\xef\xbb\xbf"):
        C.fail("CSV does not start with a UTF-8 byte-order mark")
    text = data.decode("utf-8-sig")
    # outside quoted fields, every line ends in CRLF
    quoted = False
    for i, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        elif ch == "\n" and not quoted and (i == 0 or text[i - 1] != "\r"):
            C.fail(f"CSV has a bare LF at offset {i}")
            break
    if not text.endswith("\r\n"):
        C.fail("CSV does not end in CRLF")
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    C.eq(rows[0], HEADER, "CSV header")
    want = list(findings(ref))
    C.eq(len(rows) - 1, len(want), "CSV rows = JSON findings")
    for row, (res, f) in zip(rows[1:], want):
        exp = [guarded(res["file"]), guarded(res["plan"]), guarded(res["material"]),
               guarded(f["rule"]), f["severity"], guarded(f["clause"]), guarded(f["path"]),
               str(f["line"]), str(f["column"]), guarded(f["message"]), f["status"]]
        w = f.get("waiver", {})
        exp += [guarded(w.get("reason", "")), guarded(w.get("approved_by", "")), w.get("expires", "")]
        C.eq(row, exp, f"CSV row of {res['file']}:{f['line']}:{f['column']} {f['rule']}")
    for row in rows[1:]:
        for field in row:
            if field.startswith(GUARD):
                C.fail(f"CSV field {field!r} could run as a formula")


# ---- HTML ------------------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    def text(self):
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self):
        yield self
        for c in self.children:
            if isinstance(c, Node):
                yield from c.iter()

    def classes(self):
        return (self.attrs.get("class") or "").split()

    def find_class(self, cls):
        return [n for n in self.iter() if cls in n.classes()]


class Tree(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", [], None)
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        n = self.cur
        while n is not None and n.tag != tag:
            n = n.parent
        if n is not None and n.parent is not None:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def parse_html(text):
    t = Tree()
    t.feed(text)
    t.close()
    return t.root


def chromium_binary():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def chromium(args, html_path):
    exe = chromium_binary()
    with tempfile.TemporaryDirectory() as profile:
        p = subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu",
                            "--disable-background-networking", "--disable-component-update",
                            "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
                            *args, "file://" + urllib.parse.quote(html_path)],
                           capture_output=True, timeout=120)
    if p.returncode != 0:
        C.fail(f"chromium failed ({p.returncode}): {p.stderr.decode('utf-8', 'replace')[-2000:]}")
    return p.stdout


def check_html_dom(root, ref, lang, how):
    html = next((n for n in root.iter() if n.tag == "html"), None)
    C.eq(html and html.attrs.get("lang"), lang, f"{how}: <html lang>")
    ids = {n.attrs["id"]: n for n in root.iter() if "id" in n.attrs}
    s = ref["summary"]
    want = {"count-files": s["files"], "count-errors": s["error"], "count-warnings": s["warning"],
            "count-info": s["info"], "count-waived": s["waived"], "count-unreadable": s["unreadable"],
            "count-clean": s["clean"], "count-with-warnings": s["with_warnings"],
            "count-with-errors": s["with_errors"],
            "count-findings": s["error"] + s["warning"] + s["info"],
            "exit-status": s["exit_status"]}
    for key, value in want.items():
        node = ids.get(key)
        C.eq(node.text().strip() if node else None, str(value), f"{how}: #{key}")
    rows = {n.attrs["data-rule"]: int(n.attrs["data-count"])
            for n in ids["by-rule"].iter() if n.tag == "tr" and "data-rule" in n.attrs} \
        if "by-rule" in ids else {}
    C.eq(rows, s["by_rule"], f"{how}: findings per rule")
    mats = {n.attrs["data-material"]: {"files": int(n.attrs["data-files"]),
                                       "findings": int(n.attrs["data-findings"])}
            for n in ids["by-material"].iter() if n.tag == "tr" and "data-material" in n.attrs}
    C.eq(mats, {xml_chars(k): v for k, v in s["by_material"].items()}, f"{how}: plans by material")
    clause_total = sum(int(n.attrs["data-count"]) for n in ids["by-clause"].iter()
                       if n.tag == "tr" and "data-clause" in n.attrs)
    C.eq(clause_total, s["error"] + s["warning"] + s["info"], f"{how}: findings per clause, total")
    for chart in ("chart-clause", "chart-material"):
        svg = ids.get(chart)
        if svg is None or not any(c.tag == "title" for c in svg.children if isinstance(c, Node)):
            C.fail(f"{how}: chart {chart} missing or without <title>")
    bars = {n.attrs["data-key"]: int(n.attrs["data-value"]) for n in ids["chart-material"].iter()
            if "data-key" in n.attrs}
    C.eq(bars, {xml_chars(k): v["findings"] for k, v in s["by_material"].items()},
         f"{how}: material chart")
    plans = [n for n in ids["plans"].iter() if n.tag == "tr" and "data-rank" in n.attrs]
    ranks = [n.attrs["data-rank"] for n in plans]
    order = {"error": 0, "warning": 1, "info": 2, "clean": 3}
    C.eq(ranks, sorted(ranks, key=order.get), f"{how}: plans with errors first")
    C.eq(len(plans), len(ref["results"]), f"{how}: one plan row per declaration")

    # The rows are the declarations ranked (unreadable or with an open error,
    # a warning, info, clean), in the batch's order within a rank; and the
    # plans with errors per material count the first rank.
    def rank(res):
        sev = {f["severity"] for f in res["findings"] if f.get("status") != "waived"}
        return 0 if not res["loaded"] or "error" in sev else 1 if "warning" in sev else \
            2 if "info" in sev else 3
    C.eq(sorted(set(ranks), key=order.get), ["error", "warning", "info", "clean"],
         f"{how}: ranks in the batch")
    C.eq([n.attrs["data-file"] for n in plans],
         [xml_chars(r["file"]) for r in sorted(ref["results"], key=rank)], f"{how}: order of the plans")
    failing = {}
    for r in ref["results"]:
        failing[xml_chars(r.get("material") or "")] = failing.get(xml_chars(r.get("material") or ""), 0) + (rank(r) == 0)
    got_failing = {n.attrs["data-material"]: int(n.attrs["data-with-errors"])
                   for n in ids["by-material"].iter() if n.tag == "tr" and "data-material" in n.attrs}
    C.eq(got_failing, failing, f"{how}: plans with errors by material")
    sections = [n for n in root.iter() if n.tag == "section" and "decl" in n.classes()]
    C.eq(len(sections), len(ref["results"]), f"{how}: one section per declaration")
    for sec, res in zip(sections, ref["results"]):
        name = res["file"]
        C.eq(sec.attrs.get("data-file"), xml_chars(name), f"{how}: section file")
        got = sorted((a.attrs["data-rule"], int(a.attrs["data-line"]), int(a.attrs["data-column"]),
                      a.attrs["data-path"], a.find_class("message")[0].text(),
                      a.attrs["data-status"], a.attrs["data-severity"])
                     for a in sec.find_class("finding"))
        want_f = sorted((f["rule"], f["line"], f["column"], xml_chars(f["path"]),
                         xml_chars(f["message"]), f["status"], f["severity"])
                        for f in res["findings"])
        C.eq(got, want_f, f"{how}: findings of {name}")
        # grouped by clause, in the pack's order, the others last
        clauses = [g.attrs["data-clause"] for g in sec.find_class("clause")]
        known = [c for c in ("(ア)", "(イ)", "(ウ)", "(エ)") if c in clauses]
        C.eq(clauses[:len(known)], known, f"{how}: clause groups of {name} in order")
        for a in sec.find_class("finding"):
            if a.parent.attrs.get("data-clause") != a.attrs.get("data-clause", "") and \
               a.parent.attrs.get("data-clause") != "":
                C.fail(f"{how}: finding {a.attrs['data-rule']} outside its clause group")
            if not a.find_class("remediation") and a.attrs["data-rule"] != "DECL-000":
                C.fail(f"{how}: finding {a.attrs['data-rule']} of {name} has no remediation")
        ev = [(n.attrs["data-rule"], n.attrs["data-status"]) for n in sec.iter()
              if n.tag == "tr" and "data-status" in n.attrs]
        C.eq(ev, [(r["rule"], r["status"]) for r in res["rules"]], f"{how}: evidence of {name}")


def check_html(data, ref, rc, lang, ctx):
    text = data.decode("utf-8")
    # self-contained: nothing fetched, nothing run
    for pat in (r"<script", r"<link", r"<img", r"<iframe", r"\bsrc\s*=", r"url\(",
                r"href\s*=\s*\"(?!#)"):
        if re.search(pat, text, re.I):
            C.fail(f"HTML ({lang}) matches {pat!r}: it must be self-contained and script-free")
    check_html_dom(parse_html(text), ref, lang, f"HTML source ({lang})")
    if not chromium_binary():
        C.skip("chromium is absent: the HTML report was not rendered")
        return
    out = os.path.join(ctx["build"], f"report-{lang}.html")
    with open(out, "wb") as fp:
        fp.write(data)
    dom = chromium(["--dump-dom"], out)
    check_html_dom(parse_html(dom.decode("utf-8")), ref, lang, f"Chromium DOM ({lang})")
    png = os.path.join(ctx["build"], "report.png" if lang == "en" else f"report-{lang}.png")
    if os.path.exists(png):
        os.unlink(png)
    chromium([f"--screenshot={png}", "--window-size=1280,2000", "--hide-scrollbars"], out)
    if not os.path.exists(png) or os.path.getsize(png) < 1000:
        C.fail(f"no screenshot in {png}")
    else:
        print(f"screenshot: {png}")


CHECKS = {"sarif": check_sarif, "junit": check_junit, "csv": check_csv, "html": check_html}


def main(argv):
    if len(argv) < 6 or argv[1] not in CHECKS:
        print(__doc__)
        return 2
    fmt, tlcheck, source, shared, build = argv[1:6]
    rules = argv[6:8] if argv[6:7] == ["--rules"] else []
    ctx = {"source": os.path.abspath(source), "shared": shared, "build": build, "rules": rules,
           "root": os.path.abspath(source)}
    # ... and a plan with warnings only, one with info only: every rank of the
    # HTML table of plans has rows.
    inputs = ["fixtures/valid", "fixtures/schema-invalid", "tests/data/reports",
              "tests/data/cli/warning-only.yaml", "tests/data/cli/fertilizer.yaml"]
    if fmt == "sarif":
        inputs.append("tests/data/reports")  # given twice: overlapping folders
    for lang in ("en", "ja"):
        args = [*rules, "--lang", lang, *inputs]
        rc_json, ref_data = run(tlcheck, ["--format", "json", *args], ctx["source"])
        ref = json.loads(ref_data)
        rc, data = run(tlcheck, ["--format", fmt, *args], ctx["source"])
        C.eq(rc, rc_json, f"exit status of --format {fmt} ({lang})")
        if not any(f["status"] == "open" for _, f in findings(ref)):
            C.fail("the batch has no finding")
        if not any(r["loaded"] is False for r in ref["results"]):
            C.fail("the batch has no unreadable file")
        CHECKS[fmt](data, ref, rc, lang, ctx)
    if fmt == "sarif":
        check_sarif_stability(tlcheck, ctx)
    if C.failures:
        print(f"{C.failures} failure(s)")
        return 1
    if C.skipped:
        return SKIP
    print(f"{fmt}: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
