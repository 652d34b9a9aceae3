"""The search index the site ships (issue 15 §6): the policies' terms kept whole, each policy page's
entry naming its region and document number, and Material's query segmentation able to match a
query as the whole word it is.

Material's browser side cuts a Chinese query by the words found in the index (`segment` in its
search worker, ported below). As shipped by Material 9.8 it never tries a word ending at the query's
last character, so 学时 was searched as 学* (学 stood alone in the index) and 专业科目 as 专业* 科*;
build_scripts/guide/search.py gives the built worker's loop `<=`.
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


def material_segment(query, tokens, shipped=False):
    """Material 9.8's query segmentation (integrations/search/query/segment), line for line; as the
    site runs it (a word may end at the query's last character), or as Material ships it."""
    wordcuts = [0] * len(query)
    for i in range(len(query)):
        for j in range(i + 1, len(query) + (0 if shipped else 1)):
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
    assert material_segment("学时", {"学", "学时", "学历"}, shipped=True) == ["学"]
    assert material_segment("学时", {"学时", "学历"}, shipped=True) == ["学时"]
    assert material_segment("专业科目", {"专业", "科", "专业科目"}, shipped=True) == ["专业", "科"]
    assert material_segment("学时", {"学", "学时", "学历"}) == ["学时"]
    assert material_segment("专业科目", {"专业", "科", "专业科目"}) == ["专业科目"]
    assert material_segment("面授培训", {"面授", "培训"}) == ["面授", "培训"]


def test_the_built_search_worker_tries_words_up_to_the_last_character(site_dir):
    from build_scripts.guide.search import SEGMENT_LOOP

    workers = [*site_dir.glob("assets/javascripts/workers/search.*.min.js")]
    assert len(workers) == 1, workers
    for worker in workers:
        loop = SEGMENT_LOOP.pattern.replace(r"\1<(", r"\1<=(")
        assert loop != SEGMENT_LOOP.pattern
        assert len(re.findall(loop, worker.read_text(encoding="utf-8"))) == 1, worker
        assert not SEGMENT_LOOP.search(worker.read_text(encoding="utf-8")), worker


def test_the_user_dictionary_holds_the_policies_own_terms(compiled):
    terms = search.policy_terms(compiled.values())
    units = {era["unit"] for p in compiled.values() for era in p["eras"]}
    categories = {c["label"] for p in compiled.values() for c in p["categories"]}
    assert units <= set(terms)
    # 行业公需科目 stays 行业 + 公需科目, so that 公需科目 still finds it
    assert {c for c in categories if not any(o != c and o in c for o in categories)} <= set(terms), terms
    assert not [t for t in terms if any(o != t and o in t[1:] for o in terms)], terms


def test_the_built_site_used_the_dictionary(tokens, compiled):
    assert set(search.policy_terms(compiled.values())) <= tokens


def test_the_policy_terms_are_searched_whole(tokens, compiled):
    """Even with Material's segmentation as shipped, no two-character term is cut to its first
    character (the dictionary keeps 学时/学分 whole in running text); as the site runs it, every term."""
    terms = search.policy_terms(compiled.values())
    for term in terms:
        assert material_segment(term, tokens) == [term], term
        if len(term) == 2:
            assert material_segment(term, tokens, shipped=True) == [term], \
                f"{term[0]} stands alone in the search index: a search for {term} looks for {term[0]}*"


def test_policy_page_entries_name_region_and_document_number(index, compiled):
    tagged = {doc["location"]: doc["tags"] for doc in index["docs"] if "tags" in doc}
    assert tagged == {f"policies/{pid}/": [region_text(p["region"]), p["document_number"]]
                      for pid, p in compiled.items()}
