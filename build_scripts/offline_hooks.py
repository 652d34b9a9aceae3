"""MkDocs hooks for the downloadable offline copy (active only when Material's `offline` plugin is).

build_scripts/offline.py builds the site a second time with JXJY_OFFLINE=true, which enables the
`offline` plugin (mkdocs.yml): `.html` URLs and the search index as a script, so that the guide works
from file://. That plugin also adds a polyfill loaded from a third-party CDN (mkdocs-material #6181);
here it is replaced by our own loader, assets/offline/offline-loader.js (build_scripts/offline/),
which also lets the calculator run from file://. The offline copy has no address of its own, so no
canonical links, and no service worker.
"""

import logging

log = logging.getLogger("mkdocs.hooks.offline")
LOADER = "assets/offline/offline-loader.js"
SERVICE_WORKER_REGISTRATION = "assets/sw-register.js"


def offline_enabled(config):
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)


def on_config(config):
    if not offline_enabled(config):
        return config
    polyfills = [url for url in config.extra.get("polyfills", []) if "iframe-worker" not in str(url)]
    config.extra["polyfills"] = [LOADER, *polyfills]
    config.extra_javascript = [s for s in config.extra_javascript if str(s) != SERVICE_WORKER_REGISTRATION]
    config.site_url = None  # no canonical links to a web address in a copy on disk
    log.info("offline copy: CDN polyfill replaced by %s", LOADER)
    return config
