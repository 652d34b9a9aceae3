"""MkDocs hooks (mkdocs.yml `hooks:`): add the pages generated from the compiled policies.

Thin on purpose; the pages themselves are built by build_scripts/guide, which knows nothing of MkDocs.
"""

import logging
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from build_scripts import batch_guide  # noqa: E402
from build_scripts.guide import search, site  # noqa: E402
from build_scripts.guide.text import scroll_regions  # noqa: E402
from build_scripts.guide.listing import ComparisonError  # noqa: E402
from calculator import policy_files  # noqa: E402
from calculator.policy_files import reference as language_reference  # noqa: E402

log = logging.getLogger("mkdocs.hooks.guide")
_policies = []
_search_labels = {}  # page URL -> what its search result shows under the title (region, 文号)


@event_priority(100)  # before Material's search plugin reads its jieba user dictionary
def on_config(config):
    global _policies
    try:
        _policies = site.load_policies()
    except site.SiteError as error:
        raise PluginError(str(error)) from None
    site.extend_nav(config.nav, _policies)
    search_plugin = config.plugins.get("material/search") or config.plugins.get("search")
    if search_plugin and search_plugin.config.get("jieba_dict_user"):
        path = REPO / search_plugin.config.jieba_dict_user  # relative to the repository, whatever the cwd
        search_plugin.config.jieba_dict_user = str(search.write_user_dictionary(_policies, path))
    _search_labels.clear()
    for path in (REPO / "policies", policy_files.policies_dir(), REPO / "build_scripts" / "guide", REPO / "schema"):
        if path.exists() and str(path) not in config.watch:
            config.watch.append(str(path))
    return config


def on_files(files, config):
    try:
        pages = site.generated_pages(_policies, config.docs_dir)
    except (site.SiteError, ComparisonError) as error:
        raise PluginError(str(error)) from None
    pages[language_reference.PAGE] = language_reference.render()  # from the schema's descriptions
    pages[batch_guide.PAGE] = batch_guide.render(_policies, site.nav_title)  # HR staff's sheet layout
    for src_uri, text in pages.items():
        files.append(File.generated(config, src_uri, content=text))
    for src_uri, data in {**site.published_files(), **batch_guide.template_files(_policies)}.items():
        files.append(File.generated(config, src_uri, content=data))
    log.info("guide: %d generated pages for %d policies", len(pages), len(_policies))
    return files


def on_page_context(context, page, config, nav):
    policy_id = page.file.src_uri.removeprefix("policies/").removesuffix(".md")
    for policy in _policies:
        if page.file.src_uri.startswith("policies/") and policy["id"] == policy_id:
            _search_labels[page.url] = search.result_labels(policy)
    return context


@event_priority(-50)  # after Material's search plugin writes the index, before `offline` copies it into a script
def on_post_build(config):
    count = search.label_index(Path(config.site_dir) / "search" / "search_index.json", _search_labels)
    log.info("guide: region and 文号 on %d search entries", count)
    try:
        search.fix_query_segmentation(config.site_dir)
    except search.SearchWorkerChanged as error:
        raise PluginError(str(error)) from None


def on_page_content(html, page, config, files):
    """Wide tables scroll in a box a keyboard can reach, named for screen readers (one place for all pages)."""
    return scroll_regions(html, page.title or "")


SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


ENGINE_START = re.compile(r'<script src="[^"]*assets/calculator/engine-start\.js"( data-worker="[^"]*")></script>\n?')
ENGINE_START_SCRIPT = Path(__file__).resolve().parents[1] / "docs" / "assets" / "calculator" / "engine-start.js"


def engine_start_first(output):
    """The calculator and batch pages' engine-start.js tag becomes that script, inline, first in the head,
    with its data-worker: the worker starts as soon as the head is parsed, where the tag in the body is
    reached only after Material's stylesheets (~0.1 s later), and a file would cost one more request
    first. The offline copy removes it again (build_scripts/offline.py), by its id."""
    found = ENGINE_START.search(output)
    head = output.find("<head>")
    if not found or head < 0:
        return output
    lines = ENGINE_START_SCRIPT.read_text(encoding="utf-8").splitlines()
    script = "\n".join(line for line in lines if not line.lstrip().startswith(("//", "/**")))  # its comments stay in the file
    tag = f'<script id="jx-engine-start"{found.group(1)}>\n{script}\n</script>'
    output = output[:found.start()] + output[found.end():]
    charset = output.find(">", output.find("<meta charset", head)) + 1
    at = charset if charset > head else head + len("<head>")
    return output[:at] + "\n" + tag + output[at:]


def on_post_page(output, page, config):
    """Material's search dialog has no accessible name (axe: aria-dialog-name): call it 搜索本站."""
    output = engine_start_first(output)
    return output.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + ' aria-label="搜索本站">')
