"""Small text helpers shared by the generated pages."""

import html
import re

from calculator.numbers import show, to_fraction


def esc(text):
    """Text for HTML (attributes included)."""
    return html.escape(str(text), quote=True)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|>~-])")


def md(text):
    """Text for a Markdown heading, link text or table cell: HTML-escaped, Markdown marks escaped."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=False))


def num(value):
    """A policy number (int, decimal string, fraction string) as users read it: 8, 4.5, 0.33."""
    return show(to_fraction(value))


def tag(name, body, **attrs):
    """<name attrs>body</name>; `body` is HTML already; attribute values are escaped."""
    attributes = "".join(f' {key.rstrip("_").replace("_", "-")}="{esc(value)}"'
                         for key, value in attrs.items() if value is not None)
    return f"<{name}{attributes}>{body}</{name}>"


def table(headers, rows, cls=None):
    """An HTML table; headers and cells are HTML already. One line, so Markdown keeps it whole."""
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    attributes = f' class="{cls}"' if cls else ""
    return (f'<div class="jx-scroll"><table{attributes}><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table></div>")


def bullet_list(items, cls=None):
    if not items:
        return ""
    return tag("ul", "".join(f"<li>{item}</li>" for item in items), class_=cls)


_SCROLL_BOX = re.compile(r'<div class="jx-scroll">(<table>.*?</table>)?|(<table>.*?</table>)', re.S)
_HEADING = re.compile(r"<h[1-6][^>]*>(.*?)</h[1-6]>", re.S)
_TAG = re.compile(r'<a class="headerlink".*?</a>|<[^>]+>', re.S)  # a heading's permalink, then any tag


def scroll_regions(page_html, title=""):
    """Every box that scrolls a wide table sideways made reachable by keyboard and named (axe:
    scrollable-region-focusable): the generated pages' bare .jx-scroll boxes and Markdown's tables, each
    named after the heading above it. A box that names itself already (outcomes.py) is left alone."""
    headings = [(found.start(), html.unescape(_TAG.sub("", found.group(1))).strip())
                for found in _HEADING.finditer(page_html)]

    def region(found):
        above = [text for start, text in headings if start < found.start() and text]
        label = f"表格：{above[-1] if above else title}"
        table = found.group(1) or found.group(2) or ""
        opened = f'<div class="jx-scroll" tabindex="0" role="region" aria-label="{esc(label)}">'
        return opened + table + ("</div>" if found.group(2) else "")

    return _SCROLL_BOX.sub(region, page_html)
