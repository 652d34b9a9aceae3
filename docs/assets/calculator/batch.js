// 继续教育学分自查 — 单位批量核对 (main thread).
//
// HR staff pick their sheet (.xlsx or .csv filled after the policy's template) or the records people
// exported from the calculator (.json): the engine's worker (batch-calls.js → calculator.api.BatchJob,
// the same Python as `python -m calculator batch`) reads them, scores them a chunk at a time while the
// progress bar moves, and answers one row per person-year. The table, filters and the drill-down into
// one person are batch-table.js. Nothing is uploaded: files are read here and exports made here.
// Anything from a file (names, labels, messages) is rendered with textContent, never as HTML.

import { SITE, clear, disclaimer, encodeShare, h, messageLine, openPage, pageEngine, parseAnswer, readPolicy, saveFile } from "./page-kit.js";
import { batchTable } from "./batch-table.js";

const root = document.getElementById("jx-batch");
const state = { engine: null, policies: [], policyId: "", policyText: null, policy: null, policyTitle: "", files: [], seq: 0 };
const ui = {};
const messages = messageLine({ closable: false });
const table = batchTable({ requestPerson, calculatorLink, policy: () => state.policy });
const TYPES = { xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", csv: "text/csv;charset=utf-8" };

// --- page ----------------------------------------------------------------------------------------
/** Lay the page out; returns the policy picker. */
function buildSkeleton() {
  clear(root);
  root.dataset.busy = "0";
  ui.policySelect = h("select", { id: "jx-batch-policy", class: "jx-policy", onchange: () => choosePolicy(ui.policySelect.value) });
  ui.templates = h("p", { class: "jx-batch-templates" });
  ui.files = h("input", {
    id: "jx-batch-files", class: "jx-batch-files", type: "file", multiple: true,
    accept: ".xlsx,.csv,.txt,.json,application/json,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    onchange: () => pickFiles(ui.files.files),
  });
  ui.progressBar = h("progress", { class: "jx-batch-progress-bar", max: 100, value: 0 });
  ui.progressText = h("span", { class: "jx-batch-progress-text" });
  ui.progress = h("div", { class: "jx-batch-progress", role: "status", hidden: true }, ui.progressBar, ui.progressText);
  ui.downloads = [
    h("button", { type: "button", class: "md-button jx-batch-download", "data-format": "xlsx", disabled: true,
      onclick: () => requestExport("xlsx") }, "下载结果（Excel .xlsx）"),
    h("button", { type: "button", class: "md-button jx-batch-download", "data-format": "csv", disabled: true,
      onclick: () => requestExport("csv") }, "下载结果（CSV）"),
  ];
  root.append(
    state.engine.status,
    messages.el,
    h("div", { class: "jx-policy-line" },
      h("label", { for: "jx-batch-policy", class: "jx-label" }, "政策"),
      ui.policySelect),
    ui.templates,
    h("div", { class: "jx-batch-files-line" },
      h("label", { for: "jx-batch-files", class: "jx-label" }, "表格或记录文件"),
      ui.files,
      h("span", { class: "jx-help" }, "按模板填写的 Excel（.xlsx）或 CSV 表格；也可一次选择多个计算器导出的记录（.json，文件名作为人员名称）。")),
    ui.progress,
    table.el,
    h("div", { class: "jx-tool-buttons" }, ui.downloads),
    disclaimer());
  showTemplates();
  return ui.policySelect;
}

function showTemplates() {
  clear(ui.templates);
  const guide = new URL(location.pathname.endsWith(".html") ? "batch-guide.html" : "batch-guide/", SITE);
  ui.templates.append(h("a", { href: guide.href }, "填写说明"));
  if (!state.policyId) {
    ui.templates.append("：选择政策后可下载该政策的填写模板。");
    return;
  }
  ui.templates.append("；本政策的填写模板：");
  for (const [ext, text] of [["xlsx", "Excel 模板（.xlsx）"], ["csv", "CSV 模板"]]) {
    const href = new URL(`batch-templates/${state.policyId}.${ext}`, SITE).href;
    ui.templates.append(h("a", { href, download: `${state.policyTitle}_批量核对模板.${ext}`, class: "jx-batch-template", "data-format": ext }, text), " ");
  }
}

// --- engine (the calculator's worker) ------------------------------------------------------------
function createEngine() {
  state.engine = pageEngine(root, {
    slowText: "计算引擎仍在加载，网络较慢时需要更长时间……",
    readyNote: "",
    failedNote: "请刷新页面重试。",
    onReady: requestBatch,
    onMessage,
  });
}

function onMessage(message) {
  if (message.id !== state.seq && message.type !== "batch-person") return; // superseded by a newer request
  if (message.type === "batch-progress") showProgress(message.done, message.total);
  else if (message.type === "batch-answer") {
    root.dataset.busy = "0";
    ui.progress.hidden = true;
    const answer = parseAnswer(message.answer);
    if (!answer.ok) messages.show(answer.error || "无法核对");
    table.show(answer.ok ? answer : null);
    for (const button of ui.downloads) button.disabled = !answer.ok;
  } else if (message.type === "batch-person") table.showPerson(parseAnswer(message.answer));
  else if (message.type === "batch-export") saveExport(message);
}

function showProgress(done, total) {
  ui.progress.hidden = false;
  ui.progressBar.max = Math.max(total, 1);
  ui.progressBar.value = done;
  ui.progressText.textContent = total ? `正在核对：${done} / ${total} 人` : "正在读取文件……";
}

async function requestBatch() {
  if (state.engine.state !== "ready" || !state.policyText || state.files.length === 0) return;
  state.seq += 1;
  const id = state.seq;
  root.dataset.busy = "1";
  table.show(null);
  for (const button of ui.downloads) button.disabled = true;
  showProgress(0, 0);
  const files = [];
  for (const file of state.files) files.push([file.name, await file.arrayBuffer()]);
  if (id !== state.seq) return;
  state.engine.worker.postMessage({ type: "batch-open", id, policy: state.policyText, files }, files.map(([, buffer]) => buffer));
}

function requestPerson(index) {
  state.engine.post({ type: "batch-person", id: state.seq, index });
}

function requestExport(format) {
  for (const button of ui.downloads) button.disabled = true;
  state.engine.post({ type: "batch-export", id: state.seq, format });
}

function saveExport(message) {
  for (const button of ui.downloads) button.disabled = false;
  if (message.error) {
    messages.show(message.error);
    return;
  }
  saveFile(new Uint8Array(message.bytes), TYPES[message.format], `单位批量核对结果_${state.policyTitle}.${message.format}`);
}

/** The calculator with this person's record (#r=, base64url of the JSON: never sent to a server). */
function calculatorLink(record) {
  const page = new URL(location.pathname.endsWith(".html") ? "calculator.html" : "calculator/", SITE);
  page.searchParams.set("policy", state.policyId);
  return `${page.href}#r=${encodeShare(record)}`;
}

// --- policy and files ----------------------------------------------------------------------------
async function choosePolicy(policyId) {
  const known = state.policies.find((p) => p.id === policyId);
  if (!known) return;
  messages.hide();
  ui.policySelect.value = policyId;
  const text = await readPolicy(policyId, messages);
  if (text === null) return;
  state.policyId = policyId;
  state.policyText = text;
  state.policy = JSON.parse(text);
  state.policyTitle = known.short_title;
  root.dataset.policy = policyId;
  showTemplates();
  table.show(null);
  requestBatch();
}

function pickFiles(fileList) {
  state.files = Array.from(fileList || []);
  messages.hide();
  table.show(null);
  if (state.files.length && !state.policyText) messages.show("请先选择政策。", "info");
  requestBatch();
}

// --- start --------------------------------------------------------------------------------------
async function main() {
  if (!root) return;
  createEngine();
  state.policies = await openPage(state.engine, buildSkeleton, messages);
  if (!state.policies) return;
  const wanted = new URLSearchParams(location.search).get("policy");
  if (wanted && state.policies.some((p) => p.id === wanted)) await choosePolicy(wanted);
  else if (wanted) messages.show(`链接中的政策「${wanted}」不在本站，请从列表中选择。`);
  if (ui.files.files && ui.files.files.length) pickFiles(ui.files.files); // chosen before the page was ready
}

main();
