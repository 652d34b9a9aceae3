// 继续教育学分自查 — on the calculator and 单位批量核对 pages, Material's search starts only when it is
// used: its index (search/search_index.json, ~0.7 MB) and its worker (which builds the index, seconds
// of CPU on a slow phone) would otherwise compete with the calculator's engine during a first visit.
// A classic script placed before Material's bundle: it wraps XMLHttpRequest for the index and `Worker`
// for the search worker so that both begin when the search box is focused, the search toggle is
// opened or a search shortcut key is pressed; every other request and worker is left untouched.
(function () {
  "use strict";
  let used = false;
  const waiting = [];
  function use() {
    if (used) return;
    used = true;
    for (const start of waiting.splice(0)) start();
  }
  const later = (start) => (used ? start() : waiting.push(start));
  const isIndex = (url) => /\/search\/search_index\.json(\?|$)/.test(String(url));

  // Material reads the index with XMLHttpRequest: its send() waits until the search is used.
  const open = XMLHttpRequest.prototype.open;
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    this.jxjySearchIndex = isIndex(url);
    return open.call(this, method, url, ...rest);
  };
  XMLHttpRequest.prototype.send = function (body) {
    if (!this.jxjySearchIndex || used) return send.call(this, body);
    later(() => send.call(this, body));
    return undefined;
  };

  const RealWorker = window.Worker;
  window.Worker = function Worker(url, options) {
    if (!/\/workers\/search\.[^/]*\.js(\?|$)/.test(String(url))) return new RealWorker(url, options);
    // A stand-in until the search is used: listeners and messages are kept and handed over.
    const target = new EventTarget();
    const queue = [];
    let real = null;
    let ended = false;
    later(() => {
      if (ended) return;
      real = new RealWorker(url, options);
      for (const type of ["message", "messageerror", "error"]) {
        real.addEventListener(type, (event) => target.dispatchEvent(new event.constructor(event.type, event)));
      }
      for (const [message, transfer] of queue.splice(0)) real.postMessage(message, transfer);
    });
    return Object.assign(target, {
      postMessage(message, transfer) {
        if (real) real.postMessage(message, transfer);
        else queue.push([message, transfer]);
      },
      terminate() {
        ended = true;
        if (real) real.terminate();
      },
    });
  };
  window.Worker.prototype = RealWorker.prototype;

  document.addEventListener("focusin", (event) => {
    if (event.target.closest && event.target.closest(".md-search")) use();
  });
  document.addEventListener("change", (event) => {
    if (event.target.id === "__search" && event.target.checked) use();
  });
  document.addEventListener("click", (event) => {
    if (event.target.closest && event.target.closest("label[for=__search], .md-search")) use();
  });
  document.addEventListener("keydown", (event) => { // Material opens the search with f, s and /
    if (["f", "s", "/"].includes(event.key) && !(event.target.closest && event.target.closest("input, textarea, select, [contenteditable]"))) use();
  }, true);
})();
