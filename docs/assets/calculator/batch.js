// 继续教育学分自查 — 单位批量核对 (main thread).
//
// Many people's record files (as exported by the calculator) under one policy: the engine
// (calculator.api.batch_csv, run by worker.js — the calculator's own worker) gives one row per
// person-year and the same table as CSV. The files are read in the browser and never uploaded.
// Anything from a file (names, labels, messages) is rendered with textContent, never as HTML.

import { clear, disclaimer, h, messageLine, openPage, pageEngine, parseAnswer, readPolicy, saveFile } from "./page-kit.js";

const root = document.getElementById("jx-batch");
const state = {
  engine: null, policies: [], policyId: "", policyText: null, policyTitle: "",
  named: [], notJson: [], seq: 0, answer: null,
};
const ui = {};
const messages = messageLine({ closable: false });
const showMessage = messages.show;
const hideMessage = messages.hide;

// --- page ----------------------------------------------------------------------------------------
/** Lay the page out; returns the policy picker. */
function buildSkeleton() {
  clear(root);
  root.dataset.busy = "0";
  ui.policySelect = h("select", { id: "jx-batch-policy", class: "jx-policy", onchange: () => choosePolicy(ui.policySelect.value) });
  ui.files = h("input", {
    id: "jx-batch-files", class: "jx-batch-files", type: "file", multiple: true, accept: ".json,application/json",
    onchange: () => readFiles(ui.files.files),
  });
  ui.notJson = h("p", { class: "jx-batch-not-json", hidden: true });
  ui.summary = h("p", { class: "jx-batch-summary", "aria-live": "polite" });
  ui.table = h("div", { class: "jx-batch-table" });
  ui.download = h("button", { type: "button", class: "md-button jx-batch-download", disabled: true, onclick: downloadCsv },
    "下载汇总表（CSV，可用 Excel 打开）");
  root.append(
    state.engine.status,
    messages.el,
    h("div", { class: "jx-policy-line" },
      h("label", { for: "jx-batch-policy", class: "jx-label" }, "政策"),
      ui.policySelect),
    h("div", { class: "jx-batch-files-line" },
      h("label", { for: "jx-batch-files", class: "jx-label" }, "记录文件"),
      ui.files,
      h("span", { class: "jx-help" }, "可一次选择多个 .json 文件；文件名（不含 .json）作为人员名称。")),
    ui.notJson,
    ui.summary,
    ui.table,
    h("div", { class: "jx-tool-buttons" }, ui.download),
    disclaimer());
  return ui.policySelect;
}

// --- engine (the calculator's worker) ------------------------------------------------------------
function createEngine() {
  state.engine = pageEngine(root, {
    slowText: "计算引擎仍在加载，网络较慢时需要更长时间……",
    readyNote: "",
    failedNote: "请刷新页面重试。",
    onReady: requestBatch,
    onMessage(message) {
      if (message.type !== "batch" || message.id !== state.seq) return; // older answers are superseded
      showAnswer(parseAnswer(message.answer));
      root.dataset.busy = "0";
    },
  });
}

function requestBatch() {
  if (state.engine.state !== "ready" || !state.policyText || state.named.length === 0) return;
  state.seq += 1;
  root.dataset.busy = "1";
  state.engine.post({ type: "batch", id: state.seq, policy: state.policyText, records: JSON.stringify(state.named) });
}

// --- policy ----------------------------------------------------------------------------------------
async function choosePolicy(policyId) {
  const known = state.policies.find((p) => p.id === policyId);
  if (!known) return;
  hideMessage();
  ui.policySelect.value = policyId;
  const text = await readPolicy(policyId, messages);
  if (text === null) return;
  state.policyId = policyId;
  state.policyText = text;
  state.policyTitle = known.short_title;
  root.dataset.policy = policyId;
  showTable(null);
  requestBatch();
}

// --- files ------------------------------------------------------------------------------------------
function labelOf(name) {
  return name.replace(/\.json$/i, "");
}

async function readFiles(fileList) {
  const files = Array.from(fileList || []);
  const named = [];
  const notJson = [];
  for (const file of files) {
    let record;
    try {
      record = JSON.parse(await file.text());
    } catch {
      // not JSON: a string record, which the engine reports on the person's row
      record = `文件「${file.name}」不是有效的 JSON`;
      notJson.push(file.name);
    }
    named.push([labelOf(file.name), record]);
  }
  state.named = named;
  state.notJson = notJson;
  ui.notJson.textContent = notJson.length ? `以下文件不是有效的 JSON，无法读取其中的记录：${notJson.join("、")}` : "";
  ui.notJson.hidden = notJson.length === 0;
  showTable(null);
  if (named.length && !state.policyText) showMessage("请先选择政策。", "info");
  requestBatch();
}

// --- the table ------------------------------------------------------------------------------------
function cellText(value) {
  return value === null || value === undefined ? "" : String(value);
}

function showTable(answer) {
  state.answer = answer && answer.ok ? answer : null;
  clear(ui.table);
  ui.download.disabled = !state.answer;
  if (!answer) {
    ui.summary.textContent = "";
    return;
  }
  if (!answer.ok) {
    ui.summary.textContent = "";
    showMessage(answer.error || "无法汇总");
    return;
  }
  const { columns, rows } = answer.table;
  const metAt = columns.indexOf("是否达标");
  const noteAt = columns.length - 1;
  const body = h("tbody");
  let notMet = 0;
  let errors = 0;
  for (const row of rows) {
    const met = cellText(row[metAt]);
    const failed = met === "无法核对"; // calculator.batch: 达标 · 未达标 · 无法核对 (with the reason) · —
    const classes = ["jx-batch-row"];
    if (met === "未达标") { classes.push("jx-batch-not-met"); notMet += 1; }
    if (failed) { classes.push("jx-batch-error"); errors += 1; }
    body.append(h("tr", { class: classes.join(" "), "data-met": met },
      row.map((value, n) => h("td", { class: n === noteAt ? "jx-batch-note" : null }, cellText(value)))));
  }
  const people = new Set(rows.map((row) => cellText(row[0]))).size;
  ui.summary.textContent = `共 ${people} 人、${rows.length} 行（每人每年度一行）：未达标 ${notMet} 行，无法核对 ${errors} 行。`;
  ui.table.append(h("table", { class: "jx-batch-grid" },
    h("thead", {}, h("tr", {}, columns.map((c) => h("th", { scope: "col" }, c)))),
    body));
}

function showAnswer(answer) {
  hideMessage();
  showTable(answer);
}

function downloadCsv() {
  if (!state.answer) return;
  saveFile(state.answer.csv, "text/csv;charset=utf-8", `单位批量核对_${state.policyTitle}.csv`);
}

// --- start --------------------------------------------------------------------------------------
async function main() {
  if (!root) return;
  createEngine();
  const policies = await openPage(state.engine, buildSkeleton, messages);
  if (!policies) return;
  state.policies = policies;
  const wanted = new URLSearchParams(location.search).get("policy");
  if (wanted && state.policies.some((p) => p.id === wanted)) await choosePolicy(wanted);
  else if (wanted) showMessage(`链接中的政策「${wanted}」不在本站，请从列表中选择。`);
  if (ui.files.files && ui.files.files.length) await readFiles(ui.files.files); // chosen before the page was ready
}

main();
