// 继续教育学分自查 — the calculator page (main thread): start-up, the engine, the policy and record
// loaded, and the scoring requests.
//
// The rules live in Python (the `calculator` package, run by worker.js under Pyodide); the page only
// builds forms from the compiled policy JSON, keeps the record, and shows what the engine answers.
// Anything a user typed or imported is rendered with textContent, never as HTML.
//
// The page's modules: state.js (shared state), record.js (record and storage), policy.js (eras, kinds,
// guide links), form.js + fields.js (the form), years.js + readiness.js (years, the per-year table,
// title-application checks, deadlines), results.js + field-errors.js (results), share.js
// (import/export/share and backups), versions.js (a record saved under an older policy file);
// page-kit.js is shared with 单位批量核对 (batch.js).

import { clear, disclaimer, h, openPage, pageEngine, parseAnswer, readPolicy } from "./page-kit.js";
import { buildFormArea, renderForm } from "./form.js";
import { defaultYear } from "./policy.js";
import { renderPlan } from "./plan.js";
import { buildHistoryArea, saveCalendar } from "./readiness.js";
import { postHeightToParent } from "./embed.js";
import { buildPrintView } from "./print.js";
import { STORAGE_LOST, latestEntry, newRecord, readRecord, storage } from "./record.js";
import { renderAnswer, renderWaiting } from "./results.js";
import { adoptRecord, buildTools, sharedRecord } from "./share.js";
import { buildSummaryBar } from "./summary-bar.js";
import { EMBED, hideMessage, messages, params, root, showMessage, state, ui } from "./state.js";
import { afterAnswer, buildVersionNote, recordOpened } from "./versions.js";

if (EMBED) document.documentElement.classList.add("jx-embed");

/** Lay the page out; returns the policy picker. */
function buildSkeleton() {
  clear(root);
  root.dataset.busy = "1";
  ui.policySelect = h("select", { id: "jx-policy", class: "jx-policy", onchange: () => switchPolicy(ui.policySelect.value) });
  ui.results = h("section", { class: "jx-results", "aria-labelledby": "jx-results-title", hidden: true });
  // What a screen reader hears after an edit: the verdict and the figures that changed, not the page.
  ui.announce = h("p", { class: "jx-visually-hidden jx-announce", role: "status", "aria-live": "polite" });
  ui.storageWarning = h("p", { class: "jx-storage-warning", role: "alert", hidden: storage.works() }, STORAGE_LOST);
  root.append(
    state.engine.status,
    ui.storageWarning,
    messages.el,
    buildVersionNote(),
    h("div", { class: "jx-policy-line" },
      h("label", { for: "jx-policy", class: "jx-label" }, "政策"),
      ui.policySelect),
    buildFormArea(),
    buildSummaryBar(),
    ui.results,
    ui.announce,
    buildHistoryArea(),
    buildTools(),
    buildPrintView(),
    disclaimer());
  return ui.policySelect;
}

// --- engine ------------------------------------------------------------------------------------
function createEngine() {
  state.engine = pageEngine(root, {
    slowText: "计算引擎仍在加载，网络较慢时需要更长时间……表单可以先填写，结果会在就绪后显示。",
    readyNote: "结果随填写即时更新。",
    failedNote: "您填写的内容仍会自动保存；请刷新页面重试，或下载本站的离线版在本机使用。",
    onReady: requestScore,
    onFailed() {
      if (state.record) renderWaiting();
    },
    onMessage(message) {
      if (message.type === "result") {
        state.inFlight = false;
        if (state.pending) { // the record changed while the engine computed: score the latest one now
          requestScore();
          return;
        }
        if (message.id !== state.seq) return; // an older answer: a newer request is on its way
        state.answer = parseAnswer(message.answer, { path: "" });
        renderAnswer(state.answer);
        const migrated = afterAnswer(state.answer); // a record saved under an older policy file (versions.js)
        if (migrated) {
          setRecord(migrated); // under today's names; scored again
        } else {
          root.dataset.busy = "0";
        }
        saveRecord(); // with the policy version and the figures just shown
      } else if (message.type === "plan") {
        renderPlan(message);
      } else if (message.type === "ics") {
        if (message.id === state.icsSeq) saveCalendar(message.text);
      }
    },
  });
}

/** Score on every edit while the engine is idle; while it computes, remember only that the record
 * changed (edits coalesce) and score the latest record as soon as the answer arrives. */
function scheduleScore() {
  root.dataset.busy = "1";
  state.seq += 1; // an answer already on its way is for an older record: it must not end the wait
  if (state.inFlight) state.pending = true;
  else requestScore();
}

function requestScore() {
  state.pending = false;
  if (!state.record || !state.policy) return;
  if (state.engine.state !== "ready") {
    renderWaiting();
    return;
  }
  state.seq += 1;
  state.inFlight = true;
  root.dataset.busy = "1";
  state.engine.post({
    type: "score", id: state.seq, policy: state.policyText, record: JSON.stringify(state.record),
  });
}

// --- saving --------------------------------------------------------------------------------------
export function saveRecord() {
  if (!state.record) return;
  const kept = storage.set(`record:${state.record.policy}`, JSON.stringify(state.record));
  storage.set("last", state.record.policy);
  if (!kept) lostStorage(); // e.g. the quota ran out after the page opened
}

function lostStorage() {
  ui.storageWarning.hidden = false;
  ui.tools.classList.add("jx-no-storage");
}

/** After every edit of the record: keep it, forget an older share link, score it again. */
export function changed() {
  saveRecord();
  ui.shareOutput.hidden = true;
  scheduleScore();
}

// --- policy choice -------------------------------------------------------------------------------
async function switchPolicy(policyId) {
  if (!policyId) return;
  hideMessage();
  const saved = storage.get(`record:${policyId}`);
  await loadPolicy(policyId, saved === null ? null : { text: saved });
  saveRecord();
}

/** Load a policy and a record for it: a record object, {text} from storage, or null for a new one. */
export async function loadPolicy(policyId, given) {
  ui.policySelect.value = policyId;
  const text = await readPolicy(policyId, messages);
  if (text === null) return;
  state.policyText = text;
  state.policy = JSON.parse(text);
  let record = given && given.text !== undefined ? savedRecord(policyId, given.text) : given;
  if (!record) record = newRecord(policyId, defaultYear(state.policy));
  if (record.years.length === 1 && record.years[0].year === null) record.years[0].year = defaultYear(state.policy);
  setRecord(record);
  root.dataset.policy = policyId; // only now: the form on screen is this policy's
}

/** The record kept in this browser for the policy, or null (the unreadable text kept aside). */
function savedRecord(policyId, text) {
  try {
    const read = readRecord(JSON.parse(text), state.known);
    if (read.error || read.record.policy !== policyId) throw new Error(read.error);
    return read.record;
  } catch {
    storage.set(`corrupt:${policyId}`, text);
    showMessage("本浏览器中保存的记录已损坏，无法恢复，已从空白记录开始。（损坏的内容已另行保留，不会被覆盖。）");
    return null;
  }
}

export function setRecord(record) {
  recordOpened(record);
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

// --- start ------------------------------------------------------------------------------------------
/** The policy to open: ?policy= if this site has it, else the last one used here; or null. */
function wantedPolicy() {
  const wanted = params.get("policy");
  if (wanted && state.known.has(wanted)) return wanted;
  if (wanted) showMessage(`本站没有编号为「${wanted}」的政策，请从列表中选择。`);
  const last = storage.get("last");
  return last && state.known.has(last) ? last : null;
}

async function start() {
  if (!root) return;
  createEngine();
  if (EMBED) postHeightToParent(root.closest(".md-content__inner") || root);
  const policies = await openPage(state.engine, buildSkeleton, messages);
  if (!policies) return;
  state.policies = policies;
  state.known = new Set(policies.map((p) => p.id));

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
  const policyId = wantedPolicy();
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
