"""The search index the site ships (issue 15 §6): the policies' terms kept whole, and each policy
page's entry naming its region and document number.

Material's browser side cuts a Chinese query by the words found in the index and never tries the
whole query (`segment` in its search worker, ported below): a term whose first character stands
alone anywhere in the index is searched as that one character, so 学时 found 学历 and 学位.
"""

import json
import re

import pytest

from build_scripts.guide import search
from build_scripts.guide.policy_page import region_text

SEPARATOR = re.compile(r"[\s\u200b\u3000\-、。，．？！；]+")


@pytest.fixture(scope="module")
def index(site_dir):
    return json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def tokens(index):
    assert re.compile(index["config"]["separator"]).pattern == SEPARATOR.pattern
    found = set()
    for doc in index["docs"]:
        for field in ("title", "text"):
            found.update(t for t in SEPARATOR.split(re.sub(r"<[^>]+>", " ", doc[field])) if t)
    return found


def material_segment(query, tokens):
    """Material 9.8's query segmentation (integrations/search/query/segment), line for line."""
    wordcuts = [0] * len(query)
    for i in range(len(query)):
        for j in range(i + 1, len(query)):
            if query[i:j] in tokens:
                wordcuts[i] = j - i
    segments, stack = [], [0]
    while stack:
        p = stack.pop()
        for q in range(1, wordcuts[p]):
            if wordcuts[p + q] > wordcuts[p] - q:
                segments.append(query[p:p + q])
                stack.append(p + q)
        q = p + wordcuts[p]
        if q < len(query) and wordcuts[q] and q < len(query) - 1:
            stack.append(q)
        segments.append(query[p:q])
    return [query] if "" in segments else list(dict.fromkeys(segments))


def test_the_port_reproduces_the_cut_that_hid_the_hours():
    assert material_segment("学时", {"学", "学时", "学历"}) == ["学"]
    assert material_segment("学时", {"学时", "学历"}) == ["学时"]


def test_the_user_dictionary_holds_the_policies_own_terms(compiled):
    terms = search.policy_terms(compiled.values())
    units = {era["unit"] for p in compiled.values() for era in p["eras"]}
    categories = {c["label"] for p in compiled.values() for c in p["categories"]}
    assert units <= set(terms)
    # 行业公需科目 stays 行业 + 公需科目, so that 公需科目 still finds it
    assert {c for c in categories if not any(o != c and o in c for o in categories)} <= set(terms), terms
    assert not [t for t in terms if any(o != t and o in t[1:] for o in terms)], terms


def test_the_built_site_used_the_dictionary(tokens, compiled):
    for term in search.policy_terms(compiled.values()):
        assert term in tokens or len(term) > 2, term


def test_two_character_terms_are_searched_whole(tokens, compiled):
    short = [t for t in search.policy_terms(compiled.values()) if len(t) == 2]
    assert short
    for term in short:
        assert material_segment(term, tokens) == [term], \
            f"{term[0]} stands alone in the search index: a search for {term} looks for {term[0]}*"


def test_policy_page_entries_name_region_and_document_number(index, compiled):
    tagged = {doc["location"]: doc["tags"] for doc in index["docs"] if "tags" in doc}
    assert tagged == {f"policies/{pid}/": [region_text(p["region"]), p["document_number"]]
                      for pid, p in compiled.items()}
