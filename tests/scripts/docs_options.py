#!/usr/bin/env python3
"""docs_options.py - the man pages, --help and bash completion agree with the tool.

Like curl's test1139: every option that a --help output lists is documented in
man/tlcheck.1 under its command, and every option tlcheck.1 documents is accepted
by the tool (running it never ends in "unknown option"). Every command that
`tlcheck --help` lists has its own section, and bash completion offers every
command and option. Finally each man page renders with `groff -man -ww -z`
without a warning (skipped when groff is missing).

usage: docs_options.py TLCHECK SOURCE-DIR
"""
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

TOOL, SRC = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
MAN1 = os.path.join(SRC, "man", "tlcheck.1")
MAN_RULES = os.path.join(SRC, "man", "tlcheck-rules.5")
MAN_DECL = os.path.join(SRC, "man", "tlcheck-declaration.5")
FUNCTIONS_C = os.path.join(SRC, "src", "expr", "functions.c")
COMPLETION = os.path.join(SRC, "completion", "tlcheck.bash")
ENV = dict(os.environ, LC_ALL="C", LANG="C", LC_MESSAGES="C", NO_COLOR="1")
OPTION = re.compile(r"(?<![\w-])(--?[A-Za-z][A-Za-z0-9-]*)")
UNKNOWN = re.compile(r"unknown (option|command)")

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


def run(args, cwd):
    """Runs the tool in `cwd` with English messages; returns (status, stdout, stderr)."""
    p = subprocess.run([TOOL] + args, cwd=cwd, env=ENV, stdin=subprocess.DEVNULL,
                       capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


def help_options(text):
    return set(OPTION.findall(text))


def commands_of_main_help(text):
    """The commands listed under "Commands:" in `tlcheck --help`, in order."""
    cmds, inside = [], False
    for line in text.splitlines():
        if line.strip() == "Commands:":
            inside = True
            continue
        if inside:
            if not line.strip():
                break
            # "  check [OPTIONS] PATH...   ...": continuation lines are indented deeper.
            m = re.match(r"  ([a-z][a-z-]*)\b", line)
            if m and m.group(1) not in cmds:
                cmds.append(m.group(1))
    return cmds


def options_block_of_main_help(text):
    """Options of the "Options:" block of `tlcheck --help` (the global ones)."""
    opts, inside = set(), False
    for line in text.splitlines():
        if line.strip() == "Options:":
            inside = True
            continue
        if inside:
            if not line.strip():
                break
            # "  -h, --help     show this help": the part before the description.
            m = re.match(r"\s+(\S.*?)(\s{2,}|$)", line)
            if m:
                opts |= set(OPTION.findall(m.group(1)))
    return opts


def parse_man(path):
    """Options documented in tlcheck.1: {section: {option: takes_value}}.

    Sections are the .SS headings under COMMANDS (one per command) and
    "GLOBAL" for GLOBAL OPTIONS. An option is documented by the tag line of a
    .TP or .TQ (the line after it) that starts with \\- in bold."""
    doc, sh, ss = {}, None, None
    lines = open(path, encoding="ascii").read().splitlines()
    for i, line in enumerate(lines):
        if line.startswith(".SH "):
            sh = line[4:].strip().strip('"')
            ss = "GLOBAL" if sh == "GLOBAL OPTIONS" else None
            continue
        if line.startswith(".SS ") and sh == "COMMANDS":
            ss = line[4:].strip().strip('"')
            doc.setdefault(ss, {})
            continue
        if ss is None or line not in (".TP", ".TQ") or i + 1 >= len(lines):
            continue
        tag = lines[i + 1]
        m = re.match(r"\.(B|BI|BR)\s+(.*)", tag)
        if not m:
            continue
        try:
            words = shlex.split(m.group(2).replace("\\-", "-"))
        except ValueError:
            fail(f"tlcheck.1: cannot read the tag line {tag!r}")
            continue
        if not words or not words[0].startswith("-"):
            continue
        opts = [w for w in words if w.startswith("-")]
        rest = [w for w in words if not w.startswith("-") and w.strip() not in (",", "")]
        for o in opts:
            doc.setdefault(ss, {})[o] = bool(rest)
    return doc


def unescape(line):
    """A line of a man page's example block as the reader sees it."""
    line = re.sub(r"\\\[u([0-9A-Fa-f]{4,6})\]", lambda m: chr(int(m.group(1), 16)), line)
    for esc, ch in (("\\(dq", '"'), ("\\&", ""), ("\\-", "-"), ("\\e", "\\")):
        line = line.replace(esc, ch)
    return line


def example_blocks(path, section=None):
    """The lines of each .EX/.EE block (of one .SH section when given)."""
    blocks, cur, sh = [], None, None
    for line in open(path, encoding="ascii").read().splitlines():
        if line.startswith(".SH "):
            sh = line[4:].strip().strip('"')
        elif line == ".EX" and (section is None or sh == section):
            cur = []
        elif line == ".EE" and cur is not None:
            blocks.append(cur)
            cur = None
        elif cur is not None:
            cur.append(line)
    return blocks


def check_examples(work):
    """tlcheck-rules(5): every example line evaluates as the page says, and
    every function has one; tlcheck-declaration(5): the example passes."""
    if not os.path.exists(MAN_RULES):
        return
    examples = []
    for block in example_blocks(MAN_RULES):
        for raw in block:
            if "\\(->" in raw:
                expr, want = raw.split("\\(->", 1)
                examples.append((unescape(expr).strip(), unescape(want).strip(), raw))
    if len(examples) < 30:
        fail(f"tlcheck-rules.5: only {len(examples)} example lines (EXPR \\(-> RESULT)")
    for expr, want, raw in examples:
        st, out, err = run(["eval", "--", expr], work)
        if st != 0 or out.strip() != want:
            fail(f"tlcheck-rules.5: `{expr}` gives {out.strip() or err.strip()!r} "
                 f"(status {st}), not {want!r} as the page says")
    names = re.findall(r'^\s*\{"(\w+)", [GM]', open(FUNCTIONS_C, encoding="utf-8").read(), re.M)
    if len(names) < 10:
        fail(f"cannot read the function table of functions.c (found {names})")
    in_functions = [e for b in example_blocks(MAN_RULES, "FUNCTIONS") for e in b]
    for name in names:
        if not any(re.search(r"\b" + name + r"\(", line) for line in in_functions):
            fail(f"tlcheck-rules.5 has no example of the function {name}() under FUNCTIONS")
    for macro in ("has", "all", "exists", "exists_one", "filter", "map"):
        if not any(re.search(r"\b" + macro + r"\(", e[0]) for e in examples):
            fail(f"tlcheck-rules.5 has no example of the macro {macro}()")

    # The rule file of tlcheck-rules(5)'s EXAMPLE, added to a copy of the
    # default pack, loads and reports what the page says it reports.
    blocks = example_blocks(MAN_RULES, "EXAMPLE")
    if len(blocks) != 1:
        fail(f"tlcheck-rules.5: expected one example under EXAMPLE, found {len(blocks)}")
    else:
        pack = os.path.join(work, "mypack")
        shutil.copytree(os.path.join(SRC, "rules"), pack)
        with open(os.path.join(pack, "partners.yaml"), "w", encoding="utf-8") as f:
            f.write("\n".join(unescape(line) for line in blocks[0]) + "\n")
        with open(os.path.join(pack, "pack.yaml"), "a", encoding="utf-8") as f:
            f.write("  - partners.yaml\n")
        fixture = os.path.join(SRC, "fixtures", "rules", "TL-C-001", "fire-no-nda.yaml")
        st, out, err = run(["check", "--rules", "mypack", "--rule", "MY-001", fixture], work)
        if st != 1 or "error[MY-001]" not in out or "holds core technology but no NDA" not in out:
            fail(f"the example of tlcheck-rules.5 does not report as the page says "
                 f"(status {st}):\n{out}{err}")

    blocks = example_blocks(MAN_DECL, "EXAMPLE")
    if len(blocks) != 1:
        fail(f"tlcheck-declaration.5: expected one example under EXAMPLE, found {len(blocks)}")
        return
    path = os.path.join(work, "example.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(unescape(line) for line in blocks[0]) + "\n")
    st, out, err = run(["check", "--fail-on", "warning", "example.yaml"], work)
    if st != 0:
        fail(f"the example of tlcheck-declaration.5 does not pass (status {st}):\n{out}{err}")


def completion_lists(path):
    text = open(path, encoding="utf-8").read()
    cmds = re.search(r'^_tlcheck_commands="([^"]*)"', text, re.M)
    opts = {m.group(1).replace("_", "-"): set(m.group(2).split())
            for m in re.finditer(r'^_tlcheck_opts_(\w+)="([^"]*)"', text, re.M)}
    return set(cmds.group(1).split()) if cmds else set(), opts


def main():
    work = tempfile.mkdtemp(prefix="tlcheck-docs-")
    try:
        check(work)
        check_examples(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    print("PASS")
    return 0


def check(work):
    man = parse_man(MAN1)
    if not man.get("check"):
        fail("tlcheck.1 documents no option of check: is the COMMANDS section there?")
    man_all = set().union(*[set(v) for v in man.values()]) if man else set()
    man_text = open(MAN1, encoding="ascii").read().replace("\\-", "-")
    comp_cmds, comp_opts = completion_lists(COMPLETION)

    # ---- --help -> tlcheck.1 (and completion) ----
    st, main_help, err = run(["--help"], work)
    if st != 0:
        fail(f"tlcheck --help exits {st}: {err}")
    commands = commands_of_main_help(main_help)
    if len(commands) < 6:
        fail(f"cannot find the commands in tlcheck --help (found {commands})")
    for o in sorted(options_block_of_main_help(main_help)):
        if o not in man.get("GLOBAL", {}):
            fail(f"tlcheck --help lists {o}, not under GLOBAL OPTIONS in tlcheck.1")
        if o not in comp_opts.get("main", set()):
            fail(f"tlcheck --help lists {o}, which bash completion does not offer")
    for o in sorted(help_options(main_help)):
        if o not in man_all:
            fail(f"tlcheck --help mentions {o}, which tlcheck.1 does not document")
    for c in commands:
        if c not in man:
            fail(f"tlcheck --help lists the command {c}, which has no section in tlcheck.1")
        if c not in comp_cmds:
            fail(f"bash completion does not offer the command {c}")
        if not re.search(r"^\.SY tlcheck\n\.B " + re.escape(c) + r"$", man_text, re.M):
            fail(f"the SYNOPSIS of tlcheck.1 lacks the command {c}")
        st, text, err = run([c, "--help"], work)
        if st != 0:
            fail(f"tlcheck {c} --help exits {st}: {err}")
            continue
        for o in sorted(help_options(text)):
            if o not in man.get(c, {}):
                fail(f"tlcheck {c} --help lists {o}, not documented under {c} in tlcheck.1")
            if o not in comp_opts.get(c, set()):
                fail(f"tlcheck {c} --help lists {o}, which bash completion does not offer for {c}")
    for c in man:
        if c != "GLOBAL" and c not in commands:
            fail(f"tlcheck.1 has a section for {c}, which tlcheck --help does not list")

    # ---- tlcheck.1 -> --help and the SYNOPSIS: an option documented for a
    # command is shown by that command's --help, and by its SYNOPSIS line
    # unless that says [options] ----
    synopsis = {}
    for m in re.finditer(r"^\.SY tlcheck\n\.B ([a-z-]+)\n(.*?)^\.YS$", man_text, re.M | re.S):
        synopsis[m.group(1)] = m.group(2)
    for c in commands:
        st, text, _ = run([c, "--help"], work)
        shown = help_options(text)
        syn = re.sub(r"\\f[BIRP]", " ", synopsis.get(c, ""))
        for o in sorted(man.get(c, {})):
            if o not in shown:
                fail(f"tlcheck.1 documents {o} under {c}, which tlcheck {c} --help does not show")
            # -h and --help, which every command takes, are left out of the SYNOPSIS lines.
            if o in ("-h", "--help"):
                continue
            if "options ]" not in syn and o not in set(OPTION.findall(syn)):
                fail(f"tlcheck.1 documents {o} under {c}, which its SYNOPSIS line does not show")

    # ---- tlcheck.1 and completion -> accepted by the tool ----
    for c in commands:
        st, _, err = run([c, "--no-such-option"], work)
        if not UNKNOWN.search(err):
            fail(f"tlcheck {c} does not reject --no-such-option as unknown (status {st}): "
                 "this test could not tell a rejected option")
    for section, opts in sorted(man.items()):
        for o, takes_value in sorted(opts.items()):
            args = [o] if section == "GLOBAL" else [section, o]
            if takes_value:
                args.append("x")
            st, _, err = run(args, work)
            if UNKNOWN.search(err):
                fail(f"tlcheck.1 documents `tlcheck {' '.join(args)}`, which the tool rejects: "
                     + err.strip())
            if section == "GLOBAL" and st != 0:
                fail(f"`tlcheck {o}` exits {st}")
    for c, opts in sorted(comp_opts.items()):
        documented = man.get("GLOBAL" if c == "main" else c, {})
        for o in sorted(opts - set(documented)):
            fail(f"bash completion offers {o} for {c}, which tlcheck.1 does not document there")

    # ---- every man page renders without a warning ----
    groff = shutil.which("groff")
    if not groff:
        print("SKIP: groff not found; the man pages were not rendered")
        return
    pages = sorted(f for f in os.listdir(os.path.join(SRC, "man")) if re.search(r"\.[1-9]$", f))
    for page in pages:
        p = subprocess.run([groff, "-man", "-ww", "-z", os.path.join(SRC, "man", page)],
                           capture_output=True, text=True, timeout=60)
        if p.returncode != 0 or p.stderr.strip():
            fail(f"groff -man -ww -z man/{page}: status {p.returncode}\n{p.stderr.strip()}")
    for page in ("tlcheck.1", "tlcheck-declaration.5", "tlcheck-rules.5"):
        if page not in pages:
            fail(f"man/{page} is missing")
    # A stable path with spaces renders as a reviewer must copy it (an unquoted
    # .BR argument lost its spaces: partners[name="ExamplePartsK.K."]).
    p = subprocess.run([groff, "-man", "-Tutf8", "-P-cbou", os.path.join(SRC, "man", "tlcheck-waivers.5")],
                       capture_output=True, text=True, timeout=60)
    text = re.sub(r"[\s\u2010]+", " ", p.stdout)
    if 'partners[name="Example Parts K.K."].nda' not in text:
        fail('tlcheck-waivers(5) does not render partners[name="Example Parts K.K."].nda as written')


if __name__ == "__main__":
    sys.exit(main())
