"""The calculator embedded on another site (two local origins: the site on 127.0.0.1, the embedding
page on localhost): the frame grows with its content through README.md's own snippet, messages from
any other origin are ignored, and when the browser blocks the frame's storage the page says so."""

import base64
import json
import re

import pytest

from tests.browser import ui
from tests.web import REPO, StaticServer, foreign, new_context

TONGLU = "zhejiang-tonglu-2018"
# what Safari, Firefox and Chromium with third-party storage blocked do in a frame of another site
BLOCK_FRAME_STORAGE = """if (window.top !== window) {
  Object.defineProperty(window, "localStorage", {
    get() { throw new DOMException("The operation is insecure.", "SecurityError"); },
  });
}"""
RECORD = {"format": 1, "policy": TONGLU, "year": 2024, "activities": [
    {"kind": "face_training", "params": {"days": n}, "name": f"培训 {n}"} for n in range(1, 7)]}


def readme_snippet():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return re.search(r"\*\*Embedding on another site\*\*.*?```html\n(.*?)```", text, re.S).group(1)


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, {"width": 390, "height": 844}])
def test_embedded_on_another_site(browser, site_url, tmp_path, viewport):
    origin = site_url.rstrip("/")
    share = base64.urlsafe_b64encode(json.dumps(RECORD, ensure_ascii=False).encode()).decode().rstrip("=")
    snippet = (readme_snippet().replace("https://jxjy.example.org/", site_url)
               .replace("https://jxjy.example.org", origin).replace('&embed=1"', f'&embed=1#r={share}"'))
    (tmp_path / "hr.html").write_text(f"<!doctype html><meta charset=utf-8><title>人社局</title><h1>学分自查</h1>{snippet}",
                                      encoding="utf-8")
    with StaticServer(tmp_path) as other:
        parent_url = other.url.replace("127.0.0.1", "localhost") + "hr.html"
        context = new_context(browser, viewport=viewport)
        requests = []
        context.on("request", lambda request: requests.append(request.url))
        context.add_init_script(BLOCK_FRAME_STORAGE)
        try:
            page = context.new_page()
            page.goto(parent_url)
            frame = page.frame_locator("#jxjy")
            frame.locator("#jx-calc[data-engine='ready'][data-busy='0']").wait_for(timeout=ui.READY_TIMEOUT)
            frame.locator(".jx-row").nth(5).wait_for()
            # the storage warning, at the top and next to 导出记录 / 分享链接
            warning = frame.locator(".jx-storage-warning")
            assert warning.is_visible() and "导出记录" in warning.inner_text() and "分享链接" in warning.inner_text()
            assert frame.locator(".jx-not-saved").is_visible() and not frame.locator(".jx-saved-here").is_visible()
            # the frame grew to its content: nothing scrolls inside it
            ui.wait_until(page, "() => parseInt(document.getElementById('jxjy').style.height) > 900")
            ui.wait_until(page, """() => {
              const frame = document.getElementById('jxjy');
              return Math.abs(frame.getBoundingClientRect().height - parseInt(frame.style.height)) < 1;
            }""")
            inner = frame.locator("html").evaluate("(el) => [el.scrollHeight, el.clientHeight]")
            assert inner[0] <= inner[1] + 1, inner
            # a message from any other origin (here the embedding page itself) is ignored
            before = page.evaluate("() => document.getElementById('jxjy').style.height")
            page.evaluate("() => window.postMessage({type: 'jxjy-calculator-height', height: 123}, '*')")
            page.wait_for_timeout(300)
            assert page.evaluate("() => document.getElementById('jxjy').style.height") == before
            assert not foreign([u for u in requests if not u.startswith(parent_url)], site_url)
        finally:
            context.close()
