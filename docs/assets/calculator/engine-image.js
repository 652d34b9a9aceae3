// The engine's memory image: a revisit starts from the memory of an earlier visit's engine (Pyodide's
// memory snapshot, taken once the calculator had been imported and had answered), so Python's own
// start-up and the engine's imports (about half a second) are skipped.
//
// The image is made in this browser, from this build's checked files, and kept in the browser's Cache
// Storage under this build's id (manifest.json "build"): nothing is downloaded for it and nothing leaves
// the browser. One image per site folder; a new build's image replaces the old one. Where Cache Storage
// is unavailable (plain http:// on another host, storage blocked in an embedding page) or refuses the
// ~30 MB, the engine starts from scratch as before. A damaged or foreign image is dropped and the
// engine starts from scratch.

const CACHE = "jxjy-engine-image";
const IDLE_MS = 1000; // quiet time after an answer before the image is made
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
    return response ? new Uint8Array(await response.arrayBuffer()) : null;
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
 * The image of `pyodide` (loaded with _makeSnapshot), made once: later() after each answer, and once the
 * engine has been idle for IDLE_MS it is made and stored, then done(stored); stop() gives it up.
 */
export function imageMaker(pyodide, assets, build, done) {
  let timer = null;
  let over = false;
  const make = () => {
    over = true;
    let bytes;
    try {
      bytes = pyodide.makeMemorySnapshot();
    } catch (error) {
      console.info("engine image not made:", error);
      return;
    }
    storeImage(assets, build, bytes).then(done);
  };
  return {
    later() {
      clearTimeout(timer);
      if (!over) timer = setTimeout(make, IDLE_MS);
    },
    stop() {
      over = true;
      clearTimeout(timer);
    },
  };
}
