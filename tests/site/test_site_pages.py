"""The built guide site: a page per policy, every rule on it with its article link, links that resolve."""

import json
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from build_scripts.guide.notice import Notice, split_references
from build_scripts.guide.policy_page import activity_anchor
from build_scripts.guide.text import num
from calculator import score

REPO = Path(__file__).resolve().parents[2]


def policy_path(policy_id):
    return f"policies/{policy_id}/"


def test_every_policy_has_its_page_listed_in_the_region_index_and_the_comparison(compiled, read_page):
    index, compare = read_page("policies/"), read_page("compare/")
    for policy_id, policy in compiled.items():
        page = read_page(policy_path(policy_id))
        assert policy["title"] in page.text()
        assert policy["document_number"] in page.text()
        assert f"{policy_id}/" in {urlsplit(url).path for _, _, url, _ in index.links}, policy_id
        assert any(url.startswith(f"../policies/{policy_id}/") for _, _, url, _ in compare.links), policy_id
        region = policy["region"]
        for part in (region["province"], region["city"]):
            assert part in index.text()


def anchor_of(href):
    assert href.startswith("#"), f"article link {href!r} should point into the same page"
    return href[1:]


@pytest.mark.parametrize("policy_id", sorted(p.stem for p in (REPO / "build" / "policies").glob("*.json")
                                             if p.stem != "index"))
def test_every_rule_appears_on_its_page_with_its_article_link(policy_id, compiled, read_page):
    policy = compiled[policy_id]
    page = read_page(policy_path(policy_id))
    notice = Notice((REPO / "policies" / "sources" / policy["seed"]).read_text(encoding="utf-8"))
    for era in policy["eras"]:
        assert f"requirement-{era['id']}" in page.ids
        if era.get("requirement"):
            for line in ([era["requirement"]["total"]] if era["requirement"].get("total") else []) \
                    + era["requirement"]["groups"]:
                assert line["label"] in page.text()
        for kind in era["activities"]:
            key = activity_anchor(era, kind)
            assert key in page.ids, f"{policy_id}: no heading for {kind['id']}"
            assert key in page.blocks, f"{policy_id}: no rule block for {kind['id']}"
            block = page.block_text(key)
            links = page.blocks[key]["links"]
            # The activity's own article, linked to an anchor that exists on the page.
            for part in split_references(kind["article"]):
                targets = [href for href, text in links if text == part]
                assert targets, f"{policy_id}/{kind['id']}: no link for article {part!r}"
                assert anchor_of(targets[0]) in page.ids, f"{policy_id}/{kind['id']}: dangling {targets[0]}"
                expected = notice.resolve(part)
                if expected:
                    assert anchor_of(targets[0]) == expected
            for href in page.blocks[key]["hrefs"]:
                if href.startswith("#"):
                    assert href[1:] in page.ids, f"{policy_id}/{kind['id']}: dangling link {href}"
            assert kind["clause"].split("…")[0].strip()[:20] in block
            rule = kind["rule"]
            texts = [d["explain"] for d in rule.get("derive", [])]
            texts += [a["explain"] for a in rule.get("adjustments", [])]
            texts += [s["explain"] for s in rule.get("shifts", [])]
            if rule["kind"] == "fixed":
                texts.append(rule["explain"])
            elif rule["kind"] == "lookup":
                texts += [row["explain"] for row in rule["rows"]]
                texts += [rule["default"]["explain"]] if rule.get("default") else []
            elif rule["kind"] == "brackets":
                texts += [b["explain"] for b in rule["brackets"]]
            elif rule["kind"] == "none":
                texts.append(rule["reason"])
            for text in texts:
                assert text in block, f"{policy_id}/{kind['id']}: rule text missing: {text}"
            if rule.get("override"):
                label = next(p["label"] for p in kind["params"] if p["id"] == rule["override"]["param"])
                assert f"填写了「{label}」" in block, f"{policy_id}/{kind['id']}: override not shown"
            if rule.get("share"):
                assert "平均分配" in block
            for limit in kind.get("limits", []):
                assert limit["message"] in block
            if rule["kind"] == "rate":
                for term in rule["terms"]:
                    rates = [term["rate"]] if "rate" in term else [r["rate"] for r in term["rate_rows"]]
                    for rate in rates:
                        assert f"计 {num(rate)} {era['unit']}" in block, f"{policy_id}/{kind['id']}: rate {rate}"
                    if "item_cap" in term:
                        assert f"每天最多计 {num(term['item_cap'])} {era['unit']}" in block
            if rule["kind"] == "grid":
                table = rule.get("table")
                grid_text = page.text() if table else block
                if table:
                    assert f"table-{era['id']}-{table}" in page.ids
                for row in rule["rows"]["order"]:
                    assert rule["rows"]["labels"][row] in grid_text
                for column in rule["columns"]["order"]:
                    assert rule["columns"]["labels"][column] in grid_text
            for param in kind["params"]:
                assert param["label"] in block
                for option in param.get("options", []):
                    assert option["label"] in block, f"{policy_id}/{kind['id']}: option {option['label']}"
        for n, _ in enumerate(era.get("dedup", [])):
            assert f"dedup-{era['id']}-{n + 1}" in page.ids
        for cap in era.get("caps", []):
            assert f"cap-{era['id']}-{cap['id']}" in page.ids
        for pool in era.get("pools", []):
            assert f"pool-{era['id']}-{pool['id']}" in page.ids
    for item in policy["interpretations"]:
        assert f"interp-{item['id']}" in page.ids
        assert item["reading"] in page.text()
    for item in policy.get("deadlines", []) + policy.get("consequences", []):
        # The notice's clause where there is one (our summary could be quoted as the notice's rule).
        assert (item.get("clause") or item["summary"]) in page.text()
    for check in policy.get("multi_year", []):
        assert check["label"] in page.text()
        assert "multi-year" in page.ids and f"check-{check['id']}" in page.ids
    assert "notice" in page.ids
    assert notice.headings, f"{policy_id}: no article headings detected in the notice"
    for heading in notice.headings:
        assert heading["anchor"] in page.ids


def test_article_references_link_to_the_most_specific_article():
    text = (REPO / "policies" / "sources" / "000_7ab470f3e0af114f.txt").read_text(encoding="utf-8")
    notice = Notice(text)
    assert notice.resolve("第十一条") == "src-art11"
    assert notice.resolve("第十一条（八）2") == "src-art11-paren8-num2"
    assert notice.resolve("第十一条（十）") == "src-art11-paren10"
    yiyang = Notice((REPO / "policies" / "sources" / "004_d560a2d99fcdc696.txt").read_text(encoding="utf-8"))
    assert yiyang.resolve("附件5 第3条") == "src-att5-num3"
    assert yiyang.resolve("附件5 第4条（1）") == "src-att5-num4"
    assert yiyang.resolve("附件5 第4条（2）") == "src-att5-num4-pnum2"
    assert yiyang.resolve("四、相关要求 2") == "src-cn4-num2"
    binzhou = Notice((REPO / "policies" / "sources" / "002_2613e39d17fce48b.txt").read_text(encoding="utf-8"))
    assert binzhou.resolve("附件 一（二）2") == "src-att-cn1-paren2-num2"
    assert binzhou.resolve("附件 二（五）2") == "src-att-cn2-paren5-num2"
    assert binzhou.resolve("三、相关要求（一）") == "src-cn3-paren1"
    jinhua = Notice((REPO / "policies" / "sources" / "003_c2671bc386ac4545.txt").read_text(encoding="utf-8"))
    assert jinhua.resolve("第（十一）条（3）") == "src-cn4-paren11-pnum3"
    assert jinhua.resolve("第（二十四）条") == "src-cn7-paren24"


def _local_target(site_dir, page_file, url):
    """The file a relative URL points to, or None for another origin / a non-file scheme."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        return page_file
    target = (page_file.parent / unquote(parts.path)).resolve()
    if target.is_dir() or parts.path.endswith("/"):
        target = target / "index.html"
    return target


def test_all_internal_links_and_anchors_resolve(site_dir):
    from tests.site.htmlcheck import Page

    pages = {}
    for file in site_dir.rglob("*.html"):
        pages[file.resolve()] = Page(file.read_text(encoding="utf-8"))
    broken, foreign = [], []
    for file, page in pages.items():
        where = file.relative_to(site_dir.resolve())
        is_404 = file.name == "404.html"
        for tag, attr, url, rel in page.links:
            parts = urlsplit(url)
            if parts.scheme in ("mailto", "tel", "data", "javascript"):
                continue
            if parts.scheme or parts.netloc:
                # The canonical address names the published site; anything loaded must be local.
                if tag == "link" and rel in ("canonical",):
                    continue
                if tag != "a":
                    foreign.append(f"{where}: <{tag} {attr}={url}>")
                continue
            if is_404:
                continue  # the 404 page uses absolute paths under site_url by design
            target = _local_target(site_dir, file, url)
            if not target.exists():
                broken.append(f"{where}: {url} -> missing {target}")
                continue
            if parts.fragment and target.suffix == ".html":
                target_page = pages.get(target) or Page(target.read_text(encoding="utf-8"))
                if unquote(parts.fragment) not in target_page.ids:
                    broken.append(f"{where}: {url} -> no anchor #{unquote(parts.fragment)}")
    assert not foreign, "resources from another origin:\n" + "\n".join(foreign[:40])
    assert not broken, f"{len(broken)} broken links:\n" + "\n".join(broken[:40])


def test_search_index_locations_resolve(site_dir, read_page):
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["zh"]
    missing = []
    for doc in index["docs"]:
        path, _, fragment = doc["location"].partition("#")
        page = read_page(path)
        if fragment and fragment not in page.ids:
            missing.append(doc["location"])
    assert not missing, missing[:20]
    # jieba segmentation inserts zero-width spaces so that words inside sentences are found.
    assert any("\u200b" in doc["text"] for doc in index["docs"])


def test_the_json_schema_is_published_at_a_stable_url(site_dir, read_page):
    published = site_dir / "schema" / "policy.schema.json"
    assert published.read_bytes() == (REPO / "schema" / "policy.schema.json").read_bytes()
    assert json.loads(published.read_text(encoding="utf-8"))["$schema"].startswith("https://json-schema.org/")
    links = {url for _, _, url, _ in read_page("contributing/").links}
    assert "../schema/policy.schema.json" in links


def test_comparison_values_are_computed_by_the_engine(compiled, read_page):
    data = yaml.safe_load((REPO / "docs" / "comparison.yaml").read_text(encoding="utf-8"))
    page = read_page("compare/")
    text = page.text()
    hrefs = {url for _, _, url, _ in page.links}
    for policy_id, entry in data["policies"].items():
        policy = compiled[policy_id]
        year = entry.get("year") or max(e["years"]["from"] for e in policy["eras"])
        for column in data["activities"]:
            spec = entry.get(column["id"])
            if not spec:
                continue
            record = {"format": 1, "policy": policy_id, "year": year,
                      "activities": [{"kind": spec["kind"], "params": spec.get("params", {}),
                                      **({"category": spec["category"]} if spec.get("category") else {})}]}
            result = score(policy, record)
            value = f"{result['activities'][0]['counted']} {result['unit']}"
            era = next(e for e in policy["eras"] if e["id"] == result["era"]["id"])
            kind = next(k for k in era["activities"] if k["id"] == spec["kind"])
            href = f"../policies/{policy_id}/#{activity_anchor(era, kind)}"
            assert href in hrefs, href
            assert value in text, f"{policy_id}/{column['id']}: {value}"
    assert "—" in text


@pytest.mark.parametrize("page", ["calculator", "batch"])
def test_the_engine_starts_from_the_head_before_any_stylesheet(page, site_dir):
    # issue 13: the worker's downloads begin with the page, not after Material's stylesheets and scripts
    text = (site_dir / page / "index.html").read_text(encoding="utf-8")
    head = text[:text.index("</head>")]
    start = head.find('<script id="jx-engine-start" data-worker="../assets/calculator/worker.js">')
    assert start > 0 and text.count('id="jx-engine-start"') == 1 and "engine-start.js" not in text
    assert start == head.index("<script") and start < head.index('rel="stylesheet"')  # the first script
    assert not (site_dir / "assets" / "calculator" / "engine-start.js").exists()  # inline only
