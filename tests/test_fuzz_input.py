"""Issue 11 (tests): arbitrary JSON to the CLI and the API — the CLI exits 0 or 2 (never 1, never an
internal error), the API always answers JSON with `ok`, and neither shows a traceback or 「内部出错」."""

import io
import json
from contextlib import redirect_stderr, redirect_stdout

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculator.api import batch_csv, deadlines_ics, score_json
from calculator.cli import main
from tests.golden import REPO

POLICIES = {path.stem: path.read_text(encoding="utf-8") for path in sorted((REPO / "build" / "policies").glob("*-*.json"))}
KINDS = sorted({kind["id"] for text in POLICIES.values() for era in json.loads(text)["eras"] for kind in era["activities"]})
PARAMS = sorted({param["id"] for text in POLICIES.values() for era in json.loads(text)["eras"]
                 for kind in era["activities"] for param in kind["params"]})
KEYS = ["format", "policy", "year", "years", "activities", "target_year", "person", "kind", "params", "category",
        "name", "achievement", "date", "activites", "catgory", "doctor", "target_grade", *PARAMS]
NASTY = ["\ud800", "\udfff", "1_0", "1/3", "１２．５", "nan", "Infinity", "-0", "1e400", "2024-02-30", "9999-12-31",
         "2024-12-31", "", " ", "=1+1", "\x00", "😀", *KINDS[:20]]

texts = st.one_of(st.sampled_from(NASTY + KINDS),
                  st.text(alphabet=st.characters(blacklist_categories=()), max_size=12))
numbers = st.one_of(st.integers(min_value=-10 ** 30, max_value=10 ** 30), st.sampled_from([1989, 2018, 2024, 2100, 9999, 20255]),
                    st.floats(allow_nan=True, allow_infinity=True), st.integers(min_value=0, max_value=400))
scalars = st.one_of(st.none(), st.booleans(), numbers, texts)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.one_of(st.sampled_from(KEYS), texts), inner, max_size=5)), max_leaves=30)
activities = st.lists(st.one_of(values, st.fixed_dictionaries(
    {"kind": st.one_of(st.sampled_from(KINDS), values)},
    optional={"params": st.one_of(st.dictionaries(st.sampled_from(PARAMS), values, max_size=4), values),
              "date": st.one_of(st.sampled_from(NASTY), texts), "category": values, "name": texts,
              "achievement": values, "bogus": values})), max_size=4)
records = st.one_of(
    values,
    st.fixed_dictionaries({"year": numbers}, optional={"activities": st.one_of(activities, values),
                                                      "policy": values, "format": values, "years": values}),
    st.fixed_dictionaries({"years": st.lists(st.fixed_dictionaries({"year": numbers}, optional={
        "activities": st.one_of(activities, values), "extra": values}), max_size=3)},
        optional={"target_year": numbers, "person": values, "policy": values}))
raw_texts = st.one_of(
    records.map(json.dumps),
    st.integers(min_value=1, max_value=3000).map(lambda n: "[" * n + "]" * n),
    st.integers(min_value=4000, max_value=6000).map(lambda n: '{"year": ' + "1" * n + "}"),
    st.text(max_size=40))

settings_ = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))


@settings_
@given(policy=st.sampled_from(sorted(POLICIES)), text=raw_texts)
def test_the_api_always_answers_json_with_ok(policy, text):
    err = io.StringIO()
    with redirect_stderr(err):
        answer = json.loads(score_json(POLICIES[policy], text))
        ics = deadlines_ics(POLICIES[policy], text)
        batch = json.loads(batch_csv(POLICIES[policy], json.dumps([["甲", json.loads(text)]])
                                     if _loads(text) is not None else "[]"))
    assert answer["ok"] in (True, False)
    assert isinstance(ics, str) and batch["ok"] in (True, False)
    shown = json.dumps(answer, ensure_ascii=False) + json.dumps(batch, ensure_ascii=False)
    assert "内部出错" not in shown and "Traceback" not in shown and "计算出错" not in shown
    assert "Traceback" not in err.getvalue(), err.getvalue()


def _loads(text):
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(policy=st.sampled_from(sorted(POLICIES)), text=raw_texts, text_mode=st.booleans())
def test_the_cli_exits_0_or_2(tmp_path_factory, policy, text, text_mode):
    path = tmp_path_factory.mktemp("fuzz") / "record.json"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = main(["score", policy, str(path)] + (["--text"] if text_mode else []))
    assert status in (0, 2), err.getvalue()
    assert "Traceback" not in err.getvalue()
    if status == 2:
        assert err.getvalue().startswith("错误：")
