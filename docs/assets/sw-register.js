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

  // Calls then(ready) once the calculator's engine has loaded (true) or failed (false).
  function whenEngineSettled(calc, then) {
    const settled = () => calc.dataset.engine === "ready" || calc.dataset.engine === "failed";
    if (settled()) return then(calc.dataset.engine === "ready");
    const watch = new MutationObserver(() => {
      if (settled()) {
        watch.disconnect();
        then(calc.dataset.engine === "ready");
      }
    });
    watch.observe(calc, { attributes: true, attributeFilter: ["data-engine"] });
  }

  navigator.serviceWorker.addEventListener("message", (event) => {
    const message = event.data || {};
    if (message.type === "engine-cached") mark(message.ok ? "engine" : "pages");
  });

  function register(engineReady) {
    navigator.serviceWorker.register(new URL("sw.js", root).href, { scope: root.pathname })
      .then(() => navigator.serviceWorker.ready)
      .then((registration) => {
        mark("pages");
        // Once the calculator's engine has loaded (so its files are in the browser's cache), ask the
        // service worker to keep them too: the calculator then works offline as well.
        if (engineReady && registration.active) registration.active.postMessage({ type: "cache-engine" });
      })
      .catch((error) => console.info("offline cache not available:", error && error.message));
  }

  // On a calculator page nothing competes with the engine's downloads on a first visit: the service
  // worker (whose install fetches the site's pages) is registered only once the engine is ready.
  window.addEventListener("load", () => {
    const calc = document.getElementById("jx-calc");
    if (calc) whenEngineSettled(calc, register);
    else register(false);
  });
})();
