#!/usr/bin/env node
// Precompressed copies beside the built site's files (run last by build_scripts/build): F.br (brotli)
// and F.gz (gzip -9) next to every file F worth it, for servers that send them as they are (nginx
// `gzip_static on;` and, where the module is installed, `brotli_static on;`; see the README). A copy is
// kept only when it is under 90 % of the file (a deflated zip gains nothing). Brotli runs at quality 11
// up to 1.5 MB and 9 above (the 9.6 MB wasm: 11 would add a minute to a fresh build for 12 % fewer
// bytes). Outputs are cached in build/precompressed/ by the file's sha256, so a rebuild pays only for
// the files that changed.
//
// Usage: node build_scripts/precompress.mjs <site dir> <cache dir>

import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const [site, cache] = process.argv.slice(2);
if (!site || !cache) {
  process.stderr.write("usage: node precompress.mjs <site dir> <cache dir>\n");
  process.exit(2);
}
const TYPES = new Set([".html", ".js", ".mjs", ".css", ".json", ".wasm", ".zip", ".whl", ".svg", ".xml", ".txt", ".ics"]);
const SKIP = [/^download\//, /\.map$/]; // the offline copy's zip is deflated already; source maps are not loaded
const MIN_SIZE = 1024;
const BIG = 1.5e6;

function walk(dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

const compressors = {
  br: (data) => zlib.brotliCompressSync(data, { params: {
    [zlib.constants.BROTLI_PARAM_QUALITY]: data.length > BIG ? 9 : 11,
    [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
    [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length } }),
  gz: (data) => zlib.gzipSync(data, { level: 9 }), // no name, no time in the header: the same bytes every build
};

fs.mkdirSync(cache, { recursive: true });
let kept = 0, before = 0, after = 0;
for (const file of walk(site).sort()) {
  const rel = path.relative(site, file).split(path.sep).join("/");
  if (!TYPES.has(path.extname(file)) || SKIP.some((re) => re.test(rel))) continue;
  const data = fs.readFileSync(file);
  if (data.length < MIN_SIZE) continue;
  const digest = crypto.createHash("sha256").update(data).digest("hex");
  for (const [suffix, compress] of Object.entries(compressors)) {
    const cached = path.join(cache, `${digest}.${suffix}`);
    let packed;
    if (fs.existsSync(cached)) packed = fs.readFileSync(cached);
    else {
      packed = compress(data);
      fs.writeFileSync(`${cached}.partial`, packed);
      fs.renameSync(`${cached}.partial`, cached);
    }
    if (packed.length >= 0.9 * data.length) continue;
    fs.writeFileSync(`${file}.${suffix}`, packed);
    kept += 1;
    if (suffix === "br") { before += data.length; after += packed.length; }
  }
}
process.stdout.write(`precompress: ${kept} .br/.gz files (brotli: ${(before / 1e6).toFixed(1)} → ${(after / 1e6).toFixed(1)} MB)\n`);
