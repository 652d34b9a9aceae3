// Registers the site's service worker (sw.js at the site root, written at build time by
// build_scripts/lockdown.py from build_scripts/sw.js): after a first visit the guide keeps working
// offline, and so does the calculator once it has been opened. A classic script on every page (no
// inline code: the pages' Content-Security-Policy allows none that is not hashed).
//
// Service workers need a secure context (https://, or http://localhost): on plain http:// the site
// works as before, without the offline cache.
(function () {
  "use strict";
  const script = document.currentScript;
  if (!script || !("serviceWorker" in navigator) || !window.isSecureContext) return;
  if (location.protocol !== "https:" && location.protocol !== "http:") return;
  const root = new URL("../", script.src); // assets/sw-register.js -> the site root (any sub-path)
  const mark = (state) => { document.documentElement.dataset.jxOffline = state; };

  function whenEngineReady(calc, then) {
    if (calc.dataset.engine === "ready") return then();
    const watch = new MutationObserver(() => {
      if (calc.dataset.engine === "ready") {
        watch.disconnect();
        then();
      } else if (calc.dataset.engine === "failed") {
        watch.disconnect();
      }
    });
    watch.observe(calc, { attributes: true, attributeFilter: ["data-engine"] });
  }

  navigator.serviceWorker.addEventListener("message", (event) => {
    const message = event.data || {};
    if (message.type === "engine-cached") mark(message.ok ? "engine" : "pages");
  });

  window.addEventListener("load", () => {
    navigator.serviceWorker.register(new URL("sw.js", root).href, { scope: root.pathname })
      .then(() => navigator.serviceWorker.ready)
      .then((registration) => {
        mark("pages");
        // On the calculator page, once its engine has loaded (so its files are in the browser's cache),
        // ask the service worker to keep them too: the calculator then works offline as well.
        const calc = document.getElementById("jx-calc");
        if (calc && registration.active) {
          whenEngineReady(calc, () => registration.active.postMessage({ type: "cache-engine" }));
        }
      })
      .catch((error) => console.info("offline cache not available:", error && error.message));
  });
})();
