#!/usr/bin/env python3
"""validate_fixtures.py - validates the fixtures with the published declaration schema, using python3-jsonschema.

A second, independent validator for schemas/declaration.schema.json: what editors
see must agree with what tlcheck does. Every file under fixtures/valid/ must have
no error; every file under fixtures/schema-invalid/ must have at least one, and
one of the keyword named on its `# schema-error: KEYWORD` line.

usage: validate_fixtures.py SCHEMA.json FIXTURES_DIR
Exit status: 0 pass, 1 fail, 2 usage, 77 skipped (python3-jsonschema or PyYAML missing).
"""
import datetime
import json
import pathlib
import re
import sys

SKIP = 77

try:
    import jsonschema
    import yaml
except ImportError as exc:  # the test is skipped, not failed, on a machine without them
    print(f"SKIP: {exc} (install python3-jsonschema and python3-yaml)")
    sys.exit(SKIP)

# ISO 3166-1 alpha-2, the 249 officially assigned codes.
COUNTRIES = frozenset("""
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ
BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM
DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS
GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN
KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ
MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM
PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV
SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI
VN VU WF WS YE YT ZA ZM ZW
""".split())
assert len(COUNTRIES) == 249


class Loader(yaml.SafeLoader):
    """PyYAML reads YAML 1.1, where yes/no/on/off are booleans; declarations are
    YAML 1.2 (core schema), where only true/false are. An invalid date such as
    2025-02-30 stays text, for the date format to reject."""


Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def construct_timestamp(loader, node):
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


Loader.add_constructor("tag:yaml.org,2002:timestamp", construct_timestamp)


def to_json(value):
    """What the document is once it is JSON: dates become YYYY-MM-DD strings."""
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, datetime.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    return value


def corporate_number_ok(s):
    if not re.fullmatch(r"[0-9]{13}", s):
        return False
    base = s[1:]
    # P_n is the n-th digit of the base from the right; Q_n is 1 for odd n, 2 for even n.
    total = sum(int(d) * (1 if n % 2 else 2) for n, d in enumerate(reversed(base), start=1))
    return int(s[0]) == 9 - total % 9


def date_ok(s):
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", s):
        return False
    try:
        datetime.date.fromisoformat(s)
    except ValueError:
        return False
    return True


def format_checker():
    fc = jsonschema.FormatChecker()
    # Formats constrain strings only; anything else passes, as the specification says.
    fc.checks("date")(lambda v: not isinstance(v, str) or date_ok(v))
    fc.checks("country")(lambda v: not isinstance(v, str) or v in COUNTRIES)
    fc.checks("jp-corporate-number")(lambda v: not isinstance(v, str) or corporate_number_ok(v))
    fc.checks("filled-text")(lambda v: not isinstance(v, str) or filled_text_ok(v))
    return fc


def filled_text_ok(s):
    """Not the template's placeholder: spaces (and U+3000) aside, not <...>."""
    t = s.strip(" \t\r\n\u3000")
    return not (len(t) >= 2 and t[0] == "<" and t[-1] == ">")


def self_test():
    assert corporate_number_ok("1180301018771")
    assert corporate_number_ok("7000012050002")
    assert not corporate_number_ok("1180301018772")
    assert date_ok("2024-02-29") and not date_ok("2025-02-30") and not date_ok("2025/06/30")
    assert not filled_text_ok("<会社名 / company name>") and not filled_text_ok(" <x>\u3000")
    assert filled_text_ok("株式会社 <仮称>") and filled_text_ok("<") and filled_text_ok("x>")


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    self_test()
    schema = json.loads(pathlib.Path(argv[1]).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=format_checker())
    root = pathlib.Path(argv[2])
    failures = 0
    counts = {}
    for kind, must_be_valid in (("valid", True), ("schema-invalid", False)):
        files = sorted(p for p in (root / kind).rglob("*") if p.suffix in (".yaml", ".yml"))
        if not files:
            print(f"FAIL: no fixture under {root / kind}")
            failures += 1
        counts[kind] = len(files)
        for path in files:
            text = path.read_text(encoding="utf-8")
            doc = to_json(yaml.load(text, Loader=Loader))
            errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
            where = path.relative_to(root)
            if must_be_valid:
                for e in errors:
                    print(f"FAIL: {where}: {e.json_path}: {e.message}")
                failures += bool(errors)
                continue
            m = re.search(r"^# schema-error: (\S+)", text, re.M)
            if not m:
                print(f"FAIL: {where}: no '# schema-error: KEYWORD' line")
                failures += 1
            elif not errors:
                print(f"FAIL: {where}: expected a {m.group(1)} error, the schema accepts it")
                failures += 1
            elif m.group(1) not in {e.validator for e in errors}:
                got = ", ".join(f"{e.validator} at {e.json_path}" for e in errors)
                print(f"FAIL: {where}: expected a {m.group(1)} error, got {got}")
                failures += 1
    print(f"{counts.get('valid', 0)} valid and {counts.get('schema-invalid', 0)} invalid "
          f"fixtures checked, {failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
