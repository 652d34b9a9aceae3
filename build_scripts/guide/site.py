"""What the MkDocs hook adds: generated pages, nav entries and published files.

Policies are read from the compiled JSON (build/policies, or $JXJY_POLICIES); if they are missing
(e.g. `mkdocs serve` on a fresh clone) they are compiled first, and a policy file failing
validation stops the build with its file:line messages.
"""

import os
from pathlib import Path

from calculator import policy_files

from .listing import comparison_page, region_index, region_key
from .policy_page import PolicyPage

REPO = Path(__file__).resolve().parents[2]
SCHEMA = REPO / "schema" / "policy.schema.json"
SOURCES = Path(os.environ.get("JXJY_SOURCES", REPO / "policies" / "sources"))  # the notices


class SiteError(Exception):
    pass


def load_policies():
    """Every compiled policy, compiled first (calculator.policy_files, as for the CLI) when missing or
    older than a policy file or notice (`mkdocs serve` rebuilds as a policy file is edited)."""
    try:
        index = policy_files.policies_dir() / "index.json"
        if index.exists() and _edited_since(index):
            policy_files.compile_all()
        policies = [policy_files.load_policy(entry["id"]) for entry in policy_files.load_index()["policies"]]
    except policy_files.PolicyError as error:
        raise SiteError("政策文件校验失败：\n" + str(error)) from None
    except policy_files.PolicyNotFound as error:
        raise SiteError(error.message) from None
    return sorted(policies, key=region_key)


def _edited_since(index):
    """A policy file or notice of this checkout changed after the compiled policies were written."""
    if os.environ.get("JXJY_POLICIES"):
        return False  # compiled elsewhere on purpose (tests, the offline build)
    written = index.stat().st_mtime
    sources = list((REPO / "policies").glob("*.yaml")) + list(SOURCES.glob("*.txt"))
    return any(path.stat().st_mtime > written for path in sources)


def notice_text(policy):
    path = SOURCES / policy["seed"]
    if not path.exists():
        raise SiteError(f"{policy['id']}: 找不到通知原文 {path}")
    return path.read_text(encoding="utf-8")


def nav_title(policy):
    """'浙江 · 桐庐县 2018'."""
    province = policy["region"]["province"].removesuffix("省").removesuffix("市")
    return f"{province} · {policy['short_title']}"


def generated_pages(policies, docs_dir):
    """{src_uri: Markdown text} for every generated page."""
    pages = {"policies/index.md": region_index(policies),
             "compare.md": comparison_page(policies, Path(docs_dir) / "comparison.yaml")}
    for policy in policies:
        page = PolicyPage(policy, notice_text(policy))
        pages[f"policies/{policy['id']}.md"] = page.render()
    return pages


def published_files():
    """{src_uri: bytes} copied into the site as they are (the JSON Schemas at stable URLs)."""
    return {f"schema/{path.name}": path.read_bytes() for path in sorted(SCHEMA.parent.glob("*.schema.json"))}


def extend_nav(nav, policies):
    """Append one entry per policy to the nav section holding policies/index.md."""
    for item in nav or []:
        if isinstance(item, dict):
            for title, children in item.items():
                if isinstance(children, list) and "policies/index.md" in children:
                    known = {c if isinstance(c, str) else next(iter(c.values())) for c in children}
                    for policy in policies:
                        uri = f"policies/{policy['id']}.md"
                        if uri not in known:
                            children.append({nav_title(policy): uri})
                    return nav
    return nav
