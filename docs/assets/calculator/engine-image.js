// The engine's memory image: a revisit starts from the memory of an earlier visit's engine (Pyodide's
// memory snapshot, taken once the calculator has been imported and before it has seen any record, so the
// image holds nothing the person entered), so Python's own start-up and the engine's imports (about half
// a second) are skipped.
//
// The image is made in this browser, from this build's checked files, and kept in the browser's Cache
// Storage under this build's id (manifest.json "build"): nothing is downloaded for it and nothing leaves
// the browser. One image per site folder; a new build's image replaces the old one. Where Cache Storage
// is unavailable (plain http:// on another host, storage blocked in an embedding page) or refuses the
// ~30 MB, the engine starts from scratch as before. A damaged or foreign image is dropped and the
// engine starts from scratch.

const CACHE = "jxjy-engine-image";
const IDLE_MS = 1000; // quiet time after an answer before the image is made
// Kept without its pages of zeros (about 60 % of the ~31 MB): reading 12 MB from Cache Storage instead of
// 31 is most of what restoring costs.
const PAGE = 4096;
const MAGIC = 0x4d49584a; // "JXIM"

/** The image without its all-zero pages: [MAGIC, length, count, page numbers…] then the pages. */
function pack(bytes) {
  const words = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2);
  const pages = Math.ceil(bytes.length / PAGE);
  const kept = [];
  for (let page = 0; page < pages; page += 1) {
    const end = Math.min((page + 1) * PAGE, bytes.length) >> 2;
    let i = (page * PAGE) >> 2;
    while (i < end && words[i] === 0) i += 1;
    if (i < end || page === pages - 1) kept.push(page); // the last page: its tail is not in `words`
  }
  const head = Uint32Array.from([MAGIC, bytes.length, kept.length, ...kept]);
  const out = new Uint8Array(head.byteLength + kept.length * PAGE);
  out.set(new Uint8Array(head.buffer));
  kept.forEach((page, k) => out.set(bytes.subarray(page * PAGE, (page + 1) * PAGE), head.byteLength + k * PAGE));
  return out;
}

/** The image `pack` made, whole again; null when `packed` is not one. */
function unpack(packed) {
  if (packed.byteLength < 12) return null;
  const [magic, length, count] = new Uint32Array(packed.buffer, packed.byteOffset, 3);
  const base = 12 + 4 * count;
  if (magic !== MAGIC || packed.byteLength !== base + count * PAGE || count > Math.ceil(length / PAGE)) return null;
  const pages = new Uint32Array(packed.buffer, packed.byteOffset + 12, count);
  const out = new Uint8Array(length);
  for (let k = 0; k < count; k += 1) {
    const at = pages[k] * PAGE;
    if (at >= length) return null;
    out.set(packed.subarray(base + k * PAGE, base + k * PAGE + Math.min(PAGE, length - at)), at);
  }
  return out;
}
const FOLDER = "engine-image/";

/** Cache Storage, or null where this context has none (or throws when asked). */
async function storage() {
  try {
    return self.caches ? await self.caches.open(CACHE) : null;
  } catch {
    return null;
  }
}

const keyOf = (assets, build) => new URL(`${FOLDER}${build}`, assets).href;

/** Whether images can be kept here at all (decides whether the engine loads able to make one). */
export async function imagesPossible() {
  return (await storage()) !== null;
}

/** This build's image (bytes), or null. */
export async function readImage(assets, build) {
  const cache = await storage();
  if (!cache || !build) return null;
  try {
    const response = await cache.match(keyOf(assets, build));
    return response ? unpack(new Uint8Array(await response.arrayBuffer())) : null;
  } catch {
    return null;
  }
}

/** Keep `bytes` as this build's image; other builds' images of this site folder are deleted. */
export async function storeImage(assets, build, bytes) {
  const cache = await storage();
  if (!cache || !build) return false;
  const key = keyOf(assets, build);
  const folder = new URL(FOLDER, assets).href;
  try {
    for (const request of await cache.keys()) {
      if (request.url.startsWith(folder) && request.url !== key) await cache.delete(request);
    }
    await cache.put(key, new Response(bytes, { headers: { "Content-Type": "application/octet-stream" } }));
    return true;
  } catch {
    return false; // quota, or storage went away: the next visit starts from scratch
  }
}

/** Forget this build's image (it failed to start the engine). */
export async function dropImage(assets, build) {
  const cache = await storage();
  if (cache && build) await cache.delete(keyOf(assets, build)).catch(() => false);
}

/**
 * The image of `pyodide` (loaded with _makeSnapshot): take() once, just before the engine's first
 * calculator request (so the image holds no record and a batch page, which never calls take(), makes
 * none); later() after each answer, and once the engine has been idle for IDLE_MS the image is packed
 * and stored (so that never delays an answer), then done(stored); stop() gives it up.
 */
export function imageKeeper(pyodide, assets, build, done) {
  let bytes = null;
  let timer = null;
  let over = false;
  const keep = () => {
    over = true;
    if (bytes) storeImage(assets, build, pack(bytes)).then(done);
    bytes = null;
  };
  return {
    take() {
      if (over || bytes) return;
      try {
        bytes = pyodide.makeMemorySnapshot();
      } catch (error) {
        over = true;
        console.info("engine image not made:", error);
      }
    },
    later() {
      clearTimeout(timer);
      if (!over && bytes) timer = setTimeout(keep, IDLE_MS);
    },
    stop() {
      over = true;
      clearTimeout(timer);
      bytes = null;
    },
  };
}
