"""The Jinja2 environment for the generated pages (templates in build_scripts/guide/templates/).

Templates autoescape: plain text from the policy data is escaped where it is printed. HTML made by
the Python helpers (article links, rule descriptions) reaches a template only through `Html`, which
marks it safe, so a template shows at a glance which values are trusted HTML.

Markdown attribute lists (`{#scope}`) are common in the pages, so Jinja comments are `{## … ##}`.
`{% filter oneline %}` joins an HTML block written over several lines into one line (Markdown then
keeps the block whole); each rendered line is stripped, so keep a space that matters inside a line.
"""

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .text import md, num

TEMPLATES = Path(__file__).resolve().parent / "templates"


def oneline(text):
    return Markup("".join(line.strip() for line in str(text).splitlines()))


def _environment():
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                      comment_start_string="{##", comment_end_string="##}")
    env.filters.update(oneline=oneline, md=lambda text: Markup(md(text)), num=num)
    return env


ENV = _environment()


class Html:
    """`html.art(ref)` in a template: the helper's HTML, marked safe."""

    def __init__(self, helpers):
        self._helpers = helpers

    def __getattr__(self, name):
        method = getattr(self._helpers, name)
        return lambda *args, **kwargs: Markup(method(*args, **kwargs))


def render(name, **context):
    return ENV.get_template(name).render(**context)
