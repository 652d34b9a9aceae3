"""Lock the built site down (run last, after MkDocs, package_calculator and the offline copy).

  - Every page gets a Content-Security-Policy as a <meta http-equiv> (first thing in <head>) that
    allows only the site's own files ('self'), plus 'wasm-unsafe-eval' for Pyodide; the inline
    scripts Material writes into each page are allowed by their sha256, computed here, never by
    'unsafe-inline'. The offline copy (file://) gets its own variant, see csp().
  - The build stops if a page has an inline event handler (onclick=…) or a javascript: URL, or if any
    page, stylesheet or script of our own loads something from another origin (third-party scripts,
    Material's and Pyodide's, are checked by the browser tests, which record every request).
  - The service worker: sw.js at the site root from build_scripts/sw.js, with the build hash (also
    written into assets/manifest.json as "build") and the files it caches.

Usage: python -m build_scripts.lockdown [--site site]
"""

import base64
import hashlib
import html.parser
import json
import re
import sys
from pathlib import Path

from build_scripts import site_step_main

REPO = Path(__file__).resolve().parent.parent
SW_TEMPLATE = REPO / "build_scripts" / "sw.js"

# Pyodide compiles its WebAssembly: 'wasm-unsafe-eval' (never 'unsafe-eval').
ONLINE_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],  # Material's icons in its stylesheet are data: SVGs
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],  # the engine's module worker, Material's search worker, sw.js
    "manifest-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
# The offline copy runs from file://, where the browser starts no worker from a file: its loader
# starts them from blob: URLs (worker-src blob:). Nothing is fetched over a network.
OFFLINE_POLICY = {**ONLINE_POLICY, "worker-src": ["blob:"], "connect-src": ["'none'"]}

# What a page, stylesheet or script of ours may not point at: another origin.
FOREIGN = re.compile(r"""^(?:[a-z][a-z0-9+.-]*:)?//""", re.I)
RESOURCE_ATTRS = {"src", "href", "srcset", "action", "formaction", "poster", "data", "background",
                  "manifest", "xlink:href"}
FETCHED_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload", "prefetch",
                "prerender", "manifest", "dns-prefetch", "preconnect"}
HASHED_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}
OWN_SCRIPTS = ("assets/calculator/", "assets/offline/", "assets/sw-register.js", "sw.js")
JS_URL = re.compile(r"""["'`](?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}[^"'`]*["'`]""", re.I)
CSS_URL = re.compile(r"""url\(\s*["']?\s*((?:[a-z][a-z0-9+.-]*:)?//[^)"']*)""", re.I)
HANDLER = re.compile(r"""<[a-z][^>]*\s(on[a-z]+)\s*=""", re.I)
JS_SCHEME = re.compile(r"""\s(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.I)


class LockdownError(Exception):
    pass


def csp(hashes, offline=False):
    policy = {name: list(values) for name, values in (OFFLINE_POLICY if offline else ONLINE_POLICY).items()}
    policy["script-src"] += [f"'sha256-{h}'" for h in sorted(set(hashes))]
    return "; ".join(f"{name} {' '.join(values)}" for name, values in policy.items())


class _Scan(html.parser.HTMLParser):
    """The URLs a page loads: (tag, attribute, URL)."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        rel = set((dict(attrs).get("rel") or "").lower().split())
        for name, value in attrs:
            if value is None or name not in RESOURCE_ATTRS:
                continue
            if name == "href" and (tag == "a" or (tag == "link" and not rel & FETCHED_RELS)):
                continue  # a link (or rel=canonical, prev, next) is no request the page makes
            for part in (value.split(",") if name == "srcset" else [value]):
                self.urls.append((tag, name, part.strip().split(" ")[0]))


def inline_script_hashes(page):
    """sha256 (base64) of each inline script, as the browser computes it: over its exact UTF-8 text."""
    hashes = []
    for match in re.finditer(r"<script\b([^>]*)>(.*?)</script\s*>", page, re.S | re.I):
        attrs, body = match.group(1), match.group(2)
        if re.search(r"\bsrc\s*=", attrs, re.I):
            continue
        kind = re.search(r"""\btype\s*=\s*["']?([^"'\s>]+)""", attrs, re.I)
        if kind and kind.group(1).lower() not in HASHED_SCRIPT_TYPES:
            continue  # a data block (e.g. Material's <script type="application/json">) is never run
        hashes.append(base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii"))
    return hashes


def check_page(text, where):
    problems = []
    for match in HANDLER.finditer(text):
        problems.append(f"{where}: inline event handler {match.group(1)}=")
    if JS_SCHEME.search(text):
        problems.append(f"{where}: javascript: URL")
    scan = _Scan()
    scan.feed(text)
    for tag, name, url in scan.urls:
        if FOREIGN.match(url) or url.lower().startswith(("http:", "https:")):
            problems.append(f"{where}: <{tag} {name}> loads from another origin: {url}")
    return problems


def check_files(site):
    """Our stylesheets and scripts name no other origin."""
    problems = []
    for path in sorted(site.rglob("*.css")):
        for url in CSS_URL.findall(path.read_text(encoding="utf-8", errors="replace")):
            problems.append(f"{path.relative_to(site)}: url() from another origin: {url}")
    for path in sorted(site.rglob("*.js")):
        rel = path.relative_to(site).as_posix()
        if not rel.startswith(OWN_SCRIPTS) or rel.startswith("assets/offline/engine-"):
            continue  # third-party code (Material, Pyodide): the browser tests record its requests
        for match in JS_URL.finditer(path.read_text(encoding="utf-8", errors="replace")):
            problems.append(f"{rel}: names another origin: {match.group(0)}")
    return problems


CSP_META = re.compile(r'\s*<meta http-equiv="Content-Security-Policy" content="[^"]*">')


def add_csp(text, offline):
    text = CSP_META.sub("", text, count=1)  # built twice: replace, never stack
    meta = f'<meta http-equiv="Content-Security-Policy" content="{csp(inline_script_hashes(text), offline)}">'
    charset = re.search(r"<meta charset=[\"']?utf-8[\"']?\s*/?>", text, re.I)
    if charset:
        return text[:charset.end()] + "\n    " + meta + text[charset.end():]
    head = re.search(r"<head[^>]*>", text, re.I)
    if not head:
        raise LockdownError("page has no <head>")
    return text[:head.end()] + meta + text[head.end():]


def lock_pages(site, offline=False):
    """Add the CSP to every page and check pages and our own files; raise LockdownError on problems."""
    problems = []
    pages = sorted(site.rglob("*.html"))
    for path in pages:
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(site).as_posix()
        problems += check_page(text, where)
        if not problems:
            path.write_text(add_csp(text, offline), encoding="utf-8")
    problems += check_files(site)
    if problems:
        raise LockdownError("\n  ".join(["the built site is not locked down:", *problems[:40]]))
    return len(pages)


# --- the service worker --------------------------------------------------------------------------
ENGINE_DIRS = ("assets/pyodide/",)
NOT_CACHED = ("sw.js", "download/", "sitemap.xml", "sitemap.xml.gz")


LUNR = "assets/javascripts/lunr/"


def search_languages(site):
    """The files under assets/javascripts/lunr/ that Material's search worker loads for this site."""
    index = site / "search" / "search_index.json"
    langs = json.loads(index.read_text(encoding="utf-8"))["config"].get("lang", ["en"]) if index.is_file() else ["en"]
    needed = set()
    for lang in langs:
        if lang == "ja":
            needed.add("tinyseg.js")
        if lang in ("hi", "th"):
            needed.add("wordcut.js")
        if lang != "en":
            needed.add(f"min/lunr.{lang}.min.js")
    if needed:
        needed.add("min/lunr.stemmer.support.min.js")
    if len(langs) > 1:
        needed.add("min/lunr.multi.min.js")
    return needed


def service_worker(site):
    """Write sw.js and the build hash; return (build, pages, engine)."""
    manifest_path = site / "assets" / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    wheel = manifest["wheel"]
    pages, engine, digest = [], [], hashlib.sha256()
    lunr = search_languages(site)
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(NOT_CACHED) or rel.endswith((".map", ".gz", ".br")):
            continue
        if rel.startswith(LUNR) and rel[len(LUNR):] not in lunr:
            continue  # search languages this site does not use
        if rel != "assets/manifest.json":
            digest.update(rel.encode("utf-8") + b"\0" + hashlib.sha256(path.read_bytes()).digest())
        if rel == manifest["pyodide"].get("stdlib_full"):
            continue  # fetched only by an import the trimmed library lacks (build_scripts/stdlib_zip.py)
        if rel.startswith(ENGINE_DIRS) or rel in (wheel, manifest.get("engine_pyc")):
            engine.append(rel)
        elif rel == "index.html":
            pages.append("")
        elif rel.endswith("/index.html"):
            pages.append(rel[: -len("index.html")])
        else:
            pages.append(rel)
    build = digest.hexdigest()[:16]
    engine.sort(key=lambda rel: rel == wheel)  # the wheel last: cached last, so it marks "complete"
    manifest["build"] = build
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    template = SW_TEMPLATE.read_text(encoding="utf-8")
    text = (template.replace("__JXJY_BUILD__", build)
            .replace("__JXJY_PAGES__", json.dumps(pages, ensure_ascii=False))
            .replace("__JXJY_ENGINE__", json.dumps(engine, ensure_ascii=False)))
    (site / "sw.js").write_text(text, encoding="utf-8")
    return build, pages, engine


def lockdown(site):
    if not (site / "assets" / "manifest.json").is_file():
        raise LockdownError(f"{site}/assets/manifest.json is missing: run build_scripts.package_calculator first")
    count = lock_pages(site)
    build, pages, engine = service_worker(site)
    print(f"lockdown: CSP on {count} pages; sw.js build {build}: {len(pages)} files cached on the first "
          f"visit, {len(engine)} engine files once the calculator is used")


def main(argv=None):
    return site_step_main("lockdown", __doc__, lockdown, (LockdownError, OSError, ValueError), argv)


if __name__ == "__main__":
    sys.exit(main())
