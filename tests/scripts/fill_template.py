#!/usr/bin/env python3
"""fill_template.py - fills every <...> placeholder of `tlcheck init` output the
way an applicant would, so that a test can check the filled template is clean."""
import re
import sys

VALUES = {
    "YYYY-MM-DD": "2025-06-30",
    "計画番号": "PLAN-2025-001",
    "会社名": "株式会社テスト",
    "13桁の法人番号": "1180301018771",
    "コア技術の名称": "微細接合技術",
    "当該事業の従業員数": "500",
    "アクセス可能な従業員数": "10",
    "責任者": "技術管理担当役員",
    "担当部署": "技術管理部",
    "規程の名称": "コア技術管理規程",
    "措置の内容": "技術職手当の増額",
    "前回申告以降に退職したアクセス可能な従業員数": "2",
    "そのうち誓約を得た数": "2",
    "公知なら true、非公知なら false": "false",
    "退職時に必ず誓約を求めるなら true": "true",
    "競業避止の同意を得る取組をしていれば true": "true",
}

def fill(m):
    key = m.group(1).split(" / ")[0].strip()
    if key not in VALUES:
        sys.exit(f"unknown placeholder <{m.group(1)}>")
    return VALUES[key]

for line in sys.stdin:
    code, hash_, comment = line.partition("#")
    sys.stdout.write(re.sub(r"<([^<>\n]+)>", fill, code) + hash_ + comment)
