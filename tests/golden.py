"""Golden cases: tests/golden/<policy-id>.yaml, each case derived by hand from the notice.

A file:
    policy: zhejiang-tonglu-2018
    cases:
      - name: 面授培训5天计40学分
        article: 第十一条（一）
        derivation: 5 天 × 8 学分/天 = 40
        record: {year: 2024, activities: [{kind: face_training, params: {days: 5}}]}
        expect:
          activities: [{counted: 40}]            # per activity, only the keys given
          totals: {professional: 40}             # per category
          total: 40
          requirement: {met: false, shortfall: {professional: 20, public: 18, total: 50}}
      - name: ...
        record: {...}
        error: {path: activities[0].params.days, contains: 必须在}
Expectations list only what the case is about; the test checks exactly those.

`history:` holds multi-year cases: the record has `years` (and `target_year`, `person`); `expect` may
give `years` (per year: total, met), `checks` (by id: met, value, shortfall, findings = the years
named, missing, surplus, early_years) and `deadlines` (date, year, index).
"""

import json
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"


def _compiled(policy_id):
    return json.loads((REPO / "build" / "policies" / f"{policy_id}.json").read_text(encoding="utf-8"))


def load_cases():
    cases = []
    for path in sorted(GOLDEN.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        policy = _compiled(data["policy"])
        for number, case in enumerate(data["cases"] + data.get("history", []), 1):
            record = {"format": 1, "policy": data["policy"], **case["record"]}
            cases.append({
                "id": f"{data['policy']}#{number} {case['name']}",
                "policy": policy,
                "record": record,
                "expected": case.get("expect"),
                "error": case.get("error"),
                "article": case["article"],
                "derivation": case.get("derivation", ""),
            })
    return cases
