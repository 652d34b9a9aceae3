// 继续教育学分自查 — the calculator's record (format 1) and where it is kept.
//
// A record is {format, policy, target_year, person, years: [{year, activities}]} plus, once scored, the
// policy version and figures it was saved with: new records, the structural check of a record from a
// file, a link or storage (the engine checks the values), and localStorage access that never throws
// (private windows, blocked third-party storage, a full quota).

export const RECORD_FORMAT = 1;
const STORE = "jxjy-calc:v1:";

// --- storage (never throws: private mode or a full quota must not break the page) ------------
export const storage = {
  get(key) {
    try { return localStorage.getItem(STORE + key); } catch { return null; }
  },
  set(key, value) {
    try { localStorage.setItem(STORE + key, value); return true; } catch { return false; }
  },
  remove(key) {
    try { localStorage.removeItem(STORE + key); } catch { /* nothing to do */ }
  },
  /** Whether what the page saves is kept: false in a frame on another site whose browser blocks its
   *  storage, in a private window that forbids it, or with no room left. */
  works() {
    try {
      localStorage.setItem(`${STORE}probe`, "1");
      const kept = localStorage.getItem(`${STORE}probe`) === "1";
      localStorage.removeItem(`${STORE}probe`);
      return kept;
    } catch {
      return false;
    }
  },
};

export const STORAGE_LOST = "本浏览器不允许本页保存记录（例如本页嵌在其他网站中而浏览器阻止了它的存储，或无痕模式禁止了存储）："
  + "刷新或关闭页面后，填写的内容会丢失。请用「导出记录（JSON）」保存为文件，或用「生成分享链接」保存链接。";

// --- records -------------------------------------------------------------------------------------
export function newActivity() {
  return { kind: "", params: {}, category: "", name: "", achievement: "" };
}

export function newRecord(policyId, year) {
  return { format: RECORD_FORMAT, policy: policyId, target_year: null, person: {}, years: [{ year, activities: [] }] };
}

function readActivities(activities, where) {
  if (!Array.isArray(activities)) return { error: `记录中${where}的活动列表（activities）不是列表` };
  const out = [];
  for (const [n, item] of activities.entries()) {
    if (!item || typeof item !== "object" || Array.isArray(item)) return { error: `${where}第 ${n + 1} 项活动不是一个对象` };
    const activity = newActivity();
    for (const key of ["kind", "category", "name", "achievement"]) {
      const value = item[key];
      if (value === undefined || value === null) continue;
      if (typeof value !== "string") return { error: `${where}第 ${n + 1} 项活动的 ${key} 不是文字` };
      activity[key] = value;
    }
    if (item.params !== undefined && item.params !== null) {
      if (typeof item.params !== "object" || Array.isArray(item.params)) {
        return { error: `${where}第 ${n + 1} 项活动的参数（params）不是一个对象` };
      }
      activity.params = { ...item.params };
    }
    for (const [key, value] of Object.entries(item)) {
      if (!(key in activity)) activity[key] = value; // keep fields this page does not edit
    }
    out.push(activity);
  }
  return { activities: out };
}

/**
 * A structural check of a record from a file, a link or storage; the engine checks the values.
 * Gives the multi-year record (`years`); a one-year record (`year` + `activities`: older saved
 * records, share links and files) becomes a record of that one year.
 */
export function readRecord(data, knownPolicies) {
  if (!data || typeof data !== "object" || Array.isArray(data)) return { error: "内容不是一个记录对象" };
  if (data.format !== undefined && data.format !== RECORD_FORMAT) {
    return { error: `记录格式版本「${String(data.format)}」不受支持（本计算器读取格式 ${RECORD_FORMAT}）` };
  }
  if (typeof data.policy !== "string" || !knownPolicies.has(data.policy)) {
    return { error: typeof data.policy === "string" ? `记录所属的政策「${data.policy}」不在本站` : "记录没有写明所属政策（policy）" };
  }
  const several = data.years !== undefined && data.years !== null;
  if (several && (!Array.isArray(data.years) || data.years.length === 0)) return { error: "记录中的年度列表（years）不是非空列表" };
  const entries = several ? data.years : [{ year: data.year, activities: data.activities }];
  if (entries.length > 50) return { error: "记录中的年度超过 50 个" };
  const years = [];
  let count = 0;
  for (const [n, entry] of entries.entries()) {
    if (!entry || typeof entry !== "object" || Array.isArray(entry)) return { error: `记录中的第 ${n + 1} 个年度不是一个对象` };
    if (entry.year !== undefined && entry.year !== null && !Number.isInteger(entry.year)) {
      return { error: several ? `记录中第 ${n + 1} 个年度的年份（year）不是整数` : "记录中的年度（year）不是整数" };
    }
    const read = readActivities(entry.activities ?? [], several ? `${entry.year ?? ""} 年度` : "");
    if (read.error) return read;
    count += read.activities.length;
    years.push({ year: entry.year ?? null, activities: read.activities });
  }
  if (count > 500) return { error: "记录中的活动超过 500 项" };
  const target = data.target_year ?? null;
  if (target !== null && !Number.isInteger(target)) return { error: "记录中的申报年度（target_year）不是整数" };
  const person = data.person ?? {};
  if (typeof person !== "object" || Array.isArray(person)) return { error: "记录中的个人信息（person）不是一个对象" };
  return { record: { format: RECORD_FORMAT, policy: data.policy, target_year: target, person: { ...person }, years, ...readStamp(data) } };
}

// --- the policy version and figures a record was saved with --------------------------------------
// Every record the page keeps, exports or shares carries `policy_version` (the compiled policy's
// `version`: hash, date, number of revisions) and `saved_totals` (the figures shown then), so that
// opening it under a changed policy file can say so and show what changed (versions.js).

function plainObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The stamp of a record read from a file, a link or storage (dropped when malformed: the engine ignores it). */
function readStamp(data) {
  const stamp = {};
  const version = data.policy_version;
  if (plainObject(version) && typeof version.hash === "string") stamp.policy_version = { ...version };
  if (plainObject(data.saved_totals) && (data.saved_totals.years === undefined || Array.isArray(data.saved_totals.years))) {
    stamp.saved_totals = data.saved_totals;
  }
  return stamp;
}

/** What a person read off an answer (calculator.api.score_json of a multi-year record), to save with it. */
export function totalsOf(result) {
  const years = result.years.map((year) => ({
    year: year.year,
    total: year.total,
    totals: Object.fromEntries(year.totals.map((line) => [line.category, line.value])),
    met: year.requirement ? year.requirement.met : null,
  }));
  return { years, checks: Object.fromEntries((result.checks || []).map((check) => [check.id, check.met ?? null])) };
}

/** Stamp the record with the policy version it was scored under and the figures the engine gave. */
export function stampRecord(record, version, result) {
  record.policy_version = { ...version };
  record.saved_totals = totalsOf(result);
}

export function sameRecord(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Nothing a person would miss: one year, no activities, no target year, no personal details. */
export function isEmptyRecord(record) {
  return !record || (record.years.length <= 1 && record.years.every((entry) => entry.activities.length === 0)
    && record.target_year === null && Object.keys(record.person).length === 0);
}

export function latestEntry(record) {
  return record.years.reduce((best, entry) => (best === null || (entry.year ?? 0) > (best.year ?? 0) ? entry : best), null);
}
