"""The two engines besides Chromium, from Debian's packages: WebKit (Safari's engine: WebKitGTK's
MiniBrowser through WebKitWebDriver and Selenium, on an Xvfb display this module starts) and Firefox ESR
(headless, driven over Marionette by the PyPI package marionette_driver; no geckodriver).

Both are wrapped in one small interface (`Engine`): go to a URL, run a script, type keys into an
element. Neither driver hands over the page's console, so `go` installs a recorder of our own (errors,
rejected promises, Content-Security-Policy violations, console.error) through the driver, never as an
inline tag, which the site's Content-Security-Policy would refuse.
"""

import contextlib
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

WEBKIT_DRIVER = "/usr/bin/WebKitWebDriver"
MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"
XVFB = "/usr/bin/Xvfb"
FIREFOX = "/usr/bin/firefox-esr"
SETUP_HINT = "run build_scripts/setup --browser-tests (build_scripts/test does)"
TIMEOUT = 120  # seconds: Pyodide on a loaded two-core machine

RECORDER_JS = """
if (!window.__jxProblems) {
  const problems = window.__jxProblems = [];
  addEventListener("error", (e) => {
    const target = e.target;
    if (target && target !== window && (target.src || target.href)) problems.push(`not loaded: ${target.src || target.href}`);
    else problems.push(`error: ${e.message} ${e.filename || ""}:${e.lineno || ""}`);
  }, true);
  addEventListener("unhandledrejection", (e) => problems.push(`unhandled rejection: ${e.reason && (e.reason.stack || e.reason)}`));
  document.addEventListener("securitypolicyviolation", (e) => problems.push(`CSP: ${e.violatedDirective} ${e.blockedURI} from ${e.sourceFile}:${e.lineNumber} ${e.sample || ""}`));
  const original = console.error;
  console.error = function (...args) { problems.push(`console.error: ${args.map(String).join(" ")}`); return original.apply(this, args); };
}
"""

PROBLEMS_JS = """
const resources = performance.getEntriesByType("resource").map((r) => r.name);
return {problems: window.__jxProblems || ["the recorder is gone"], resources};
"""


class Engine:
    """One browser window: `go`, `js`, `keys`, `wait`; `problems()` what the recorder saw."""

    name = ""

    def go(self, url):
        self._navigate(url)
        self.js(RECORDER_JS)

    def js(self, script, *args):
        raise NotImplementedError

    def keys(self, selector, *keys):
        """Focus the first element matching `selector` and type `keys` (real key events)."""
        raise NotImplementedError

    def wait(self, script, *args, timeout=TIMEOUT):
        """Poll a script (a function body that returns) until it returns something truthy."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.js(script, *args)
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.name}: still false after {timeout} s: {script.strip()}; "
                                     f"problems: {self.problems()}")
            time.sleep(0.1)

    def problems(self):
        return self.js(PROBLEMS_JS)


class WebKit(Engine):
    name = "webkit"

    def __init__(self, driver):
        from selenium.webdriver.common.by import By
        from selenium.webdriver.common.keys import Keys
        self.driver, self._by, self.KEYS = driver, By.CSS_SELECTOR, Keys

    def _navigate(self, url):
        self.driver.get(url)

    def js(self, script, *args):
        return self.driver.execute_script(script, *args)

    def keys(self, selector, *keys):
        self.driver.find_element(self._by, selector).send_keys(*keys)


class Firefox(Engine):
    name = "firefox"

    def __init__(self, client):
        from marionette_driver.by import By
        from marionette_driver.keys import Keys
        self.client, self._by, self.KEYS = client, By.CSS_SELECTOR, Keys

    def _navigate(self, url):
        self.client.navigate(url)

    def js(self, script, *args):
        # sandbox=None: run in the page's own global, like Selenium's execute_script
        return self.client.execute_script(script, script_args=list(args), sandbox=None)

    def keys(self, selector, *keys):
        self.client.find_element(self._by, selector).send_keys(*keys)


def _require(*paths):
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        raise RuntimeError(f"missing {', '.join(missing)}: {SETUP_HINT}")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def xvfb():
    """An X display of our own (Xvfb picks a free number and writes it to a pipe)."""
    _require(XVFB)
    read, write = os.pipe()
    server = subprocess.Popen([XVFB, "-displayfd", str(write), "-screen", "0", "1280x900x24", "-nolisten", "tcp"],
                              pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise RuntimeError(f"Xvfb exited ({server.poll()}) before it opened a display")
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(10)


@contextlib.contextmanager
def webkit():
    """WebKitGTK's MiniBrowser in automation mode on our own Xvfb display."""
    _require(WEBKIT_DRIVER, MINIBROWSER)
    from selenium import webdriver
    from selenium.webdriver.webkitgtk.options import Options
    from selenium.webdriver.webkitgtk.service import Service

    with xvfb() as display:
        options = Options()
        options.binary_location = MINIBROWSER
        options.add_argument("--automation")
        env = {**os.environ, "DISPLAY": display, "LANG": "zh_CN.UTF-8"}
        service = Service(executable_path=WEBKIT_DRIVER, env=env)
        driver = webdriver.WebKitGTK(options=options, service=service)
        try:
            driver.set_script_timeout(TIMEOUT)
            driver.set_page_load_timeout(TIMEOUT)
            yield WebKit(driver)
        finally:
            driver.quit()


FIREFOX_PREFS = {
    "browser.shell.checkDefaultBrowser": False,
    "browser.startup.homepage_override.mstone": "ignore",
    "browser.aboutwelcome.enabled": False,
    "datareporting.policy.dataSubmissionEnabled": False,
    "toolkit.telemetry.reportingpolicy.firstRun": False,
    "app.update.disabledForTesting": True,
    "network.captive-portal-service.enabled": False,
    "network.connectivity-service.enabled": False,
    "browser.safebrowsing.update.enabled": False,
    "extensions.update.enabled": False,
    "intl.accept_languages": "zh-CN",
    "remote.prefs.recommended": True,
}


@contextlib.contextmanager
def firefox():
    """Firefox ESR, headless, with Marionette on a free port of a fresh profile."""
    _require(FIREFOX)
    from marionette_driver.marionette import Marionette

    profile = Path(tempfile.mkdtemp(prefix="jxjy-firefox-"))
    port = _free_port()
    prefs = {**FIREFOX_PREFS, "marionette.port": port}
    (profile / "user.js").write_text("".join(f"user_pref({json.dumps(k)}, {json.dumps(v)});\n" for k, v in prefs.items()),
                                     encoding="utf-8")
    process = subprocess.Popen([FIREFOX, "--headless", "--marionette", "--no-remote", "-profile", str(profile)],
                               env={**os.environ, "MOZ_CRASHREPORTER_DISABLE": "1"},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        client = Marionette(host="127.0.0.1", port=port, startup_timeout=TIMEOUT)
        client.start_session()
        client.timeout.page_load = TIMEOUT
        client.timeout.script = TIMEOUT
        try:
            yield Firefox(client)
        finally:
            client.delete_session()
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(profile, ignore_errors=True)


ENGINES = {"webkit": webkit, "firefox": firefox}
