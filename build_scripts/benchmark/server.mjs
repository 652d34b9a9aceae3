// Static server for build_scripts/bench (adapted from the perf-lab reference harness).
// env: PORT, SITE (the built site folder), COMPRESS=none|br (brotli q9, computed once at start, gzip for
// clients without br; either way a file's precompressed F.br / F.gz from the build is sent when present), SHAPE="down_mbps,rtt_ms" (link emulation done here, because Chrome's network
// emulation does not reach the engine's worker: every response waits one RTT before its headers, two on a
// new connection; all bodies share one token bucket, round-robin in 5 ms ticks).
// Mounts: /pyodide/ -> stock npm Pyodide (node_modules/pyodide), /bench/ -> www/ (the bare page), / -> SITE.
// GET /__log returns the request log (bytes on the wire per request) since the last call and clears it.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "../..");
const SITE = process.env.SITE || path.join(REPO, "site");
const PORT = +(process.env.PORT || 8101);
const COMPRESS = process.env.COMPRESS || "none";
const SHAPE = process.env.SHAPE ? process.env.SHAPE.split(",").map(Number) : null;
const MOUNTS = [["/pyodide/", path.join(REPO, "node_modules/pyodide")], ["/bench/", path.join(HERE, "www")], ["/", SITE]];
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript",
  ".wasm": "application/wasm", ".json": "application/json", ".zip": "application/zip", ".whl": "application/zip",
  ".css": "text/css", ".png": "image/png", ".svg": "image/svg+xml", ".xml": "application/xml",
  ".bin": "application/octet-stream", ".map": "application/json", ".txt": "text/plain", ".ico": "image/x-icon" };
const COMPRESSIBLE = new Set([".html", ".js", ".mjs", ".wasm", ".json", ".bin", ".zip", ".whl", ".css", ".svg", ".xml", ".map", ".txt"]);
const ccache = new Map();
let log = [];

function compressed(file, mtime, buf, enc) {
  const key = `${file}|${mtime}|${enc}`;
  let out = ccache.get(key);
  if (!out) {
    out = enc === "br"
      ? zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length } })
      : zlib.gzipSync(buf, { level: 9 });
    ccache.set(key, out);
  }
  return out;
}

function resolve(pathname) {
  for (const [prefix, dir] of MOUNTS) if (pathname.startsWith(prefix)) return path.join(dir, pathname.slice(prefix.length));
  return null;
}

const server = http.createServer((req, res) => {
  const t0 = Date.now();
  const url = new URL(req.url, "http://x");
  if (url.pathname === "/__log") {
    res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-store" });
    res.end(JSON.stringify(log)); log = []; return;
  }
  let p = resolve(decodeURIComponent(url.pathname));
  const entry = { t: t0, path: url.pathname, status: 0, bytes: 0, hdr: 0, enc: "", end: 0 };
  res.on("finish", () => { entry.end = Date.now(); });
  log.push(entry);
  const finish = (status, headers, payload) => {
    const send = () => {
      res.writeHead(status, headers);
      entry.status = status; entry.hdr = (res._header || "").length + req.url.length + 200; // + request headers (approx.)
      entry.bytes = payload ? payload.length : 0;
      if (SHAPE && payload && payload.length && req.method !== "HEAD") { res.flushHeaders(); shaped.push({ res, buf: payload, off: 0 }); }
      else res.end(req.method === "HEAD" ? undefined : payload);
    };
    if (!SHAPE) return send();
    const fresh = !req.socket.seen; req.socket.seen = true;
    setTimeout(send, SHAPE[1] * (fresh ? 2 : 1));
  };
  if (!p) return finish(404, {}, Buffer.from("not found"));
  if (url.pathname.endsWith("/")) p = path.join(p, "index.html"); // path.join drops a trailing "/" (the root)
  let st;
  try { st = fs.statSync(p); } catch { return finish(404, { "Content-Type": "text/plain" }, Buffer.from("not found")); }
  if (st.isDirectory()) { res.writeHead(301, { Location: url.pathname + "/" + url.search }); entry.status = 301; res.end(); return; }
  const ext = path.extname(p);
  const etag = `"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`;
  const noCache = ext === ".html" || url.pathname.endsWith("/sw.js");
  const headers = { "Content-Type": TYPES[ext] || "application/octet-stream", "ETag": etag,
    "Cache-Control": noCache ? "no-cache" : "public, max-age=31536000, immutable", "Vary": "Accept-Encoding" };
  if (req.headers["if-none-match"] === etag) return finish(304, headers, null);
  let buf = fs.readFileSync(p);
  const ae = req.headers["accept-encoding"] || "";
  // The build's precompressed copy beside the file, as nginx sends it (brotli_static / gzip_static):
  // the site has them, stock Pyodide under /pyodide/ does not.
  const sibling = (/\bbr\b/.test(ae) && fs.existsSync(`${p}.br`) && "br") || (/\bgzip\b/.test(ae) && fs.existsSync(`${p}.gz`) && "gzip");
  if (sibling) {
    buf = fs.readFileSync(`${p}.${sibling === "br" ? "br" : "gz"}`); headers["Content-Encoding"] = sibling; entry.enc = `${sibling} (static)`;
  } else if (COMPRESS !== "none" && COMPRESSIBLE.has(ext) && buf.length > 1024) {
    const enc = /\bbr\b/.test(ae) ? "br" : (/\bgzip\b/.test(ae) ? "gzip" : null);
    if (enc) { buf = compressed(p, st.mtimeMs, buf, enc); headers["Content-Encoding"] = enc; entry.enc = enc; }
  }
  headers["Content-Length"] = buf.length;
  finish(200, headers, buf);
});

const shaped = [];
if (SHAPE) {
  const rate = SHAPE[0] * 1e6 / 8 / 1000; // bytes per ms
  let last = performance.now(), budget = 0;
  setInterval(() => {
    const t = performance.now();
    budget = Math.min(budget + (t - last) * rate, rate * 50); last = t;
    while (budget >= 1 && shaped.length) {
      const share = Math.max(1, Math.floor(budget / shaped.length));
      for (let i = shaped.length - 1; i >= 0; i--) {
        const a = shaped[i];
        const n = Math.min(share, a.buf.length - a.off);
        if (n > 0) { a.res.write(a.buf.subarray(a.off, a.off + n)); a.off += n; budget -= n; }
        if (a.off >= a.buf.length) { a.res.end(); shaped.splice(i, 1); }
      }
    }
    if (!shaped.length) budget = 0;
  }, 5);
}

// Compress once at start (the files a load requests) so no request pays for compression.
function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const f = path.join(dir, e.name);
    if (e.isDirectory()) walk(f, out); else out.push(f);
  }
  return out;
}
if (COMPRESS !== "none") {
  const stock = /\/(pyodide\.mjs|pyodide\.asm\.mjs|pyodide\.asm\.wasm|python_stdlib\.zip|pyodide-lock\.json)$/;
  for (const [prefix, dir] of MOUNTS) {
    for (const f of walk(dir)) {
      if (prefix === "/pyodide/" && !stock.test(f)) continue;
      const st = fs.statSync(f);
      if (!COMPRESSIBLE.has(path.extname(f)) || st.size <= 1024) continue;
      const buf = fs.readFileSync(f);
      compressed(f, st.mtimeMs, buf, "br");
      compressed(f, st.mtimeMs, buf, "gzip");
    }
  }
}
server.keepAliveTimeout = 60000;
server.listen(PORT, "127.0.0.1", () => console.log(`listening ${PORT}`));
