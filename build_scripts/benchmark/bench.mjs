// The start-up benchmark behind build_scripts/bench (adapted from the perf-lab reference harness).
//   node build_scripts/benchmark/bench.mjs [--rounds 3] [--changes 50] [--timeout 180000] [--no-shaped] [--slow]
// Serves the built site next to stock npm Pyodide ("bare": loadPyodide() + 1+1) from the same server
// (server.mjs) and prints every figure as a ratio to bare:
//  - cold: a fresh profile and browser per load; revisit: the browser relaunched on a profile primed by two
//    loads (HTTP cache, V8 code cache, service worker). Configurations run round-robin (interleaved).
//  - bytes on the wire from the server's log, identity and brotli.
//  - a shaped link (10 Mbit/s, 100 ms; --slow adds 2 Mbit/s, 300 ms) emulated by the server.
//  - the offline copy from file:// (dist/jxjy-offline.zip), recompute p50/p95 over N edits.
// Writes build/bench/latest.json; the summary goes to stdout.
import { chromium } from "playwright-core";
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "../..");
const argv = process.argv.slice(2);
const opt = (name, dflt) => { const i = argv.indexOf(`--${name}`); return i < 0 ? dflt : argv[i + 1]; };
const flag = (name) => argv.includes(`--${name}`);
const ROUNDS = +opt("rounds", 3), CHANGES = +opt("changes", 50), TIMEOUT = +opt("timeout", 180000);
const SETTLE = 2500; // after a load: the service worker's install traffic, counted in "all bytes"
const CHROME = process.env.CHROMIUM || "/usr/bin/chromium";
const CHROME_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync"];
const PAGE_MARKS = fs.readFileSync(path.join(HERE, "page_marks.js"), "utf8");
const say = (...a) => console.error(new Date().toISOString().slice(11, 19), ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// The share link of a typical record (5 activities of 桐庐 2018): navigation -> first result.
const RECORD = { format: 1, policy: "zhejiang-tonglu-2018", year: 2024, activities: [
  { kind: "face_training", params: { days: 5 }, category: "professional", name: "县卫健局业务培训" },
  { kind: "online_course", params: { credits: 20 }, category: "public_general", name: "学习新干线公需课" },
  { kind: "paper", params: { journal: "core", first_author: true }, achievement: "基层慢病管理研究" },
  { kind: "research_project", params: { level: "city" }, achievement: "基层慢病管理研究" },
  { kind: "book", params: { characters: 25000 } }] };
const SHARE = `?policy=${RECORD.policy}#r=${Buffer.from(JSON.stringify(RECORD)).toString("base64url")}`;

// --- servers ---------------------------------------------------------------------------------------
const servers = [];
async function startServer(port, env) {
  const child = spawn(process.execPath, [path.join(HERE, "server.mjs")], { env: { ...process.env, PORT: port, ...env },
    stdio: ["ignore", "pipe", "inherit"] });
  servers.push(child);
  await new Promise((resolve, reject) => {
    child.stdout.on("data", (d) => { if (String(d).includes("listening")) resolve(); });
    child.on("exit", (code) => reject(new Error(`server ${port} exited ${code}`)));
  });
  return `http://127.0.0.1:${port}`;
}
const stopServers = () => { for (const s of servers) s.kill(); };
process.on("exit", stopServers);

async function serverLog(origin) {
  if (!origin) return [];
  return (await fetch(`${origin}/__log`)).json();
}

// --- one load ----------------------------------------------------------------------------------------
async function launch(dir, cfg) {
  const ctx = await chromium.launchPersistentContext(dir, { executablePath: CHROME, args: CHROME_ARGS, headless: true });
  const h = { ctx, resolve: null, aborted: 0 };
  await ctx.exposeBinding("__report", (_src, json) => h.resolve?.(JSON.parse(json)));
  if (cfg.kind === "site") await ctx.addInitScript({ content: PAGE_MARKS });
  if (cfg.offline) await ctx.route(/^(?!file:)/, (route) => { h.aborted += 1; route.abort(); });
  h.page = ctx.pages()[0] || await ctx.newPage();
  h.page.on("pageerror", (e) => say(`  [pageerror] ${String(e).slice(0, 300)}`));
  return h;
}

async function load(h, cfg, { settle = 0 } = {}) {
  await serverLog(cfg.origin);
  const answer = new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error("timeout")), TIMEOUT);
    h.resolve = (v) => { clearTimeout(t); h.resolve = null; resolve(v); };
  });
  await h.page.goto(cfg.url, { waitUntil: "commit" });
  let res;
  try { res = await answer; } catch (e) { res = { ok: false, error: String(e), marks: {} }; }
  if (settle) await sleep(settle);
  const entries = await serverLog(cfg.origin);
  const sum = (xs) => xs.reduce((a, e) => a + e.bytes + e.hdr, 0);
  const resultAt = res.ok && res.timeOrigin ? res.timeOrigin + res.marks.result : null;
  res.bytes_all = sum(entries);
  res.bytes_until_result = resultAt ? sum(entries.filter((e) => e.t <= resultAt)) : null;
  res.requests = entries.length;
  res.aborted = h.aborted;
  return res;
}

async function cold(cfg) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "jx-bench-"));
  const h = await launch(dir, cfg);
  const r = await load(h, cfg, { settle: cfg.kind === "site" && cfg.origin ? SETTLE : 0 });
  await h.ctx.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return r;
}

async function prime(cfg) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "jx-bench-rv-"));
  for (let i = 0; i < 2; i++) {
    const h = await launch(dir, cfg);
    await load(h, cfg);
    if (cfg.kind === "site") { // until the service worker has the engine (or gives up)
      await h.page.waitForFunction(() => document.documentElement.dataset.jxOffline === "engine", null, { timeout: 60000 }).catch(() => {});
    }
    await sleep(SETTLE);
    await h.ctx.close();
  }
  return dir;
}

async function revisit(cfg, dir) {
  const h = await launch(dir, cfg);
  const r = await load(h, cfg);
  await sleep(1000);
  await h.ctx.close();
  return r;
}

async function recompute(cfg) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "jx-bench-rc-"));
  const h = await launch(dir, cfg);
  const first = await load(h, cfg);
  if (!first.ok) throw new Error(`recompute: no first result (${first.error})`);
  await sleep(1000);
  const input = h.page.locator(".jx-rows > li").first().locator("input.jx-number").first();
  const samples = [];
  for (let i = 0; i < CHANGES; i++) {
    const value = String(1 + ((i * 7) % 30)); // days 1..30, never the same twice in a row
    await h.page.evaluate(() => { window.__rc = null; window.__rcArm = true; });
    await input.fill(value);
    await h.page.waitForFunction(() => window.__rc && window.__rc.t_dom, null, { timeout: 20000, polling: 5 });
    samples.push(await h.page.evaluate(() => window.__rc.t_dom - window.__rc.t_input));
    await sleep(30);
  }
  await h.ctx.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return samples;
}

// --- statistics ------------------------------------------------------------------------------------
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); const k = (s.length - 1) * p, f = Math.floor(k), c = Math.min(f + 1, s.length - 1); return s[f] + (s[c] - s[f]) * (k - f); };
const times = (runs) => runs.filter((r) => r.ok).map((r) => r.marks.result);
const spread = (xs, ref) => xs.length ? `${(median(xs) / ref).toFixed(2)}× (min ${(Math.min(...xs) / ref).toFixed(2)}, max ${(Math.max(...xs) / ref).toFixed(2)}, n=${xs.length})` : "failed";

// --- main --------------------------------------------------------------------------------------------
async function main() {
  const site = process.env.JXJY_SITE_DIR || path.join(REPO, "site"); // another built copy (e.g. while rebuilding)
  if (!fs.existsSync(path.join(site, "calculator", "index.html"))) throw new Error("site/ not built: run build_scripts/build");
  const plain = await startServer(8101, { SITE: site });
  const br = await startServer(8102, { SITE: site, COMPRESS: "br" });
  const links = flag("no-shaped") ? [] : [["10 Mbit/s, 100 ms", "10,100", 8103], ...(flag("slow") ? [["2 Mbit/s, 300 ms", "2,300", 8104]] : [])];
  const shaped = [];
  for (const [label, shape, port] of links) shaped.push({ label, origin: await startServer(port, { SITE: site, COMPRESS: "br", SHAPE: shape }) });
  const cfg = (name, origin, kind, extra = {}) => ({ name, origin, kind,
    url: kind === "bare" ? `${origin}/bench/bench.html` : `${origin}/calculator/${SHARE}`, ...extra });
  const cfgs = [cfg("bare", plain, "bare"), cfg("site", plain, "site"), cfg("bare_br", br, "bare"), cfg("site_br", br, "site")];
  for (const s of shaped) cfgs.push(cfg(`bare ${s.label}`, s.origin, "bare"), cfg(`site ${s.label}`, s.origin, "site"));
  const offlineZip = path.join(site, "download", "jxjy-offline.zip"); // the same file as dist/jxjy-offline.zip
  let offlineDir = null;
  if (fs.existsSync(offlineZip)) {
    offlineDir = fs.mkdtempSync(path.join(os.tmpdir(), "jx-bench-offline-"));
    execFileSync("unzip", ["-q", offlineZip, "-d", offlineDir]);
    const html = execFileSync("find", [offlineDir, "-name", "calculator.html"], { encoding: "utf8" }).trim().split("\n")[0];
    cfgs.push({ name: "offline", kind: "site", offline: true, url: `file://${html}${SHARE}` });
  }
  const out = { started: new Date().toISOString(), rounds: ROUNDS, loadavg_start: os.loadavg(), cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model, cold: {}, revisit: {} };
  say(`priming revisit profiles (${ROUNDS} rounds of ${cfgs.length} configurations to follow)`);
  const profiles = { bare: await prime(cfgs[0]), site: await prime(cfgs[1]) };
  await cold(cfgs[0]); // discarded: the browser binary and the OS caches warm
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of cfgs) {
      const r = await cold(c);
      (out.cold[c.name] ??= []).push(r);
      say(`r${round} ${c.name} cold ${r.ok ? r.marks.result.toFixed(0) + " ms" : "FAILED " + r.error} bytes ${(r.bytes_all / 1e6).toFixed(2)} MB`);
      if (profiles[c.name]) {
        const r2 = await revisit(c, profiles[c.name]);
        (out.revisit[c.name] ??= []).push(r2);
        say(`r${round} ${c.name} revisit ${r2.ok ? r2.marks.result.toFixed(0) + " ms" : "FAILED " + r2.error} (${r2.requests} requests)`);
      }
    }
  }
  out.recompute_ms = await recompute(cfgs[1]);
  out.loadavg_end = os.loadavg();
  for (const d of Object.values(profiles)) fs.rmSync(d, { recursive: true, force: true });
  if (offlineDir) fs.rmSync(offlineDir, { recursive: true, force: true });
  fs.mkdirSync(path.join(REPO, "build", "bench"), { recursive: true });
  fs.writeFileSync(path.join(REPO, "build", "bench", "latest.json"), JSON.stringify(out, null, 1));
  report(out, shaped);
}

function report(out, shaped) {
  const bare = median(times(out.cold.bare));
  const bytes = (name, key) => median(out.cold[name].filter((r) => r.ok).map((r) => r[key]));
  const mb = (n) => `${(n / 1e6).toFixed(2)} MB`;
  const lines = [
    `build_scripts/bench — ${out.started.slice(0, 16).replace("T", " ")} UTC, ${out.cpus} × ${out.cpu}, load average ${out.loadavg_start.map((x) => x.toFixed(1)).join(" ")} → ${out.loadavg_end.map((x) => x.toFixed(1)).join(" ")}, ${out.rounds} interleaved rounds (ratios: median, min, max)`,
    "",
    "| measure | site |",
    "|---|---|",
    `| cold, navigation → first result (share link), × bare cold | ${spread(times(out.cold.site), bare)} |`,
    `| revisit (browser relaunched on a primed profile), × bare cold | ${spread(times(out.revisit.site), bare)} |`,
    `| revisit, × bare revisit | ${spread(times(out.revisit.site), median(times(out.revisit.bare)))} |`,
    `| bytes on the wire, cold, until the first result | ${mb(bytes("site", "bytes_until_result"))} = ${(bytes("site", "bytes_until_result") / bytes("bare", "bytes_all")).toFixed(2)} × bare's ${mb(bytes("bare", "bytes_all"))} |`,
    `| bytes on the wire, cold, with the service worker's install | ${mb(bytes("site", "bytes_all"))} = ${(bytes("site", "bytes_all") / bytes("bare", "bytes_all")).toFixed(2)} × bare |`,
    `| the same under brotli (until result / all) | ${mb(bytes("site_br", "bytes_until_result"))} / ${mb(bytes("site_br", "bytes_all"))} = ${(bytes("site_br", "bytes_all") / bytes("bare", "bytes_all")).toFixed(2)} × bare's identity bytes (bare under brotli: ${mb(bytes("bare_br", "bytes_all"))}) |`,
  ];
  for (const s of shaped) {
    lines.push(`| ${s.label}, brotli, cold, × bare on the same link | ${spread(times(out.cold[`site ${s.label}`]), median(times(out.cold[`bare ${s.label}`])))} |`);
  }
  if (out.cold.offline) lines.push(`| offline copy from file://, cold, × bare cold (over http) | ${spread(times(out.cold.offline), bare)} |`);
  // Each round's site ÷ the same round's bare: the load of a shared machine changes between rounds, and
  // the bare page (which compiles its library from source) slows down more than the site when it rises.
  const perRound = (site, bareRuns, runs = out.cold) => (runs[site] || []).map((r, i) => {
    const b = bareRuns[i];
    return r.ok && b?.ok ? (r.marks.result / b.marks.result).toFixed(2) : "—";
  }).join(", ");
  lines.push(`| per round (site ÷ bare of that round): cold; revisit | ${perRound("site", out.cold.bare)}; ${perRound("site", out.cold.bare, out.revisit)} |`);
  for (const s of shaped) lines.push(`| per round, ${s.label} | ${perRound(`site ${s.label}`, out.cold[`bare ${s.label}`])} |`);
  // Where the site's start-up went: the median of each mark (ms after navigation), cold and revisit.
  const marksOf = (runs) => {
    const names = [...new Set(runs.filter((r) => r.ok).flatMap((r) => Object.keys(r.marks)))];
    return names.map((n) => [n, median(runs.filter((r) => r.ok && n in r.marks).map((r) => r.marks[n]))])
      .sort((x, y) => x[1] - y[1]).map(([n, t]) => `${n} ${t.toFixed(0)}`).join(", ");
  };
  lines.push(`| site cold, medians (ms): page marks and the worker's phases (w_) | ${marksOf(out.cold.site)} |`);
  lines.push(`| site revisit, medians (ms) | ${marksOf(out.revisit.site)} |`);
  const rc = out.recompute_ms;
  lines.push(`| recompute, input event → updated figures (${rc.length} edits) | p50 ${pct(rc, 0.5).toFixed(0)} ms, p95 ${pct(rc, 0.95).toFixed(0)} ms (= ${(pct(rc, 0.95) / bare).toFixed(3)} × bare cold) |`);
  console.log(lines.join("\n"));
}

main().then(() => { stopServers(); process.exit(0); }, (e) => { console.error(e); stopServers(); process.exit(1); });
