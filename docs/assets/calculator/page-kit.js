// 继续教育学分自查 — what the calculator page (app.js) and 单位批量核对 (batch.js) share:
// text-only DOM helpers, file downloads, the policy list and a policy's data, the message line, the
// engine's status bar and worker start-up, and the disclaimer.
//
// An ES module on the website; the offline copy bundles it into each page's classic script
// (build_scripts/offline.py, esbuild), so both variants run this same code.

export const ASSETS = new URL("../", import.meta.url); // …/assets/
export const SITE = new URL("../", ASSETS); // the site root (any sub-path)
const DISCLAIMER = "本页结果由计算器按政策文件自动折算，仅供自查参考，以通知原文和主管部门认定为准。";

/** An element with attributes, listeners (on…) and children; text is always text, never HTML. */
export function h(tag, attrs, ...children) {
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

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

export async function fetchText(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.text();
}

/** Let the browser save `text` as a file named `name` (made here, nothing uploaded). */
export function saveFile(text, type, name) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h("a", { href: url, download: name.replace(/\s+/g, "") });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A record as base64url of its UTF-8 JSON: the calculator's share links (#r=…, never sent to a server). */
export function encodeShare(record) {
  const bytes = new TextEncoder().encode(JSON.stringify(record));
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function disclaimer() {
  return h("p", { class: "jx-disclaimer" }, DISCLAIMER);
}

/**
 * A page's start: build() lays the page out (its status bar, messages…) and returns its policy picker
 * (a <select>); then the engine starts and the policy list fills the picker. Returns the policies, or
 * null (message shown).
 */
export async function openPage(engine, build, messages) {
  const select = build();
  engine.start();
  try {
    return await loadPolicyPicker(select);
  } catch {
    messages.show("无法读取政策列表，请检查网络后刷新页面。");
    return null;
  }
}

// --- policies --------------------------------------------------------------------------------------
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
 * The compiled policy's JSON text, the address then naming it (?policy=…); null, with a message on
 * `messages`, when it cannot be read.
 */
export async function readPolicy(policyId, messages) {
  let text;
  try {
    text = await fetchText(new URL(`policies/${policyId}.json`, ASSETS));
  } catch {
    messages.show("无法读取该政策的数据，请检查网络后刷新页面。");
    return null;
  }
  const url = new URL(location.href);
  url.searchParams.set("policy", policyId);
  history.replaceState(null, "", url.pathname + url.search + url.hash);
  return text;
}

// --- the message line ----------------------------------------------------------------------------
/** The page's message line (role=alert): show(text, kind, {label, run}) and hide(); `el` to place. */
export function messageLine({ closable }) {
  const el = h("div", { class: "jx-message", role: "alert", hidden: true });
  const line = {
    el,
    show(text, kind = "error", action = null) {
      clear(el);
      el.dataset.kind = kind;
      el.append(h("span", { class: "jx-message-text" }, text));
      if (action) el.append(h("button", { type: "button", class: "jx-message-action", onclick: action.run }, action.label));
      if (closable) {
        el.append(h("button", { type: "button", class: "jx-message-close", "aria-label": "关闭提示", onclick: line.hide }, "×"));
      }
      el.hidden = false;
    },
    hide() {
      el.hidden = true;
      clear(el);
    },
  };
  return line;
}

// --- the engine ------------------------------------------------------------------------------------
/**
 * The engine's worker (worker.js: Pyodide + the calculator wheel) and its status bar (`status`, to
 * place on the page). `state` is "loading", "ready" or "failed", mirrored on root.dataset.engine.
 * After start(): onReady() once, onFailed() at most once, onMessage(message) for every answer.
 * `readyNote` / `failedNote` finish the status text.
 */
export function pageEngine(root, { slowText, readyNote, failedNote, onReady, onFailed, onMessage }) {
  const bar = h("progress", { class: "jx-status-bar", max: 100 });
  const text = h("span", { class: "jx-status-text", text: "正在加载计算引擎（在您的浏览器中运行，不上传任何数据）…" });
  const status = h("div", { class: "jx-status", role: "status", "data-state": "loading" }, bar, text);
  root.dataset.engine = "loading";
  const engine = {
    state: "loading",
    status,
    worker: null,
    start() {
      // "image": whether the engine started from this browser's memory image (engine-image.js), for tests
      const answer = (message) => (message.type === "image" ? (root.dataset.engineImage = message.state) : onMessage(message));
      engine.worker = startWorker({ bar, text, slowText, onReady: ready, onFailed: failed, onMessage: answer });
    },
    post(message) {
      engine.worker.postMessage(message);
    },
  };
  function ready(seconds) {
    engine.state = "ready";
    root.dataset.engine = "ready";
    status.dataset.state = "ready";
    text.textContent = `计算引擎已就绪（${seconds} 秒）。${readyNote}`;
    onReady();
  }
  function failed(reason) {
    if (engine.state === "failed") return;
    engine.state = "failed";
    root.dataset.engine = "failed";
    root.dataset.busy = "0";
    status.dataset.state = "failed";
    bar.value = 0;
    text.textContent = `计算引擎未能加载：${reason}。${failedNote}`;
    if (engine.worker) engine.worker.terminate();
    if (onFailed) onFailed();
  }
  return engine;
}

/** An answer of the engine (JSON text from calculator.api), or a failed answer when it cannot be read. */
export function parseAnswer(text, extra = {}) {
  try {
    return JSON.parse(text);
  } catch {
    return { ok: false, error: "计算引擎返回了无法读取的结果", ...extra };
  }
}

/** Show a progress message of the worker on the status bar. */
function showProgress(message, bar, text) {
  if (message.stage === "start") {
    bar.removeAttribute("value");
    text.textContent = "正在启动计算引擎……";
    return;
  }
  const share = message.total ? Math.min(1, message.loaded / message.total) : 0;
  bar.value = Math.round(share * 100);
  text.textContent = `正在下载计算引擎…… ${(message.loaded / 1e6).toFixed(1)} / ${(message.total / 1e6).toFixed(1)} MB`
    + "（首次使用后由浏览器缓存；表单可以先填写）";
}

/**
 * Start worker.js and report its loading on `bar` / `text`. Calls onReady(seconds) once,
 * onFailed(reason) at most once (possibly more: pageEngine keeps the first), and onMessage(message)
 * for every other message. Returns the worker, or null when none can be started.
 */
function startWorker({ bar, text, slowText, onReady, onFailed, onMessage }) {
  const started = performance.now();
  let loading = true;
  const slow = setTimeout(() => { if (loading) text.textContent = slowText; }, 30000);
  const stop = () => { loading = false; clearTimeout(slow); };
  const listen = (event) => {
    if (event.type === "error") {
      event.preventDefault();
      stop();
      onFailed("后台计算脚本出错");
      return;
    }
    const message = event.data || {};
    if (message.type === "progress") {
      if (loading) showProgress(message, bar, text);
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
  };
  const early = globalThis.jxjyEngineWorker; // started by engine-start.js while the page's modules loaded
  globalThis.jxjyEngineWorker = null;
  if (early) return early.adopt(listen);
  let worker;
  try {
    worker = new Worker(new URL("calculator/worker.js", ASSETS), { type: "module" });
  } catch {
    stop();
    onFailed("浏览器无法启动后台计算（Web Worker）");
    return null;
  }
  worker.addEventListener("message", listen);
  worker.addEventListener("error", listen);
  return worker;
}
