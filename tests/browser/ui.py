"""Driving the calculator page as a person would, and reading the figures it shows."""

import json
import time

READY_TIMEOUT = 60_000
# The two screens of issue 15's tests: a desktop and a phone (parametrize ids: desktop, phone).
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
ROOT = "#jx-calc"


def wait_ready(page):
    page.wait_for_selector(f"{ROOT}[data-engine='ready']", timeout=READY_TIMEOUT)
    wait_scored(page)


def wait_until(page, script, arg=None, timeout=READY_TIMEOUT):
    """Poll a JavaScript function until it returns something truthy.

    Not page.wait_for_function: when it has to poll, Playwright evaluates the predicate with eval()
    inside the page, which the site's Content-Security-Policy (no 'unsafe-eval') refuses."""
    deadline = time.monotonic() + timeout / 1000
    while True:
        value = page.evaluate(script, arg)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} ms: {script}")
        time.sleep(0.05)


def wait_rows(page, count):
    wait_until(page, "(n) => document.querySelectorAll('.jx-row').length === n", count)


def wait_scored(page):
    """Wait until the results on screen answer the current record."""
    page.wait_for_selector(f"{ROOT}[data-busy='0']", timeout=READY_TIMEOUT)


def policy_label(policy):
    return f"{policy['short_title']}（{policy['covers']}）· {policy['document_number']}"


def era_for(policy, year):
    for era in policy["eras"]:
        span = era["years"]
        if (span.get("from") is None or year >= span["from"]) and (span.get("to") is None or year <= span["to"]):
            return era
    raise AssertionError(f"no era of {policy['id']} covers {year}")


def choose_policy(page, policy):
    picker = page.locator("#jx-policy")
    if picker.input_value() != policy["id"]:
        picker.select_option(label=policy_label(policy))
        page.wait_for_selector(f"{ROOT}[data-policy='{policy['id']}'] .jx-form-area:not([hidden])")


EMPTY_JS = """(key) => {
  const record = JSON.parse(localStorage.getItem(key) || "null");
  return !record || (record.years.length === 1 && record.years[0].activities.length === 0
    && record.target_year === null && Object.keys(record.person).length === 0);
}"""


def clear_record(page):
    """Empty the record (all its years) with the page's own button (the page asks to confirm; the test
    page accepts)."""
    key = f"jxjy-calc:v1:record:{page.locator('#jx-policy').input_value()}"
    if not page.evaluate(EMPTY_JS, key):
        page.locator("button.jx-clear").click()
        wait_until(page, EMPTY_JS, key)
        wait_rows(page, 0)


def fill_param(field, param, value):
    if param["type"] == "boolean":
        box = field.locator("input[type=checkbox]")
        box.check() if value else box.uncheck()
    elif param["type"] == "enum":
        label = next(o["label"] for o in param["options"] if o["value"] == value)
        field.locator("select").select_option(label=label)
    elif param["type"] == "per_day":
        field.locator("input").fill(", ".join(str(v) for v in value))
    else:
        field.locator("input").fill(str(value))


def enter_record(page, policy, record):
    """Pick the policy, type the year, add each activity and fill its fields."""
    choose_policy(page, policy)
    clear_record(page)
    page.locator("#jx-year").fill(str(record["year"]))
    enter_activities(page, policy, record["year"], record["activities"])
    wait_scored(page)


def enter_history(page, policy, record):
    """A multi-year record: the first year in the year field, each further one with 添加年度, then
    the target year and the person's details in the 申报职称准备情况 panel."""
    choose_policy(page, policy)
    clear_record(page)
    for n, entry in enumerate(record["years"]):
        if n == 0:
            page.locator("#jx-year").fill(str(entry["year"]))
        else:
            page.locator("#jx-new-year").fill(str(entry["year"]))
            page.locator("button.jx-add-year").click()
            page.wait_for_selector(f".jx-year-tab.jx-current[data-year='{entry['year']}']")
        enter_activities(page, policy, entry["year"], entry.get("activities", []))
    if record.get("target_year") is not None:
        page.locator("#jx-target-year").fill(str(record["target_year"]))
    for param in policy.get("person", []):
        value = (record.get("person") or {}).get(param["id"])
        if value is not None:
            fill_param(page.locator(f".jx-readiness .jx-field[data-field='person.{param['id']}']"), param, value)
    wait_scored(page)


def enter_activities(page, policy, year, activities):
    """Add each activity to the year shown and fill its fields."""
    era = era_for(policy, year)
    kinds = {kind["id"]: kind for kind in era["activities"]}
    labels = {c["id"]: c["label"] for c in policy["categories"]}
    for n, activity in enumerate(activities):
        page.locator("button.jx-add").click()
        row = page.locator(".jx-row").nth(n)
        kind = kinds[activity["kind"]]
        row.locator("select.jx-kind").select_option(label=kind["label"])
        for param in kind["params"]:
            value = activity.get("params", {}).get(param["id"])
            if value is not None:
                fill_param(row.locator(f".jx-field[data-field='params.{param['id']}']"), param, value)
        if activity.get("date"):
            row.locator(".jx-field[data-field='date'] input").fill(activity["date"])
        if activity.get("category") and "choose" in kind["category"]:
            row.locator(".jx-field[data-field='category'] select").select_option(label=labels[activity["category"]])
        if activity.get("name"):
            row.locator(".jx-field[data-field='name'] input").fill(activity["name"])
        if activity.get("achievement"):
            if any(rule["kind"] == "same_achievement" for rule in era.get("dedup", [])):
                row.locator(".jx-field[data-field='achievement'] input").fill(activity["achievement"])
            # otherwise the era has no "same achievement" rule, the page has no such field, and the
            # label changes nothing (the saved record is checked to score the same)


SHOWN_JS = """() => {
  const text = (el) => el ? el.textContent.trim() : null;
  const out = {activities: {}, totals: {}, lines: {}, errors: [], verdict: null};
  for (const li of document.querySelectorAll('.jx-breakdown > li')) {
    const index = li.dataset.index;
    if (li.classList.contains('jx-item-error')) { out.errors.push(Number(index)); continue; }
    const cats = {};
    for (const c of li.querySelectorAll('.jx-cat')) cats[c.dataset.category] = text(c);
    out.activities[index] = {raw: text(li.querySelector('.jx-raw')), counted: text(li.querySelector('.jx-counted')),
                             categories: cats, badge: text(document.querySelectorAll('.jx-row')[index]?.querySelector('.jx-row-value'))};
  }
  for (const t of document.querySelectorAll('.jx-total')) out.totals[t.dataset.category] = text(t.querySelector('.jx-total-value'));
  for (const l of document.querySelectorAll('.jx-line')) {
    out.lines[l.dataset.line] = {met: l.dataset.met, value: text(l.querySelector('.jx-line-value')),
                                  shortfall: text(l.querySelector('.jx-shortfall'))};
  }
  const verdict = document.querySelector('.jx-verdict');
  out.verdict = verdict ? verdict.dataset.met : null;
  return out;
}"""


def shown(page):
    """The figures on screen, as text."""
    return page.evaluate(SHOWN_JS)


def number(value):
    """How the page writes a figure from the engine's JSON (ints as ints, else shortest decimal)."""
    return str(value)


def expected(result):
    """What the page should show for an engine result, in the shape `shown` returns."""
    unit = result["unit"]
    out = {"activities": {}, "totals": {}, "lines": {}, "errors": [e["index"] for e in result["errors"]], "verdict": None}
    for item in result["activities"]:
        badge = (f"原 {number(item['raw'])} → 计 {number(item['counted'])} {unit}" if item["counted"] != item["raw"]
                 else f"计 {number(item['counted'])} {unit}")
        if "spread_from" in item:
            badge = None  # entered in another year: no row of this year's form
        out["activities"][str(item["index"])] = {
            "raw": number(item["raw"]), "counted": number(item["counted"]),
            "categories": {c["category"]: f"{c['label']} {number(c['value'])}" for c in item["categories"]},
            "badge": badge,
        }
    for total in result["totals"]:
        out["totals"][total["category"]] = number(total["value"])
    out["totals"]["total"] = number(result["total"])
    requirement = result["requirement"]
    if requirement:
        out["verdict"] = "true" if requirement["met"] else "false"
        for line in requirement["groups"] + ([requirement["total"]] if requirement["total"] else []):
            out["lines"][line["id"]] = {"met": "true" if line["met"] else "false", "value": number(line["value"]),
                                        "shortfall": None if line["met"] else number(line["shortfall"])}
    else:
        out["verdict"] = "none"
    return out


def saved_record(page, policy_id):
    text = page.evaluate("(key) => localStorage.getItem(key)", f"jxjy-calc:v1:record:{policy_id}")
    return None if text is None else json.loads(text)


HISTORY_JS = """() => {
  const text = (el) => el ? el.textContent.trim() : null;
  const out = {years: {}, checks: {}, deadlines: []};
  for (const tr of document.querySelectorAll('.jx-ytable tbody tr')) {
    const totals = {}, shortfall = {};
    for (const c of tr.querySelectorAll('.jx-y-cat')) totals[c.dataset.category] = text(c);
    for (const c of tr.querySelectorAll('.jx-y-short')) shortfall[c.dataset.line] = text(c);
    out.years[tr.dataset.year] = {total: text(tr.querySelector('.jx-y-total')), met: tr.dataset.met, totals, shortfall};
  }
  for (const li of document.querySelectorAll('.jx-check')) {
    out.checks[li.dataset.check] = {met: li.dataset.met, text: text(li.querySelector('.jx-check-text')),
                                    findings: li.dataset.findings};
  }
  for (const li of document.querySelectorAll('.jx-deadline')) out.deadlines.push(li.dataset.date);
  return out;
}"""


def shown_history(page):
    """The per-year table, the checks and the deadlines on screen."""
    return page.evaluate(HISTORY_JS)


def expected_history(result):
    """What the page should show for a multi-year engine result, in the shape `shown_history` returns."""
    out = {"years": {}, "checks": {}, "deadlines": [d["date"] for d in result["deadlines"]]}
    for year in result["years"]:
        requirement = year["requirement"]
        lines = (requirement["groups"] + ([requirement["total"]] if requirement["total"] else [])) if requirement else []
        out["years"][str(year["year"])] = {
            "total": number(year["total"]),
            "met": "none" if requirement is None else str(requirement["met"]).lower(),
            "totals": {t["category"]: f"{t['label']} {number(t['value'])}" for t in year["totals"]},
            "shortfall": {line["id"]: f"{line['label']} {number(line['shortfall'])}" for line in lines if not line["met"]},
        }
    for check in result["checks"]:
        out["checks"][check["id"]] = {"met": "unknown" if check["met"] is None else str(check["met"]).lower(),
                                      "text": check["text"],
                                      "findings": ",".join(str(f["year"]) for f in check["findings"])}
    return out


def as_year(result):
    """A one-year engine result as it appears among a multi-year result's "years" (record-level keys dropped)."""
    return {key: value for key, value in result.items() if key != "migrations"}
