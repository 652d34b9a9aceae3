// Injected into the calculator page before its own scripts by build_scripts/bench: timestamps the
// DOM signals (form shown, engine ready, first result with its grand total) and, for the recompute
// measure, the input event and the moment the page shows the updated figures (data-busy back to "0").
(() => {
  const marks = {}; window.__pm = marks; window.__rc = null;
  // The engine worker's phases (its "ready" message, ms since the epoch) on this page's clock.
  const RealWorker = window.Worker;
  window.Worker = function (...args) {
    const worker = new RealWorker(...args);
    worker.addEventListener("message", (e) => {
      if (e.data?.type !== "ready" || !e.data.phases) return;
      for (const [name, at] of Object.entries(e.data.phases)) marks[`w_${name}`] = at - performance.timeOrigin;
    });
    return worker;
  };
  window.Worker.prototype = RealWorker.prototype;
  const mark = (n) => { if (!(n in marks)) marks[n] = performance.now(); };
  addEventListener("input", (e) => {
    if (window.__rcArm) { window.__rcArm = false; window.__rc = { t_input: e.timeStamp }; }
  }, true);
  let reported = false;
  const check = () => {
    const root = document.getElementById("jx-calc");
    if (!root) return;
    if (!("form" in marks) && root.dataset.policy) mark("form");
    if (!("engine_ready" in marks) && root.dataset.engine === "ready") mark("engine_ready");
    const rc = window.__rc;
    if (rc && !rc.t_dom && root.dataset.busy === "0") {
      rc.t_dom = performance.now();
      rc.total = root.querySelector(".jx-grand-total .jx-total-value")?.textContent;
    }
    if (reported) return;
    if (root.dataset.engine === "failed") {
      reported = true;
      window.__report?.(JSON.stringify({ ok: false, error: "engine failed", marks }));
      return;
    }
    const v = root.querySelector('.jx-results[data-state="ok"] .jx-grand-total .jx-total-value');
    if (v) {
      mark("result"); reported = true;
      window.__report?.(JSON.stringify({ ok: true, result_text: v.textContent, marks, timeOrigin: performance.timeOrigin }));
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true,
    attributeFilter: ["data-policy", "data-engine", "data-busy", "data-state"] });
})();
