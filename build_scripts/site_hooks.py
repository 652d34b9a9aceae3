"""MkDocs hooks (mkdocs.yml `hooks:`): add the pages generated from the compiled policies.

Thin on purpose; the pages themselves are built by build_scripts/guide, which knows nothing of MkDocs.
"""

import logging
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from build_scripts import batch_guide  # noqa: E402
from build_scripts.guide import site  # noqa: E402
from build_scripts.guide.listing import ComparisonError  # noqa: E402
from calculator import policy_files  # noqa: E402
from calculator.policy_files import reference as language_reference  # noqa: E402

log = logging.getLogger("mkdocs.hooks.guide")
_policies = []


def on_config(config):
    global _policies
    try:
        _policies = site.load_policies()
    except site.SiteError as error:
        raise PluginError(str(error)) from None
    site.extend_nav(config.nav, _policies)
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


SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def on_post_page(output, page, config):
    """Material's search dialog has no accessible name (axe: aria-dialog-name): call it 搜索本站."""
    return output.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + ' aria-label="搜索本站">')
