"""Build the downloadable offline copy: dist/jxjy-offline.zip, also published in the site as
download/jxjy-offline.zip (下载离线版). Run after `mkdocs build` and package_calculator.

Unzipped, the copy works by double-clicking index.html (a file:// URL) with no network: the guide,
its navigation, search and the calculator. Browsers refuse fetch() of file:// URLs, module scripts
and Web Workers from file:// pages, so the copy differs from the website:

  - a second MkDocs build with Material's `offline` plugin (JXJY_OFFLINE=true): .html URLs, the
    search index as a script; its CDN polyfill is replaced by our loader (offline_hooks.py), and
    Material's search worker is bundled with its language files into assets/offline/search-worker.js;
  - the calculator's app.js and 单位批量核对's batch.js, ES modules on the website, are bundled with
    esbuild (pinned in package.json) into one classic script each, from the same modules;
  - the compiled policies are in assets/offline/data.js, with the sha256 and size of every engine file;
  - the engine's files are classic scripts holding them in base64 (gzipped where that helps):
    Pyodide's classic loader pyodide.js, a classic copy of pyodide.asm.mjs (pyodide.asm.js: its
    `export default` and `import.meta.url` rewritten), the wasm, the precompiled standard library,
    the lock file and the engine wheel. build_scripts/offline/offline-loader.js loads them, checks each
    against its sha256 and starts the engine in a worker made from a blob: URL (see that file);
  - pages get the offline variant of the Content-Security-Policy (lockdown.py) and the build stops if
    any page or our own code points at another origin; no sitemap, no 404 page, no service worker.

Usage: python -m build_scripts.offline [--site site] [--dist dist]
"""

import argparse
import base64
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

from build_scripts import lockdown, package_calculator
from build_scripts.reproducible import sha256_hex, write_zip

REPO = Path(__file__).resolve().parent.parent
NAME = "jxjy-offline"
ZIP_NAME = f"{NAME}.zip"
SITE_PATH = f"download/{ZIP_NAME}"  # where the website offers it
LOADER = REPO / "build_scripts" / "offline" / "offline-loader.js"
MATERIAL_JS = Path("assets") / "javascripts"
ESBUILD = REPO / "node_modules" / ".bin" / "esbuild"
PAGE_SCRIPTS = ("app.js", "batch.js")  # each page's entry module on the website, one classic script in the copy
KEPT_SCRIPTS = ("engine-calls.js", "batch-calls.js")  # loaded by offline-loader.js as it is
HERE_NOTE = "您正在使用离线版：全部内容都在本机，不联网也能查阅和计算。"


class OfflineError(Exception):
    pass


# --- the second MkDocs build ---------------------------------------------------------------------
def mkdocs_build(target):
    env = {**os.environ, "JXJY_OFFLINE": "true", "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(target)],
                          cwd=REPO, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise OfflineError(f"mkdocs build (offline) failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")


# --- classic scripts from module scripts ------------------------------------------------------------
def bundle_pages(calculator):
    """Bundle each page's entry module (and every module it imports) into one classic script with
    esbuild; the modules themselves are then dropped from the copy. `import.meta.url` (page-kit.js
    finds the site's assets from it) becomes the classic script's own URL, document.currentScript.src,
    read while the bundle runs its top level; any other use of import.meta fails the build."""
    if not ESBUILD.is_file():
        raise OfflineError(f"{ESBUILD.relative_to(REPO)} is missing: run build_scripts/setup (npm ci)")
    with tempfile.TemporaryDirectory() as folder:
        done = subprocess.run(
            [str(ESBUILD), *(str(calculator / name) for name in PAGE_SCRIPTS), "--bundle", "--format=iife",
             "--charset=utf8", "--define:import.meta.url=document.currentScript.src", "--log-level=warning",
             f"--outdir={folder}"],
            cwd=REPO, capture_output=True, text=True)
        if done.returncode != 0 or done.stderr.strip():
            raise OfflineError(f"esbuild could not bundle {', '.join(PAGE_SCRIPTS)}:\n{done.stderr[-3000:]}")
        for path in calculator.glob("*.js"):
            if path.name not in KEPT_SCRIPTS:
                path.unlink()
        for name in PAGE_SCRIPTS:
            text = (Path(folder) / name).read_text(encoding="utf-8")
            script = (f"// 继续教育学分自查 — the offline copy's {name}: the website's ES modules bundled into one "
                      "classic script by esbuild (build_scripts/offline.py).\n" + text)
            syntax_check(name, script)
            (calculator / name).write_text(script, encoding="utf-8")


def classic_pyodide_module(text):
    """pyodide.asm.mjs as a classic script defining self.jxjyCreatePyodideModule."""
    export = "export default _createPyodideModule;"
    if text.count(export) != 1:
        raise OfflineError("pyodide.asm.mjs: expected one `export default _createPyodideModule;`")
    text = text.replace(export, "self.jxjyCreatePyodideModule=_createPyodideModule;")
    text = text.replace("import.meta.url", "self.location.href")
    if "import.meta" in text or re.search(r"(?:^|[;}\n])\s*(?:export|import)\s+[\w{*]", text):
        raise OfflineError("pyodide.asm.mjs: module syntax left after the rewrite")
    return text


def syntax_check(name, text):
    """node --check, when Node is there (it is: the build precompiles Pyodide's stdlib with it)."""
    node = shutil.which("node")
    if not node:
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / (name + ".cjs")
        path.write_text(text, encoding="utf-8")
        done = subprocess.run([node, "--check", str(path)], capture_output=True, text=True)
        if done.returncode != 0:
            raise OfflineError(f"{name} is not a valid classic script:\n{done.stderr[-2000:]}")


def without_source_map(text):
    return re.sub(r"\n?//# sourceMappingURL=\S+\s*$", "\n", text)


# --- data and engine files as classic scripts ----------------------------------------------------
def js_string(text):
    return json.dumps(text, ensure_ascii=False)


def embed(copy):
    assets = copy / "assets"
    offline = assets / "offline"
    offline.mkdir(parents=True, exist_ok=True)
    manifest = json.loads((assets / "manifest.json").read_text(encoding="utf-8"))
    pyodide_dir = assets / "pyodide"
    wheel_path = copy / manifest["wheel"]
    full_stdlib = Path(manifest["pyodide"].get("stdlib_full") or "python_stdlib.zip").name
    engine_path = copy / (manifest.get("engine_pyc") or manifest["wheel"])

    module = classic_pyodide_module((pyodide_dir / "pyodide.asm.mjs").read_text(encoding="utf-8"))
    syntax_check("pyodide.asm.js", module)
    loader = without_source_map((package_calculator.PYODIDE_NPM / "pyodide.js").read_text(encoding="utf-8"))
    engine = {
        "loader": ("pyodide.js", loader.encode("utf-8")),
        "module": ("pyodide.asm.js", module.encode("utf-8")),
        "wasm": ("pyodide.asm.wasm", (pyodide_dir / "pyodide.asm.wasm").read_bytes()),
        # the whole standard library: the copy cannot fetch a module the trimmed one lacks
        "stdlib": ("python_stdlib.zip", (pyodide_dir / full_stdlib).read_bytes()),
        "lock": ("pyodide-lock.json", (pyodide_dir / "pyodide-lock.json").read_bytes()),
        # the engine precompiled to bytecode when the build made it (unpacked like the wheel: a zip)
        "wheel": (engine_path.name, engine_path.read_bytes()),
    }
    # openpyxl and et_xmlfile: 单位批量核对 unpacks them when a workbook is read or written
    sheet_wheels = {f"sheet_wheel_{n}": (Path(path).name, (copy / path).read_bytes())
                    for n, path in enumerate(manifest.get("sheet_wheels", []))}
    files = {}
    for role, (name, data) in {**engine, **sheet_wheels}.items():
        packed = gzip.compress(data, compresslevel=9, mtime=0)
        encoding, body = ("gzip", packed) if len(packed) < 0.8 * len(data) else ("none", data)
        script = f"engine-{name}.js"
        (offline / script).write_text(
            f"jxjyOffline.payload({js_string(name)},{js_string(encoding)},\"{base64.b64encode(body).decode('ascii')}\");\n",
            encoding="ascii")
        files[name] = {"sha256": sha256_hex(data), "size": len(data), "script": script, "encoding": encoding}

    texts = {f"assets/policies/{p.name}": p.read_text(encoding="utf-8")
             for p in sorted((assets / "policies").glob("*.json"))}
    data = {"texts": texts, "manifest": {
        "format": 1, "pyodide": manifest["pyodide"]["version"], "files": files,
        "engine": {role: name for role, (name, _) in engine.items()},
        "sheet_wheels": [name for name, _ in sheet_wheels.values()],
    }}
    (offline / "data.js").write_text(f"jxjyOffline.data({json.dumps(data, ensure_ascii=False, sort_keys=True)});\n",
                                     encoding="utf-8")
    shutil.copyfile(LOADER, offline / LOADER.name)

    # What the website loads instead: gone from the copy (everything is in assets/offline/).
    shutil.rmtree(pyodide_dir)
    shutil.rmtree(assets / "policies")
    wheel_path.unlink()
    if manifest.get("engine_pyc"):  # embedded above, like the wheel
        (copy / manifest["engine_pyc"]).unlink(missing_ok=True)
    shutil.rmtree(assets / "wheels", ignore_errors=True)
    (assets / "manifest.json").unlink()
    # the website's worker; the copy's is in offline-loader.js
    for name in ("worker.js", "engine-files.js", "engine-image.js"):
        (assets / "calculator" / name).unlink(missing_ok=True)
    return files


def search_worker(copy):
    """Material's search worker with its language files, as one text (a blob: worker cannot load files)."""
    js = copy / MATERIAL_JS
    workers = sorted((js / "workers").glob("search.*.js"))
    if len(workers) != 1:
        raise OfflineError(f"expected one Material search worker, found {[w.name for w in workers]}")
    config = json.loads((copy / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]
    languages = [lang for lang in config.get("lang", ["en"]) if lang != "en"]
    parts = ["self.importScripts = function () {}; // its language files follow: nothing to load\n",
             without_source_map(workers[0].read_text(encoding="utf-8"))]
    extra = []
    if languages or len(config.get("lang", [])) > 1:
        extra.append("lunr.stemmer.support.min.js")
    for lang in languages:
        if lang == "ja":
            extra.append("../tinyseg.js")
        if lang in ("hi", "th"):
            extra.append("../wordcut.js")
        extra.append(f"lunr.{lang}.min.js")
    if len(config.get("lang", [])) > 1:
        extra.append("lunr.multi.min.js")
    for name in extra:
        parts.append(";\n" + without_source_map((js / "lunr" / "min" / name).read_text(encoding="utf-8")))
    source = "".join(parts)
    (copy / "assets" / "offline" / "search-worker.js").write_text(
        f"jxjyOffline.searchWorker = {js_string(source)};\n", encoding="utf-8")
    (copy / "search" / "search_index.json").unlink()  # the copy reads search/search_index.js


# --- pages ----------------------------------------------------------------------------------------
OFFLINE_NOTE = re.compile(r'<(p|div) class="jx-offline-note">.*?</\1>', re.S)  # where 下载离线版 is offered
LOCAL_URL = re.compile(r'\b(src|href)="(\.\./[^"#?]*)([^"]*)"')


def _exists(path):
    return path.is_file() or (path / "index.html").is_file()


def fix_raw_links(copy, page, text):
    """Raw HTML in Markdown (e.g. the calculator's <script>) is written for the website's folder URLs,
    one folder deeper than the copy's page.html: drop the extra ../ where that finds the file."""
    def fix(match):
        attr, path, rest = match.groups()
        here = page.parent
        if _exists((here / unquote(path)).resolve()) or not path.startswith("../"):
            return match.group(0)
        shorter = path[3:]
        if _exists((here / unquote(shorter)).resolve()):
            return f'{attr}="{shorter}{rest}"'
        return match.group(0)
    return LOCAL_URL.sub(fix, text)


def rewrite_pages(copy):
    for page in sorted(copy.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        text = fix_raw_links(copy, page, text)
        text = OFFLINE_NOTE.sub(f'<p class="jx-offline-note">{HERE_NOTE}</p>', text)
        if "jx-download" in text:
            raise OfflineError(f"{page.name}: a 下载离线版 link outside an element of class jx-offline-note")
        # the calculator and 单位批量核对 pages: app.js, batch.js as classic scripts (bundled; deferred,
        # as a module would be)
        text = re.sub(r'<script type="module" src="([^"]*assets/calculator/(?:app|batch)\.js)"></script>',
                      r'<script defer src="\1"></script>', text)
        # the website's early start of the engine's worker: the copy's loader starts its own
        # and its deferred search (the copy's loader answers the search worker and index itself)
        text = re.sub(r'<script id="jx-engine-start"[^>]*>.*?</script>\n?', "", text, flags=re.S)
        text = re.sub(r'<script src="[^"]*assets/calculator/search-later\.js"></script>\n?', "", text)
        page.write_text(text, encoding="utf-8")
    bundle_pages(copy / "assets" / "calculator")
    for name in ("404.html", "sitemap.xml", "sitemap.xml.gz", "assets/sw-register.js"):
        (copy / name).unlink(missing_ok=True)
    # Material's search worker and language files are in assets/offline/search-worker.js now
    shutil.rmtree(copy / MATERIAL_JS / "lunr")
    shutil.rmtree(copy / MATERIAL_JS / "workers")
    for path in copy.rglob("*.map"):
        path.unlink()


def check_links(copy):
    """Every local src/href of every page finds its file in the copy."""
    problems = []
    for page in sorted(copy.rglob("*.html")):
        for attr, url in re.findall(r'\b(src|href)="([^"]*)"', page.read_text(encoding="utf-8")):
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if not target.is_relative_to(copy.resolve()) or not target.is_file():
                problems.append(f"{page.relative_to(copy)}: {attr}={url}")
    if problems:
        raise OfflineError("the offline copy has broken links:\n  " + "\n  ".join(problems[:30]))


def build(site, dist):
    with tempfile.TemporaryDirectory(prefix="jxjy-offline-") as folder:
        copy = Path(folder) / NAME
        mkdocs_build(copy)
        package_calculator.package(copy)
        embed(copy)
        search_worker(copy)
        rewrite_pages(copy)
        check_links(copy)
        pages = lockdown.lock_pages(copy, offline=True)
        target = write_zip(dist / ZIP_NAME, ((f"{NAME}/{path.relative_to(copy).as_posix()}", path.read_bytes())
                                             for path in sorted(p for p in copy.rglob("*") if p.is_file())))
    if site is not None:
        published = site / SITE_PATH
        published.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(target, published)
    print(f"offline: {target.relative_to(REPO) if target.is_relative_to(REPO) else target} "
          f"({target.stat().st_size / 1e6:.1f} MB, {pages} pages)"
          + (f", published as {SITE_PATH}" if site is not None else ""))
    return target


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default=str(REPO / "site"), help="the built website, to publish the zip in")
    parser.add_argument("--dist", default=str(REPO / "dist"), help="where to write jxjy-offline.zip")
    parser.add_argument("--no-publish", action="store_true", help="do not copy the zip into the website")
    args = parser.parse_args(argv)
    try:
        build(None if args.no_publish else Path(args.site).resolve(), Path(args.dist).resolve())
    except (OfflineError, lockdown.LockdownError, package_calculator.PackageError, OSError) as error:
        print(f"offline: error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
