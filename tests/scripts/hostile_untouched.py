"""hostile_untouched.py - nothing lost, nothing touched: every input reported, inputs unchanged, no stray file.

Usage: hostile_untouched.py TLCHECK FIXTURES_DIR SANITIZE(ON|OFF)

1. A batch of good and broken inputs (schema errors, bad YAML, NUL bytes,
   Shift_JIS, empty, a directory named *.yaml, a missing file, a dangling
   symbolic link) reports every input, in order, for --jobs 1, 2 and 8.
2. Checking never modifies an input: bytes, size, mode and mtime are the same.
3. A run with --output writes that file and nothing else: the working folder,
   the inputs' folder, a private TMPDIR and /tmp are listed before and after
   (and, where strace is installed, every file the process creates is traced).
4. A run killed mid-batch (SIGTERM, SIGINT, SIGKILL) leaves the previous report,
   or none, never a partial one; SIGTERM and SIGINT leave no temporary file.
5. Memory stays flat: the peak resident size of a 2,000-file batch is within a
   few MiB of that of a 200-file batch; and in every format, 8,000 results take
   no more than JSON's do beyond 200 (JSON keeps nothing per file).
"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hostile_common import Failures, clean_env, is_sanitized, parse_json, run  # noqa: E402

BROKEN = {
    "bad-yaml.yaml": b"plan: [unclosed\n  id: x\n",
    "nul.yaml": b"format: tlcheck-declaration/1\x00\n",
    "sjis.yaml": "plan:\n  id: 半導体\n".encode("shift_jis"),
    "empty.yaml": b"",
    "two-docs.yaml": b"a: 1\n---\nb: 2\n",
    "tab.yaml": b"plan:\n\tid: x\n",
}


def make_inputs(fixtures, d):
    """A folder of good and broken declarations; returns the paths a user would
    give: the folder itself, a missing file, a dangling link and a directory
    named like a declaration."""
    decls = os.path.join(d, "decls")
    os.makedirs(decls)
    for sub in ("valid", "schema-invalid"):
        src = os.path.join(fixtures, sub)
        for name in sorted(os.listdir(src)):
            shutil.copy2(os.path.join(src, name), os.path.join(decls, sub + "-" + name))
    for name, data in BROKEN.items():
        with open(os.path.join(decls, name), "wb") as f:
            f.write(data)
    os.symlink(os.path.join(d, "nowhere.yaml"), os.path.join(d, "dangling.yaml"))
    os.makedirs(os.path.join(d, "folder.yaml"))
    return decls, [decls, os.path.join(d, "missing.yaml"), os.path.join(d, "dangling.yaml")]


def expected_files(decls, extra):
    names = sorted(os.listdir(decls))
    return [os.path.join(decls, n) for n in names] + extra


def snapshot(paths):
    out = {}
    for top in paths:
        for root, dirs, files in os.walk(top):
            for n in dirs + files:
                p = os.path.join(root, n)
                st = os.lstat(p)
                data = b""
                if os.path.isfile(p) and not os.path.islink(p):
                    with open(p, "rb") as f:
                        data = f.read()
                out[p] = (st.st_mode, st.st_size, st.st_mtime_ns, st.st_ino, data)
    return out


def listing(top, recursive=True):
    if not os.path.isdir(top):
        return set()
    if not recursive:
        return set(os.listdir(top))
    found = set()
    for root, dirs, files in os.walk(top):
        for n in dirs + files:
            found.add(os.path.relpath(os.path.join(root, n), top))
    return found


def test_batch(fail, tlcheck, fixtures, tmp, env):
    d = tempfile.mkdtemp(dir=tmp)
    decls, args = make_inputs(fixtures, d)
    want = expected_files(decls, args[1:])
    before = snapshot([decls])
    for jobs in ("1", "2", "8"):
        r = run([tlcheck, "check", "--format", "json", "--quiet", "--jobs", jobs] + args, env=env,
                timeout=300)
        rep = parse_json(r.out)
        if not fail.check(r.rc == 2 and rep is not None, "batch --jobs %s: exit %s, JSON %s: %s" % (
                jobs, r.rc, rep is not None, r.text()[-800:])):
            continue
        got = [x.get("file") for x in rep["results"]]
        fail.check(got == want, "batch --jobs %s: results %s, expected %s" % (jobs, got, want))
        fail.check(rep.get("summary", {}).get("files") == len(want),
                   "batch --jobs %s: summary.files %s" % (jobs, rep.get("summary")))
        for res in rep["results"]:
            name = os.path.basename(res["file"])
            broken = name in BROKEN or name in ("missing.yaml", "dangling.yaml")
            load = [f for f in res.get("findings", []) if f.get("rule") == "DECL-000"]
            fail.check(bool(load) == broken, "batch: %s: DECL-000 %s" % (name, bool(load)))
            fail.check(all(f.get("line", 0) >= 1 or name in ("missing.yaml", "dangling.yaml")
                           for f in load), "batch: %s: DECL-000 without a line" % name)
    # A directory named *.yaml is searched as a folder: empty, so nothing to check.
    r = run([tlcheck, "check", "--format", "json", "--quiet", os.path.join(d, "folder.yaml")],
            env=env)
    fail.check(r.rc == 2 and b"no *.yaml" in r.err, "an empty folder named *.yaml: exit %s, %s"
               % (r.rc, r.text()[-500:]))
    after = snapshot([decls])
    fail.check(before == after, "checking changed the inputs: %s" % sorted(
        p for p in set(before) | set(after) if before.get(p) != after.get(p)))


def traced_creations(tlcheck, argv, env, cwd):
    """Paths the process created, renamed or removed, per strace; None without strace."""
    strace = shutil.which("strace")
    if not strace:
        return None
    log = os.path.join(env["TMPDIR"], "..", "strace.log")
    p = subprocess.run([strace, "-f", "-qq", "-o", log, "-e",
                        "trace=open,openat,creat,rename,renameat,renameat2,link,linkat,symlink,"
                        "symlinkat,mkdir,mkdirat,unlink,unlinkat"] + argv,
                       env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if p.returncode not in (0, 1, 2):
        return None  # strace refused (no ptrace permission): nothing to say
    touched = []
    with open(log, encoding="utf-8", errors="replace") as f:
        for line in f:
            if "= -1" in line:
                continue
            if ("O_CREAT" in line or "O_WRONLY" in line or "O_RDWR" in line or "rename" in line
                    or "link" in line or "mkdir" in line or "creat(" in line):
                touched.append(line.strip())
    os.unlink(log)
    return touched


def test_output_only(fail, tlcheck, fixtures, tmp, env):
    d = tempfile.mkdtemp(dir=tmp)
    decls, args = make_inputs(fixtures, d)
    work = os.path.join(d, "work")
    os.makedirs(work)
    out = os.path.join(work, "report.json")
    private = env["TMPDIR"]
    tops = [work, private, d]
    before = {t: listing(t) for t in tops}
    tmp_before = listing("/tmp", recursive=False)
    r = run([tlcheck, "check", "--format", "json", "--quiet", "--output", "report.json"] + args,
            env=env, cwd=work)
    fail.check(r.rc == 2 and not r.out, "--output: exit %s, stdout %r" % (r.rc, r.out[:200]))
    fail.check(os.path.exists(out) and parse_json(open(out, "rb").read()) is not None,
               "--output: no complete report")
    after = {t: listing(t) for t in tops}
    for t in tops:
        new = after[t] - before[t] - ({"report.json"} if t == work else
                                       {"work/report.json"} if t == d else set())
        fail.check(not new and before[t] <= after[t], "--output: %s changed: +%s -%s" % (
            t, sorted(new), sorted(before[t] - after[t])))
    # /tmp is shared with other tests: only names tlcheck could have made count.
    stray = [n for n in listing("/tmp", recursive=False) - tmp_before
             if "report" in n or n.startswith(".") or "tlcheck" in n and "hostile" not in n]
    fail.check(not stray, "--output: new entries in /tmp: %s" % stray)
    os.unlink(out)
    traced = traced_creations(tlcheck, [tlcheck, "check", "--format", "json", "--quiet",
                                        "--output", "report.json"] + args, env, work)
    if traced is None:
        print("note: strace not available, file creations not traced")
    else:
        bad = [t for t in traced if "report.json" not in t]
        fail.check(not bad, "--output: the process wrote elsewhere: %s" % bad[:10])
        print("strace: %d file writes, all to the report" % len(traced))


def big_batch(fixtures, d, n):
    decls = os.path.join(d, "batch")
    os.makedirs(decls)
    srcs = [os.path.join(fixtures, "valid", x) for x in sorted(os.listdir(os.path.join(fixtures, "valid")))]
    srcs += [os.path.join(fixtures, "schema-invalid", x)
             for x in sorted(os.listdir(os.path.join(fixtures, "schema-invalid")))]
    for i in range(n):
        os.link(srcs[i % len(srcs)], os.path.join(decls, "f%05d.yaml" % i))
    return decls


def test_killed(fail, tlcheck, fixtures, tmp, env, n):
    d = tempfile.mkdtemp(dir=tmp)
    decls = big_batch(fixtures, d, n)
    work = os.path.join(d, "work")
    os.makedirs(work)
    out = os.path.join(work, "report.json")
    previous = b'{"previous": "report"}\n'
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGPIPE, signal.SIGKILL):
        for had_previous in (True, False):
            for f in os.listdir(work):
                os.unlink(os.path.join(work, f))
            if had_previous:
                with open(out, "wb") as f:
                    f.write(previous)
            p = subprocess.Popen([tlcheck, "check", "--format", "json", "--quiet", "--jobs", "2",
                                  "--output", out, decls], env=env, cwd=work,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            # Wait until the temporary report holds results: the run is mid-batch.
            t0 = time.monotonic()
            started = False
            while p.poll() is None and time.monotonic() - t0 < 120:
                tmps = [x for x in os.listdir(work) if x.startswith(".report.json.")]
                if tmps and os.path.getsize(os.path.join(work, tmps[0])) > 0:
                    started = True
                    break
                time.sleep(0.005)
            label = "%s%s" % (signal.Signals(sig).name, " over a previous report" if had_previous else "")
            if not fail.check(started and p.poll() is None,
                              "%s: the batch of %d files ended before it could be killed" % (label, n)):
                p.wait()
                continue
            p.send_signal(sig)
            p.wait(timeout=120)
            fail.check(p.returncode == -sig, "%s: ended with %s" % (label, p.returncode))
            if had_previous:
                fail.check(open(out, "rb").read() == previous,
                           "%s: the previous report was replaced" % label)
            else:
                fail.check(not os.path.exists(out), "%s: a partial report was left" % label)
            left = [x for x in os.listdir(work) if x != "report.json"]
            if sig != signal.SIGKILL:
                fail.check(not left, "%s: left %s" % (label, left))
            else:
                # SIGKILL cannot be caught: its temporary file may stay, named as such.
                fail.check(all(x.startswith(".report.json.") for x in left),
                           "%s: left %s" % (label, left))


def peak_rss_kib(argv, env):
    p = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    return p.returncode, ru.ru_maxrss


def test_flat_memory(fail, tlcheck, fixtures, tmp, env, asan):
    d = tempfile.mkdtemp(dir=tmp)
    env = dict(env)
    if asan:  # ASan's quarantine of freed memory would otherwise grow to 256 MiB
        env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + ":quarantine_size_mb=4"
    small = big_batch(fixtures, os.path.join(d, "s"), 200)
    large = big_batch(fixtures, os.path.join(d, "l"), 2000)
    base = [tlcheck, "check", "--format", "json", "--quiet", "--jobs", "2", "--output",
            os.path.join(d, "r.json")]
    rc1, rss1 = peak_rss_kib(base + [small], env)
    rc2, rss2 = peak_rss_kib(base + [large], env)
    print("peak RSS: 200 files %d KiB, 2,000 files %d KiB" % (rss1, rss2))
    fail.check(rc1 == 1 and rc2 == 1, "flat memory: exit %s and %s" % (rc1, rc2))
    # The report streams and results are freed as they are written: only the
    # list of paths grows with the batch (a few hundred bytes per file).
    fail.check(rss2 - rss1 < 8 * 1024, "memory grows with the batch: %d KiB for 200 files, "
               "%d KiB for 2,000" % (rss1, rss2))
    # Every format: the 200 files given once, then 40 times (8,000 results).
    # Beyond the list of paths, which grows alike for all, no report keeps
    # anything per file: each grows within 3 MiB of what JSON grows (the HTML
    # report, which puts its table of plans first, once kept 0.7 KB a file).
    growth = {}
    for fmt in ("json", "html", "sarif", "junit", "csv", "text"):
        argv = [tlcheck, "check", "--format", fmt, "--quiet", "--jobs", "2", "--output",
                os.path.join(d, "r." + fmt)]
        rc1, once = peak_rss_kib(argv + [small], env)
        rc2, many = peak_rss_kib(argv + [small] * 40, env)
        growth[fmt] = many - once
        print("peak RSS, %s: 200 results %d KiB, 8,000 results %d KiB" % (fmt, once, many))
        fail.check(rc1 == 1 and rc2 == 1, "flat memory, %s: exit %s and %s" % (fmt, rc1, rc2))
    for fmt, grew in growth.items():
        fail.check(grew - growth["json"] < 3 * 1024,
                   "the %s report grows with the batch: %d KiB more for 8,000 results than "
                   "200, JSON %d KiB" % (fmt, grew, growth["json"]))


def main():
    if len(sys.argv) != 4:
        print(__doc__)
        return 2
    tlcheck, fixtures, san = sys.argv[1:4]
    tlcheck, fixtures = os.path.abspath(tlcheck), os.path.abspath(fixtures)
    asan = is_sanitized(tlcheck, san)
    fail = Failures()
    tmp = tempfile.mkdtemp(prefix="tlcheck-hostile-untouched-")
    private = os.path.join(tmp, "private-tmp")
    os.makedirs(private)
    env = clean_env(private)
    try:
        test_batch(fail, tlcheck, fixtures, tmp, env)
        test_output_only(fail, tlcheck, fixtures, tmp, env)
        test_killed(fail, tlcheck, fixtures, tmp, env, 3000 if asan else 6000)
        test_flat_memory(fail, tlcheck, fixtures, tmp, env, asan)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return fail.finish("hostile_untouched")


if __name__ == "__main__":
    sys.exit(main())
