// 继续教育学分自查 — the calculator page (main thread).
//
// The rules live in Python (the `calculator` package, run by worker.js under Pyodide); this file only
// builds forms from the compiled policy JSON, keeps the record, and shows what the engine answers.
// Anything a user typed or imported is rendered with textContent, never as HTML.

const ASSETS = new URL("../", import.meta.url); // …/assets/
const SITE = new URL("../", ASSETS); // the site root
const RECORD_FORMAT = 1;
const STORE = "jxjy-calc:v1:";
const DEBOUNCE_MS = 120;
const DISCLAIMER = "本页结果由计算器按政策文件自动折算，仅供自查参考，以通知原文和主管部门认定为准。";

const params = new URLSearchParams(location.search);
const EMBED = params.get("embed") === "1";
if (EMBED) document.documentElement.classList.add("jx-embed");

// Text-only DOM helpers, the policy picker and the engine's worker: page-kit.js (loaded first).
const { h, clear, fetchText, loadPolicyPicker, startEngine: startKitEngine } = globalThis.jxjyKit;

function fmt(value) {
  if (typeof value !== "number") return String(value);
  return String(value);
}

function chineseDate(date) {
  return `${date.getFullYear()}年${date.getMonth() + 1}月${date.getDate()}日`;
}

// --- storage (never throws: private mode or a full quota must not break the page) ------------
const storage = {
  get(key) {
    try { return localStorage.getItem(STORE + key); } catch { return null; }
  },
  set(key, value) {
    try { localStorage.setItem(STORE + key, value); return true; } catch { return false; }
  },
  remove(key) {
    try { localStorage.removeItem(STORE + key); } catch { /* nothing to do */ }
  },
};

// --- base64url of UTF-8 JSON (share links) ---------------------------------------------------
function encodeShare(record) {
  const bytes = new TextEncoder().encode(JSON.stringify(record));
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function decodeShare(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) throw new Error("not base64url");
  const padded = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
}

// --- records -------------------------------------------------------------------------------------
function newActivity() {
  return { kind: "", params: {}, category: "", name: "", achievement: "" };
}

function newRecord(policyId, year) {
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
function readRecord(data, knownPolicies) {
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
  return { record: { format: RECORD_FORMAT, policy: data.policy, target_year: target, person: { ...person }, years } };
}

function sameRecord(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Nothing a person would miss: one year, no activities, no target year, no personal details. */
function isEmptyRecord(record) {
  return !record || (record.years.length <= 1 && record.years.every((entry) => entry.activities.length === 0)
    && record.target_year === null && Object.keys(record.person).length === 0);
}

// --- the policy: eras, kinds --------------------------------------------------------------------
function eraForYear(policy, year) {
  for (const era of policy.eras) {
    const span = era.years;
    if (span.from != null && year < span.from) continue;
    if (span.to != null && year > span.to) continue;
    return era;
  }
  return null;
}

function nearestEra(policy, year) {
  const exact = Number.isInteger(year) ? eraForYear(policy, year) : null;
  if (exact) return exact;
  const eras = policy.eras;
  if (Number.isInteger(year) && eras[0].years.from != null && year < eras[0].years.from) return eras[0];
  return eras[eras.length - 1];
}

function defaultYear(policy) {
  const now = new Date().getFullYear();
  if (eraForYear(policy, now)) return now;
  let best = null;
  for (const era of policy.eras) {
    const to = era.years.to ?? now;
    if (best === null || to > best) best = to;
  }
  return best ?? now;
}

function kindOffered(kind, year) {
  const span = kind.years;
  if (!span || !Number.isInteger(year)) return true;
  return (span.from == null || year >= span.from) && (span.to == null || year <= span.to);
}

function findKind(policy, era, kindId) {
  const own = era.activities.find((k) => k.id === kindId);
  if (own) return { kind: own, era, offered: true };
  for (const other of policy.eras) {
    const kind = other.activities.find((k) => k.id === kindId);
    if (kind) return { kind, era: other, offered: false };
  }
  return null;
}

function categoryLabels(policy) {
  return Object.fromEntries(policy.categories.map((c) => [c.id, c.label]));
}

/** The policy's deadline counted from an activity's end (桐庐 第十三条), if it has one. */
function afterEndDeadline(policy) {
  return (policy.deadlines || []).find((d) => d.rule && d.rule.kind === "after_end") || null;
}

function todayISO() {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
}

function daysBetween(fromISO, toISO) {
  return Math.round((Date.parse(`${toISO}T00:00:00Z`) - Date.parse(`${fromISO}T00:00:00Z`)) / 86400000);
}

function dedupFor(era, kindId) {
  return (era.dedup || []).find((rule) => rule.kind === "same_achievement"
    && (!rule.activities || rule.activities.includes(kindId)));
}

// --- links to the guide ---------------------------------------------------------------------------
function policyPage(policyId, anchor) {
  const file = location.pathname.endsWith(".html") ? `policies/${policyId}.html` : `policies/${policyId}/`;
  const url = new URL(file, SITE);
  if (anchor) url.hash = anchor;
  return url.href;
}

function guideLink(text, policyId, anchor, title) {
  const a = h("a", { href: policyPage(policyId, anchor), class: "jx-art", title: title || "在政策说明页查看" }, text);
  if (EMBED) { a.target = "_blank"; a.rel = "noopener"; }
  return a;
}

function noteAnchor(era, ref) {
  if (!ref) return `era-${era.id}`;
  const [type, id] = ref.split(":");
  if (type === "dedup") {
    const n = (era.dedup || []).findIndex((rule) => rule.kind === id);
    return n >= 0 ? `dedup-${era.id}-${n + 1}` : `limits-${era.id}`;
  }
  if (type === "cap") return `cap-${era.id}-${id}`;
  if (type === "pool") return `pool-${era.id}-${id}`;
  return `era-${era.id}`;
}

// =================================================================================================
// The page
// =================================================================================================
const root = document.getElementById("jx-calc");

const state = {
  policies: [], // index entries
  known: new Set(),
  policy: null,
  policyText: "",
  record: null,
  entry: null, // the year shown in the form: one of record.years, or a year only spread activities reach
  era: null,
  touched: new WeakMap(), // activity -> Set of field keys the person has edited
  rows: [], // row elements, parallel to record.activities
  engine: "loading",
  worker: null,
  seq: 0,
  answer: null,
  timer: null,
  icsSeq: 0,
};

const ui = {};

function buildSkeleton() {
  clear(root);
  root.dataset.engine = "loading";
  root.dataset.busy = "1";

  ui.status = h("div", { class: "jx-status", role: "status", "data-state": "loading" },
    ui.statusBar = h("progress", { class: "jx-status-bar", max: 100 }),
    ui.statusText = h("span", { class: "jx-status-text", text: "正在加载计算引擎（在您的浏览器中运行，不上传任何数据）…" }));

  ui.message = h("div", { class: "jx-message", role: "alert", hidden: true });

  ui.policySelect = h("select", { id: "jx-policy", class: "jx-policy", onchange: () => switchPolicy(ui.policySelect.value) });
  ui.yearInput = h("input", {
    id: "jx-year", class: "jx-year", type: "number", inputmode: "numeric", min: 1990, max: 2100, step: 1,
    oninput: onYearInput,
  });
  ui.yearError = h("span", { class: "jx-error", "data-for": "year" });
  ui.removeYearButton = h("button", { type: "button", class: "jx-remove jx-remove-year", onclick: removeYear }, "删除本年度");
  ui.policyMeta = h("div", { class: "jx-policy-meta" });

  // the years of the record: one tab each, and a field to add another
  ui.timeline = h("div", { class: "jx-timeline", role: "group", "aria-label": "各年度" });
  ui.newYear = h("input", {
    id: "jx-new-year", class: "jx-year jx-new-year", type: "number", inputmode: "numeric", min: 1990, max: 2100, step: 1,
    onkeydown: (event) => { if (event.key === "Enter") addYear(); },
  });
  ui.newYearError = h("span", { class: "jx-error" });

  ui.rowsTitle = h("h2", { class: "jx-h2" }, "本年度的学习活动");
  ui.rows = h("ol", { class: "jx-rows" });
  ui.carried = h("ul", { class: "jx-carried", hidden: true });
  ui.addButton = h("button", { type: "button", class: "jx-add md-button", onclick: addActivity }, "＋ 添加一项活动");
  ui.formArea = h("div", { class: "jx-form-area", hidden: true },
    h("div", { class: "jx-years" },
      h("span", { class: "jx-label" }, "各年度"),
      ui.timeline,
      h("span", { class: "jx-add-year-line" },
        h("label", { for: "jx-new-year", class: "jx-visually-hidden" }, "要添加的年度"),
        ui.newYear,
        h("button", { type: "button", class: "md-button jx-add-year", onclick: () => addYear() }, "＋ 添加年度"),
        ui.newYearError)),
    h("div", { class: "jx-year-line" },
      h("label", { for: "jx-year", class: "jx-label" }, "年度"),
      ui.yearInput, ui.removeYearButton, ui.yearError),
    ui.policyMeta,
    ui.rowsTitle,
    ui.rows,
    ui.carried,
    ui.addButton);

  ui.results = h("section", { class: "jx-results", "aria-live": "polite", hidden: true });

  // several years: the per-year table, the title-application checks, the deadlines
  ui.summary = h("div", { class: "jx-summary" });
  ui.targetInput = h("input", {
    id: "jx-target-year", class: "jx-year jx-input", type: "number", inputmode: "numeric", min: 1990, max: 2100, step: 1,
    oninput: onTargetInput,
  });
  ui.personFields = h("div", { class: "jx-person-fields" });
  ui.checks = h("div", { class: "jx-checks-area" });
  ui.readiness = h("section", { class: "jx-readiness" },
    h("h2", { class: "jx-h2" }, "申报职称准备情况"),
    h("p", { class: "jx-help" }, "按本政策的跨年度规定，核对申报年度之前各年度的完成情况。填写申报年度和与本人有关的情况："),
    h("div", { class: "jx-fields jx-readiness-fields" },
      h("div", { class: "jx-field", "data-field": "target_year" },
        h("label", { for: "jx-target-year", class: "jx-label" }, "申报年度"),
        ui.targetInput,
        h("span", { class: "jx-help" }, "拟申报的年份，例如 2025"),
        h("span", { class: "jx-error" })),
      ui.personFields),
    ui.checks);
  ui.deadlines = h("section", { class: "jx-deadlines-area" });
  ui.history = h("section", { class: "jx-history", hidden: true }, ui.summary, ui.readiness, ui.deadlines);

  ui.fileInput = h("input", { type: "file", accept: ".json,application/json", class: "jx-file", hidden: true, onchange: onImportFile });
  ui.shareOutput = h("input", { type: "text", class: "jx-share-link", readonly: true, hidden: true, "aria-label": "分享链接" });
  ui.tools = h("section", { class: "jx-tools", hidden: true },
    h("h2", { class: "jx-h2" }, "保存、分享与打印"),
    h("p", { class: "jx-tools-note" }, "记录自动保存在本浏览器中（不上传）。可导出为文件备份或在其他设备导入；分享链接把记录放在链接的 # 之后，不会发送到任何服务器。"),
    h("div", { class: "jx-tool-buttons" },
      h("button", { type: "button", class: "md-button jx-export", onclick: exportRecord }, "导出记录（JSON）"),
      h("button", { type: "button", class: "md-button jx-import", onclick: () => ui.fileInput.click() }, "导入记录"),
      h("button", { type: "button", class: "md-button jx-share", onclick: shareRecord }, "生成分享链接"),
      h("button", { type: "button", class: "md-button jx-print", onclick: () => window.print() }, "打印 / 存为 PDF"),
      h("button", { type: "button", class: "md-button jx-clear", onclick: clearRecord }, "清空记录")),
    ui.fileInput, ui.shareOutput);

  ui.printHead = h("div", { class: "jx-print-head" });

  root.append(
    ui.printHead,
    ui.status,
    ui.message,
    h("div", { class: "jx-policy-line" },
      h("label", { for: "jx-policy", class: "jx-label" }, "政策"),
      ui.policySelect),
    ui.formArea,
    ui.results,
    ui.history,
    ui.tools,
    h("p", { class: "jx-disclaimer" }, DISCLAIMER));
}

// --- messages ------------------------------------------------------------------------------------
function showMessage(text, kind = "error", action = null) {
  clear(ui.message);
  ui.message.dataset.kind = kind;
  ui.message.append(h("span", { class: "jx-message-text" }, text));
  if (action) ui.message.append(h("button", { type: "button", class: "jx-message-action", onclick: action.run }, action.label));
  ui.message.append(h("button", { type: "button", class: "jx-message-close", "aria-label": "关闭提示", onclick: hideMessage }, "×"));
  ui.message.hidden = false;
}

function hideMessage() {
  ui.message.hidden = true;
  clear(ui.message);
}

// --- engine ------------------------------------------------------------------------------------
function startEngine() {
  state.worker = startKitEngine({
    bar: ui.statusBar,
    text: ui.statusText,
    slowText: "计算引擎仍在加载，网络较慢时需要更长时间……表单可以先填写，结果会在就绪后显示。",
    onFailed: engineFailed,
    onReady(seconds) {
      state.engine = "ready";
      root.dataset.engine = "ready";
      ui.status.dataset.state = "ready";
      ui.statusText.textContent = `计算引擎已就绪（${seconds} 秒）。结果随填写即时更新。`;
      requestScore();
    },
    onMessage(message) {
      if (message.type === "result") {
        if (message.id !== state.seq) return; // an older answer: a newer request is on its way
        let answer;
        try {
          answer = JSON.parse(message.answer);
        } catch {
          answer = { ok: false, error: "计算引擎返回了无法读取的结果", path: "" };
        }
        state.answer = answer;
        renderAnswer(answer);
        root.dataset.busy = "0";
      } else if (message.type === "ics") {
        if (message.id === state.icsSeq) saveCalendar(message.text);
      }
    },
  });
}

function engineFailed(reason) {
  if (state.engine === "failed") return;
  state.engine = "failed";
  root.dataset.engine = "failed";
  root.dataset.busy = "0";
  ui.status.dataset.state = "failed";
  ui.statusBar.value = 0;
  ui.statusText.textContent = `计算引擎未能加载：${reason}。您填写的内容仍会自动保存；请刷新页面重试，或下载本站的离线版在本机使用。`;
  if (state.worker) state.worker.terminate();
  if (state.record) renderWaiting();
}

function scheduleScore() {
  root.dataset.busy = "1";
  state.seq += 1; // an answer already on its way is for an older record: it must not end the wait
  clearTimeout(state.timer);
  state.timer = setTimeout(requestScore, DEBOUNCE_MS);
}

function requestScore() {
  clearTimeout(state.timer);
  if (!state.record || !state.policy) return;
  if (state.engine !== "ready") {
    renderWaiting();
    return;
  }
  state.seq += 1;
  root.dataset.busy = "1";
  state.worker.postMessage({
    type: "score", id: state.seq, policy: state.policyText, record: JSON.stringify(state.record),
  });
}

// --- saving --------------------------------------------------------------------------------------
function saveRecord() {
  if (!state.record) return;
  storage.set(`record:${state.record.policy}`, JSON.stringify(state.record));
  storage.set("last", state.record.policy);
}

function changed() {
  saveRecord();
  ui.shareOutput.hidden = true;
  scheduleScore();
}

/** Replace the current record, keeping a copy of a different non-empty one so nothing is lost. */
function adoptRecord(record, source) {
  const saved = storage.get(`record:${record.policy}`);
  let backup = null;
  if (saved) {
    try {
      const old = readRecord(JSON.parse(saved), state.known).record;
      if (old && !isEmptyRecord(old) && !sameRecord(old, record)) backup = saved;
    } catch { /* an unreadable saved record is handled when it is loaded */ }
  }
  if (backup) storage.set(`backup:${record.policy}`, backup);
  return loadPolicy(record.policy, record).then(() => {
    saveRecord();
    const what = source === "share" ? "已打开分享链接中的记录" : "已导入记录";
    if (backup) {
      showMessage(`${what}。您之前在本浏览器保存的记录已备份。`, "info", { label: "恢复之前的记录", run: restoreBackup });
    } else {
      showMessage(`${what}。`, "info");
    }
  });
}

function restoreBackup() {
  const policyId = state.record?.policy;
  const saved = policyId && storage.get(`backup:${policyId}`);
  if (!saved) return;
  try {
    const { record, error } = readRecord(JSON.parse(saved), state.known);
    if (error) throw new Error(error);
    storage.set(`backup:${policyId}`, JSON.stringify(state.record));
    setRecord(record);
    saveRecord();
    showMessage("已恢复之前的记录（刚才的记录已另存为备份）。", "info", { label: "再换回来", run: restoreBackup });
  } catch {
    showMessage("备份的记录无法读取。");
  }
}

// --- policy choice -------------------------------------------------------------------------------
async function loadIndex() {
  state.policies = await loadPolicyPicker(ui.policySelect);
  state.known = new Set(state.policies.map((p) => p.id));
}

async function switchPolicy(policyId) {
  if (!policyId) return;
  hideMessage();
  const saved = storage.get(`record:${policyId}`);
  await loadPolicy(policyId, saved === null ? null : { text: saved });
  saveRecord();
}

/** Load a policy and a record for it: a record object, {text} from storage, or null for a new one. */
async function loadPolicy(policyId, given) {
  ui.policySelect.value = policyId;
  let text;
  try {
    text = await fetchText(new URL(`policies/${policyId}.json`, ASSETS));
  } catch {
    showMessage("无法读取该政策的数据，请检查网络后刷新页面。");
    return;
  }
  state.policyText = text;
  state.policy = JSON.parse(text);
  const url = new URL(location.href);
  url.searchParams.set("policy", policyId);
  history.replaceState(null, "", url.pathname + url.search + url.hash);

  let record = null;
  if (given && given.text !== undefined) {
    try {
      const read = readRecord(JSON.parse(given.text), state.known);
      if (read.error || read.record.policy !== policyId) throw new Error(read.error);
      record = read.record;
    } catch {
      storage.set(`corrupt:${policyId}`, given.text);
      showMessage("本浏览器中保存的记录已损坏，无法恢复，已从空白记录开始。（损坏的内容已另行保留，不会被覆盖。）");
    }
  } else if (given) {
    record = given;
  }
  if (!record) record = newRecord(policyId, defaultYear(state.policy));
  if (record.years.length === 1 && record.years[0].year === null) record.years[0].year = defaultYear(state.policy);
  setRecord(record);
  root.dataset.policy = policyId; // only now: the form on screen is this policy's
}

function setRecord(record) {
  state.record = record;
  state.touched = new WeakMap();
  for (const entry of record.years) {
    for (const activity of entry.activities) state.touched.set(activity, new Set(["*"]));
  }
  state.answer = null;
  const shown = Number(storage.get(`year:${record.policy}`));
  state.entry = record.years.find((entry) => entry.year === shown) || latestEntry(record);
  renderForm();
  scheduleScore();
}

function latestEntry(record) {
  return record.years.reduce((best, entry) => (best === null || (entry.year ?? 0) > (best.year ?? 0) ? entry : best), null);
}

// --- the form ------------------------------------------------------------------------------------
function renderForm() {
  ui.formArea.hidden = false;
  ui.tools.hidden = false;
  ui.results.hidden = false;
  renderReadinessFields();
  renderYearForm();
  renderWaiting();
}

/** The form of the year shown: its number, era, activities (after a switch of year or record). */
function renderYearForm() {
  const { policy, entry } = state;
  const own = isOwnEntry(entry);
  ui.yearInput.value = Number.isInteger(entry.year) ? String(entry.year) : (entry.year ?? "");
  ui.yearInput.readOnly = !own;
  ui.removeYearButton.hidden = !own || state.record.years.length < 2;
  ui.removeYearButton.setAttribute("aria-label", `删除 ${entry.year ?? ""} 年度`);
  ui.yearError.textContent = "";
  state.era = nearestEra(policy, entry.year);
  ui.rowsTitle.textContent = Number.isInteger(entry.year) ? `${entry.year} 年度的学习活动` : "本年度的学习活动";
  storage.set(`year:${state.record.policy}`, String(entry.year));
  renderPolicyMeta();
  renderTimeline();
  renderRows();
  suggestNewYear();
}

function isOwnEntry(entry) {
  return state.record.years.includes(entry);
}

/** The years to show: the record's, and those only spread activities reach (from the last result). */
function timelineYears() {
  const years = new Map();
  for (const entry of state.record.years) years.set(entry.year, { entry, result: null });
  if (state.answer && state.answer.ok) {
    for (const result of state.answer.result.years) {
      const known = years.get(result.year);
      if (known) known.result = result;
      else years.set(result.year, { entry: null, result });
    }
  }
  return [...years.entries()].sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
}

function renderTimeline() {
  clear(ui.timeline);
  for (const [year, { entry, result }] of timelineYears()) {
    const current = entry ? entry === state.entry : state.entry.year === year && !isOwnEntry(state.entry);
    const met = result?.requirement ? result.requirement.met : null;
    const mark = result ? (met === true ? "✔" : met === false ? "✘" : "·") : "";
    const tab = h("button", {
      type: "button", class: `jx-year-tab${current ? " jx-current" : ""}${entry ? "" : " jx-year-carried"}`,
      "data-year": String(year ?? ""), "data-met": result ? String(met ?? "none") : null, "aria-pressed": String(current),
      title: entry ? null : "只有从其他年度带入的跨年度活动",
      onclick: () => selectYear(year),
    }, String(year ?? "？"), mark ? h("span", { class: "jx-year-mark", "aria-hidden": "true" }, mark) : null);
    ui.timeline.append(tab);
  }
}

/** Show another year in the form (the record does not change, the last result stays valid). */
function selectYear(year) {
  const entry = state.record.years.find((e) => e.year === year) || { year, activities: [] };
  if (entry === state.entry) return;
  state.entry = entry;
  renderYearForm();
  if (state.answer) renderAnswer(state.answer);
  else renderWaiting();
}

function suggestNewYear() {
  const have = new Set(state.record.years.map((e) => e.year));
  const years = [...have].filter(Number.isInteger);
  const low = years.length ? Math.min(...years) : defaultYear(state.policy);
  const high = years.length ? Math.max(...years) : low;
  const candidates = [low - 1, high + 1, low - 2];
  const pick = candidates.find((y) => !have.has(y) && eraForYear(state.policy, y));
  ui.newYear.value = pick ? String(pick) : "";
  ui.newYearError.textContent = "";
}

function addYear() {
  const text = ui.newYear.value.trim();
  const year = /^\d+$/.test(text) ? Number(text) : null;
  const eras = state.policy.eras.map((e) => `${e.years.from ?? ""}—${e.years.to ?? "至今"}`).join("、");
  let problem = "";
  if (year === null) problem = "请填写要添加的年度，例如 2023";
  else if (state.record.years.some((e) => e.year === year)) problem = `${year} 年度已录入`;
  else if (!eraForYear(state.policy, year)) problem = `${year} 年度不在本政策适用的年度内（${eras} 年度）`;
  if (problem) {
    ui.newYearError.textContent = problem;
    return;
  }
  const carried = state.entry.year === year && !isOwnEntry(state.entry) ? state.entry : null;
  const entry = carried || { year, activities: [] };
  state.record.years.push(entry);
  state.record.years.sort((a, b) => (a.year ?? 0) - (b.year ?? 0));
  state.entry = entry;
  renderYearForm();
  ui.addButton.focus();
  changed();
}

function removeYear() {
  const entry = state.entry;
  if (!isOwnEntry(entry) || state.record.years.length < 2) return;
  if (entry.activities.length
      && !window.confirm(`删除 ${entry.year ?? ""} 年度及其中的 ${entry.activities.length} 项活动？删除前的记录会另存为备份，可以恢复。`)) return;
  storage.set(`backup:${state.record.policy}`, JSON.stringify(state.record));
  state.record.years.splice(state.record.years.indexOf(entry), 1);
  state.entry = latestEntry(state.record);
  renderYearForm();
  changed();
  showMessage(`已删除 ${entry.year ?? ""} 年度。`, "info", { label: "恢复之前的记录", run: restoreBackup });
}

// --- target year and personal details (what the multi-year checks depend on) -----------------------
function renderReadinessFields() {
  const { record, policy } = state;
  ui.targetInput.value = Number.isInteger(record.target_year) ? String(record.target_year) : (record.target_year ?? "");
  clear(ui.personFields);
  for (const param of policy.person || []) {
    ui.personFields.append(paramField(record.person, param, `person.${param.id}`, () => changed()));
  }
}

function onTargetInput() {
  const value = ui.targetInput.value.trim();
  state.record.target_year = /^\d+$/.test(value) ? Number(value) : (value === "" ? null : value);
  changed();
}

function renderPolicyMeta() {
  const { policy, era } = state;
  const years = policy.eras.map((e) => `${e.label}：${e.years.from ?? ""}—${e.years.to ?? "至今"} 年度`).join("；");
  clear(ui.policyMeta).append(
    h("p", { class: "jx-policy-title" },
      h("strong", {}, policy.title), `（${policy.document_number}）`, " ",
      guideLink("查看政策说明", policy.id, `era-${era.id}`)),
    h("p", { class: "jx-policy-era" }, `本年度适用：${era.label}，单位：${era.unit}。${policy.eras.length > 1 ? `各阶段：${years}。` : ""}`));
}

function onYearInput() {
  if (!isOwnEntry(state.entry)) return;
  const value = ui.yearInput.value.trim();
  state.entry.year = /^\d+$/.test(value) ? Number(value) : (value === "" ? null : value);
  storage.set(`year:${state.record.policy}`, String(state.entry.year));
  ui.rowsTitle.textContent = Number.isInteger(state.entry.year) ? `${state.entry.year} 年度的学习活动` : "本年度的学习活动";
  renderTimeline();
  const era = nearestEra(state.policy, state.entry.year);
  const kindsBefore = offeredKinds(state.era).map((k) => k.id).join();
  const eraChanged = era !== state.era;
  state.era = era;
  if (eraChanged || offeredKinds(era).map((k) => k.id).join() !== kindsBefore) {
    renderPolicyMeta();
    renderRows();
  }
  changed();
}

function offeredKinds(era) {
  return era.activities.filter((k) => kindOffered(k, state.entry.year));
}

function renderRows() {
  clear(ui.rows);
  state.rows = state.entry.activities.map((activity, index) => renderRow(activity, index));
  ui.rows.append(...state.rows);
  if (state.entry.activities.length === 0) {
    ui.rows.append(h("li", { class: "jx-empty" }, isOwnEntry(state.entry)
      ? "还没有活动。点击“添加一项活动”，选择类型并填写天数、学时等。"
      : "本年度只有从其他年度带入的跨年度活动（见下）。点击“添加一项活动”可录入本年度的其他活动。"));
  }
  renderCarried();
}

/** Spread activities (益阳 三援) entered in another year that count in this one too. */
function renderCarried() {
  clear(ui.carried);
  const result = currentYearResult(state.answer);
  const carried = result ? result.activities.filter((item) => item.spread_from !== undefined) : [];
  ui.carried.hidden = carried.length === 0;
  for (const item of carried) {
    ui.carried.append(h("li", { class: "jx-carried-item", "data-from": String(item.spread_from) },
      h("span", { class: "jx-carried-tag" }, `自 ${item.spread_from} 年度带入`),
      h("span", {}, item.label, item.name ? `「${item.name}」` : ""),
      h("span", { class: "jx-row-value" }, `计 ${fmt(item.counted)} ${result.unit}`),
      h("button", { type: "button", class: "jx-remove", onclick: () => selectYear(item.spread_from) }, `到 ${item.spread_from} 年度修改`)));
  }
}

function touch(activity, key) {
  let set = state.touched.get(activity);
  if (!set) state.touched.set(activity, (set = new Set()));
  set.add(key);
}

function isTouched(activity, key) {
  const set = state.touched.get(activity);
  return Boolean(set && (set.has("*") || set.has(key)));
}

function renderRow(activity, index) {
  const { policy, era } = state;
  const found = activity.kind ? findKind(policy, era, activity.kind) : null;
  const row = h("li", { class: "jx-row", "data-index": index });

  const kindSelect = h("select", { class: "jx-kind", "aria-label": `第 ${index + 1} 项活动的类型` });
  kindSelect.append(h("option", { value: "" }, "— 请选择活动类型 —"));
  for (const kind of offeredKinds(era)) kindSelect.append(h("option", { value: kind.id }, kind.label));
  if (activity.kind && !(found && found.offered && kindOffered(found.kind, state.entry.year))) {
    const label = found ? found.kind.label : activity.kind;
    kindSelect.append(h("option", { value: activity.kind }, `${label}（${state.entry.year ?? ""} 年度不适用）`));
  }
  kindSelect.value = activity.kind;
  kindSelect.addEventListener("change", () => {
    activity.kind = kindSelect.value;
    activity.params = {};
    activity.category = "";
    const picked = activity.kind ? findKind(policy, era, activity.kind) : null;
    if (picked) {
      for (const param of picked.kind.params) {
        if (param.default !== undefined && param.default !== null) activity.params[param.id] = param.default;
        else if (param.type === "boolean") activity.params[param.id] = false;
      }
      if (picked.kind.category.choose) activity.category = picked.kind.category.default;
    }
    state.touched.set(activity, new Set(["kind"]));
    const fresh = renderRow(activity, index);
    row.replaceWith(fresh);
    state.rows[index] = fresh;
    fresh.querySelector(".jx-fields input, .jx-fields select")?.focus();
    changed();
  });

  const head = h("div", { class: "jx-row-head" },
    h("span", { class: "jx-row-no", "aria-hidden": "true" }, String(index + 1)),
    h("span", { class: "jx-field jx-field-kind", "data-field": "kind" },
      kindSelect, h("span", { class: "jx-error" })),
    h("span", { class: "jx-row-value", "aria-live": "polite" }),
    h("button", {
      type: "button", class: "jx-remove", title: "删除此项", "aria-label": `删除第 ${index + 1} 项活动`,
      onclick: () => removeActivity(index),
    }, "删除"));
  row.append(head);

  const fields = h("div", { class: "jx-fields" });
  if (found) {
    const { kind } = found;
    fields.append(h("p", { class: "jx-kind-article" }, "依据 ", guideLink(kind.article, policy.id, `act-${found.era.id}-${kind.id}`)));
    for (const param of kind.params) {
      const key = `params.${param.id}`;
      fields.append(paramField(activity.params, param, key, () => { touch(activity, key); changed(); }));
    }
    fields.append(categoryField(activity, kind, found.era, index));
  }
  fields.append(textField(activity, "name", "名称（可选）", "例如：县卫健局业务培训", index));
  const deadline = afterEndDeadline(policy);
  if (deadline) fields.append(dateField(activity, deadline));
  const dedup = found ? dedupFor(found.era, found.kind.id) : null;
  if (dedup) {
    fields.append(textField(activity, "achievement", "同一成果（可选）", "例如：慢病管理研究", index,
      `同一成果或内容的几项填相同的名称，只按最高的一项计算（${dedup.article}）`));
  }
  row.append(fields, h("p", { class: "jx-row-error jx-error" }));
  return row;
}

let fieldIds = 0;
function fieldShell(key, labelText, control, help, extra, target) {
  const id = `jx-f-${++fieldIds}`;
  (target || control).id = id;
  return h("div", { class: `jx-field ${extra || ""}`, "data-field": key },
    h("label", { for: id, class: "jx-label" }, labelText),
    control,
    help ? h("span", { class: "jx-help" }, help) : null,
    h("span", { class: "jx-error" }));
}

/** A field for a declared parameter (an activity's, or the person's), writing into `values`. */
function paramField(values, param, key, onChange) {
  const value = values[param.id];
  const label = `${param.label}${param.optional ? "（可选）" : ""}`;
  const set = (v) => {
    if (v === undefined) delete values[param.id];
    else values[param.id] = v;
    onChange();
  };

  if (param.type === "boolean") {
    const box = h("input", { type: "checkbox", class: "jx-input", checked: value === true });
    box.addEventListener("change", () => set(box.checked));
    const id = `jx-f-${++fieldIds}`;
    box.id = id;
    return h("div", { class: "jx-field jx-field-check", "data-field": key },
      box, h("label", { for: id, class: "jx-label" }, label),
      param.help ? h("span", { class: "jx-help" }, param.help) : null,
      h("span", { class: "jx-error" }));
  }

  if (param.type === "enum") {
    const select = h("select", { class: "jx-input" });
    if (param.default === undefined) select.append(h("option", { value: "" }, "— 请选择 —"));
    for (const option of param.options) select.append(h("option", { value: option.value }, option.label));
    select.value = typeof value === "string" ? value : "";
    select.addEventListener("change", () => set(select.value === "" ? undefined : select.value));
    return fieldShell(key, label, select, param.help);
  }

  if (param.type === "per_day") {
    const item = param.item || {};
    const input = h("input", {
      type: "text", class: "jx-input jx-per-day", inputmode: "decimal", autocomplete: "off",
      placeholder: "每天一个数，用逗号分隔，例如：4, 6, 8",
    });
    input.value = Array.isArray(value) ? value.join(", ") : (value ?? "");
    const count = h("span", { class: "jx-unit" });
    const showCount = (list) => {
      count.textContent = list && list.length ? `${item.unit ? `${item.unit}/天，` : ""}共 ${list.length} 天` : (item.unit ? `${item.unit}/天` : "");
    };
    showCount(Array.isArray(value) ? value : null);
    input.addEventListener("input", () => {
      const tokens = input.value.split(/[\s,，、;；]+/).filter(Boolean);
      const list = tokens.map((t) => (/^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t));
      showCount(list);
      set(list.length ? list : undefined);
    });
    const limits = [item.min != null ? `每天 ${item.min}` : "", item.max != null ? `${item.min != null ? "到" : "每天最多 "}${item.max}` : ""].join("");
    const help = [param.help, limits ? `${limits}${item.unit || ""}` : "", param.max_days ? `最多 ${param.max_days} 天` : ""].filter(Boolean).join("；");
    return fieldShell(key, label, h("span", { class: "jx-input-wrap" }, input, count), help, "jx-field-wide", input);
  }

  // integer / decimal
  const input = h("input", {
    type: "number", class: "jx-input jx-number", inputmode: param.type === "integer" ? "numeric" : "decimal",
    min: param.min, max: param.max, step: param.step ?? (param.type === "integer" ? 1 : "any"), autocomplete: "off",
  });
  input.value = typeof value === "number" ? String(value) : (typeof value === "string" ? value : "");
  input.addEventListener("input", () => {
    const field = input.closest(".jx-field");
    if (input.value === "" && input.validity.badInput) {
      field.dataset.local = "请输入数字";
      set(undefined);
      return;
    }
    delete field.dataset.local;
    set(input.value === "" ? undefined : Number(input.value));
  });
  const range = (param.min != null || param.max != null) ? `${param.min ?? ""}—${param.max ?? ""}` : "";
  const help = [param.help, range ? `范围 ${range}${param.unit ? ` ${param.unit}` : ""}` : ""].filter(Boolean).join("；");
  return fieldShell(key, label, h("span", { class: "jx-input-wrap" }, input, param.unit ? h("span", { class: "jx-unit" }, param.unit) : null), help, "", input);
}

function categoryField(activity, kind, era, index) {
  const labels = categoryLabels(state.policy);
  const spec = kind.category;
  if (spec.choose) {
    const select = h("select", { class: "jx-input" });
    for (const id of spec.choose) select.append(h("option", { value: id }, labels[id]));
    select.value = activity.category || spec.default;
    select.addEventListener("change", () => {
      activity.category = select.value;
      touch(activity, "category");
      changed();
    });
    return fieldShell("category", "计入科目", select, `按内容选择（默认：${labels[spec.default]}）`);
  }
  let text;
  if (spec.fixed) text = labels[spec.fixed];
  else if (spec.split) text = Object.entries(spec.split).map(([id, v]) => `${labels[id]} ${v}`).join("、") + "（按比例）";
  else if (spec.pool) {
    const pool = (era.pools || []).find((p) => p.id === spec.pool);
    text = pool ? `抵扣：${pool.explain}` : "抵扣";
  }
  return h("div", { class: "jx-field jx-field-static", "data-field": "category" },
    h("span", { class: "jx-label" }, "计入科目"), h("span", { class: "jx-static" }, text),
    h("span", { class: "jx-error" }));
}

function textField(activity, key, label, placeholder, index, help) {
  const input = h("input", { type: "text", class: "jx-input jx-text", placeholder, maxlength: 200, autocomplete: "off" });
  input.value = activity[key] || "";
  input.addEventListener("input", () => {
    activity[key] = input.value;
    touch(activity, key);
    changed();
  });
  return fieldShell(key, label, input, help, key === "name" ? "jx-field-name" : "jx-field-achievement");
}

/** The end date of an activity, for the registration deadline counted from it (桐庐 第十三条). */
function dateField(activity, deadline) {
  const year = state.entry.year;
  const input = h("input", { type: "date", class: "jx-input jx-date", autocomplete: "off" });
  if (Number.isInteger(year)) { input.min = `${year}-01-01`; input.max = `${year}-12-31`; }
  input.value = typeof activity.date === "string" ? activity.date : "";
  input.addEventListener("input", () => {
    const field = input.closest(".jx-field");
    if (input.value === "" && input.validity.badInput) {
      field.dataset.local = "请输入完整的日期";
      return;
    }
    delete field.dataset.local;
    if (input.value) activity.date = input.value;
    else delete activity.date;
    touch(activity, "date");
    changed();
  });
  return fieldShell("date", "结束日期（可选）", input, `填写后列出申报截止日（${deadline.article}）`, "jx-field-date");
}

function addActivity() {
  const activity = newActivity();
  if (!isOwnEntry(state.entry)) { // a year only spread activities reached: it becomes a year of the record
    state.record.years.push(state.entry);
    state.record.years.sort((a, b) => (a.year ?? 0) - (b.year ?? 0));
    renderYearForm();
  }
  state.entry.activities.push(activity);
  state.touched.set(activity, new Set());
  renderRows();
  state.rows[state.rows.length - 1].querySelector(".jx-kind").focus();
  changed();
}

function removeActivity(index) {
  state.entry.activities.splice(index, 1);
  renderRows();
  changed();
}

function clearRecord() {
  if (isEmptyRecord(state.record)) return;
  if (!window.confirm("清空本政策下全部年度的活动？清空前的记录会另存为备份，可以恢复。")) return;
  storage.set(`backup:${state.record.policy}`, JSON.stringify(state.record));
  setRecord(newRecord(state.record.policy, state.entry.year));
  saveRecord();
  showMessage("已清空。", "info", { label: "恢复之前的记录", run: restoreBackup });
}

// --- export / import / share ---------------------------------------------------------------------
function exportRecord() {
  const record = state.record;
  const blob = new Blob([JSON.stringify(record, null, 2) + "\n"], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const years = record.years.map((entry) => entry.year).filter(Number.isInteger).sort((x, y) => x - y);
  const span = years.length > 1 ? `${years[0]}-${years[years.length - 1]}` : String(years[0] ?? "");
  const a = h("a", { href: url, download: `继续教育记录_${state.policy.short_title}_${span}.json`.replace(/\s+/g, "") });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function onImportFile() {
  const file = ui.fileInput.files && ui.fileInput.files[0];
  ui.fileInput.value = "";
  if (!file) return;
  const bad = (why) => showMessage(`无法导入「${file.name}」：${why}。当前的记录没有改变。`);
  if (file.size > 2e6) { bad("文件过大，不是本计算器导出的记录"); return; }
  file.text().then((text) => {
    let data;
    try {
      data = JSON.parse(text);
    } catch {
      bad("文件不是有效的 JSON");
      return;
    }
    const { record, error } = readRecord(data, state.known);
    if (error) { bad(error); return; }
    adoptRecord(record, "import");
  }, () => bad("文件无法读取"));
}

function shareRecord() {
  const url = new URL(location.href);
  url.search = "";
  url.searchParams.set("policy", state.record.policy);
  url.hash = `r=${encodeShare(state.record)}`;
  ui.shareOutput.value = url.href;
  ui.shareOutput.hidden = false;
  ui.shareOutput.select();
  const done = () => showMessage("分享链接已复制。记录在链接 # 之后，打开链接时只在对方的浏览器中读取，不经过任何服务器。", "info");
  const manual = () => showMessage("请复制下面的分享链接。记录在链接 # 之后，不经过任何服务器。", "info");
  if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(url.href).then(done, manual);
  else manual();
}

// --- results -------------------------------------------------------------------------------------
function renderWaiting() {
  if (state.answer) return; // keep the last result on screen until the next one arrives
  clear(ui.results);
  const text = state.engine === "failed"
    ? "计算引擎未能加载，暂时无法计算。您的填写已保存。"
    : "结果将在计算引擎就绪后显示……";
  ui.results.append(h("h2", { class: "jx-h2" }, "计算结果"), h("p", { class: "jx-waiting" }, text));
  renderHistory(null);
}

function shortMessage(message) {
  // "第 2 项活动（发表论文（译文））：「刊物类型」…" -> "「刊物类型」…" next to the field
  if (message.startsWith("第 ")) {
    const at = message.indexOf("）：");
    if (at >= 0) return message.slice(at + 2);
  }
  return message;
}

function fieldKey(path, index) {
  path = path.replace(/^years\[\d+\]\./, ""); // errors of a multi-year record name the year first
  const prefix = `activities[${index}]`;
  if (!path.startsWith(prefix)) return "";
  return path.slice(prefix.length).replace(/^\./, "").replace(/\[\d+\]$/, "");
}

function renderFieldErrors(answer) {
  for (const el of root.querySelectorAll(".jx-error")) { el.textContent = ""; }
  for (const el of root.querySelectorAll(".jx-field")) {
    el.classList.remove("jx-invalid", "jx-pending");
    if (el.dataset.local) {
      el.classList.add("jx-invalid");
      el.querySelector(".jx-error").textContent = el.dataset.local;
    }
  }
  for (const row of state.rows) row.classList.remove("jx-row-invalid", "jx-row-pending");
  ui.yearInput.classList.remove("jx-invalid");

  const rowStatus = new Map();
  const result = currentYearResult(answer);
  const errors = result ? result.errors.filter((error) => error.index < state.entry.activities.length) : [];
  if (!answer.ok && yearErrorOfEntry(answer)) {
    ui.yearError.textContent = yearErrorText(answer);
    ui.yearInput.classList.add("jx-invalid");
  } else if (!answer.ok && /^(target_year|person\.[\w-]+)$/.test(answer.path || "")) {
    const field = ui.readiness.querySelector(`.jx-field[data-field="${CSS.escape(answer.path)}"]`);
    if (field) {
      field.classList.add("jx-invalid");
      field.querySelector(".jx-error").textContent = shortMessage(answer.error.replace(/^个人信息：/, ""));
    }
  }
  for (const error of errors) {
    const row = state.rows[error.index];
    const activity = state.entry.activities[error.index];
    if (!row || !activity) continue;
    const key = fieldKey(error.path, error.index);
    const field = key ? row.querySelector(`.jx-field[data-field="${CSS.escape(key)}"]`) : null;
    const missing = /必须填写$/.test(error.message) || (key === "kind" && !activity.kind);
    const pending = missing && !isTouched(activity, key);
    const text = key === "kind" && !activity.kind ? "请选择活动类型" : shortMessage(error.message);
    if (field && !field.dataset.local) {
      field.classList.add(pending ? "jx-pending" : "jx-invalid");
      field.querySelector(".jx-error").textContent = pending ? "请填写" : text;
    } else if (!field) {
      row.querySelector(".jx-row-error").textContent = text;
    }
    rowStatus.set(error.index, pending && rowStatus.get(error.index) !== "invalid" ? "pending" : "invalid");
  }
  return rowStatus;
}

/** The result of the year shown in the form, from a multi-year answer. */
function currentYearResult(answer) {
  if (!answer || !answer.ok || !state.entry) return null;
  return answer.result.years.find((result) => result.year === state.entry.year) || null;
}

/** Whether a failed answer is about the number of the year shown (empty, not a year, a duplicate…). */
function yearErrorOfEntry(answer) {
  const match = /^years\[(\d+)\]\.year$/.exec(answer.path || "");
  if (!match) return false;
  const named = state.record.years[Number(match[1])];
  return named === state.entry || (named && named.year === state.entry.year);
}

function yearErrorText(answer) {
  return state.entry.year === null ? "请填写年度，例如 2024" : answer.error;
}

function renderAnswer(answer) {
  if (answer.ok && !currentYearResult(answer) && !isOwnEntry(state.entry)) {
    state.entry = latestEntry(state.record); // the spread activity that reached this year is gone
    renderYearForm();
  }
  const rowStatus = renderFieldErrors(answer);
  renderTimeline();
  renderCarried();
  clear(ui.results);
  const result = currentYearResult(answer);
  ui.results.append(h("h2", { class: "jx-h2" },
    Number.isInteger(state.entry.year) ? `${state.entry.year} 年度计算结果` : "计算结果"));
  if (!answer.ok || !result) {
    ui.results.dataset.state = "error";
    ui.results.append(h("p", { class: "jx-answer-error" },
      !answer.ok ? (yearErrorOfEntry(answer) ? yearErrorText(answer) : answer.error) : "本年度没有计算结果"));
    for (const row of state.rows) row.querySelector(".jx-row-value").textContent = "";
    renderHistory(null);
    renderPrintHead(null);
    return;
  }
  ui.results.dataset.state = "ok";
  const unit = result.unit;
  const era = state.policy.eras.find((e) => e.id === result.era.id) || state.era;

  // per-row badges
  const byIndex = new Map(result.activities.map((a) => [a.index, a]));
  state.rows.forEach((row, index) => {
    const badge = row.querySelector(".jx-row-value");
    const item = byIndex.get(index);
    row.classList.toggle("jx-row-invalid", rowStatus.get(index) === "invalid");
    row.classList.toggle("jx-row-pending", rowStatus.get(index) === "pending");
    if (item) {
      badge.textContent = item.counted !== item.raw ? `原 ${fmt(item.raw)} → 计 ${fmt(item.counted)} ${unit}` : `计 ${fmt(item.counted)} ${unit}`;
      badge.dataset.state = item.notes.length ? "noted" : "ok";
    } else {
      badge.textContent = rowStatus.get(index) === "pending" ? "待填写" : "有误，未计入";
      badge.dataset.state = rowStatus.get(index) || "invalid";
    }
  });

  // verdict and requirement lines
  const requirement = result.requirement;
  if (requirement) {
    ui.results.append(h("p", { class: `jx-verdict ${requirement.met ? "jx-met" : "jx-unmet"}`, "data-met": String(requirement.met) },
      requirement.met ? `✔ 已达到 ${result.year} 年度要求` : `✘ 尚未达到 ${result.year} 年度要求`));
    const lines = requirement.groups.concat(requirement.total ? [requirement.total] : []);
    const table = h("div", { class: "jx-lines" });
    for (const line of lines) {
      const share = line.min > 0 ? Math.min(1, line.value / line.min) : 1;
      const bar = h("span", { class: "jx-bar-fill" });
      bar.style.width = `${(share * 100).toFixed(1)}%`;
      table.append(h("div", { class: `jx-line ${line.met ? "jx-met" : "jx-unmet"}`, "data-line": line.id, "data-met": String(line.met) },
        h("span", { class: "jx-line-label" }, line.label),
        h("span", {
          class: "jx-bar", role: "progressbar", "aria-valuemin": 0, "aria-valuemax": line.min, "aria-valuenow": line.value,
          "aria-label": line.label,
        }, bar),
        h("span", { class: "jx-line-figures" },
          h("span", { class: "jx-line-value" }, fmt(line.value)), ` / ${fmt(line.min)} ${unit}`),
        h("span", { class: "jx-line-status" },
          line.met ? "✔ 已达到" : h("span", {}, "✘ 还差 ", h("span", { class: "jx-shortfall" }, fmt(line.shortfall)), ` ${unit}`)),
        h("span", { class: "jx-line-article" }, guideLink(line.article, state.policy.id, `requirement-${era.id}`))));
    }
    ui.results.append(table);
  } else {
    ui.results.append(h("p", { class: "jx-verdict jx-none", "data-met": "none" },
      `${result.era.label}没有单一年度的学${unit === "学时" ? "时" : "分"}要求，下面列出本年度的折算结果。`));
  }

  // totals
  const totals = h("dl", { class: "jx-totals" });
  for (const total of result.totals) {
    totals.append(h("div", { class: "jx-total", "data-category": total.category },
      h("dt", {}, total.label), h("dd", {}, h("span", { class: "jx-total-value" }, fmt(total.value)), ` ${unit}`)));
  }
  totals.append(h("div", { class: "jx-total jx-grand-total", "data-category": "total" },
    h("dt", {}, "合计"), h("dd", {}, h("span", { class: "jx-total-value" }, fmt(result.total)), ` ${unit}`)));
  ui.results.append(h("h3", { class: "jx-h3" }, "各科目合计"), totals);

  // per activity
  ui.results.append(h("h3", { class: "jx-h3" }, "每项活动如何折算"));
  if (result.activities.length === 0 && state.entry.activities.length === 0) {
    ui.results.append(h("p", { class: "jx-waiting" }, "还没有填写活动。"));
  }
  const list = h("ol", { class: "jx-breakdown" });
  const errorsByIndex = new Map(result.errors.map((e) => [e.index, e]));
  state.entry.activities.forEach((activity, index) => {
    const item = byIndex.get(index);
    const error = errorsByIndex.get(index);
    list.append(item ? breakdownItem(item, activity, era, unit) : h("li", {
      class: `jx-item jx-item-error${rowStatus.get(index) === "pending" ? " jx-item-pending" : ""}`, "data-index": index },
      h("p", { class: "jx-item-title" }, `第 ${index + 1} 项 · ${kindLabel(activity.kind)}`, activity.name ? `「${activity.name}」` : ""),
      h("p", { class: "jx-item-error-text" }, rowStatus.get(index) === "pending" ? "待填写：" : "未计入：",
        !error ? "" : (!activity.kind ? "请选择活动类型" : (rowStatus.get(index) === "pending" ? shortMessage(error.message) : error.message)))));
  });
  for (const item of result.activities) { // spread activities entered in another year (益阳 三援)
    if (item.spread_from !== undefined) list.append(breakdownItem(item, null, era, unit));
  }
  ui.results.append(list);

  // era notes and interpretations
  if (result.notes.length) {
    ui.results.append(h("h3", { class: "jx-h3" }, "说明"),
      h("ul", { class: "jx-notes" }, result.notes.map((note) => h("li", {}, note.text, "（",
        guideLink(note.article, state.policy.id, `era-${era.id}`), "）"))));
  }
  const readings = applicableInterpretations(era);
  if (readings.length) {
    ui.results.append(h("h3", { class: "jx-h3" }, "本计算器的解读（通知未写明之处）"),
      h("ul", { class: "jx-interpretations" }, readings.map((item) => h("li", { "data-id": item.id },
        h("strong", {}, item.topic), "：", item.reading, "（",
        guideLink(item.article, state.policy.id, `interp-${item.id}`), "）"))));
  }
  renderHistory(answer.result);
  renderPrintHead(result);
}

// --- several years: the per-year table, title applications, deadlines ------------------------------
function renderHistory(history) {
  ui.history.hidden = false;
  clear(ui.summary);
  clear(ui.checks);
  clear(ui.deadlines);
  if (!history) {
    ui.summary.append(h("h2", { class: "jx-h2" }, "各年度汇总"),
      h("p", { class: "jx-waiting" }, state.answer && !state.answer.ok ? "请先修正标出的错误。"
        : state.engine === "failed" ? "计算引擎未能加载，暂时无法计算。" : "结果将在计算引擎就绪后显示……"));
    return;
  }
  renderYearTable(history);
  renderChecks(history);
  renderDeadlines(history);
}

function renderYearTable(history) {
  const body = h("tbody", {});
  const eras = state.policy.eras.length > 1;
  for (const result of history.years) {
    const requirement = result.requirement;
    const met = requirement ? requirement.met : null;
    const own = state.record.years.some((entry) => entry.year === result.year);
    const carried = result.activities.some((item) => item.spread_from !== undefined);
    let status;
    if (!requirement) status = h("span", { class: "jx-y-none" }, "本阶段无单一年度要求");
    else if (met) status = "✔ 已达到";
    else {
      const lines = requirement.groups.concat(requirement.total ? [requirement.total] : []).filter((line) => !line.met);
      status = h("span", {}, "✘ 未达到，还差 ", lines.map((line, n) => [n ? "、" : "",
        h("span", { class: "jx-y-short", "data-line": line.id }, `${line.label} ${fmt(line.shortfall)}`)]), ` ${result.unit}`);
    }
    const current = result.year === state.entry.year;
    body.append(h("tr", {
      class: `jx-y-row${current ? " jx-current" : ""} ${met === true ? "jx-met" : met === false ? "jx-unmet" : ""}`,
      "data-year": String(result.year), "data-met": String(met ?? "none") },
    h("th", { scope: "row" }, h("button", {
      type: "button", class: "jx-y-year", "aria-pressed": String(current), onclick: () => selectYear(result.year),
      title: "在上面的表单中查看这一年度" }, `${result.year}`),
    carried ? h("span", { class: "jx-y-note", title: "含从其他年度带入的跨年度活动" }, own ? "（含带入）" : "（带入）") : null),
    eras ? h("td", { class: "jx-y-era" }, result.era.label) : null,
    h("td", { class: "jx-y-cats" }, result.totals.map((total, n) => [n ? "、" : "",
      h("span", { class: "jx-y-cat", "data-category": total.category }, `${total.label} ${fmt(total.value)}`)])),
    h("td", { class: "jx-y-sum" }, h("span", { class: "jx-y-total" }, fmt(result.total)), ` ${result.unit}`),
    h("td", { class: "jx-y-status" }, status)));
  }
  ui.summary.append(h("h2", { class: "jx-h2" }, "各年度汇总"),
    h("div", { class: "jx-table-wrap" }, h("table", { class: "jx-ytable" },
      h("thead", {}, h("tr", {}, ["年度", eras ? "适用规定" : null, "各科目", "合计", "是否达到年度要求"]
        .filter(Boolean).map((text) => h("th", { scope: "col" }, text)))),
      body)));
}

const CHECK_STATUS = { true: ["✔", "满足"], false: ["✘", "不满足"], unknown: ["？", "待确认"] };

function renderChecks(history) {
  const policyId = state.policy.id;
  if (!history.checks.length) {
    ui.checks.append(h("p", { class: "jx-none" }, "本政策没有跨年度的要求（如申报前几年的完成情况、连续未完成的后果），只看每个年度是否达到年度要求。"));
    return;
  }
  const list = h("ul", { class: "jx-checks" });
  for (const check of history.checks) {
    const met = check.met === null || check.met === undefined ? "unknown" : String(check.met);
    const [mark, word] = CHECK_STATUS[met];
    const named = check.findings.map((finding) => finding.year);
    const years = check.years && check.years.length ? check.years : null;
    const listed = check.findings.length && check.text !== check.findings.map((finding) => finding.text).join("；");
    list.append(h("li", { class: `jx-check jx-check-${met}`, "data-check": check.id, "data-met": met, "data-findings": named.join(",") },
      h("p", { class: "jx-check-head" },
        h("span", { class: "jx-check-status" }, `${mark} ${word}`), " ",
        h("strong", { class: "jx-check-label" }, check.label), " ",
        h("span", { class: "jx-check-article" }, "依据 ", guideLink(check.article, policyId, `check-${check.id}`))),
      h("p", { class: "jx-check-text" }, check.text),
      years ? h("p", { class: "jx-check-years" }, "涉及年度：", years.map((year, n) => [n ? "、" : "",
        h("span", { class: `jx-check-year${named.includes(year) ? " jx-named" : ""}` }, String(year))])) : null,
      listed ? h("ul", { class: "jx-check-findings" }, check.findings.map((finding) =>
        h("li", { "data-year": String(finding.year) }, finding.text))) : null,
      h("p", { class: "jx-check-rule" }, h("q", { class: "jx-clause" }, check.clause))));
  }
  ui.checks.append(list);
}

function renderDeadlines(history) {
  const all = state.policy.deadlines || [];
  if (!all.length) return;
  ui.deadlines.append(h("h2", { class: "jx-h2" }, "申报期限"));
  if (all.some((d) => d.rule)) renderDatedDeadlines(history);
  // Deadlines the notice states without a computable date (益阳 6月至9月办理, 滨州 申报评审前): shown as written.
  const others = all.filter((d) => !d.rule);
  if (others.length) {
    ui.deadlines.append(h("ul", { class: "jx-deadline-others" }, others.map((d) =>
      h("li", { "data-deadline": d.id }, h("strong", {}, d.label), "：", d.summary,
        "（", guideLink(d.article, state.policy.id, "deadlines"), "）"))));
  }
}

function renderDatedDeadlines(history) {
  const today = todayISO();
  const list = history.deadlines;
  if (!list.length) {
    const afterEnd = afterEndDeadline(state.policy);
    ui.deadlines.append(h("p", { class: "jx-waiting" }, afterEnd
      ? `填写活动的“结束日期”后，这里会列出每项活动的申报截止日（${afterEnd.summary}）`
      : `录入的年度没有按本政策计算的申报截止日。`));
    return;
  }
  const upcoming = list.filter((item) => item.date >= today).length;
  ui.deadlines.append(h("p", { class: "jx-help" },
    `今天是 ${today}。${upcoming ? `还有 ${upcoming} 个期限未到` : "列出的期限均已过去"}，已过去的显示为灰色。`));
  ui.deadlines.append(h("ul", { class: "jx-deadline-list" }, list.map((item) => {
    const past = item.date < today;
    const days = daysBetween(today, item.date);
    return h("li", { class: `jx-deadline${past ? " jx-past" : ""}`, "data-date": item.date, "data-past": String(past) },
      h("span", { class: "jx-deadline-date" }, item.date),
      h("span", { class: "jx-deadline-when" }, past ? "已过" : days === 0 ? "今天截止" : `还有 ${days} 天`),
      h("span", { class: "jx-deadline-what" },
        h("strong", {}, item.label), `：${item.year} 年度第 ${item.index + 1} 项「${item.activity}」。`, item.summary,
        "（", guideLink(item.article, state.policy.id, "deadlines"), "）"));
  })));
  ui.deadlines.append(h("button", {
    type: "button", class: "md-button jx-ics", onclick: requestCalendar, disabled: state.engine !== "ready",
  }, "下载日历（.ics）"), h("span", { class: "jx-help jx-ics-note" }, " 把这些期限加入手机或电脑的日历（文件在本机生成）。"));
}

function requestCalendar() {
  if (state.engine !== "ready" || !state.record) return;
  state.icsSeq += 1;
  state.worker.postMessage({ type: "ics", id: state.icsSeq, policy: state.policyText, record: JSON.stringify(state.record) });
}

function saveCalendar(text) {
  if (!text) {
    showMessage("没有可加入日历的申报期限。", "info");
    return;
  }
  const blob = new Blob([text], { type: "text/calendar;charset=utf-8" });
  const url = URL.createObjectURL(blob);
  const a = h("a", { href: url, download: `继续教育申报期限_${state.policy.short_title}.ics`.replace(/\s+/g, "") });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function kindLabel(kindId) {
  if (!kindId) return "未选择类型";
  const found = findKind(state.policy, state.era, kindId);
  return found ? found.kind.label : kindId;
}

function paramSummary(activity, found) {
  if (!found) return "";
  const parts = [];
  for (const param of found.kind.params) {
    const value = activity.params[param.id];
    if (value === undefined || value === null || value === "") continue;
    let shown;
    if (param.type === "boolean") shown = value ? "是" : "否";
    else if (param.type === "enum") shown = param.options.find((o) => o.value === value)?.label ?? String(value);
    else if (param.type === "per_day") shown = Array.isArray(value) ? `${value.join("、")}${param.item?.unit ? ` ${param.item.unit}` : ""}` : String(value);
    else shown = `${value}${param.unit ? ` ${param.unit}` : ""}`;
    parts.push(`${param.label}：${shown}`);
  }
  return parts.join("；");
}

function breakdownItem(item, activity, era, unit) {
  const found = findKind(state.policy, era, item.kind);
  const policyId = state.policy.id;
  const li = h("li", { class: "jx-item", "data-index": item.index, "data-kind": item.kind });
  li.append(h("p", { class: "jx-item-title" },
    h("span", { class: "jx-item-no" }, item.spread_from !== undefined ? `${item.spread_from} 年度带入` : `第 ${item.index + 1} 项`),
    " · ", item.label,
    item.name ? h("span", { class: "jx-item-name" }, `「${item.name}」`) : null));
  if (item.spread_from !== undefined) {
    li.classList.add("jx-item-carried");
    li.append(h("p", { class: "jx-item-filled" }, `跨年度活动，在 ${item.spread_from} 年度录入，它覆盖的每个年度都计入`));
  }
  const filled = activity ? paramSummary(activity, found) : "";
  if (filled) li.append(h("p", { class: "jx-item-filled" }, "填写：", filled));
  li.append(h("p", { class: "jx-item-figures" },
    "折算 ", h("span", { class: "jx-raw" }, fmt(item.raw)), ` ${unit}`,
    "，计入 ", h("span", { class: "jx-counted" }, fmt(item.counted)), ` ${unit}`,
    item.categories.length
      ? h("span", { class: "jx-item-cats" }, "（", item.categories.map((c, n) => [n ? "、" : "",
        h("span", { class: "jx-cat", "data-category": c.category }, `${c.label} ${fmt(c.value)}`)]), "）")
      : null));
  const ruleLink = guideLink(item.rule.article, policyId, found ? `act-${found.era.id}-${found.kind.id}` : `era-${era.id}`);
  li.append(h("div", { class: "jx-item-rule" }, "依据 ", ruleLink, "：", h("q", { class: "jx-clause" }, item.rule.clause)));
  if (item.steps.length) {
    li.append(h("ol", { class: "jx-steps" }, item.steps.map((step) => h("li", {}, step.text))));
  }
  for (const note of item.notes) {
    li.append(h("p", { class: "jx-item-note" }, "⚠ ", note.text, "（",
      guideLink(note.article, policyId, note.ref === "none" && found ? `act-${found.era.id}-${found.kind.id}` : noteAnchor(era, note.ref)), "）"));
  }
  return li;
}

function applicableInterpretations(era) {
  const policy = state.policy;
  const referenced = new Set();
  for (const e of policy.eras) for (const k of e.activities) for (const id of k.interpretations || []) referenced.add(id);
  const used = new Set();
  for (const activity of state.entry.activities) {
    const found = activity.kind ? findKind(policy, era, activity.kind) : null;
    for (const id of found?.kind.interpretations || []) used.add(id);
  }
  // …and readings of the era's own rules (requirement, de-duplication, caps, pools), matched by article
  const eraArticles = new Set([...(era.dedup || []), ...(era.caps || []), ...(era.pools || []),
    ...(era.requirement ? [...era.requirement.groups, era.requirement.total].filter(Boolean) : [])].map((r) => r.article));
  return (policy.interpretations || []).filter((item) => used.has(item.id)
    || (!referenced.has(item.id) && eraArticles.has(item.article)));
}

function renderPrintHead(result) {
  const policy = state.policy;
  clear(ui.printHead).append(...[
    h("p", { class: "jx-print-title" }, `继续教育${state.era?.unit === "学时" ? "学时" : "学分"}自查结果`),
    h("p", {}, `政策：${policy.title}`),
    h("p", {}, `文号：${policy.document_number}`),
    h("p", {}, `年度：${result ? `${result.year} 年度（${result.era.label}）` : String(state.entry.year ?? "")}`),
    state.record.years.length > 1 ? h("p", {}, `录入的年度：${state.record.years.map((e) => e.year).join("、")}`) : null,
    Number.isInteger(state.record.target_year) ? h("p", {}, `申报年度：${state.record.target_year}`) : null,
    h("p", {}, `计算日期：${chineseDate(new Date())}`)].filter(Boolean));
}

// --- start ------------------------------------------------------------------------------------------
/** The record in a #r= share link (then removed from the address), or null. */
function sharedRecord() {
  const match = location.hash.match(/^#r=(.*)$/s);
  if (!match) return null;
  const url = new URL(location.href);
  url.hash = "";
  history.replaceState(null, "", url.pathname + url.search); // a reload must not re-apply the link
  try {
    const read = readRecord(decodeShare(match[1]), state.known);
    if (read.error) throw new Error(read.error);
    return read.record;
  } catch (error) {
    showMessage("分享链接已损坏或不完整，无法读取其中的记录；本浏览器中已有的记录没有改变。");
    return null;
  }
}

async function start() {
  if (!root) return;
  buildSkeleton();
  startEngine();
  try {
    await loadIndex();
  } catch {
    showMessage("无法读取政策列表，请检查网络后刷新页面。");
    return;
  }

  // 1. a share link  2. ?policy=  3. the last policy used here
  window.addEventListener("hashchange", () => { // a link pasted while the page is open
    const record = sharedRecord();
    if (record) adoptRecord(record, "share");
  });
  const shared = sharedRecord();
  if (shared) {
    await adoptRecord(shared, "share");
    return;
  }
  const wanted = params.get("policy");
  let policyId = null;
  if (wanted && state.known.has(wanted)) policyId = wanted;
  else if (wanted) showMessage(`本站没有编号为「${wanted}」的政策，请从列表中选择。`);
  if (!policyId) {
    const last = storage.get("last");
    if (last && state.known.has(last)) policyId = last;
  }
  if (policyId) {
    const saved = storage.get(`record:${policyId}`);
    await loadPolicy(policyId, saved === null ? null : { text: saved });
  } else {
    ui.policySelect.focus();
    root.dataset.busy = "0";
  }
}

start().catch((error) => {
  console.error(error);
  if (root) {
    root.append(h("p", { class: "jx-answer-error" }, "计算器页面出错，请刷新重试。若问题仍在，可下载本站的离线版在本机使用。"));
  }
});
