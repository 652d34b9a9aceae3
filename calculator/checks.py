"""Multi-year checks, a closed set of kinds written as data in a policy's `multi_year` list.

Each takes the per-year results (sorted by year), the target year of an application and the
person's details, and returns a plain answer with the article behind it:
    window_sum         滨州: 2017—2019 年度总计学分达到 60 学分为合格
    each_unmet         桐庐 第十四条: 未完成年度学分要求的，当年度考核等次不得评为优秀
    consecutive_unmet  桐庐 第十四条: 连续两个年度未完成 → 第二个年度基本合格及以下
    recent_all_met     桐庐 第十五条: 近三年未完成 → 不得推荐职称评审 (益阳: 近5年，博士近2年)
    surplus_early      金华 第（十四）条: 超规定学分总额的，可以提前申报高一等级的评价
"""

from .conditions import matches
from .numbers import ZERO, show, to_fraction, to_json


def run(check, years, target, person, totals, first_year, doubts=None):
    """`years`: the per-year results; `totals`: {year: exact total (Fraction)}, so sums are never of
    rounded figures; `first_year`: the first year the policy covers (earlier years are under earlier rules).
    `doubts` (history.score_history, lenient), each an answer's error ({path, message}): {"unsure": {year:
    [errors of a year entered but not scored (twice)]}, "unknown": {personal detail id: error},
    "target_error": the target year's error}. An answer that needed one of them lists it in its `errors`.

    Every answer has `met`: True (满足), False (不满足) or None (待确认: an input is missing or wrong);
    a check of years the record does not concern returns None from the kind and is left out.
    """
    doubts = doubts or {}
    unsure = doubts.get("unsure") or {}
    context = {"by_year": {r["year"]: r for r in years}, "totals": totals, "target": target, "person": person,
               "first_year": first_year, "unsure": {year: errors[0]["message"] for year, errors in unsure.items()},
               "target_error": doubts.get("target_error"), "used": []}  # used: the years or target_error cited
    answer = KINDS[check["kind"]](check, context)
    if answer is None:
        return None
    wrong = [error for name, error in (doubts.get("unknown") or {}).items() if name in _person_params(check)]
    if wrong:  # it depends on a detail given wrongly
        answer = {**answer, "met": None, "text": answer["text"] + "；个人信息填写有误（已在该项标出），待更正后确认"}
    used = wrong + [error for cited in context["used"]
                   for error in (unsure[cited] if isinstance(cited, int) else [cited])]
    if used:
        answer = {**answer, "errors": used}
    return {"id": check["id"], "kind": check["kind"], "label": check["label"],
            "article": check["article"], "clause": check["clause"], **answer}


def _person_params(check):
    """The personal details a check reads: the names in its conditions and its reset parameter."""
    names, stack = set(), [check]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            if isinstance(value.get("when"), dict):
                names.update(value["when"])
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return names | ({check["reset_param"]} if check.get("reset_param") else set())


def _unsure(answer, ctx, years=None, settled=()):
    """A year entered but not scored (a duplicate) that the answer needs: 待确认 unless `met` is in `settled`
    (an answer no further year can change), with the reason among the findings."""
    unsure = {year: why for year, why in ctx["unsure"].items() if years is None or year in years}
    if not unsure:
        return answer
    ctx["used"] += sorted(unsure)
    findings = answer["findings"] + [{"year": year, "text": why} for year, why in sorted(unsure.items())]
    met = answer["met"] if answer["met"] in settled else None
    text = answer["text"] + "；" + "；".join(why for _, why in sorted(unsure.items()))
    if met is None and answer["met"] is not None:
        text += "。更正后再核对"
    return {**answer, "met": met, "findings": sorted(findings, key=lambda f: f["year"]), "text": text}


def span(first, last):
    """「2022—2024 年度」, or 「2022 年度」 for one year."""
    return f"{first}—{last} 年度" if last != first else f"{first} 年度"


def _met(result):
    requirement = result["requirement"]
    return None if requirement is None else requirement["met"]


def window_sum(check, ctx):
    """滨州: 2017-2019 年度总计学分达到 60 学分为合格 — shown only when the record or the target year
    concerns the window (a year in it, or an application in it or the year after it)."""
    first, last = check["years"]["from"], check["years"]["to"]
    target = ctx["target"]
    if not any(first <= year <= last for year in ctx["by_year"]) and not (target and first <= target <= last + 1):
        return None
    value, missing, unit = ZERO, [], check["unit"]
    for year in range(first, last + 1):
        if year in ctx["totals"]:
            value += ctx["totals"][year]
        else:
            missing.append(year)
    minimum = to_fraction(check["min"])
    short = max(minimum - value, ZERO)
    met = True if short == 0 else (None if missing else False)
    text = f"{span(first, last)}合计 {show(value)} {unit}，"
    if short == 0:
        text += f"达到不少于 {show(minimum)} {unit}的要求"
    else:
        text += f"还差 {show(short)} {unit}，" + ("尚未" if missing else "未") + f"达到不少于 {show(minimum)} {unit}的要求"
    absent = [year for year in missing if year not in ctx["unsure"]]  # the others: entered, not scored
    if absent:
        text += f"（未录入 {'、'.join(map(str, absent))} 年度" + ("）" if met else "，请补录后再核对）")
    return _unsure({"met": met, "value": to_json(value), "min": to_json(minimum), "shortfall": to_json(short),
                    "years": list(range(first, last + 1)), "missing": missing, "text": text, "findings": []},
                   ctx, range(first, last + 1), settled=(True,))


def each_unmet(check, ctx):
    findings = [{"year": year, "text": f"{year} 年度未达到年度要求：{check['consequence']}"}
                for year, result in sorted(ctx["by_year"].items()) if _met(result) is False]
    return _unsure({"met": not findings, "findings": findings,
                    "text": "录入的年度均达到年度要求" if not findings else "；".join(f["text"] for f in findings)},
                   ctx, settled=(False,))


def consecutive_unmet(check, ctx):
    by_year = ctx["by_year"]
    count, findings, run_length = check["count"], [], 0
    for year in sorted(by_year):
        if _met(by_year[year]) is not False:
            run_length = 0
            continue
        previous_unmet = year - 1 in by_year and _met(by_year[year - 1]) is False
        run_length = run_length + 1 if previous_unmet else 1
        if run_length >= count:
            findings.append({"year": year, "text": f"{span(year - count + 1, year)}连续 {count} 个年度未达到要求："
                                                   f"{year} 年度{check['consequence']}"})
    return _unsure({"met": not findings, "findings": findings,
                    "text": f"没有连续 {count} 个年度未达到要求" if not findings else "；".join(f["text"] for f in findings)},
                   ctx, settled=(False,))


def recent_all_met(check, ctx):
    """The `window` years before the target year all met. A year not entered leaves the answer 待确认;
    a year before the policy took effect falls under earlier rules and needs separate proof."""
    by_year, target = ctx["by_year"], ctx["target"]
    window = check["window"]
    for variant in check.get("window_if", []):
        if matches(variant["when"], ctx["person"]):
            window = variant["window"]
    if target is None:
        ask = "申报年度填写有误，请更正" if ctx["target_error"] else "请填写申报年度"
        ctx["used"] += [ctx["target_error"]] if ctx["target_error"] else []
        return {"met": None, "findings": [], "years": [], "missing": [], "earlier": [],
                "text": f"{ask}，以核对申报前 {window} 个年度的继续教育情况"}
    years = list(range(target - window, target))
    earlier = [year for year in years if year < ctx["first_year"]]
    unsure = [year for year in years if year in ctx["unsure"]]
    missing = [year for year in years if year not in by_year and year >= ctx["first_year"] and year not in unsure]
    unmet = [year for year in years if year in by_year and _met(by_year[year]) is False]
    findings = [{"year": year, "text": f"{year} 年度未达到年度要求"} for year in unmet]
    findings += [{"year": year, "text": f"{year} 年度未录入，请补录后再核对"} for year in missing]
    findings += [{"year": year, "text": f"{year} 年度在本政策施行之前，适用此前的规定，须另行证明"} for year in earlier]
    findings += [{"year": year, "text": ctx["unsure"][year]} for year in unsure]
    ctx["used"] += unsure
    met = False if unmet else (None if missing or earlier or unsure else True)
    head = f"申报 {target} 年度{check['purpose']}：前 {window} 个年度（{span(years[0], years[-1])}）"
    if met is False:
        text = head + "未全部达到年度要求，" + check["consequence"]
    elif met:
        text = head + "均已达到年度要求，满足条件"
    else:
        parts = []
        if missing:
            parts.append(f"{'、'.join(map(str, missing))} 年度未录入")
        if earlier:
            parts.append(f"{'、'.join(map(str, earlier))} 年度在本政策施行（{ctx['first_year']} 年度）之前，"
                         f"适用此前的规定，本计算器不能核对，须另行证明已完成")
        parts += [ctx["unsure"][year] for year in unsure]
        text = head + "中" + "；".join(parts) + "；其余录入的年度均已达到年度要求"
    return {"met": met, "findings": sorted(findings, key=lambda f: f["year"]), "years": years,
            "missing": missing, "earlier": earlier, "text": text}


def surplus_early(check, ctx):
    by_year, person = ctx["by_year"], ctx["person"]
    since = person.get(check["reset_param"])
    counted = sorted(year for year in by_year if since is None or year > since)
    required = sum((to_fraction(by_year[y]["requirement"]["total"]["min"]) for y in counted
                    if by_year[y]["requirement"] and by_year[y]["requirement"]["total"]), ZERO)
    earned = sum((ctx["totals"][y] for y in counted), ZERO)
    surplus = earned - required
    early = 0
    for rule in check["early"]:
        if matches(rule["when"], person):
            early = rule["years"]
            break
    unanswered = sorted({name for rule in check["early"] for name in rule["when"] if person.get(name) is None})
    reset = f"（{since} 年晋升后学分清零，只计 {since + 1} 年度起）" if since is not None else ""
    if not counted:
        return {"met": None, "surplus": 0, "early_years": 0, "findings": [],
                "text": f"没有可计算的年度{reset}"}
    if surplus <= 0:
        met = False
    elif early > 0:
        met = True
    else:
        met = None if unanswered else False
    text = (f"{span(counted[0], counted[-1])}共获 {show(earned)} 学分，规定总额 {show(required)} 学分{reset}，"
            + (f"超出 {show(surplus)} 学分，{check['consequence']}（最多可提前 {early} 年）" if met
               else "未超出规定总额，不能据此提前申报" if surplus <= 0
               else f"超出 {show(surplus)} 学分；请填写申报的等级，以核对可提前的年限" if met is None
               else f"超出 {show(surplus)} 学分，但所申报的等级不能提前申报"))
    return _unsure({"met": met, "surplus": to_json(surplus), "early_years": early if met else 0,
                    "findings": [], "text": text}, ctx, [year for year in ctx["unsure"] if since is None or year > since])


KINDS = {"window_sum": window_sum, "each_unmet": each_unmet, "consecutive_unmet": consecutive_unmet,
         "recent_all_met": recent_all_met, "surplus_early": surplus_early}
