#!/usr/bin/env python3
"""certified_plans.py TLCHECK SOURCE-DIR - the audit summary of the seed's 135 certified plans.

Generates the plans with gen_certified_plans.py into a temporary folder, checks
them with `tlcheck check --format json`, and asserts that the summary counts the
plans per material exactly as spec/domain.md's table does, and per ministry
(MHLW 2, MAFF 12, MLIT 10, METI 111). Also: the generator is deterministic, the
plans carry findings, and the batch compared with its own report has nothing new.
"""
import json
import os
import subprocess
import sys
import tempfile

TOOL, SRC = sys.argv[1], sys.argv[2]
GEN = os.path.join(SRC, "tests", "scripts", "gen_certified_plans.py")
# spec/domain.md, "The 12 materials": certified plans as of 2025-10-29.
TABLE = {"antibiotics": 2, "fertilizer": 12, "ship_parts": 10, "semiconductors": 26,
         "storage_batteries": 35, "aircraft_parts": 18, "permanent_magnets": 5,
         "advanced_electronic_components": 4, "machine_tools_industrial_robots": 5,
         "critical_minerals": 6, "natural_gas": 1, "cloud_programs": 11}
MINISTRIES = {"MHLW": 2, "MAFF": 12, "MLIT": 10, "METI": 111}
ENV = dict(os.environ, LC_ALL="C", LANG="C", LC_MESSAGES="C", NO_COLOR="1")
failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
        print("FAIL: " + msg)


def files_of(d):
    out = {}
    for root, _, names in os.walk(d):
        for n in names:
            with open(os.path.join(root, n), "rb") as f:
                out[os.path.relpath(os.path.join(root, n), d)] = f.read()
    return out


with tempfile.TemporaryDirectory() as tmp:
    a, b = os.path.join(tmp, "a"), os.path.join(tmp, "b")
    for d in (a, b):
        subprocess.run([sys.executable, GEN, d, "--seed", "2025"], check=True)
    check(files_of(a) == files_of(b), "the generator gives the same bytes for the same seed")
    check(len(files_of(a)) == 135, f"135 declarations, got {len(files_of(a))}")

    p = subprocess.run([TOOL, "check", "--format", "json", "--output", os.path.join(tmp, "r.json"), a],
                       env=ENV, capture_output=True, text=True)
    check(p.returncode == 1, f"exit status 1 (some plans have errors), got {p.returncode}: {p.stderr}")
    with open(os.path.join(tmp, "r.json"), encoding="utf-8") as f:
        rep = json.load(f)
    s = rep["summary"]
    check(s["files"] == 135 and s["unreadable"] == 0, f"135 plans read: {s['files']}, {s['unreadable']}")
    got = {k: v["files"] for k, v in s["by_material"].items()}
    check(got == TABLE, f"plans per material match the table: {got}")
    got = {k: v["files"] for k, v in s["by_ministry"].items()}
    check(got == MINISTRIES, f"plans per ministry: {got}")
    covered = sum(TABLE[m] for m in ("semiconductors", "storage_batteries", "aircraft_parts",
                                     "advanced_electronic_components", "machine_tools_industrial_robots"))
    check(covered == 88, "the five covered materials hold 88 plans")
    check(s["clean"] + s["with_warnings"] + s["with_errors"] == 135, "every plan is clean, warned or in error")
    check(s["with_errors"] > 0 and s["with_warnings"] > 0 and s["clean"] > 0, f"a mix of outcomes: {s}")
    outcomes = s["outcomes_by_material"]
    check(all(sum(o[k] for k in ("clean", "with_warnings", "with_errors")) == TABLE[m]
              for m, o in outcomes.items()), "outcomes per material add up to the plans")
    check(sum(s["by_clause"].values()) == s["error"] + s["warning"] + s["info"],
          "findings per clause add up to the findings")
    check(sum(s["by_rule"].values()) == s["error"] + s["warning"] + s["info"],
          "findings per rule add up to the findings")
    check(sum(v["findings"] for v in s["by_material"].values()) == s["error"] + s["warning"] + s["info"],
          "findings per material add up to the findings")

    # The batch against its own report: nothing new, nothing resolved.
    p = subprocess.run([TOOL, "check", "--format", "json", "--baseline", os.path.join(tmp, "r.json"), a],
                       env=ENV, capture_output=True, text=True)
    again = json.loads(p.stdout)["summary"]
    total = s["error"] + s["warning"] + s["info"]
    check((again["new"], again["resolved"], again["unchanged"]) == (0, 0, total),
          f"compared with itself: {again['new']} new, {again['resolved']} resolved")

    p = subprocess.run([TOOL, "check", a], env=ENV, capture_output=True, text=True)
    check("  by ministry: METI 111 (" in p.stdout, "text summary per ministry")
    check("135 files checked" in p.stdout, "text summary line")

print(f"certified_plans: {len(failures)} failure(s)")
sys.exit(1 if failures else 0)
