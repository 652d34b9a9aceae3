// 继续教育学分自查 — the downloadable offline copy's loader (opened as file://, with no network).
//
// A classic script in the <head> of every page of the offline copy: build_scripts/offline.py puts it
// where Material's `offline` plugin would load its worker polyfill from a CDN. Browsers refuse fetch()
// of file:// URLs, module scripts and Web Workers started from file:// pages, so this file:
//
//  - answers the calculator's fetch() of the compiled policies from assets/offline/data.js;
//  - replaces `new Worker(url)` for the two workers the site starts — Material's search worker and
//    the calculator engine (assets/calculator/worker.js) — with workers made from blob: URLs whose
//    code comes from classic scripts (assets/offline/*.js), since a blob: worker cannot load files;
//  - loads the engine's files (Pyodide's loader, its Emscripten module as a classic script, the wasm,
//    the standard library, the lock file and the engine wheel, each base64 in a classic script),
//    checks every one against the sha256 recorded at build time (crypto.subtle; file:// pages are a
//    secure context) and hands them to Pyodide from memory (`createPyodideModule`, `lockFileContents`,
//    and the wasm and standard library answered by the engine worker's own fetch()).
//
// The engine then runs in a worker exactly as on the website, with the same messages (see
// assets/calculator/worker.js), so the calculator page itself is the same code.
(function () {
  "use strict";

  const SELF = document.currentScript && document.currentScript.src;
  if (!SELF) return;
  const ROOT = new URL("../../", SELF); // the offline copy's folder
  const OFFLINE = new URL("assets/offline/", ROOT);
  const NativeWorker = window.Worker;
  const nativeFetch = window.fetch ? window.fetch.bind(window) : null;

  // --- classic scripts holding data -------------------------------------------------------------
  const scripts = {};
  function loadScript(name) {
    if (!scripts[name]) {
      scripts[name] = new Promise((resolve, reject) => {
        const el = document.createElement("script");
        el.src = new URL(name, OFFLINE).href;
        el.onload = () => resolve();
        el.onerror = () => reject(new Error(`cannot load ${name}`));
        (document.head || document.documentElement).append(el);
      });
    }
    return scripts[name];
  }

  // The data scripts call these.
  const payloads = {};
  let data = null;
  const api = {
    payload(name, encoding, base64) { payloads[name] = { encoding, base64 }; },
    data(value) { data = value; },
    searchWorker: null, // set by search-worker.js: the worker's code as text
  };
  window.jxjyOffline = api;

  function base64Bytes(text) {
    if (typeof Uint8Array.fromBase64 === "function") return Uint8Array.fromBase64(text);
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  async function gunzip(bytes) {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  async function sha256Hex(bytes) {
    const digest = await crypto.subtle.digest("SHA-256", bytes);
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
  }

  class IntegrityError extends Error {}

  /** The bytes of one engine file, decoded and checked against the build's sha256. */
  async function engineFile(name) {
    const entry = data.manifest.files[name];
    await loadScript(entry.script);
    const payload = payloads[name];
    if (!payload) throw new Error(`${entry.script} holds no ${name}`);
    delete payloads[name];
    let bytes = base64Bytes(payload.base64);
    if (payload.encoding === "gzip") bytes = await gunzip(bytes);
    if (!(window.crypto && crypto.subtle)) throw new IntegrityError(name);
    if (bytes.length !== entry.size || (await sha256Hex(bytes)) !== entry.sha256) throw new IntegrityError(name);
    return bytes;
  }

  function loadData() {
    return loadScript("data.js").then(() => {
      if (!data) throw new Error("data.js holds no data");
      return data;
    });
  }

  // --- fetch(): the policies ----------------------------------------------------------------------
  window.fetch = async function offlineFetch(input, init) {
    const url = new URL(typeof input === "string" ? input : (input && input.url) || String(input), location.href);
    url.hash = "";
    url.search = "";
    if (url.href.startsWith(ROOT.href)) {
      const path = decodeURIComponent(url.href.slice(ROOT.href.length));
      const known = await loadData();
      if (Object.prototype.hasOwnProperty.call(known.texts, path)) {
        const type = path.endsWith(".json") ? "application/json" : "text/plain";
        return new Response(known.texts[path], { status: 200, headers: { "Content-Type": `${type}; charset=utf-8` } });
      }
    }
    if (nativeFetch && location.protocol !== "file:") return nativeFetch(input, init);
    throw new TypeError(`离线版不访问网络：${url.href}`);
  };

  // --- Worker(): a worker whose code is ready later ---------------------------------------------
  /** Looks like a Worker to the page; starts a blob: worker once its code (and data) are ready. */
  class LateWorker extends EventTarget {
    constructor(ready) {
      super();
      this.onmessage = null;
      this.onerror = null;
      this._queue = [];
      this._worker = null;
      this._ended = false;
      ready.then(({ parts, first, transfer }) => {
        if (this._ended) return;
        const url = URL.createObjectURL(new Blob(parts, { type: "text/javascript" }));
        const worker = new NativeWorker(url);
        this._worker = worker;
        worker.addEventListener("message", (event) => this._deliver(new MessageEvent("message", { data: event.data })));
        worker.addEventListener("error", (event) => {
          event.preventDefault();
          this._deliver(new ErrorEvent("error", { message: event.message, cancelable: true }));
        });
        if (first) worker.postMessage(first, transfer || []);
        for (const [message, list] of this._queue) worker.postMessage(message, list);
        this._queue = [];
      }, (error) => {
        if (this._ended) return;
        console.error("offline copy: worker not started:", error);
        const message = error instanceof IntegrityError
          ? `离线版中的计算引擎文件 ${error.message} 与发布时记录的校验值不符（文件可能已损坏或被改动），已停止加载。请重新下载离线版`
          : "离线版的计算引擎文件不完整，请重新下载并完整解压离线版";
        this._deliver(new MessageEvent("message", { data: { type: "failed", message } }));
      });
    }

    _deliver(event) {
      if (this._ended) return;
      this.dispatchEvent(event);
      const handler = event.type === "message" ? this.onmessage : this.onerror;
      if (typeof handler === "function") handler.call(this, event);
    }

    postMessage(message, transfer) {
      if (this._worker) this._worker.postMessage(message, transfer || []);
      else this._queue.push([message, transfer || []]);
    }

    terminate() {
      this._ended = true;
      if (this._worker) this._worker.terminate();
    }
  }

  function searchWorker() {
    return new LateWorker(loadScript("search-worker.js").then(() => {
      if (!api.searchWorker) throw new Error("search-worker.js holds no worker");
      return { parts: [api.searchWorker] };
    }));
  }

  function engineWorker() {
    const ready = loadData().then(async (known) => {
      const names = known.manifest.engine;
      const files = {};
      for (const [role, name] of Object.entries(names)) files[role] = await engineFile(name);
      const sheetWheels = [];
      for (const name of known.manifest.sheet_wheels || []) sheetWheels.push((await engineFile(name)).buffer);
      await loadScript("../calculator/engine-calls.js"); // the same request → calculator.api mapping as worker.js
      await loadScript("../calculator/batch-calls.js"); // and the same 单位批量核对 job
      const parts = [files.loader, "\n;\n", files.module, "\n;\nself.jxjyEngineCall = (", self.jxjyEngineCall.toString(),
        ");\nself.jxjyBatchCalls = (", self.jxjyBatchCalls.toString(), ");\n(", offlineEngine.toString(), ")();\n"];
      const first = {
        type: "jxjy-offline-start",
        indexURL: new URL("assets/pyodide/", ROOT).href,
        wasm: files.wasm.buffer, stdlib: files.stdlib.buffer, wheel: files.wheel.buffer, sheetWheels,
        lock: new TextDecoder().decode(files.lock),
      };
      return { parts, first, transfer: [first.wasm, first.stdlib, first.wheel, ...sheetWheels] };
    });
    return new LateWorker(ready);
  }

  window.Worker = function OfflineWorker(url, options) {
    const href = new URL(String(url), location.href).href;
    if (/\/assets\/javascripts\/workers\/search\.[^/]*\.js$/.test(href)) return searchWorker();
    if (/\/assets\/calculator\/worker\.js$/.test(href)) return engineWorker();
    return new NativeWorker(url, options);
  };

  // --- the engine, in the worker (this function's text is the worker's last part) ----------------
  // Same messages as assets/calculator/worker.js. Runs after pyodide.js (which defines loadPyodide)
  // and the classic copy of pyodide.asm.mjs (which defines jxjyCreatePyodideModule).
  function offlineEngine() {
    const post = (message) => self.postMessage(message);
    let startEngine;
    const engine = new Promise((resolve) => { startEngine = resolve; });

    async function load(start) {
      const started = performance.now();
      const answers = {
        "pyodide.asm.wasm": () => new Response(start.wasm, { headers: { "Content-Type": "application/wasm" } }),
        "python_stdlib.zip": () => new Response(start.stdlib, { headers: { "Content-Type": "application/zip" } }),
      };
      // Pyodide asks fetch() for the wasm and the standard library: answer from memory, nothing else.
      self.fetch = async (input) => {
        const url = String(typeof Request !== "undefined" && input instanceof Request ? input.url : input);
        const name = url.split(/[?#]/)[0].split("/").pop();
        if (answers[name]) {
          const answer = answers[name]();
          delete answers[name];
          return answer;
        }
        throw new TypeError(`offline copy: no network (${url})`);
      };
      post({ type: "progress", loaded: 0, total: 0, stage: "start" });
      const pyodide = await self.loadPyodide({
        indexURL: start.indexURL,
        lockFileContents: start.lock,
        packageBaseUrl: start.indexURL,
        createPyodideModule: self.jxjyCreatePyodideModule,
        stdout: () => {},
        stderr: (line) => console.debug("pyodide:", line),
      });
      pyodide.unpackArchive(start.wheel, "wheel");
      const api = pyodide.pyimport("calculator.api");
      let sheetWheels = start.sheetWheels || [];
      const loadSheetWheels = async () => { // openpyxl, only when a workbook is written (reading is standard library)
        for (const wheel of sheetWheels) pyodide.unpackArchive(wheel, "wheel");
        sheetWheels = [];
      };
      const batchCall = self.jxjyBatchCalls((m, transfer) => self.postMessage(m, transfer || []), loadSheetWheels);
      return { api, batchCall, ms: Math.round(performance.now() - started) };
    }

    self.addEventListener("message", async (event) => {
      const message = event.data || {};
      if (message.type === "jxjy-offline-start") {
        try {
          const loaded = await load(message);
          startEngine(loaded);
          post({ type: "ready", ms: loaded.ms });
        } catch (error) {
          console.error("offline engine failed to start:", error);
          startEngine(null);
          post({ type: "failed", message: "计算引擎未能启动" });
        }
        return;
      }
      if (String(message.type).startsWith("batch-")) {
        const loaded = await engine;
        if (loaded) await loaded.batchCall(loaded.api, message);
        return;
      }
      if (!["score", "plan", "ics", "batch"].includes(message.type)) return;
      const loaded = await engine;
      if (!loaded) return;
      post(self.jxjyEngineCall(loaded.api, message));
    });
  }
})();
