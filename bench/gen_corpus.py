#!/usr/bin/env python3
"""gen_corpus.py - a seeded, reproducible corpus of synthetic declarations for the benchmark.

Declarations are shaped like spec/declaration.md: every section, Japanese and English
text, from small files (a partner or two, no act) to large ones (dozens of partners
and acts). Materials follow the proportions of the certified plans in spec/domain.md.
About 30% of the files carry one to three defects, so that DECL, TL and FU rules fire
(missing NDA, late consultation, bad corporate number, unknown key, impossible date...).

    gen_corpus.py --seed 1 --count 1000 --out DIR

The same seed and count give the same bytes on every run and every machine (only
Python's `random.Random`, seeded, decides anything). Writes DIR/decl-NNNNNN.yaml and
prints one summary line on standard error.
"""
import argparse
import datetime as dt
import os
import random
import sys

# (code, certified plans as of 2025-10-29, from domain.md's table)
MATERIALS = [
    ("antibiotics", 2), ("fertilizer", 12), ("ship_parts", 10), ("semiconductors", 26),
    ("storage_batteries", 35), ("aircraft_parts", 18), ("permanent_magnets", 5),
    ("advanced_electronic_components", 4), ("machine_tools_industrial_robots", 5),
    ("critical_minerals", 6), ("natural_gas", 1), ("cloud_programs", 11),
]
PREFIX = {
    "antibiotics": "ABX", "fertilizer": "FERT", "ship_parts": "SHIP", "semiconductors": "SEMI",
    "storage_batteries": "BATT", "aircraft_parts": "AERO", "permanent_magnets": "MAG",
    "advanced_electronic_components": "AEC", "machine_tools_industrial_robots": "MTIR",
    "critical_minerals": "MIN", "natural_gas": "LNG", "cloud_programs": "CLD",
}
ACT_KINDS = ["ip_transfer", "business_transfer", "provision", "joint_rnd", "foreign_rnd",
             "foreign_production"]
FOREIGN = ["TH", "VN", "US", "DE", "NL", "MY", "IN", "MX", "CN", "KR", "TW", "SG", "PL", "ID"]
JP_COMPANY = ["株式会社", "有限会社", "合同会社"]
JP_STEM = ["部材", "精密", "電子", "化学", "素材", "技研", "製作所", "工業", "マテリアル", "システム",
           "エンジニアリング", "テクノ", "ケミカル", "メタル", "デバイス"]
JP_PLACE = ["東都", "北陸", "中部", "関西", "九州", "東北", "湘南", "浜松", "筑波", "播磨", "三河"]
EN_STEM = ["Advanced", "Global", "Pacific", "Precision", "Nordic", "Summit", "Delta", "Apex",
           "Vertex", "Harbor", "Crescent", "Meridian"]
EN_KIND = ["Materials", "Devices", "Components", "Industries", "Technologies", "Systems"]
EN_FORM = ["Co., Ltd.", "GmbH", "B.V.", "Inc.", "Pte. Ltd.", "Sdn. Bhd.", "S.A. de C.V."]
TECH = ["微細接合技術", "成膜プロセス技術", "高純度精製技術", "量産制御ソフトウェア", "検査装置の校正手法",
        "固体電解質の量産プロセス", "精密加工条件", "耐熱合金の鋳造技術", "磁場配向技術", "分散制御技術",
        "触媒の調製方法", "冷却構造の設計手法", "歩留まり改善データ", "洗浄工程のレシピ"]
DEFECTS = [
    "missing_nda", "nda_partial", "nda_after_disclosure", "late_consultation",
    "no_consultation", "short_consultation", "bad_corporate_number", "unknown_key",
    "impossible_date", "missing_required", "unknown_material", "missing_pledges",
    "non_compete_long", "review_overdue", "incident", "duplicate_id", "unknown_tech_ref",
    "authorized_over_business", "foreign_rnd_in_jp", "missing_capacity", "bool_yes",
    "register_old", "no_regulation", "no_equivalent_measures", "yaml_syntax",
]


def corporate_number(rng, valid=True):
    """A 13-digit 法人番号 whose first digit is the check digit over the other 12."""
    base = [rng.randrange(10) for _ in range(12)]
    total = 0
    for n, d in enumerate(reversed(base), start=1):
        total += d * (1 if n % 2 else 2)
    check = 9 - total % 9
    if not valid:
        check = (check + 1 + rng.randrange(8)) % 10
        if check == 9 - total % 9:
            check = (check + 1) % 10
    return str(check) + "".join(map(str, base))


def q(s):
    """A YAML double-quoted scalar."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def day(d):
    return d.isoformat()


def add_months(d, n):
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    last = [31, 29 if y % 4 == 0 and (y % 100 or y % 400 == 0) else 28, 31, 30, 31, 30, 31, 31,
            30, 31, 30, 31][m - 1]
    return dt.date(y, m, min(d.day, last))


def jp_name(rng):
    form = rng.choice(JP_COMPANY)
    name = rng.choice(JP_PLACE) + rng.choice(JP_STEM)
    return form + name if rng.random() < 0.5 else name + form


def en_name(rng):
    return f"{rng.choice(EN_STEM)} {rng.choice(EN_KIND)} {rng.choice(EN_FORM)}"


def count_of(rng, small, medium, large):
    """Small most of the time, sometimes dozens."""
    r = rng.random()
    lo, hi = small if r < 0.6 else medium if r < 0.9 else large
    return rng.randint(lo, hi)


class Decl:
    """One declaration as lines of YAML, built section by section."""

    def __init__(self, rng, index):
        self.rng = rng
        self.index = index
        self.lines = []
        self.defects = set()

    def w(self, indent, text):
        self.lines.append("  " * indent + text)


def pick_material(rng):
    total = sum(n for _, n in MATERIALS)
    r = rng.randrange(total)
    for code, n in MATERIALS:
        if r < n:
            return code
        r -= n
    return MATERIALS[-1][0]


def build(rng, index):
    d = Decl(rng, index)
    defects = set()
    if rng.random() < 0.30:
        defects = set(rng.sample(DEFECTS, rng.choice([1, 1, 1, 2, 2, 3])))
    d.defects = defects
    material = pick_material(rng)
    declared = dt.date(2025, 6, 30) + dt.timedelta(days=rng.randrange(0, 120))
    certified = dt.date(2024, 4, 1) + dt.timedelta(days=rng.randrange(0, 420))
    if rng.random() < 0.08:
        certified = dt.date(2023, 6, 1) + dt.timedelta(days=rng.randrange(0, 250))
    stage = "certified" if rng.random() < 0.8 else "application"
    ntech = count_of(rng, (1, 2), (3, 6), (8, 20))
    npart = count_of(rng, (1, 4), (5, 15), (20, 60))
    nact = count_of(rng, (0, 2), (3, 10), (12, 40))
    techs = [f"CT{i + 1}" for i in range(ntech)]
    public = {t: (i > 0 and rng.random() < 0.2) for i, t in enumerate(techs)}
    nonpublic = [t for t in techs if not public[t]]

    w = d.w
    w(0, f"# synthetic declaration {index} (tlcheck benchmark corpus)")
    w(0, "format: tlcheck-declaration/1")
    if "impossible_date" in defects:
        w(0, f"declared_on: {declared.year}-02-30")
    else:
        w(0, f"declared_on: {day(declared)}")
    w(0, "plan:")
    if "missing_required" not in defects:
        w(1, f"id: {PREFIX[material]}-{certified.year}-{index:05d}")
    w(1, f"material: {'semiconductor' if 'unknown_material' in defects else material}")
    w(1, f"stage: {stage}")
    if stage == "certified":
        w(1, f"certified_on: {day(certified)}")
    w(0, "applicant:")
    w(1, f"name: {jp_name(rng)}")
    w(1, f"corporate_number: {q(corporate_number(rng, 'bad_corporate_number' not in defects))}")
    w(1, f"sme: {'yes' if 'bool_yes' in defects else rng.choice(['true', 'false'])}")
    ngroup = rng.randint(0, 3)
    if ngroup:
        w(1, "group_companies:")
        for _ in range(ngroup):
            w(2, f"- name: {en_name(rng)}")
            w(2, f"  country: {rng.choice(FOREIGN)}")
            w(2, "  corporate_number: null")
    else:
        w(1, "group_companies: []")
    w(0, "core_technologies:")
    for i, t in enumerate(techs):
        tid = techs[0] if ("duplicate_id" in defects and i == 1) else t
        w(1, f"- id: {tid}")
        w(1, f"  name: {rng.choice(TECH)}")
        w(1, f"  public: {'true' if public[t] else 'false'}")

    business = rng.randint(80, 12000)
    authorized = max(1, business * rng.randint(1, 15) // 100)
    if "authorized_over_business" in defects:
        authorized = business + rng.randint(1, 50)
    w(0, "access_control:")
    w(1, f"business_employees: {business}")
    w(1, f"authorized_employees: {authorized}")
    w(1, "organization:")
    w(2, "officer: 技術管理担当役員")
    if rng.random() < 0.6:
        w(2, "department: 技術管理部")
    if "no_regulation" in defects:
        w(1, "regulations: []")
    else:
        w(1, "regulations:")
        for k in range(rng.randint(1, 3)):
            est = declared - dt.timedelta(days=rng.randint(30, 900))
            w(2, f"- title: {['コア技術管理規程', '情報セキュリティ規程', '営業秘密管理規程'][k]}")
            w(2, f"  established_on: {day(est)}")
    reviewed = declared - dt.timedelta(days=rng.randint(10, 300))
    if "register_old" in defects:
        reviewed = add_months(declared, -14)
    w(1, f"register_reviewed_on: {day(reviewed)}")
    if "unknown_key" in defects:
        w(1, "authorised_staff_list: 名簿は別紙")

    w(0, "employees:")
    w(1, "treatment_measures:")
    for kind in rng.sample(["wage", "position", "allowance", "other"], rng.randint(1, 3)):
        w(2, f"- kind: {kind}")
        w(2, f"  description: {rng.choice(['技術職手当の増額', '専門職制度の新設', '研究成果報奨金', '定年後再雇用の処遇改善'])}")
    departures = rng.randint(0, 12)
    pledges = departures - (rng.randint(1, max(1, departures)) if "missing_pledges" in defects
                            and departures else 0)
    if "missing_pledges" in defects and departures == 0:
        departures, pledges = 2, 1
    w(1, "exit_pledge:")
    w(2, "required: true")
    w(2, f"departures: {departures}")
    w(2, f"pledges_obtained: {pledges}")
    w(1, "non_compete:")
    w(2, "efforts: true")
    w(2, f"period_months: {36 if 'non_compete_long' in defects else rng.choice([6, 12, 12, 18, 24])}")

    # Which partner / act carries an item-level defect.
    bad_partner = rng.randrange(npart)
    bad_act = rng.randrange(nact) if nact else -1
    w(0, "partners:")
    for p in range(npart):
        holds = rng.random() < 0.7
        foreign = rng.random() < 0.3
        w(1, f"- name: {en_name(rng) if foreign else jp_name(rng)}")
        if not foreign and rng.random() < 0.7:
            bad = "bad_corporate_number" in defects and p == bad_partner
            w(1, f"  corporate_number: {q(corporate_number(rng, not bad))}")
        w(1, f"  country: {rng.choice(FOREIGN) if foreign else 'JP'}")
        if "bool_yes" in defects and p == bad_partner:
            w(1, "  holds_core_technology: yes")
        else:
            w(1, f"  holds_core_technology: {'true' if holds else 'false'}")
        if not holds:
            continue
        refs = rng.sample(techs, rng.randint(1, min(3, len(techs))))
        if "unknown_tech_ref" in defects and p == bad_partner:
            refs = refs + ["CT99"]
        w(1, f"  technologies: [{', '.join(refs)}]")
        disclosed = declared - dt.timedelta(days=rng.randint(60, 1200))
        w(1, f"  disclosed_on: {day(disclosed)}")
        mine = p == bad_partner
        if "missing_nda" in defects and mine:
            w(1, "  nda: null")
        else:
            signed = disclosed - dt.timedelta(days=rng.randint(0, 60))
            if "nda_after_disclosure" in defects and mine:
                signed = disclosed + dt.timedelta(days=rng.randint(1, 40))
            w(1, "  nda:")
            w(1, f"    signed_on: {day(signed)}")
            w(1, "    covers_holding_fact: true")
            w(1, f"    covers_details: {'false' if 'nda_partial' in defects and mine else 'true'}")
        eq = "false" if "no_equivalent_measures" in defects and mine else "true"
        w(1, f"  equivalent_measures_required: {eq}")
        interval = rng.choice([6, 12, 12, 24])
        last = add_months(declared, -rng.randint(0, interval - 1)) - dt.timedelta(days=1)
        if "review_overdue" in defects and mine:
            last = add_months(declared, -(interval + rng.randint(1, 6)))
        if last < disclosed:
            last = disclosed
            if "review_overdue" not in defects or not mine:
                last = declared - dt.timedelta(days=1)
        w(1, "  review:")
        w(1, f"    interval_months: {interval}")
        w(1, f"    last_reviewed_on: {day(last)}")
        w(1, f"  other_measures: {rng.choice(['null', '入退室記録の提出を求める', 'null'])}")

    if nact == 0:
        w(0, "planned_acts: []")
    else:
        w(0, "planned_acts:")
    for a in range(nact):
        mine = a == bad_act
        kind = rng.choice(ACT_KINDS)
        if mine and defects & {"foreign_rnd_in_jp"}:
            kind = "foreign_rnd"
        if mine and defects & {"missing_capacity"}:
            kind = "foreign_production"
        if mine and defects & {"late_consultation", "no_consultation", "short_consultation"}:
            kind = rng.choice(["provision", "joint_rnd", "ip_transfer"])
        group = ngroup and rng.random() < 0.3
        w(1, f"- id: ACT{a + 1}")
        w(1, f"  actor: {'group_company' if group else 'applicant'}")
        w(1, f"  actor_name: {en_name(rng) if group else 'null'}")
        w(1, f"  kind: {kind}")
        pool = nonpublic if nonpublic and rng.random() < 0.9 else techs
        w(1, f"  technologies: [{', '.join(rng.sample(pool, rng.randint(1, min(2, len(pool)))))}]")
        planned = declared + dt.timedelta(days=rng.randint(120, 900))
        w(1, f"  planned_on: {day(planned)}")
        country = rng.choice(FOREIGN)
        if kind in ("foreign_rnd", "foreign_production") and mine and "foreign_rnd_in_jp" in defects:
            country = "JP"
        elif kind not in ("foreign_rnd", "foreign_production") and rng.random() < 0.5:
            country = "JP"
        w(1, f"  country: {country}")
        fgi = rng.random() < 0.25
        notice = rng.random() < 0.1
        if mine and defects & {"late_consultation", "no_consultation", "short_consultation"}:
            fgi = True
        w(1, "  counterparty:")
        w(1, f"    name: {en_name(rng)}")
        w(1, f"    country: {country}")
        w(1, f"    subsidiary_of_applicant: {'true' if rng.random() < 0.3 else 'false'}")
        w(1, f"    foreign_government_influence: {'true' if fgi else 'false'}")
        if rng.random() < 0.15:
            w(1, "    violations:")
            w(2, f"    - on: {day(planned - dt.timedelta(days=rng.randint(200, 3000)))}")
            w(2, "      description: 国際連合安全保障理事会決議に基づく輸出規制への違反")
        w(1, "  forced_transfer_risk_known: false")
        w(1, f"  ministry_notice_on: {day(declared - dt.timedelta(days=rng.randint(5, 90))) if notice else 'null'}")
        if kind == "foreign_production":
            w(1, "  production:")
            w(1, f"    item: {rng.choice(['先端パッケージ基板', '正極材', '精密減速機', '高純度ガス', '磁石合金'])}")
            before = rng.choice([0, 500, 1000, 1000, 2400, 10000])
            grow = rng.choice([0, 5, 10, 15, 30, 100])
            if not (mine and "missing_capacity" in defects):
                w(1, f"    capacity_before: {before}")
            w(1, f"    capacity_after: {before + before * grow // 100 if before else rng.randint(100, 900)}")
            w(1, f"    local_consumption_percent: {rng.choice([20, 45, 60, 84.5, 85, 90, 100])}")
        held = planned - dt.timedelta(days=rng.randint(100, 400))
        if mine and "late_consultation" in defects:
            held = planned + dt.timedelta(days=rng.randint(0, 30))
        if mine and "short_consultation" in defects:
            held = planned - dt.timedelta(days=rng.randint(1, 60))
        if not (mine and "no_consultation" in defects):
            w(1, "  consultation:")
            w(1, f"    held_on: {day(held)}")
        w(1, "  dependency_assessment: >-")
        w(2, "  増強分は現地顧客向けであり、国内拠点の生産能力と技術は維持されるため、")
        w(2, "  外部依存・供給途絶の蓋然性は高まらない。")

    if "incident" in defects:
        w(0, "leakage_incidents:")
        w(1, f"- on: {day(declared - dt.timedelta(days=rng.randint(10, 200)))}")
        w(1, "  description: 退職予定者による設計資料の私用メールへの送信 (社内調査済み)")
    else:
        w(0, "leakage_incidents: []")
    text = "\n".join(d.lines) + "\n"
    if "yaml_syntax" in defects:
        # An unclosed flow sequence halfway down: DECL-000 with a line and column.
        cut = len(d.lines) // 2
        d.lines.insert(cut, "broken: [CT1, CT2")
        text = "\n".join(d.lines) + "\n"
    return text, defects


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(args.seed)
    total_bytes = with_defects = 0
    largest = 0
    for i in range(args.count):
        text, defects = build(rng, i + 1)
        data = text.encode("utf-8")
        with open(os.path.join(args.out, f"decl-{i + 1:06d}.yaml"), "wb") as f:
            f.write(data)
        total_bytes += len(data)
        largest = max(largest, len(data))
        with_defects += bool(defects)
    print(f"gen_corpus: {args.count} declarations in {args.out}, {total_bytes / 1e6:.2f} MB "
          f"(largest {largest / 1e3:.1f} kB), {with_defects} with defects, seed {args.seed}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
