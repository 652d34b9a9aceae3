// 继续教育学分自查 — starts the engine's worker (worker.js) as soon as the page is parsed, before the
// page's own modules (app.js, batch.js and what they import) have loaded: the engine's downloads begin
// one request after the page instead of after the whole module graph. page-kit.js (pageEngine) adopts
// this worker with the messages it sent meanwhile; where this script is absent or failed (the offline
// copy has its own loader) page-kit starts the worker itself.
const held = [];
const hold = (event) => held.push(event);
try {
  const worker = new Worker(new URL("worker.js", import.meta.url), { type: "module" });
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
