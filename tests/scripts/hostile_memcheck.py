"""hostile_memcheck.py - valgrind memcheck over `tlcheck check` on the fixtures and hostile inputs.

Usage: hostile_memcheck.py VALGRIND TLCHECK RULES_DIR FIXTURES_DIR

Each run is `valgrind --leak-check=full --error-exitcode=99 tlcheck ...`: any
invalid access, use of uninitialised memory or leak makes it exit 99, which
fails the test; tlcheck's own statuses 0, 1 and 2 are what the inputs call for.
Covers every output format, worker threads, load errors of every kind, a rule
pack from a folder, an invalid pack and a rule whose regular expression hits
its match limit. For builds without sanitizers (valgrind cannot run ASan).
"""
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hostile_common import Failures, clean_env, run  # noqa: E402

INPUTS = {
    "laughs.yaml": "".join(["a0: &a0 [lol,lol,lol,lol,lol,lol,lol,lol,lol,lol]\n"] +
                           ["a%d: &a%d [%s]\n" % (i, i, ",".join(["*a%d" % (i - 1)] * 10))
                            for i in range(1, 9)]).encode(),
    "flow.yaml": b"a: " + b"[" * 5000 + b"]" * 5000 + b"\n",
    "block.yaml": "".join(" " * i + "a:\n" for i in range(200)).encode(),
    "nul.yaml": b"format: tlcheck\x00-declaration/1\n",
    "utf8.yaml": b"plan:\n  id: \xff\xfe\n",
    "sjis.yaml": "plan:\n  id: 半導体\n".encode("shift_jis"),
    "utf16.yaml": "plan:\n  id: x\n".encode("utf-16"),
    "empty.yaml": b"",
    "comment.yaml": b"# nothing\n",
    "multi.yaml": b"a: 1\n---\nb: 2\n",
    "dup.yaml": b"format: tlcheck-declaration/1\nplan: {id: A}\nplan: {id: B}\n",
    "syntax.yaml": b"plan: [unclosed\n  id: x\n",
}


def main():
    if len(sys.argv) != 5:
        print(__doc__)
        return 2
    valgrind, tlcheck, rules, fixtures = sys.argv[1:5]
    fail = Failures()
    tmp = tempfile.mkdtemp(prefix="tlcheck-memcheck-")
    env = clean_env(tmp)
    vg = [valgrind, "-q", "--leak-check=full", "--show-leak-kinds=definite,indirect,possible",
          "--errors-for-leak-kinds=definite,indirect,possible", "--error-exitcode=99",
          "--trace-children=no"]
    try:
        hostile = os.path.join(tmp, "hostile")
        os.makedirs(hostile)
        for name, data in INPUTS.items():
            with open(os.path.join(hostile, name), "wb") as f:
                f.write(data)
        redos_pack = os.path.join(tmp, "redos-pack")
        shutil.copytree(rules, redos_pack)
        fu = os.path.join(redos_pack, "fu.yaml")
        with open(fu, encoding="utf-8") as f:
            text = f.read()
        with open(fu, "w", encoding="utf-8") as f:
            f.write(text.replace('when: "true"', "when: 'inc.description.matches(\"(a+)+$\")'"))
        with open(os.path.join(fixtures, "valid", "complete-semiconductors.yaml"), encoding="utf-8") as f:
            decl = f.read().replace("leakage_incidents: []", "leakage_incidents:\n  - on: 2025-01-10\n"
                                    '    description: "%s!"\n' % ("a" * 5000))
        redos_decl = os.path.join(tmp, "redos.yaml")
        with open(redos_decl, "w", encoding="utf-8") as f:
            f.write(decl)
        bad_pack = os.path.join(tmp, "bad-pack")
        shutil.copytree(rules, bad_pack)
        with open(os.path.join(bad_pack, "fu.yaml"), "w", encoding="utf-8") as f:
            f.write(text.replace('when: "true"', "when: '%s'" % ("(" * 500 + "true" + ")" * 500)))

        runs = [
            ("fixtures, json, 2 jobs", ["check", "--format", "json", "--jobs", "2", fixtures], (1, 2)),
            ("fixtures, text", ["check", "--format", "text", "--jobs", "1", fixtures], (1, 2)),
            ("fixtures, sarif", ["check", "--format", "sarif", fixtures], (1, 2)),
            ("fixtures, junit, Japanese", ["check", "--format", "junit", "--lang", "ja", fixtures], (1, 2)),
            ("fixtures, csv", ["check", "--format", "csv", fixtures], (1, 2)),
            ("fixtures, html", ["check", "--format", "html", fixtures], (1, 2)),
            ("hostile inputs, json, 2 jobs", ["check", "--format", "json", "--jobs", "2", hostile], (2,)),
            ("hostile inputs, text, Japanese", ["check", "--lang", "ja", hostile], (2,)),
            ("pack from a folder", ["check", "--rules", rules, fixtures], (1, 2)),
            ("regular expression at its match limit", ["check", "--rules", redos_pack, redos_decl],
             (1, 2)),
            ("invalid pack (nesting)", ["check", "--rules", bad_pack, redos_decl], (2,)),
            ("missing file", ["check", os.path.join(tmp, "missing.yaml")], (2,)),
        ]
        for name, args, statuses in runs:
            r = run(vg + [tlcheck] + args, timeout=600, env=env)
            print("%-45s exit %s, %.1f s" % (name, r.rc, r.seconds), flush=True)
            fail.check(not r.timed_out, "%s: timed out" % name)
            fail.check(r.rc != 99, "%s: valgrind found errors:\n%s" % (
                name, r.err.decode("utf-8", "replace")[-4000:]))
            fail.check(r.rc in statuses + (99,), "%s: exit status %s, expected %s" % (
                name, r.rc, statuses))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return fail.finish("hostile_memcheck")


if __name__ == "__main__":
    sys.exit(main())
