"""A share link whose record has a wrong target year and a year entered twice: the page marks the
申报年度 field and the twice-entered year, and still shows every other year's figures, equal to
CPython's `calculator.score` on the record without the wrong parts."""

import base64
import json

from calculator import score
from calculator.api import score_json
from tests.browser import ui

TONGLU = "zhejiang-tonglu-2018"
SHORT = {"kind": "face_training", "params": {"days": 5}}
MET = [{"kind": "degree_related"}, {"kind": "online_course", "params": {"credits": 18}, "category": "public_general"}]
RECORD = {"format": 1, "policy": TONGLU, "target_year": 20255, "person": {},
          "years": [{"year": 2022, "activities": [SHORT]}, {"year": 2023, "activities": [SHORT]},
                    {"year": 2024, "activities": MET}, {"year": 2023, "activities": MET}]}


def test_share_link_with_a_wrong_target_year_and_a_year_entered_twice(calc_page, compiled_policies):
    policy = compiled_policies[TONGLU]
    payload = base64.urlsafe_b64encode(json.dumps(RECORD, ensure_ascii=False).encode()).decode().rstrip("=")
    calc_page.goto(f"{calc_page.url.split('#')[0]}#r={payload}")  # a link pasted into the open page
    target = calc_page.locator(".jx-readiness .jx-field[data-field='target_year']")
    ui.wait_until(calc_page, "() => !!document.querySelector(\".jx-field[data-field='target_year'].jx-invalid\")")
    ui.wait_scored(calc_page)
    assert "1990—2100" in target.locator(".jx-error").inner_text()
    assert calc_page.locator("#jx-target-year").input_value() == "20255"  # what was entered stays

    cleaned = {**{key: value for key, value in RECORD.items() if key != "target_year"},
               "years": [entry for entry in RECORD["years"] if entry["year"] != 2023]}
    shown = ui.shown_history(calc_page)
    assert shown["years"] == ui.expected_history(score(policy, cleaned))["years"]  # 2022 and 2024
    lenient = json.loads(score_json(json.dumps(policy), json.dumps(RECORD)))["result"]
    assert shown["checks"] == ui.expected_history(lenient)["checks"]
    assert shown["checks"]["title-recommendation"]["met"] == "unknown"
    # the year in the form (2024) has its full result
    assert ui.shown(calc_page) == ui.expected(next(r for r in lenient["years"] if r["year"] == 2024))
    assert not calc_page.locator("#jx-year").evaluate("el => el.classList.contains('jx-invalid')")

    # the year entered twice: its field marked with the reason, no figures, the other years still shown
    calc_page.locator(".jx-year-tab[data-year='2023']").click()
    ui.wait_until(calc_page, "() => document.querySelector('#jx-year').classList.contains('jx-invalid')")
    message = calc_page.locator(".jx-error[data-for='year']").inner_text()
    assert "2023 年度重复出现（第 2、4 个年度）" in message and "都不计算" in message
    assert "重复出现" in calc_page.locator(".jx-answer-error").inner_text()
    assert ui.shown_history(calc_page)["years"] == shown["years"]
    assert target.evaluate("el => el.classList.contains('jx-invalid')")
    ui.clear_record(calc_page)  # the next test of this shared page starts empty


def test_share_link_with_a_wrong_personal_detail(calc_page, compiled_policies):
    # 益阳 三、近5年（博士近2年）: 「博士」 given as text, not 是/否 — marked, the years still computed
    policy = compiled_policies["hunan-yiyang-2018"]
    record = {"format": 1, "policy": policy["id"], "target_year": 2024, "person": {"doctor": "是的"},
              "years": [{"year": 2023, "activities": [{"kind": "online_course", "params": {"hours": 90}}]}]}
    payload = base64.urlsafe_b64encode(json.dumps(record, ensure_ascii=False).encode()).decode().rstrip("=")
    calc_page.goto(f"{calc_page.url.split('#')[0]}#r={payload}")
    ui.wait_until(calc_page, "() => !!document.querySelector(\".jx-field[data-field='person.doctor'].jx-invalid\")")
    ui.wait_scored(calc_page)
    field = calc_page.locator(".jx-readiness .jx-field[data-field='person.doctor']")
    assert "「博士」" in field.locator(".jx-error").inner_text()
    shown = ui.shown_history(calc_page)
    assert shown["years"] == ui.expected_history(score(policy, {**record, "person": {}}))["years"]
    assert shown["checks"]["senior-title"]["met"] == "unknown"
    assert "个人信息填写有误" in shown["checks"]["senior-title"]["text"]
    ui.clear_record(calc_page)
