// The engine's files for worker.js: every file named in assets/manifest.json is checked against the
// sha256 and size recorded there at build time before it is used — by the browser (fetch with
// Subresource Integrity, the untouched Response going to Pyodide so the wasm compiles while it streams),
// else fetched once more and checked here; on a revisit they come straight from this build's offline
// cache (sw.js checked each before keeping it). Pyodide's fetch() is wrapped (watchedFetch): download
// progress for the page, the downloads started early answer it, a failed download becomes a message,
// and nothing from another origin. Also the worker's messages about its own loading (post, phase, fail).

import { sha256Plain } from "./sha256.js";

export const ASSETS = new URL("../", import.meta.url); // …/assets/
export const SITE = new URL("../", ASSETS); // the site root (any sub-path)
export const PYODIDE_DIR = new URL("pyodide/", ASSETS);

export const post = (message) => self.postMessage(message);
// When each loading phase ended (ms since the epoch, comparable with the page's clock), sent with
// "ready": build_scripts/bench prints where a start-up's time went.
export const phases = { worker: performance.timeOrigin + performance.now() };
export const phase = (name) => { phases[name] = performance.timeOrigin + performance.now(); };
let failedAlready = false;
export const hasFailed = () => failedAlready;
export function fail(message) {
  if (failedAlready) return;
  failedAlready = true;
  post({ type: "failed", message });
}

// --- fetch, watched --------------------------------------------------------------------------
// Pyodide fetches the wasm, the standard library and the lock file with fetch(). Wrapping it lets
// the page show real download progress, answers Pyodide with the downloads started early, turns a
// failed download into a message (Pyodide itself may wait forever), and answers the wasm with the
// right MIME type even when a server sends another one (WebAssembly.instantiateStreaming refuses
// anything but application/wasm).
const realFetch = self.fetch.bind(self);
export const progress = { loaded: 0, total: 0 };
let lastReport = 0;
export function report(stage, force) {
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

/** Count a response's bytes as they arrive, on a copy: the response itself stays untouched. */
function countAside(response) {
  if (!response.body) return;
  const reader = response.clone().body.getReader();
  const pump = () => reader.read().then(({ done, value }) => {
    if (done) return undefined;
    progress.loaded += value.byteLength;
    report("download");
    return pump();
  });
  pump().catch(() => {});
}

// --- integrity ---------------------------------------------------------------------------------
export let manifest = null; // assets/manifest.json: {files: {path: {sha256, size}}, wheel, build}

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

const hex = (digest) => Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
const fileName = (url) => url.pathname.split("/").pop();

async function checked(url, response, entry) {
  const bytes = await readCounted(response);
  if (bytes.byteLength !== entry.size || (await sha256Hex(bytes)) !== entry.sha256) throw integrityFailure(fileName(url));
  return bytes;
}

/** Subresource Integrity metadata for a sha256 in hex. */
function integrity(sha256) {
  let binary = "";
  for (let i = 0; i < sha256.length; i += 2) binary += String.fromCharCode(parseInt(sha256.slice(i, i + 2), 16));
  return `sha256-${btoa(binary)}`;
}

/** The wasm as application/wasm whatever the server said (a new Response only when it said otherwise). */
function typed(url, response) {
  if (!url.pathname.endsWith(".wasm") || /^application\/wasm\b/.test(response.headers.get("Content-Type") || "")) {
    return response;
  }
  const headers = new Headers(response.headers);
  headers.set("Content-Type", "application/wasm");
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

async function download(url, init) {
  try {
    return await realFetch(url.href, init);
  } catch (error) {
    fail(`无法下载计算引擎文件 ${fileName(url)}（网络错误）`);
    throw error;
  }
}

/**
 * A file's address with its content's hash (?v=): a new build's file is a new URL, so a server may let
 * browsers keep these for good (Cache-Control: immutable; README, Hosting).
 */
function versioned(url, entry) {
  const out = new URL(url);
  out.searchParams.set("v", entry.sha256.slice(0, 16));
  return out;
}

// The service worker's cache of this build (sw.js: "jxjy:<site folder>:<build>"), where an earlier visit
// left the engine: read here directly instead of through the service worker's fetch handler. sw.js
// checked each file against this build's manifest before keeping it.
let offlineCache = Promise.resolve(null);
async function openOfflineCache() {
  try {
    const name = `jxjy:${SITE.pathname}:${manifest.build}`;
    return self.caches && manifest.build && (await self.caches.has(name)) ? await self.caches.open(name) : null;
  } catch {
    return null; // storage blocked (an embedding page, private mode): the network, as on a first visit
  }
}

/**
 * A file of the manifest: from this build's offline cache, else checked by the browser (integrity), else
 * fetched again and checked here.
 */
async function engineFile(url, entry) {
  const kept = await (await offlineCache)?.match(url.href).catch(() => null);
  if (kept) {
    countAside(kept);
    return typed(url, kept);
  }
  let response;
  try {
    response = await realFetch(versioned(url, entry).href, { integrity: integrity(entry.sha256) });
  } catch {
    response = null; // a changed file, a network error, or integrity not honoured: once more, by hand
  }
  if (response) {
    if (!response.ok) {
      fail(`无法下载计算引擎文件 ${fileName(url)}（HTTP ${response.status}）`);
      return response;
    }
    countAside(response);
    return typed(url, response);
  }
  response = await download(versioned(url, entry), { cache: "no-store" });
  if (!response.ok) {
    fail(`无法下载计算引擎文件 ${fileName(url)}（HTTP ${response.status}）`);
    return response;
  }
  const bytes = await checked(url, response, entry);
  return typed(url, new Response(bytes, { status: response.status, statusText: response.statusText, headers: response.headers }));
}

// The engine's files requested right after the manifest, before Pyodide asks: its fetch() is
// answered from here (once per file).
const early = new Map();
export function fetchEarly(path) {
  const url = new URL(path, SITE);
  const entry = manifestEntry(url);
  if (!entry || early.has(url.href)) return;
  const response = engineFile(url, entry);
  response.catch(() => {}); // awaited when Pyodide asks; keep an early failure from being "unhandled"
  early.set(url.href, response);
}

// The wasm compiles while it downloads, from right after the manifest, instead of once Pyodide's two
// scripts have been fetched and run (about 0.3 s later): Pyodide's own WebAssembly.instantiateStreaming
// call is answered with the module compiled here (compileStreaming from the fetched Response, so V8
// still keeps the compiled code for the next visit). Should that compile fail, Pyodide's call
// downloads and compiles the wasm itself, as it would have anyway.
let earlyWasm = null; // {href, module: Promise<WebAssembly.Module | null>}
export function compileEarly(path) {
  const url = new URL(path, SITE);
  const entry = manifestEntry(url);
  if (!entry || typeof WebAssembly.compileStreaming !== "function") return;
  const module = engineFile(url, entry).then((response) => WebAssembly.compileStreaming(response)).catch(() => null);
  earlyWasm = { href: url.href, module };
  const instantiateStreaming = WebAssembly.instantiateStreaming.bind(WebAssembly);
  WebAssembly.instantiateStreaming = async (source, imports) => {
    const early = earlyWasm;
    earlyWasm = null;
    const compiled = early && await early.module;
    if (!compiled) return instantiateStreaming(early ? engineFile(new URL(early.href), entry) : source, imports);
    return { module: compiled, instance: await WebAssembly.instantiate(compiled, imports) };
  };
}

export async function watchedFetch(input, init) {
  const url = new URL(input instanceof Request ? input.url : String(input), self.location.href);
  if (url.origin !== self.location.origin) {
    throw new Error(`refused to fetch from another origin: ${url.origin}`);
  }
  if (earlyWasm && url.href === earlyWasm.href) {
    // Pyodide's request for the wasm: already downloading (compileEarly); its instantiateStreaming
    // call does not read this response
    return new Response(new Uint8Array(0), { headers: { "Content-Type": "application/wasm" } });
  }
  const started = early.get(url.href);
  if (started) {
    early.delete(url.href);
    return started;
  }
  const entry = manifestEntry(url);
  if (entry) return engineFile(url, entry);
  const response = await download(url, init);
  if (!response.ok) {
    fail(`无法下载计算引擎文件 ${fileName(url)}（HTTP ${response.status}）`);
    return response;
  }
  return new Response(counted(response), { status: response.status, statusText: response.statusText, headers: response.headers });
}
self.fetch = watchedFetch;

/**
 * The whole standard library, for an import the trimmed one lacks (build_scripts/stdlib_fallback.py
 * calls this from Python, which imports synchronously: hence a synchronous request, allowed in a
 * worker). Checked against the manifest here; an Error becomes that import's ImportError.
 */
function fullStdlib() {
  const path = manifest.pyodide.stdlib_full;
  const entry = manifest.files[path];
  const request = new XMLHttpRequest();
  request.open("GET", versioned(new URL(path, SITE), entry).href, false);
  request.responseType = "arraybuffer";
  request.send();
  if (request.status !== 200) throw new Error(`${path}: HTTP ${request.status}`);
  const bytes = new Uint8Array(request.response);
  if (bytes.byteLength !== entry.size || hex(sha256Plain(bytes)) !== entry.sha256) {
    throw new Error(`${path}: sha256 does not match assets/manifest.json`);
  }
  return bytes;
}
self.jxjyFullStdlib = fullStdlib; // Python finds it as js.jxjyFullStdlib (see load)

// --- scripts and checked bytes -------------------------------------------------------------------
async function sha256Hex(bytes) {
  if (self.crypto?.subtle) return hex(new Uint8Array(await self.crypto.subtle.digest("SHA-256", bytes)));
  return hex(sha256Plain(bytes)); // plain http:// on another host: no crypto.subtle there
}

/** The bytes of a manifest file, checked (fetched early when it is one of those). */
export async function fileBytes(url) {
  const response = await watchedFetch(url);
  if (!response.ok) throw new Error(fileName(url));
  return response.arrayBuffer();
}

/** Import one of Pyodide's ES modules from the bytes checked against the manifest. */
export async function importChecked(name) {
  const bytes = await fileBytes(new URL(name, PYODIDE_DIR));
  const code = URL.createObjectURL(new Blob([bytes], { type: "text/javascript" }));
  try {
    return await import(code);
  } finally {
    URL.revokeObjectURL(code);
  }
}

/** assets/manifest.json, read once; from then on the files it names are checked against it. */
export async function readManifest() {
  const response = await watchedFetch(new URL("manifest.json", ASSETS));
  if (!response.ok) throw new Error("manifest");
  manifest = await response.json();
  offlineCache = openOfflineCache();
  return manifest;
}
