"""Helpers for the offline-copy and hosting tests: nginx serving the site under a sub-path, browser
contexts that record every request, console error and Content-Security-Policy violation, and a golden
case to type into the calculator."""

import ctypes
import os
import pwd
import signal
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from tests.golden import load_cases
from tests.web import SETUP_HINT, foreign, new_context

PREFIX = "/jxjy/"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
STOCK_MIME_TYPES = "/etc/nginx/mime.types"
UI_FIELDS = {"kind", "params", "category", "name", "achievement"}

# Runs in every document before its own scripts: CSP violations the page reports.
WATCH_CSP = """
document.addEventListener("securitypolicyviolation", (event) => {
  (window.__cspViolations = window.__cspViolations || []).push(
    `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
}, true);
"""

CONFIG = """\
# A minimal nginx for the tests: Debian's stock mime.types, the site aliased under {prefix}.
{user}worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 64; }}
http {{
    include {mime_types};
{extra_types}    default_type application/octet-stream;
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    server {{
        listen 127.0.0.1:{port};
        location {prefix} {{
            alias {root}/;
            gzip_static on;  # the build's .gz beside each large file (README, Hosting)
        }}
    }}
}}
"""
# A server that sends .wasm as application/octet-stream (nginx warns about the duplicate and uses it).
WRONG_WASM = "    types { application/octet-stream wasm; }\n"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _die_with_parent():
    """In the child: SIGTERM when the test process dies, so that no nginx outlives an interrupted run."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        pass


class Nginx:
    """nginx as a child process with its own prefix, pid and logs in a temporary folder."""

    def __init__(self, root, wrong_wasm_type=False):
        self.root = Path(root)
        self.wrong_wasm_type = wrong_wasm_type
        self.tmp = Path(tempfile.mkdtemp(prefix="jxjy-nginx-"))
        self.port = free_port()
        self.process = None

    @property
    def origin(self):
        return f"http://127.0.0.1:{self.port}"

    @property
    def url(self):
        return self.origin + PREFIX

    def start(self):
        if not Path(NGINX).is_file():
            raise RuntimeError(f"nginx is missing: {SETUP_HINT} (installs Debian's nginx)")
        config = self.tmp / "nginx.conf"
        # as root, workers would run as nobody, who cannot read a test's temporary folders
        user = f"user {pwd.getpwuid(os.getuid()).pw_name};\n" if os.getuid() == 0 else ""
        config.write_text(CONFIG.format(user=user, tmp=self.tmp, port=self.port, prefix=PREFIX, root=self.root,
                                        mime_types=STOCK_MIME_TYPES,
                                        extra_types=WRONG_WASM if self.wrong_wasm_type else ""), encoding="utf-8")
        self.process = subprocess.Popen([NGINX, "-p", str(self.tmp), "-c", str(config), "-e", str(self.tmp / "error.log")],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=_die_with_parent)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited: {self.process.stderr.read().decode(errors='replace')}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("nginx did not start listening within 15 s")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)


def recording_context(browser, block_network=False, **options):
    """A context that records requests, console errors and page errors; with block_network, every
    request that is not file:// is aborted (and recorded in context.blocked)."""
    context = new_context(browser, **options)
    context.requests, context.blocked, context.console_errors, context.page_errors = [], [], [], []
    context.on("request", lambda request: context.requests.append(request.url))
    context.on("console", lambda message: message.type == "error" and context.console_errors.append(message.text))
    context.on("weberror", lambda error: context.page_errors.append(str(error.error)))
    context.add_init_script(WATCH_CSP)
    if block_network:
        def only_files(route):
            if route.request.url.startswith("file:"):
                route.continue_()
            else:
                context.blocked.append(route.request.url)
                route.abort()
        context.route("**/*", only_files)
    return context


def csp_violations(page):
    return page.evaluate("window.__cspViolations || []")


def assert_clean(context, pages, origin):
    """Nothing left the site, the policy was never violated, nothing failed."""
    assert not foreign(context.requests, origin), foreign(context.requests, origin)[:10]
    assert not context.blocked, context.blocked[:10]
    for page in pages:
        if not page.is_closed():
            assert csp_violations(page) == [], csp_violations(page)
    csp_messages = [m for m in context.console_errors if "Content Security Policy" in m or "Refused to" in m]
    assert not csp_messages, csp_messages[:5]
    assert not context.console_errors, context.console_errors[:5]
    assert not context.page_errors, context.page_errors[:5]


def golden_case(policy_id, least_activities=3):
    """A single-year golden case of the policy that the form can express, with several activities."""
    for case in load_cases():
        record = case["record"]
        if (case["policy"]["id"] == policy_id and not case["error"] and "activities" in record
                and len(record["activities"]) >= least_activities
                and all(set(activity) <= UI_FIELDS for activity in record["activities"])):
            return case
    raise AssertionError(f"no golden case of {policy_id} with {least_activities} activities")
