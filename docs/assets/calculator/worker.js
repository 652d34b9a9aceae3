// The calculator engine: Pyodide + the `calculator` wheel, in a module worker so the page never freezes.
//
// Messages in:  {type: "score", id, policy: <policy JSON text>, record: <record JSON text>}
//               {type: "ics", id, policy, record}      (the record's deadlines as an iCalendar file)
//               {type: "batch", id, policy, records: <JSON text of [[label, record], ...]>}  (单位批量核对)
// Messages out: {type: "progress", loaded, total, stage}
//               {type: "ready", ms}
//               {type: "failed", message}            (Chinese, for the page; never a traceback)
//               {type: "result", id, answer: <JSON text from calculator.api.score_json>}
//               {type: "ics", id, text: <calculator.api.deadlines_ics, "" when there are none>}
//               {type: "batch", id, answer: <JSON text from calculator.api.batch_csv>}
//
// Everything comes from this site: assets/pyodide/ (copied from the pinned npm package at build
// time), the engine wheel named in assets/manifest.json. No micropip, no CDN, no other origin.
// Every one of these files is checked against the sha256 and size that assets/manifest.json records
// at build time before it is used; Pyodide's two scripts (pyodide.mjs, pyodide.asm.mjs) are run from
// the very bytes that were checked (blob: URLs), never fetched a second time.

const ASSETS = new URL("../", import.meta.url); // …/assets/
const SITE = new URL("../", ASSETS); // the site root (any sub-path)
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

// --- integrity ---------------------------------------------------------------------------------
let manifest = null; // assets/manifest.json: {files: {path: {sha256, size}}, wheel, build}

function manifestEntry(url) {
  if (!manifest || !url.href.startsWith(SITE.href)) return null;
  const path = decodeURIComponent(url.pathname.slice(SITE.pathname.length));
  return Object.prototype.hasOwnProperty.call(manifest.files ?? {}, path) ? manifest.files[path] : null;
}

function integrityFailure(name) {
  fail(`计算引擎文件 ${name} 与本站发布时记录的校验值不符（文件可能已损坏或被改动），已停止加载。`
    + "请刷新页面重试；若仍出现，请告知网站管理员");
  return new Error(`${name}: sha256 does not match assets/manifest.json`);
}

async function readCounted(response) {
  const body = counted(response);
  return new Uint8Array(await new Response(body).arrayBuffer());
}

async function checked(url, response, entry) {
  const name = url.pathname.split("/").pop();
  const bytes = await readCounted(response);
  if (bytes.byteLength !== entry.size || (await sha256Hex(bytes)) !== entry.sha256) throw integrityFailure(name);
  return bytes;
}

async function watchedFetch(input, init) {
  const url = new URL(input instanceof Request ? input.url : String(input), self.location.href);
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
  const entry = manifestEntry(url);
  const body = entry ? await checked(url, response, entry) : counted(response);
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}
self.fetch = watchedFetch;

// --- loading ---------------------------------------------------------------------------------
async function sha256Hex(bytes) {
  let digest;
  if (self.crypto?.subtle) {
    digest = new Uint8Array(await self.crypto.subtle.digest("SHA-256", bytes));
  } else {
    digest = sha256Plain(bytes); // plain http:// on another host: no crypto.subtle there
  }
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** SHA-256 (FIPS 180-4) in plain JavaScript, for pages that are not a secure context. */
function sha256Plain(bytes) {
  const K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2]);
  const H = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const length = bytes.byteLength;
  const padded = new Uint8Array(((length + 9 + 63) >> 6) << 6);
  padded.set(bytes);
  padded[length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(length / 0x20000000));
  view.setUint32(padded.length - 4, (length << 3) >>> 0);
  const W = new Uint32Array(64);
  const rotr = (x, n) => (x >>> n) | (x << (32 - n));
  for (let offset = 0; offset < padded.length; offset += 64) {
    for (let i = 0; i < 16; i += 1) W[i] = view.getUint32(offset + i * 4);
    for (let i = 16; i < 64; i += 1) {
      const s0 = rotr(W[i - 15], 7) ^ rotr(W[i - 15], 18) ^ (W[i - 15] >>> 3);
      const s1 = rotr(W[i - 2], 17) ^ rotr(W[i - 2], 19) ^ (W[i - 2] >>> 10);
      W[i] = (W[i - 16] + s0 + W[i - 7] + s1) >>> 0;
    }
    let [a, b, c, d, e, f, g, h] = H;
    for (let i = 0; i < 64; i += 1) {
      const t1 = (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + W[i]) >>> 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
      h = g; g = f; f = e; e = (d + t1) >>> 0; d = c; c = b; b = a; a = (t1 + t2) >>> 0;
    }
    H[0] += a; H[1] += b; H[2] += c; H[3] += d; H[4] += e; H[5] += f; H[6] += g; H[7] += h;
  }
  const out = new Uint8Array(32);
  const outView = new DataView(out.buffer);
  for (let i = 0; i < 8; i += 1) outView.setUint32(i * 4, H[i]);
  return out;
}

async function fetchWheel() {
  const response = await watchedFetch(new URL(manifest.wheel, SITE)); // checked against the manifest
  if (!response.ok) throw new Error("wheel");
  return response.arrayBuffer();
}

/** Import one of Pyodide's ES modules from the bytes checked against the manifest. */
async function importChecked(name) {
  const response = await watchedFetch(new URL(name, PYODIDE_DIR));
  if (!response.ok) throw new Error(name);
  const code = URL.createObjectURL(new Blob([await response.arrayBuffer()], { type: "text/javascript" }));
  try {
    return await import(code);
  } finally {
    URL.revokeObjectURL(code);
  }
}

async function load() {
  const started = performance.now();
  const manifestResponse = await watchedFetch(new URL("manifest.json", ASSETS));
  if (!manifestResponse.ok) throw new Error("manifest");
  manifest = await manifestResponse.json();
  for (const [path, entry] of Object.entries(manifest.files ?? {})) {
    if (path.startsWith("assets/pyodide/") || path === manifest.wheel) progress.total += entry.size;
  }
  report("download", true);

  const wheel = fetchWheel();
  wheel.catch(() => {}); // awaited below; keep an early failure from being "unhandled"
  let loadPyodide, createPyodideModule;
  try {
    const [loader, module] = await Promise.all([importChecked("pyodide.mjs"), importChecked("pyodide.asm.mjs")]);
    ({ loadPyodide } = loader);
    createPyodideModule = module.default;
  } catch (error) {
    fail("无法载入 Pyodide（pyodide.mjs / pyodide.asm.mjs）");
    throw error;
  }
  const pyodide = await loadPyodide({
    indexURL: PYODIDE_DIR.href,
    createPyodideModule, // the checked pyodide.asm.mjs, not a second download
    stdout: () => {},
    stderr: (line) => console.debug("pyodide:", line),
  });
  report("start", true);
  pyodide.unpackArchive(await wheel, "wheel");
  const api = pyodide.pyimport("calculator.api"); // kept for the page's lifetime
  const scoreJson = (policy, record) => api.score_json(policy, record);
  const deadlinesIcs = (policy, record) => api.deadlines_ics(policy, record);
  const batchCsv = (policy, records) => api.batch_csv(policy, records);
  return { pyodide, scoreJson, deadlinesIcs, batchCsv, ms: Math.round(performance.now() - started) };
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
  if (!message || !["score", "ics", "batch"].includes(message.type)) return;
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
  if (message.type === "batch") {
    let answer;
    try {
      answer = loaded.batchCsv(message.policy, message.records);
    } catch (error) {
      console.error("calculator engine error:", error);
      answer = JSON.stringify({ ok: false, error: "计算引擎出错，请刷新页面重试" });
    }
    post({ type: "batch", id: message.id, answer });
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
