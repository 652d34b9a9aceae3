// 继续教育学分自查 — starts the engine's worker (worker.js) with the page, before its stylesheets and
// modules (app.js, batch.js and what they import) have loaded: the engine's downloads begin while the
// rest of the page is still arriving. build_scripts/site_hooks.py copies this classic script inline
// into the <head> of the calculator and 单位批量核对 pages, as <script data-worker="…worker.js">: a
// separate file would be one more request first. page-kit.js (pageEngine) adopts this worker with
// the messages it sent meanwhile; where this script is absent or failed (the offline copy has its own
// loader) page-kit starts the worker itself.
(() => {
  const held = [];
  const hold = (event) => held.push(event);
  try {
    const worker = new Worker(new URL(document.currentScript.dataset.worker, document.baseURI), { type: "module" });
    worker.addEventListener("message", hold);
    worker.addEventListener("error", hold);
    self.jxjyEngineWorker = {
      worker,
      /** Hand the worker over: listen(event) gets every message and error event, those held first. */
      adopt(listen) {
        worker.removeEventListener("message", hold);
        worker.removeEventListener("error", hold);
        worker.addEventListener("message", listen);
        worker.addEventListener("error", listen);
        for (const event of held.splice(0)) listen(event);
        return worker;
      },
    };
  } catch {
    // no worker here: page-kit tries again and reports it
  }
})();
