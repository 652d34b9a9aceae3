// The calculator engine: Pyodide + the `calculator` wheel, in a module worker so the page never freezes.
//
// Messages in:  {type: "score", id, policy: <policy JSON text>, record: <record JSON text>}
//               {type: "ics", id, policy, record}      (the record's deadlines as an iCalendar file)
// Messages out: {type: "progress", loaded, total, stage}
//               {type: "ready", ms}
//               {type: "failed", message}            (Chinese, for the page; never a traceback)
//               {type: "result", id, answer: <JSON text from calculator.api.score_json>}
//               {type: "ics", id, text: <calculator.api.deadlines_ics, "" when there are none>}
//
// Everything comes from this site: assets/pyodide/ (copied from the pinned npm package at build
// time), the engine wheel named in assets/manifest.json. No micropip, no CDN, no other origin.

const ASSETS = new URL("../", import.meta.url); // …/assets/
const PYODIDE_DIR = new URL("pyodide/", ASSETS);
const LOAD_TIMEOUT_MS = 120000;

const post = (message) => self.postMessage(message);
let failedAlready = false;
function fail(message) {
  if (failedAlready) return;
  failedAlready = true;
  post({ type: "failed", message });
}

// --- fetch, watched --------------------------------------------------------------------------
// Pyodide fetches the wasm, the standard library and the lock file with fetch(). Wrapping it lets
// the page show real download progress, turns a failed download into a message (Pyodide itself
// may wait forever), and answers the wasm with the right MIME type even when a server sends
// another one (WebAssembly.instantiateStreaming refuses anything but application/wasm).
const realFetch = self.fetch.bind(self);
const progress = { loaded: 0, total: 0 };
let lastReport = 0;
function report(stage, force) {
  const now = performance.now();
  if (!force && now - lastReport < 100) return;
  lastReport = now;
  post({ type: "progress", loaded: progress.loaded, total: progress.total, stage });
}

function counted(response) {
  if (!response.body || typeof TransformStream === "undefined") {
    return response.body;
  }
  return response.body.pipeThrough(new TransformStream({
    transform(chunk, controller) {
      progress.loaded += chunk.byteLength;
      report("download");
      controller.enqueue(chunk);
    },
  }));
}

async function watchedFetch(input, init) {
  const url = new URL(typeof input === "string" ? input : input.url ?? String(input), self.location.href);
  if (url.origin !== self.location.origin) {
    throw new Error(`refused to fetch from another origin: ${url.origin}`);
  }
  let response;
  try {
    response = await realFetch(input, init);
  } catch (error) {
    fail(`无法下载计算引擎文件 ${url.pathname.split("/").pop()}（网络错误）`);
    throw error;
  }
  if (!response.ok) {
    fail(`无法下载计算引擎文件 ${url.pathname.split("/").pop()}（HTTP ${response.status}）`);
    return response;
  }
  const headers = new Headers(response.headers);
  if (url.pathname.endsWith(".wasm")) headers.set("Content-Type", "application/wasm");
  return new Response(counted(response), { status: response.status, statusText: response.statusText, headers });
}
self.fetch = watchedFetch;

// --- loading ---------------------------------------------------------------------------------
async function sha256Hex(buffer) {
  if (!self.crypto?.subtle) return null; // not a secure context: nothing to check with
  const digest = await self.crypto.subtle.digest("SHA-256", buffer);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

async function fetchWheel(manifest) {
  const entry = manifest.files?.[manifest.wheel];
  const response = await watchedFetch(new URL(manifest.wheel, new URL("../", ASSETS)));
  if (!response.ok) throw new Error("wheel");
  const buffer = await response.arrayBuffer();
  const digest = await sha256Hex(buffer);
  if (entry && digest && digest !== entry.sha256) {
    fail("计算引擎文件与本站发布的版本不一致（校验值不符），请刷新页面重试");
    throw new Error("wheel hash mismatch");
  }
  return buffer;
}

async function load() {
  const started = performance.now();
  const manifestResponse = await watchedFetch(new URL("manifest.json", ASSETS));
  if (!manifestResponse.ok) throw new Error("manifest");
  const manifest = await manifestResponse.json();
  for (const [path, entry] of Object.entries(manifest.files ?? {})) {
    if (path.endsWith(".wasm") || path.endsWith(".zip") || path.endsWith("-lock.json") || path === manifest.wheel) {
      progress.total += entry.size;
    }
  }
  report("download", true);

  const wheel = fetchWheel(manifest);
  wheel.catch(() => {}); // awaited below; keep an early failure from being "unhandled"
  let loadPyodide;
  try {
    ({ loadPyodide } = await import(new URL("pyodide.mjs", PYODIDE_DIR).href));
  } catch (error) {
    fail("无法载入 Pyodide（pyodide.mjs）");
    throw error;
  }
  const pyodide = await loadPyodide({
    indexURL: PYODIDE_DIR.href,
    stdout: () => {},
    stderr: (line) => console.debug("pyodide:", line),
  });
  report("start", true);
  pyodide.unpackArchive(await wheel, "wheel");
  const api = pyodide.pyimport("calculator.api"); // kept for the page's lifetime
  const scoreJson = (policy, record) => api.score_json(policy, record);
  const deadlinesIcs = (policy, record) => api.deadlines_ics(policy, record);
  return { pyodide, scoreJson, deadlinesIcs, ms: Math.round(performance.now() - started) };
}

const timer = setTimeout(() => fail("计算引擎加载超时"), LOAD_TIMEOUT_MS);
const engine = load().then(
  (loaded) => {
    clearTimeout(timer);
    if (!failedAlready) post({ type: "ready", ms: loaded.ms });
    return loaded;
  },
  (error) => {
    clearTimeout(timer);
    console.error("calculator engine failed to load:", error);
    fail("计算引擎未能启动");
    return null;
  },
);

// --- scoring ---------------------------------------------------------------------------------
self.addEventListener("message", async (event) => {
  const message = event.data;
  if (!message || (message.type !== "score" && message.type !== "ics")) return;
  const loaded = await engine;
  if (!loaded) return;
  if (message.type === "ics") {
    let text = "";
    try {
      text = loaded.deadlinesIcs(message.policy, message.record);
    } catch (error) {
      console.error("calculator engine error:", error);
    }
    post({ type: "ics", id: message.id, text });
    return;
  }
  let answer;
  try {
    answer = loaded.scoreJson(message.policy, message.record);
  } catch (error) {
    console.error("calculator engine error:", error);
    answer = JSON.stringify({ ok: false, error: "计算引擎出错，请刷新页面重试", path: "" });
  }
  post({ type: "result", id: message.id, answer });
});
