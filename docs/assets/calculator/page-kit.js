// 继续教育学分自查 — what the calculator page (app.js) and 单位批量核对 (batch.js) share.
//
// A classic script (no import/export), loaded before either page's module, so the offline copy,
// which must run every page script as a classic script from file://, can load it unchanged.
// It defines globalThis.jxjyKit: text-only DOM helpers, the policy picker and the engine's worker.
"use strict";

(function () {
  const ASSETS = new URL("../", document.currentScript.src); // …/assets/

  /** An element with attributes, listeners (on…) and children; text is always text, never HTML. */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") el.className = value;
      else if (key === "text") el.textContent = value;
      else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
      else if (key in el && typeof value !== "string") el[key] = value;
      else el.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }

  function clear(el) {
    while (el.firstChild) el.firstChild.remove();
    return el;
  }

  async function fetchText(url) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return response.text();
  }

  /** The compiled policy index, its entries listed in `select`; returns the entries. */
  async function loadPolicyPicker(select) {
    const index = JSON.parse(await fetchText(new URL("policies/index.json", ASSETS)));
    clear(select);
    select.append(h("option", { value: "" }, "— 请选择所在地区的政策 —"));
    for (const p of index.policies) {
      select.append(h("option", { value: p.id }, `${p.short_title}（${p.covers}）· ${p.document_number}`));
    }
    return index.policies;
  }

  /**
   * Start the engine's worker (worker.js: Pyodide + the calculator wheel) and report its loading on
   * `bar` / `text`. Calls onReady(seconds) once, onFailed(reason) at most once, and onMessage(message)
   * for every other message (results). Returns the worker, or null when none can be started.
   */
  function startEngine({ bar, text, slowText, onReady, onFailed, onMessage }) {
    const started = performance.now();
    let worker;
    try {
      worker = new Worker(new URL("calculator/worker.js", ASSETS), { type: "module" });
    } catch {
      onFailed("浏览器无法启动后台计算（Web Worker）");
      return null;
    }
    let loading = true;
    const slow = setTimeout(() => { if (loading) text.textContent = slowText; }, 30000);
    const stop = () => { loading = false; clearTimeout(slow); };
    worker.addEventListener("message", (event) => {
      const message = event.data || {};
      if (message.type === "progress") {
        if (!loading) return;
        if (message.stage === "start") {
          bar.removeAttribute("value");
          text.textContent = "正在启动计算引擎……";
        } else {
          const share = message.total ? Math.min(1, message.loaded / message.total) : 0;
          bar.value = Math.round(share * 100);
          text.textContent = `正在下载计算引擎…… ${Math.round(share * 100)}%`
            + `（约 ${(message.total / 1e6).toFixed(0)} MB，首次使用后由浏览器缓存）`;
        }
      } else if (message.type === "ready") {
        stop();
        bar.value = 100;
        onReady(((performance.now() - started) / 1000).toFixed(1));
      } else if (message.type === "failed") {
        stop();
        onFailed(message.message);
      } else {
        onMessage(message);
      }
    });
    worker.addEventListener("error", (event) => {
      event.preventDefault();
      stop();
      onFailed("后台计算脚本出错");
    });
    return worker;
  }

  globalThis.jxjyKit = { ASSETS, h, clear, fetchText, loadPolicyPicker, startEngine };
})();
