"""hostile_pack_include.py - a rule pack is data: it cannot include a file from outside its folder.

Usage: hostile_pack_include.py TLCHECK RULES_DIR FIXTURES_DIR

Copies the default pack into a private temporary folder, points one of the
files its pack.yaml names (a rule file under `files:`, `schema:` or
`template:`) outside the folder in each way a hostile or careless pack could,
and expects `tlcheck check --rules DIR` to refuse the pack: exit status 2 and
an error that names the file. A control run with the unmodified copy passes.
A YAML tag that asks other loaders to run code stays data.
"""
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hostile_common import Failures, clean_env, run  # noqa: E402

# name, what to replace in pack.yaml (old, new), set-up of the tree, words stderr must hold
CASES = [
    ("files: ../x.yaml", ("  - fu.yaml\n", "  - ../x.yaml\n"), None,
     r"`\.\./x\.yaml` leaves the rule pack's folder"),
    ("files: ../ inside a path", ("  - fu.yaml\n", "  - sub/../../x.yaml\n"), "subdir",
     r"`sub/\.\./\.\./x\.yaml` leaves the rule pack's folder"),
    ("files: /etc/passwd", ("  - fu.yaml\n", "  - /etc/passwd\n"), None,
     r"`/etc/passwd` leaves the rule pack's folder"),
    ("files: a backslash", ("  - fu.yaml\n", "  - '..\\x.yaml'\n"), None,
     r"leaves the rule pack's folder"),
    ("files: an empty path component", ("  - fu.yaml\n", "  - sub//fu.yaml\n"), "subdir",
     r"leaves the rule pack's folder"),
    ("files: a symbolic link to a file outside", ("  - fu.yaml\n", "  - link.yaml\n"), "filelink",
     r"link\.yaml is reached through a symbolic link"),
    ("files: a symbolic link to a file inside", ("  - fu.yaml\n", "  - link.yaml\n"), "innerlink",
     r"link\.yaml is reached through a symbolic link"),
    ("files: through a linked folder outside", ("  - fu.yaml\n", "  - out/x.yaml\n"), "dirlink",
     r"out/x\.yaml"),
    ("schema: ../x.yaml", ("schema: declaration.schema.yaml", "schema: ../x.yaml"), None,
     r"`\.\./x\.yaml` leaves the rule pack's folder"),
    ("template: /etc/passwd", ("template: template.yaml", "template: /etc/passwd"), None,
     r"`/etc/passwd` leaves the rule pack's folder"),
]


def setup(kind, root, pack):
    outside = os.path.join(root, "x.yaml")
    with open(outside, "w") as f:
        f.write("rules: []\n")
    os.makedirs(os.path.join(root, "outdir"), exist_ok=True)
    shutil.copy(outside, os.path.join(root, "outdir", "x.yaml"))
    if kind == "subdir":
        os.makedirs(os.path.join(pack, "sub"))
    elif kind == "filelink":
        os.symlink("../x.yaml", os.path.join(pack, "link.yaml"))
    elif kind == "innerlink":
        os.symlink("fu.yaml", os.path.join(pack, "link.yaml"))
    elif kind == "dirlink":
        os.symlink("../outdir", os.path.join(pack, "out"))


def main():
    if len(sys.argv) != 4:
        print(__doc__)
        return 2
    tlcheck, rules, fixtures = sys.argv[1:4]
    decl = os.path.join(fixtures, "valid", "complete-semiconductors.yaml")
    fail = Failures()
    tmp = tempfile.mkdtemp(prefix="tlcheck-hostile-pack-")
    env = clean_env(tmp)
    try:
        control = os.path.join(tmp, "control")
        shutil.copytree(rules, control)
        r = run([tlcheck, "check", "--rules", control, decl], env=env)
        fail.check(r.rc == 0, "the unmodified copy of the pack: exit %s: %s" % (r.rc, r.text()[-800:]))
        for i, (name, (old, new), kind, words) in enumerate(CASES):
            root = os.path.join(tmp, "case%d" % i)
            pack = os.path.join(root, "pack")
            shutil.copytree(rules, pack)
            setup(kind, root, pack)
            path = os.path.join(pack, "pack.yaml")
            with open(path, encoding="utf-8") as f:
                text = f.read()
            assert old in text, "rules/pack.yaml changed: update hostile_pack_include.py"
            with open(path, "w", encoding="utf-8") as f:
                f.write(text.replace(old, new, 1))
            r = run([tlcheck, "check", "--rules", pack, decl], env=env)
            err = r.err.decode("utf-8", "replace")
            fail.check(r.rc == 2, "%s: exit status %s, expected 2: %s" % (name, r.rc, err[-800:]))
            fail.check(re.search(words, err), "%s: stderr does not say /%s/: %s" % (
                name, words, err[-800:]))
            fail.check(b"rules:" not in r.out and b"root:" not in r.out,
                       "%s: the outside file's content was shown" % name)
        # Tags other YAML loaders turn into code are plain data here.
        pack = os.path.join(tmp, "tags")
        shutil.copytree(rules, pack)
        marker = os.path.join(tmp, "pwned")
        path = os.path.join(pack, "pack.yaml")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        with open(path, "w", encoding="utf-8") as f:
            f.write(text.replace("version: 1.0.0",
                                 "version: !!python/object/apply:os.system ['touch %s']" % marker, 1))
        r = run([tlcheck, "check", "--rules", pack, decl], env=env)
        fail.check(r.rc in (0, 2) and not os.path.exists(marker),
                   "a !!python tag: exit %s, marker %s" % (r.rc, os.path.exists(marker)))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return fail.finish("hostile_pack_include")


if __name__ == "__main__":
    sys.exit(main())
