"""hostile_pathological.py - pathological declarations and rule packs end fast, with a clear error.

Usage: hostile_pathological.py TLCHECK RULES_DIR FIXTURES_DIR SANITIZE(ON|OFF) [inputs|pack|batch]

Each case is generated at test time in a private temporary folder (nothing big
is committed), checked with `tlcheck check`, and must end within the time limit
with the expected exit status and a message naming the problem: 1 s in a
normal build, 5 s under AddressSanitizer (which slows everything down), a few
seconds more for the cases that raise --max-bytes to reach the loader's other
limits. A build without AddressSanitizer also runs every case under a
256 MiB address-space limit (RLIMIT_AS) and expects the same outcome; under
ASan the limit is skipped, as ASan reserves terabytes of virtual memory.
The `batch` group (builds without ASan only) checks 300 files with many worker
threads under the same limit: every input must still be reported; eight
5 MB files under a 150 MiB limit, with 1 to 8 jobs: the same report as --jobs 1;
and twelve 5 MB files without a limit, whose peak memory with N jobs must stay
within N + 1 times that of --jobs 1. Prints a table of timings.
"""
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hostile_common import Failures, clean_env, findings, is_sanitized, parse_json, run  # noqa: E402

MiB = 1 << 20
AS_LIMIT = 256 * MiB
BIG = ["--max-bytes", "100000000"]  # lets a big input reach the loader's other limits


def w(path, data):
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


# ---- declarations ------------------------------------------------------------------

def billion_laughs(d):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append("a%d: &a%d [%s]" % (i, i, ",".join(["*a%d" % (i - 1)] * 10)))
    return w(os.path.join(d, "laughs.yaml"), "\n".join(lines) + "\n")


def nested_flow(d):
    n = 100000
    return w(os.path.join(d, "flow.yaml"), "a: " + "[" * n + "]" * n + "\n")


def nested_block(d):
    # 10,000 levels, one space of indentation each: about 50 MB.
    return w(os.path.join(d, "block.yaml"), "".join(" " * i + "a:\n" for i in range(10000)))


def scalar_50mb(d):
    return w(os.path.join(d, "scalar.yaml"), b"a: " + b"x" * (50 * MiB) + b"\n")


def million_keys(d):
    return w(os.path.join(d, "keys.yaml"), "".join("k%d: 1\n" % i for i in range(1000000)))


def unknown_keys(d):
    # A finding on each of 30,000 keys of one mapping: the report's stable paths
    # and fingerprints (a key looked up per finding) were quadratic in them
    # (1.5 s in a Release build, 12 s under ASan; now well under the limits).
    return w(os.path.join(d, "unknown.yaml"),
             "format: tlcheck-declaration/1\n" + "".join("k%d: 1\n" % i for i in range(30000)))


def many_ids(fixtures):
    # 4,000 core technologies and a partner naming 4,000 that are not declared:
    # each DECL-006 message listed every declared id, so the report grew with
    # their product (108 MB, 540 MB of memory; 440 MB and 2 GB at 8,000).
    def make(d):
        with open(os.path.join(fixtures, "valid", "complete-semiconductors.yaml"), encoding="utf-8") as f:
            text = f.read()
        n = 4000
        text = text.replace("core_technologies:\n", "core_technologies:\n" + "".join(
            "  - {id: T%d, name: n, public: false}\n" % i for i in range(n)), 1)
        text = text.replace("technologies: [CT1]\n    disclosed_on", "technologies: [CT1" + "".join(
            ", X%d" % i for i in range(n)) + "]\n    disclosed_on", 1)
        return w(os.path.join(d, "ids.yaml"), text)
    return make


def line_10mb(fixtures):
    def make(d):
        with open(os.path.join(fixtures, "valid", "complete-semiconductors.yaml"), "rb") as f:
            text = f.read()
        text = text.replace(b"\n  id: SEMI-2024-012", b'\n  id: "' + b"X" * (10 * MiB) + b'"', 1)
        return w(os.path.join(d, "line.yaml"), text)
    return make


DECLS = [
    # name, generator, extra args, exit status, rule, words the message must hold
    ("billion laughs", billion_laughs, [], 2, "DECL-000", r"alias"),
    ("100,000 nested flow sequences", nested_flow, [], 2, "DECL-000", r"nest|depth"),
    ("10,000 nested block mappings", nested_block, [], 2, "DECL-000", r"max_bytes|bytes"),
    ("10,000 nested block mappings, --max-bytes raised", nested_block, BIG, 2, "DECL-000",
     r"nest|depth"),
    ("50 MB scalar", scalar_50mb, [], 2, "DECL-000", r"max_bytes"),
    ("50 MB scalar, --max-bytes raised", scalar_50mb, BIG, 1, "DECL-001", r"format"),
    ("a million keys", million_keys, [], 2, "DECL-000", r"max_bytes"),
    ("a million keys, --max-bytes raised", million_keys, BIG, 2, "DECL-000", r"max_nodes|nodes"),
    ("30,000 unknown keys, a finding each", unknown_keys, [], 1, "DECL-008", r"nknown key"),
    ("NUL bytes", lambda d: w(os.path.join(d, "nul.yaml"), b"format: tlcheck\x00-declaration/1\n"),
     [], 2, "DECL-000", r"NUL"),
    ("invalid UTF-8", lambda d: w(os.path.join(d, "bad.yaml"), b"plan:\n  id: \xff\xfe\xc3\x28\n"),
     [], 2, "DECL-000", r"UTF-8"),
    ("Shift_JIS", lambda d: w(os.path.join(d, "sjis.yaml"),
                             "plan:\n  id: 半導体の計画\n".encode("shift_jis")),
     [], 2, "DECL-000", r"Shift_JIS"),
    ("UTF-16 LE with BOM", lambda d: w(os.path.join(d, "u16le.yaml"),
                                      "plan:\n  id: x\n".encode("utf-16")),
     [], 2, "DECL-000", r"UTF-16"),
    ("UTF-16 BE with BOM", lambda d: w(os.path.join(d, "u16be.yaml"),
                                      b"\xfe\xff" + "plan:\n  id: x\n".encode("utf-16-be")),
     [], 2, "DECL-000", r"UTF-16"),
    ("empty file", lambda d: w(os.path.join(d, "empty.yaml"), b""), [], 2, "DECL-000",
     r"no YAML document"),
    ("comment-only file", lambda d: w(os.path.join(d, "comment.yaml"), "# 申告書\n# nothing\n"),
     [], 2, "DECL-000", r"no YAML document"),
    ("several documents", lambda d: w(os.path.join(d, "multi.yaml"), "a: 1\n---\nb: 2\n---\nc: 3\n"),
     [], 2, "DECL-000", r"document"),
]


def with_line_10mb(fixtures):
    return DECLS + [
        ("4,000 undeclared ids among 4,000 declared", many_ids(fixtures), [], 1, "DECL-006",
         r"and 3991 more\)"),
        ("10 MB line", line_10mb(fixtures), [], 2, "DECL-000", r"max_bytes"),
        ("10 MB line, --max-bytes raised", line_10mb(fixtures), BIG, 0, None, None),
    ]


# ---- rule packs ----------------------------------------------------------------------

def pack_with(rules, d, when):
    """A copy of the default pack whose FU-001 has `when` as its condition;
    returns the folder and the line of the condition."""
    pk = os.path.join(d, "pack")
    shutil.copytree(rules, pk)
    path = os.path.join(pk, "fu.yaml")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    assert 'when: "true"' in text, "rules/fu.yaml changed: update hostile_pathological.py"
    line = text[:text.index('when: "true"')].count("\n") + 1
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace('when: "true"', "when: '%s'" % when))
    return pk, line


def redos_declaration(fixtures, d):
    with open(os.path.join(fixtures, "valid", "complete-semiconductors.yaml"), encoding="utf-8") as f:
        text = f.read()
    assert "leakage_incidents: []" in text
    text = text.replace("leakage_incidents: []", "leakage_incidents:\n  - on: 2025-01-10\n"
                        '    description: "%s!"\n' % ("a" * 50000))
    return w(os.path.join(d, "redos.yaml"), text)


PACKS = [
    # name, condition for FU-001, declaration ("redos" or the fixture), exit statuses,
    # words stdout/stderr must hold
    ("catastrophic regular expression (a+)+$ on 50,000 characters",
     'has(inc.description) && inc.description.matches("(a+)+$")', "redos", (1, 2),
     r"regular expression"),
    ("10,000 nested parentheses", "(" * 10000 + "true" + ")" * 10000, "fixture", (2,),
     r"fu\.yaml:{line}:\d+: .*nested more than"),
    ("huge integer literal", "size(decl) > " + "9" * 5000, "fixture", (2,),
     r"fu\.yaml:{line}:\d+: .*out of range"),
    ("huge decimal literal", "size(decl) > 1." + "9" * 5000, "fixture", (2,),
     r"fu\.yaml:{line}:\d+: .*out of range"),
]


def limit_as():
    resource.setrlimit(resource.RLIMIT_AS, (AS_LIMIT, AS_LIMIT))


def batch_under_limit(fail, tlcheck, fixtures, tmp, env, table):
    """Threads reserve address space (a stack and a malloc arena each): more
    workers than fit in the limit must not cost a result."""
    d = tempfile.mkdtemp(dir=tmp)
    src = os.path.join(fixtures, "valid", "complete-semiconductors.yaml")
    n = 300
    for i in range(n):
        os.link(src, os.path.join(d, "f%03d.yaml" % i))
    for jobs in ("1", "4", "16", "64", "1024"):
        # How many threads fit, and when memory runs out, varies from run to
        # run: one failure in 50 runs was seen before workers retired.
        for attempt in range(20):
            label = "batch of %d files, --jobs %s [RLIMIT_AS 256 MiB] #%d" % (n, jobs, attempt + 1)
            r = run([tlcheck, "check", "--format", "json", "--quiet", "--jobs", jobs, d],
                    timeout=300, env=env, preexec_fn=limit_as)
            table.append((label, r.seconds, r.rc))
            rep = parse_json(r.out)
            got = len(rep.get("results", [])) if rep else None
            if not fail.check(r.rc == 0 and got == n, "%s: exit %s, %s of %d results: %s" % (
                    label, r.signal_name() or r.rc, got, n, r.err.decode("utf-8", "replace")[-300:])):
                break


def big_declaration(fixtures, path, size):
    """The valid semiconductors fixture with its partner repeated (each a
    distinct name) until the file is about `size` bytes."""
    with open(os.path.join(fixtures, "valid", "complete-semiconductors.yaml"),
              encoding="utf-8") as f:
        text = f.read()
    start = text.index("\npartners:\n") + len("\npartners:\n")
    end = text.index("\nplanned_acts:")
    partner = text[start:end] + "\n"
    parts, total, k = [text[:start]], start, 0
    while total < size:
        parts.append(partner.replace("  - name: ", "  - name: P%06d " % k, 1))
        total += len(parts[-1].encode("utf-8"))
        k += 1
    parts.append(text[end + 1:])
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(parts))


def big_files_tight_limit(fail, tlcheck, fixtures, tmp, env, table):
    """Eight 5 MB declarations under an address-space limit a serial run fits
    in: the workers, and then the results they checked ahead of the calling
    thread, must give way rather than cost a result (an independent review saw
    0 to 2 of 8 results with --jobs 4 where --jobs 1 gave all 8)."""
    d = tempfile.mkdtemp(dir=tmp)
    big_declaration(fixtures, os.path.join(d, "b0.yaml"), 5 * MiB)
    for i in range(1, 8):
        os.link(os.path.join(d, "b0.yaml"), os.path.join(d, "b%d.yaml" % i))
    limit = 150 * MiB

    def tight():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    serial = None
    for jobs in ("1", "2", "4", "8"):
        for attempt in range(1 if jobs == "1" else 3):
            label = "8 files of 5 MB, --jobs %s [RLIMIT_AS 150 MiB] #%d" % (jobs, attempt + 1)
            r = run([tlcheck, "check", "--format", "json", "--quiet", "--jobs", jobs, d],
                    timeout=300, env=env, preexec_fn=tight)
            table.append((label, r.seconds, r.rc))
            if jobs == "1":
                if not fail.check(r.rc == 0, "%s: exit %s (the limit must fit a serial run): %s"
                                  % (label, r.signal_name() or r.rc, r.err.decode("utf-8", "replace")[-300:])):
                    return
                serial = r.out
            elif not fail.check(r.rc == 0 and r.out == serial, "%s: exit %s, %s results: %s" % (
                    label, r.signal_name() or r.rc,
                    len((parse_json(r.out) or {}).get("results", [])),
                    r.err.decode("utf-8", "replace")[-300:])):
                break


def peak_rss(argv, env):
    """Exit status and peak resident memory (KiB) of one run."""
    with open(os.devnull, "wb") as null:
        p = subprocess.Popen(argv, env=env, stdout=null, stderr=null)
        _, status, ru = os.wait4(p.pid, 0)
    return os.waitstatus_to_exitcode(status), ru.ru_maxrss


def big_files_memory(fail, tlcheck, fixtures, tmp, env, table):
    """Memory grows with the jobs and the largest file: a 5 MB declaration
    takes some 55 MB while it is checked, and a batch of them with N jobs must
    not hold more than N + 1 at once (one per thread, and the one being
    written). The window of files checked ahead of the one being written once
    let each job hold four or more: 7 to 9 times the memory of --jobs 1 with
    --jobs 4, 14 times with --jobs 8."""
    d = tempfile.mkdtemp(dir=tmp)
    big_declaration(fixtures, os.path.join(d, "b00.yaml"), 5 * MiB)
    for i in range(1, 12):
        os.link(os.path.join(d, "b00.yaml"), os.path.join(d, "b%02d.yaml" % i))
    serial = None
    for jobs in (1, 4, 8):
        out = os.path.join(tmp, "big-memory.json")
        start = time.monotonic()
        rc, rss = peak_rss([tlcheck, "check", "--format", "json", "--quiet", "--jobs", str(jobs),
                            "--output", out, d], env)
        label = "12 files of 5 MB, --jobs %d: peak RSS %d MiB" % (jobs, rss // 1024)
        table.append((label, time.monotonic() - start, rc))
        if not fail.check(rc == 0, "%s: exit %s" % (label, rc)):
            return
        if serial is None:
            serial = rss
            continue
        fail.check(rss <= serial * (jobs + 1), "%s, more than %d times the %d MiB of --jobs 1"
                   % (label, jobs + 1, serial // 1024))


def main():
    if len(sys.argv) not in (5, 6):
        print(__doc__)
        return 2
    tlcheck, rules, fixtures, san = sys.argv[1:5]
    group = sys.argv[5] if len(sys.argv) == 6 else "all"
    asan = is_sanitized(tlcheck, san)
    fast = 5.0 if asan else 1.0       # the limit for a case at default limits
    slow = 20.0 if asan else 5.0      # cases that raise --max-bytes to 100 MB
    fail = Failures()
    table = []
    tmp = tempfile.mkdtemp(prefix="tlcheck-hostile-")
    env = clean_env(tmp)
    try:
        cases = []
        if group in ("all", "inputs"):
            for name, make, extra, status, rule, words in with_line_10mb(fixtures):
                d = tempfile.mkdtemp(dir=tmp)
                cases.append((name, [tlcheck, "check", "--format", "json", "--quiet"] + extra +
                              [make(d)], (status,), rule, words, slow if extra else fast, d))
        if group in ("all", "pack"):
            for name, when, decl, statuses, words in PACKS:
                d = tempfile.mkdtemp(dir=tmp)
                pk, line = pack_with(rules, d, when)
                words = words.replace("{line}", str(line))
                path = (redos_declaration(fixtures, d) if decl == "redos" else
                        os.path.join(fixtures, "valid", "complete-semiconductors.yaml"))
                cases.append((name, [tlcheck, "check", "--format", "json", "--quiet",
                                     "--rules", pk, path], statuses, None, words, fast, d))
        if group == "batch":
            if asan:
                print("SKIP: the address-space limit cannot apply under AddressSanitizer")
                return 77
            batch_under_limit(fail, tlcheck, fixtures, tmp, env, table)
            big_files_tight_limit(fail, tlcheck, fixtures, tmp, env, table)
            big_files_memory(fail, tlcheck, fixtures, tmp, env, table)
        for name, argv, statuses, rule, words, limit, d in cases:
            runs = [("", None)]
            if not asan:
                runs.append((" [RLIMIT_AS 256 MiB]", limit_as))
            for tag, pre in runs:
                r = run(argv, timeout=max(60, limit * 4), env=env, preexec_fn=pre)
                label = name + tag
                table.append((label, r.seconds, r.rc))
                if not fail.check(not r.timed_out, "%s: still running after %.0f s" % (
                        label, r.seconds)):
                    continue
                fail.check(r.seconds < limit, "%s: took %.2f s (limit %.1f s)" % (
                    label, r.seconds, limit))
                if not fail.check(r.rc in statuses, "%s: exit status %s, expected %s: %s" % (
                        label, r.signal_name() or r.rc, statuses, r.text()[-1500:])):
                    continue
                rep = parse_json(r.out)
                if r.out:
                    fail.check(rep is not None, "%s: output is not JSON" % label)
                if rule:
                    hits = [f for _, f in findings(rep or {}) if f.get("rule") == rule]
                    if fail.check(hits, "%s: no %s finding in %s" % (label, rule, r.out[:500])):
                        f = hits[0]
                        fail.check(f.get("line", 0) >= 1, "%s: %s without a line" % (label, rule))
                        fail.check(re.search(words, f.get("message", "")),
                                   "%s: the message does not say /%s/: %s" % (
                                       label, words, f.get("message")))
                elif words:
                    fail.check(re.search(words, r.text()), "%s: the output does not say /%s/: %s"
                               % (label, words, r.text()[-1500:]))
                if r.rc == 2 and not r.out:
                    fail.check(r.err, "%s: exit status 2 without a word on stderr" % label)
            shutil.rmtree(d, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("\n%-70s %8s %s" % ("case (%s build)" % ("ASan" if asan else "plain"), "seconds",
                              "exit"))
    for label, secs, rc in table:
        print("%-70s %8.3f %s" % (label, secs, rc))
    return fail.finish("hostile_pathological")


if __name__ == "__main__":
    sys.exit(main())
