// 继续教育学分自查 — service worker: the site keeps working offline after a first visit.
//
// Written to the site root as sw.js by build_scripts/lockdown.py, which fills in the build hash
// (also in assets/manifest.json as "build") and the lists of files below; its scope is the folder it
// is served from, so the site works the same under any sub-path (e.g. /jxjy/).
//
//  - install: cache every page of the guide and the assets they and the calculator page use (PAGES);
//    if an older version had cached the calculator's engine, cache the new engine too;
//  - the calculator page asks for the engine (Pyodide and the engine wheel, ENGINE, ~15 MB) once it
//    has loaded it (from the HTTP cache the page's own download filled, same addresses): each file is
//    checked against the sha256 in assets/manifest.json before it is kept;
//  - fetch: files of this build are answered from the cache, everything else goes to the network;
//  - activate: caches of other builds of this site (same scope) are deleted.
// One cache per build: a new build is a new sw.js, so the browser installs it and the old cache goes.

const BUILD = "__JXJY_BUILD__";
const PAGES = __JXJY_PAGES__;
const ENGINE = __JXJY_ENGINE__;
const MANIFEST = "assets/manifest.json";

const SCOPE = new URL("./", self.location.href).href;
const PREFIX = `jxjy:${new URL(SCOPE).pathname}:`;
const CACHE = PREFIX + BUILD;
const KNOWN = new Set([...PAGES, ...ENGINE]);

const absolute = (path) => new URL(path, SCOPE).href;

async function sha256Hex(buffer) {
  const digest = await crypto.subtle.digest("SHA-256", buffer);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Fetch the engine's files, check each against the manifest, and keep them. */
async function cacheEngine(cache) {
  if (await cache.match(absolute(ENGINE[ENGINE.length - 1]))) return true;
  const stored = await cache.match(absolute(MANIFEST));
  if (!stored) return false;
  const files = (await stored.json()).files || {};
  for (const path of ENGINE) {
    // the address the engine's worker used (worker.js, versioned()): on a first visit the browser's
    // HTTP cache answers it, so the engine is not downloaded a second time
    const version = files[path] ? `?v=${files[path].sha256.slice(0, 16)}` : "";
    const response = await fetch(absolute(path) + version);
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    const digest = await sha256Hex(await response.clone().arrayBuffer());
    if (!files[path] || files[path].sha256 !== digest) throw new Error(`${path}: sha256 does not match the manifest`);
    await cache.put(absolute(path), response);
  }
  return true;
}

async function hadEngine() {
  for (const name of await caches.keys()) {
    if (!name.startsWith(PREFIX) || name === CACHE) continue;
    const old = await caches.open(name);
    if ((await old.keys()).some((request) => request.url.endsWith(".whl"))) return true;
  }
  return false;
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // "no-cache": what the page already downloaded is taken from the HTTP cache once the server confirms
    // it is this build's (a 304), so a first visit does not download it twice; never an older copy
    await cache.addAll(PAGES.map((path) => new Request(absolute(path), { cache: "no-cache" })));
    if (await hadEngine()) {
      try {
        await cacheEngine(cache);
      } catch (error) {
        console.warn("service worker: engine not cached:", error);
      }
    }
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type !== "cache-engine") return;
  event.waitUntil((async () => {
    let ok = false;
    try {
      ok = await cacheEngine(await caches.open(CACHE));
    } catch (error) {
      console.warn("service worker: engine not cached:", error);
    }
    if (event.source) event.source.postMessage({ type: "engine-cached", ok, build: BUILD });
  })());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE)) return;
  const url = new URL(request.url);
  const path = url.pathname.slice(new URL(SCOPE).pathname.length);
  const navigate = request.mode === "navigate";
  if (!KNOWN.has(path)) {
    if (navigate) event.respondWith(fetch(request).catch(() => notFound()));
    return; // not part of this build (e.g. the offline copy's zip): the network, untouched
  }
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(absolute(path));
    if (hit) return hit;
    try {
      return await fetch(request);
    } catch (error) {
      if (navigate) return notFound();
      throw error;
    }
  })());
});

async function notFound() {
  const page = await (await caches.open(CACHE)).match(absolute("404.html"));
  return page || new Response("离线：此页面尚未保存在本机。", { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
