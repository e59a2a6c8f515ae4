"""hostile_common.py - helpers shared by the hostile-input tests: running tlcheck, timing, JSON checks."""
import json
import os
import subprocess
import sys
import time

SKIP = 77  # ctest SKIP_RETURN_CODE


class Failures:
    """Collects failed checks so that one run reports all of them."""

    def __init__(self):
        self.items = []

    def check(self, cond, what):
        if not cond:
            self.items.append(what)
            print("FAIL: " + what, flush=True)
        return cond

    def finish(self, name):
        if self.items:
            print("%s: %d failed check(s)" % (name, len(self.items)))
            return 1
        print("%s: all checks passed" % name)
        return 0


class Run:
    """One finished process: exit status, output, and wall time in seconds."""

    def __init__(self, rc, out, err, seconds, timed_out=False):
        self.rc, self.out, self.err, self.seconds, self.timed_out = rc, out, err, seconds, timed_out

    def text(self):
        return (self.out + self.err).decode("utf-8", "replace")

    def signal_name(self):
        return "signal %d" % -self.rc if self.rc is not None and self.rc < 0 else None


def run(argv, timeout=60, env=None, cwd=None, preexec_fn=None, stdin=subprocess.DEVNULL):
    """Runs argv, measuring its wall time with time.monotonic()."""
    t0 = time.monotonic()
    try:
        p = subprocess.run(argv, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=timeout, env=env, cwd=cwd, preexec_fn=preexec_fn)
    except subprocess.TimeoutExpired as e:
        return Run(None, e.stdout or b"", e.stderr or b"", time.monotonic() - t0, True)
    return Run(p.returncode, p.stdout, p.stderr, time.monotonic() - t0)


def parse_json(data):
    """The JSON report in data, or None when it is not well-formed JSON."""
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None


def findings(report):
    """All findings of a JSON report, as (file, finding) pairs."""
    return [(r.get("file"), f) for r in report.get("results", []) for f in r.get("findings", [])]


def is_sanitized(tlcheck, flag):
    """Whether tlcheck was built with AddressSanitizer: the CMake option passed
    by the test (ON/OFF), else a look at the binary's symbols."""
    if flag:
        return flag.upper() in ("ON", "1", "TRUE", "YES")
    try:
        out = subprocess.run(["nm", tlcheck], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL).stdout
    except OSError:
        return False
    return b"__asan_init" in out


def clean_env(tmpdir=None):
    """An environment for tlcheck: English messages, no colour, a private TMPDIR."""
    env = dict(os.environ)
    for k in ("LC_ALL", "LC_MESSAGES", "LANG"):
        env.pop(k, None)
    env["LANG"] = "C"
    env["NO_COLOR"] = "1"
    if tmpdir:
        env["TMPDIR"] = tmpdir
    return env


def usage(msg):
    print(msg, file=sys.stderr)
    sys.exit(2)
