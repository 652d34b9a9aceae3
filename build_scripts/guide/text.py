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
