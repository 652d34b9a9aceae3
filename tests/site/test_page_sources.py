"""Every statement on a generated page carries its source kind (issue 16, "make it hold").

quoted   — data-source="quoted" data-article="…": the clause must be in that article of the notice
computed — data-source="computed" data-rule="…": from rule data; an overview range must equal the
           smallest and largest raw value the engine gives (brute force over the kind's parameters)
reading  — data-source="reading": the site's reading, shown with 本站解读 linking to the interpretation
"""

import html
import json
import re
from fractions import Fraction
from html.parser import HTMLParser
from itertools import product
from pathlib import Path

import pytest

from build_scripts.guide.notice import Notice, split_references
from build_scripts.guide.text import num
from calculator import RecordError, score
from calculator.rules import value_range

from .brute_range import brute_range

REPO = Path(__file__).resolve().parents[2]
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
RULE_WORDS = re.compile(r"[0-9０-９]|不少于|不超过|不得少于|截止|折算为")


class Sources(HTMLParser):
    """Text nodes of the page's article with the nearest data-source around them."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.stack = []          # (tag, attrs)
        self.unsourced = []      # text with a number or unit word and no data-source around it
        self.elements = []       # (attrs, [text]) for every element carrying data-source or data-range
        self.readings = []       # attrs of every 本站解读 link
        self.feed(text)

    def _skip(self):
        for tag, attrs in self.stack:
            cls = attrs.get("class") or ""
            if tag in HEADINGS or tag in ("nav", "code", "script", "style") or "jx-notice" in cls \
                    or "jx-art" in cls or "md-nav" in cls or "headerlink" in cls or "md-header" in cls \
                    or "md-footer" in cls or "md-source" in cls or "md-search" in cls or "md-sidebar" in cls:
                return True
        return not any(tag == "article" for tag, _ in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("class") and "jx-reading" in attrs["class"] and tag == "a":
            self.readings.append(attrs)
        if tag in VOID:
            return
        self.stack.append((tag, attrs))
        if "data-source" in attrs or "data-range" in attrs:
            self.elements.append((attrs, []))
            attrs["_text"] = self.elements[-1][1]

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        for _, attrs in self.stack:
            if "_text" in attrs:
                attrs["_text"].append(data)
        if not data.strip() or self._skip():
            return
        if RULE_WORDS.search(data) and not any("data-source" in attrs for _, attrs in self.stack):
            # A link's own text naming a page (a policy's title) is a name, not a statement.
            if self.stack and self.stack[-1][0] == "a" and not RULE_WORDS.sub("", data).strip() == "":
                if "jx-" not in (self.stack[-1][1].get("class") or "") and self.stack[-1][1].get("href", "").endswith("/"):
                    return
            self.unsourced.append(data.strip())


def generated_pages(compiled):
    return ["compare/", "policies/"] + [f"policies/{policy_id}/" for policy_id in compiled]


@pytest.fixture(scope="module")
def parsed(site_dir, compiled):
    return {path: Sources((site_dir / path / "index.html").read_text(encoding="utf-8")) for path in generated_pages(compiled)}


def test_every_number_and_rule_sentence_has_a_source_kind(parsed):
    problems = [f"{path}: {text[:80]}" for path, page in parsed.items() for text in page.unsourced]
    assert not problems, f"{len(problems)} statements without a source kind:\n" + "\n".join(problems[:40])


def test_source_kinds_are_the_three_and_readings_link_to_their_interpretation(parsed, compiled):
    for path, page in parsed.items():
        for attrs, _ in page.elements:
            if "data-source" in attrs:
                assert attrs["data-source"] in ("quoted", "computed", "reading"), (path, attrs)
                if attrs["data-source"] == "computed":
                    assert attrs.get("data-rule"), f"{path}: computed statement without its rule: {attrs}"
        for attrs in page.readings:
            assert attrs.get("data-source") == "reading" and attrs.get("data-interp"), (path, attrs)
            assert attrs["href"].endswith(f"#interp-{attrs['data-interp']}"), (path, attrs)
    for policy_id, policy in compiled.items():
        names = {i["id"] for i in policy["interpretations"]}
        page = parsed[f"policies/{policy_id}/"]
        for attrs in page.readings:
            assert attrs["data-interp"] in names, (policy_id, attrs)


def _normalise(text):
    return re.sub(r"\s+", "", text).replace("(", "（").replace(")", "）").replace(",", "，").replace(";", "；")


def test_every_quote_is_in_the_article_it_is_cited_to(parsed, compiled):
    checked = 0
    for policy_id, policy in compiled.items():
        notice = Notice((REPO / "policies" / "sources" / policy["seed"]).read_text(encoding="utf-8"))
        for attrs, texts in parsed[f"policies/{policy_id}/"].elements:
            if attrs.get("data-source") != "quoted":
                continue
            text = "".join(texts)
            quoted = re.findall(r"「(.*?)」", text, re.S) or [text]
            sections = _normalise("\n".join(notice.section_text(ref) for ref in split_references(attrs.get("data-article"))))
            for quote in quoted:
                for fragment in quote.split("…"):
                    if _normalise(fragment):
                        assert _normalise(fragment) in sections, \
                            f"{policy_id}: 「{fragment.strip()[:50]}」 is not in {attrs.get('data-article')}"
                        checked += 1
    assert checked > 100


def test_the_quote_check_finds_a_quote_cited_to_the_wrong_article():
    yiyang = Notice((REPO / "policies" / "sources" / "004_d560a2d99fcdc696.txt").read_text(encoding="utf-8"))
    assert _normalise("一天折算8学时") in _normalise(yiyang.section_text("附件5 第2条"))
    assert _normalise("一天折算8学时") not in _normalise(yiyang.section_text("附件5 第1条"))


def _span(text):
    low, _, high = text.partition(",")
    return Fraction(low), (Fraction(high) if high else None)


def test_every_range_shown_is_what_the_engine_can_give(parsed, compiled):
    checked = 0
    for policy_id, policy in compiled.items():
        cells = [(attrs, "".join(texts)) for attrs, texts in parsed[f"policies/{policy_id}/"].elements if attrs.get("data-range")]
        kinds = [(era, kind) for era in policy["eras"] for kind in era["activities"]
                 if kind["rule"]["kind"] in ("lookup", "grid", "brackets")]
        ranged = [(era, kind) for era, kind in kinds if value_range(kind) is not None]
        assert len(cells) == len(ranged), policy_id
        for (attrs, text), (era, kind) in zip(cells, ranged):
            low, high = _span(attrs["data-range"])
            brute = brute_range(policy, era, kind)
            assert low == brute[0], f"{policy_id}/{kind['id']}: page from {low}, engine {brute[0]}"
            if high is None:
                top = max(Fraction(b["value"]) for b in kind["rule"]["brackets"])
                assert kind["rule"].get("beyond") and brute[1] > top, f"{policy_id}/{kind['id']}: shown unbounded"
                assert f"{num(low)} {era['unit']}起，不设上限" in text
            else:
                assert high == brute[1], f"{policy_id}/{kind['id']}: page up to {high}, engine {brute[1]}"
                assert (f"{num(low)}—{num(high)} {era['unit']}" if low != high else f"{num(low)} {era['unit']}") in text
            checked += 1
    assert checked >= 30


# --- the values a table rule gives (build_scripts/guide/outcomes.py), case by case -----------------
OUTCOME_CELL = re.compile(r'<td data-source="computed" data-rule="outcome" data-case="([^"]*)"(?: data-span="([^"]*)")?>([^<]*)</td>')


def _outcome_cells(text, policy):
    """{anchor: (era, kind, [(case, {param: (low, high)}, shown text)])} from a built policy page."""
    from build_scripts.guide.policy_page import activity_anchor

    anchors = {activity_anchor(era, kind): (era, kind) for era in policy["eras"] for kind in era["activities"]}
    found = {}
    for chunk in text.split('data-activity="')[1:]:
        anchor = chunk.partition('"')[0]
        for case, spans, shown in OUTCOME_CELL.findall(chunk.partition('data-activity="')[0]):
            span = {}
            for part in filter(None, html.unescape(spans).split(";")):
                name, _, bounds = part.partition(":")
                low, _, high = bounds.partition("-")
                span[name] = (int(low), int(high))
            found.setdefault(anchor, (*anchors[anchor], []))[2].append((json.loads(html.unescape(case)), span, shown))
    return found


def _baseline(param):
    """What the test enters for a parameter the table does not depend on: its default, else (a number
    without one, e.g. 论文字数) its largest value, else its first option."""
    if param.get("default") is not None:
        return param["default"]
    if param["type"] in ("integer", "decimal"):
        return param["max"]
    if param["type"] == "enum":
        return param["options"][0]["value"]
    return None


def test_every_value_stated_next_to_a_table_rule_is_what_the_engine_gives(site_dir, compiled):
    """Each cell of an outcome table, for every value in its range, equals calculator.score of a
    record holding that one activity (other parameters at their default, else at their largest), and
    the cells together cover every option and every integer of the parameters they name."""
    checked = tables = 0
    for policy_id, policy in compiled.items():
        text = (site_dir / "policies" / policy_id / "index.html").read_text(encoding="utf-8")
        cells = _outcome_cells(text, policy)
        pointing = [(era["id"], kind["id"]) for era in policy["eras"] for kind in era["activities"]
                    if kind["rule"]["kind"] == "grid" and (kind["rule"].get("derive") or kind["rule"].get("shifts"))]
        assert sorted((era["id"], kind["id"]) for era, kind, _ in cells.values()) == sorted(pointing), policy_id
        for era, kind, rows in cells.values():
            tables += 1
            params = {p["id"]: p for p in kind["params"]}
            covered = set()
            for case, spans, shown in rows:
                names = sorted(case) + sorted(spans)
                ranges = [range(spans[n][0], spans[n][1] + 1) for n in sorted(spans)]
                for numbers in product(*ranges):
                    entered = {**{n: _baseline(p) for n, p in params.items() if _baseline(p) is not None},
                               **case, **dict(zip(sorted(spans), numbers))}
                    covered.add(tuple(entered[n] for n in names))
                    record = {"format": 1, "policy": policy_id, "year": era["years"]["from"],
                              "activities": [{"kind": kind["id"], "params": entered}]}
                    where = f"{policy_id}/{era['id']}/{kind['id']} {entered}"
                    if shown == "—":
                        with pytest.raises(RecordError):
                            score(policy, record)
                    else:
                        raw = Fraction(score(policy, record)["activities"][0]["raw"])
                        assert shown == f"{num(raw)} {era['unit']}", f"{where}: page {shown}, engine {num(raw)}"
                    checked += 1
            domains = []
            for name in names:
                param = params[name]
                domains.append([o["value"] for o in param["options"]] if param["type"] == "enum"
                               else [False, True] if param["type"] == "boolean"
                               else range(param["min"], param["max"] + 1))
            assert covered == set(product(*domains)), f"{policy_id}/{kind['id']}: cases missing from the table"
    assert tables >= 10 and checked > 1000, (tables, checked)
