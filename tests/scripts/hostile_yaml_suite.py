"""hostile_yaml_suite.py - every case of the YAML test suite through `tlcheck check --format json`.

Usage: hostile_yaml_suite.py TLCHECK SUITE_DIR

For each case: no crash or hang (a timeout per run), exit status 0, 1 or 2
only, the JSON output parses and holds one result for the file, a file that
cannot be loaded is reported as DECL-000 with a line >= 1 and exit status 2,
and every error case that libyaml itself rejects (libyaml-0.2.5-baseline.tsv)
is refused that way. Error cases that libyaml 0.2.5 accepts are counted and
listed, not failed: no loader built on libyaml can refuse them all, except
those where libyaml takes a '#' after no white space for a comment, which the
loader refuses itself (COMMENT_CASES, src/yaml/load.c). Finally
one batch run over every case reports every input. Exits 77 (skip) when the
suite is absent.
"""
import os
import sys
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hostile_common import SKIP, Failures, clean_env, findings, parse_json, run  # noqa: E402

TIMEOUT = 30  # seconds per run: generous for sanitizer builds on a busy machine


def read_cases(suite):
    """(id, folder, is_error_case) for every case of index.tsv."""
    cases = []
    with open(os.path.join(suite, "index.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            cases.append((cols[0], os.path.join(suite, cols[1]), cols[2] == "1"))
    return cases


# Error cases libyaml 0.2.5 accepts only because it takes a '#' that follows
# no white space for the start of a comment: tlcheck refuses them.
COMMENT_CASES = {"9JBA", "CVW2", "SU5Z", "X4QW"}


def read_baseline(suite):
    """id -> what libyaml 0.2.5 does ("ok" or "error")."""
    base = {}
    path = os.path.join(suite, "libyaml-0.2.5-baseline.tsv")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                cols = line.rstrip("\n").split("\t")
                base[cols[0]] = cols[2]
    return base


def check_one(tlcheck, env, case):
    cid, folder, _ = case
    path = os.path.join(folder, "in.yaml")
    return cid, path, run([tlcheck, "check", "--format", "json", "--quiet", path],
                          timeout=TIMEOUT, env=env)


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    tlcheck, suite = sys.argv[1], sys.argv[2]
    if not os.path.isdir(os.path.join(suite, "cases")):
        print("SKIP: no YAML test suite at %s" % suite)
        return SKIP
    cases = read_cases(suite)
    baseline = read_baseline(suite)
    env = clean_env()
    fail = Failures()
    fail.check(len(cases) >= 400, "expected the 402 cases of the suite, found %d" % len(cases))

    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        runs = list(pool.map(lambda c: check_one(tlcheck, env, c), cases))

    refused = accepted = 0
    deviations = []
    decl000 = {}
    for (cid, folder, is_error), (_, path, r) in zip(cases, runs):
        if not fail.check(not r.timed_out, "%s: no result within %d s" % (cid, TIMEOUT)):
            continue
        if not fail.check(r.rc in (0, 1, 2), "%s: exit status %s %s" % (
                cid, r.rc, r.signal_name() or r.text()[-2000:])):
            continue
        rep = parse_json(r.out)
        if not fail.check(rep is not None, "%s: the output is not JSON: %r" % (cid, r.out[:300])):
            continue
        results = rep.get("results", [])
        if not fail.check(len(results) == 1 and results[0].get("file") == path,
                          "%s: expected one result for %s" % (cid, path)):
            continue
        load = [f for _, f in findings(rep) if f.get("rule") == "DECL-000"]
        decl000[path] = bool(load)
        for f in load:
            fail.check(isinstance(f.get("line"), int) and f["line"] >= 1 and f.get("message"),
                       "%s: DECL-000 without a position or message: %s" % (cid, f))
        if load:
            refused += 1
            fail.check(r.rc == 2, "%s: DECL-000 but exit status %d" % (cid, r.rc))
        else:
            accepted += 1
            fail.check(r.rc in (0, 1), "%s: exit status 2 without DECL-000" % cid)
        if is_error and not load:
            if cid in COMMENT_CASES:
                fail.check(False, "%s: a '#' after no white space was taken for a comment" % cid)
            elif baseline.get(cid) == "ok":
                deviations.append(cid)
            else:
                fail.check(False, "%s: an invalid YAML case (libyaml rejects it too) was accepted"
                           % cid)

    print("yaml-test-suite: %d cases, %d loaded, %d refused (DECL-000)" % (
        len(cases), accepted, refused))
    if deviations:
        print("error cases libyaml 0.2.5 accepts and tlcheck loads too (known, see the baseline): "
              "%d: %s" % (len(deviations), " ".join(sorted(deviations))))

    # One batch over every case: every input is reported, broken or not, in order.
    paths = [os.path.join(c[1], "in.yaml") for c in cases]
    r = run([tlcheck, "check", "--format", "json", "--quiet"] + paths, timeout=300, env=env)
    rep = parse_json(r.out)
    if fail.check(r.rc == 2 and rep is not None, "batch: exit status %s, JSON %s" % (
            r.rc, rep is not None)):
        got = [x.get("file") for x in rep.get("results", [])]
        fail.check(got == paths, "batch: %d results for %d inputs, or out of order" % (
            len(got), len(paths)))
        fail.check(rep.get("summary", {}).get("files") == len(paths),
                   "batch: summary.files is %s" % rep.get("summary", {}).get("files"))
        for res in rep.get("results", []):
            load = any(f.get("rule") == "DECL-000" for f in res.get("findings", []))
            if res.get("file") in decl000:
                fail.check(load == decl000[res["file"]],
                           "batch: %s loads differently alone and in a batch" % res["file"])
    return fail.finish("hostile_yaml_suite")


if __name__ == "__main__":
    sys.exit(main())
