// 继续教育学分自查 — 单位批量核对 (main thread).
//
// Many people's record files (as exported by the calculator) under one policy: the engine
// (calculator.api.batch_csv, run by worker.js — the calculator's own worker) gives one row per
// person-year and the same table as CSV. The files are read in the browser and never uploaded.
// Anything from a file (names, labels, messages) is rendered with textContent, never as HTML.

const ASSETS = new URL("../", import.meta.url); // …/assets/
const DISCLAIMER = "本页结果由计算器按政策文件自动折算，仅供自查参考，以通知原文和主管部门认定为准。";

const root = document.getElementById("jx-batch");
const state = {
  engine: "loading", worker: null, policies: [], policyId: "", policyText: null, policyTitle: "",
  named: [], notJson: [], seq: 0, answer: null,
};
const ui = {};

// Text-only DOM helpers, the policy picker and the engine's worker: page-kit.js (loaded first).
const { h, clear, fetchText, loadPolicyPicker, startEngine: startKitEngine } = globalThis.jxjyKit;

function showMessage(text, kind = "error") {
  clear(ui.message);
  ui.message.dataset.kind = kind;
  ui.message.append(h("span", { class: "jx-message-text" }, text));
  ui.message.hidden = false;
}

function hideMessage() {
  ui.message.hidden = true;
  clear(ui.message);
}

// --- page ----------------------------------------------------------------------------------------
function buildSkeleton() {
  clear(root);
  root.dataset.engine = "loading";
  root.dataset.busy = "0";
  ui.status = h("div", { class: "jx-status", role: "status", "data-state": "loading" },
    ui.statusBar = h("progress", { class: "jx-status-bar", max: 100 }),
    ui.statusText = h("span", { class: "jx-status-text", text: "正在加载计算引擎（在您的浏览器中运行，不上传任何数据）…" }));
  ui.message = h("div", { class: "jx-message", role: "alert", hidden: true });
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
    ui.status,
    ui.message,
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
    h("p", { class: "jx-disclaimer" }, DISCLAIMER));
}

// --- engine (the calculator's worker) ------------------------------------------------------------
function startEngine() {
  state.worker = startKitEngine({
    bar: ui.statusBar,
    text: ui.statusText,
    slowText: "计算引擎仍在加载，网络较慢时需要更长时间……",
    onFailed: engineFailed,
    onReady(seconds) {
      state.engine = "ready";
      root.dataset.engine = "ready";
      ui.status.dataset.state = "ready";
      ui.statusText.textContent = `计算引擎已就绪（${seconds} 秒）。`;
      requestBatch();
    },
    onMessage(message) {
      if (message.type !== "batch" || message.id !== state.seq) return; // older answers are superseded
      let answer;
      try {
        answer = JSON.parse(message.answer);
      } catch {
        answer = { ok: false, error: "计算引擎返回了无法读取的结果" };
      }
      showAnswer(answer);
      root.dataset.busy = "0";
    },
  });
}

function engineFailed(reason) {
  if (state.engine === "failed") return;
  state.engine = "failed";
  root.dataset.engine = "failed";
  root.dataset.busy = "0";
  ui.status.dataset.state = "failed";
  ui.statusText.textContent = `计算引擎未能加载：${reason}。请刷新页面重试。`;
  if (state.worker) state.worker.terminate();
}

function requestBatch() {
  if (state.engine !== "ready" || !state.policyText || state.named.length === 0) return;
  state.seq += 1;
  root.dataset.busy = "1";
  state.worker.postMessage({ type: "batch", id: state.seq, policy: state.policyText, records: JSON.stringify(state.named) });
}

// --- policy ----------------------------------------------------------------------------------------
async function loadIndex() {
  state.policies = await loadPolicyPicker(ui.policySelect);
}

async function choosePolicy(policyId) {
  const known = state.policies.find((p) => p.id === policyId);
  if (!known) return;
  hideMessage();
  ui.policySelect.value = policyId;
  let text;
  try {
    text = await fetchText(new URL(`policies/${policyId}.json`, ASSETS));
  } catch {
    showMessage("无法读取该政策的数据，请检查网络后刷新页面。");
    return;
  }
  state.policyId = policyId;
  state.policyText = text;
  state.policyTitle = known.short_title;
  root.dataset.policy = policyId;
  const url = new URL(location.href);
  url.searchParams.set("policy", policyId);
  history.replaceState(null, "", url.pathname + url.search + url.hash);
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
    const failed = met === "" && cellText(row[noteAt]) !== "";
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
  const blob = new Blob([state.answer.csv], { type: "text/csv;charset=utf-8" });
  const url = URL.createObjectURL(blob);
  const a = h("a", { href: url, download: `单位批量核对_${state.policyTitle}.csv`.replace(/\s+/g, "") });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// --- start --------------------------------------------------------------------------------------
async function main() {
  if (!root) return;
  buildSkeleton();
  startEngine();
  try {
    await loadIndex();
  } catch {
    showMessage("无法读取政策列表，请检查网络后刷新页面。");
    return;
  }
  const wanted = new URLSearchParams(location.search).get("policy");
  if (wanted && state.policies.some((p) => p.id === wanted)) await choosePolicy(wanted);
  else if (wanted) showMessage(`链接中的政策「${wanted}」不在本站，请从列表中选择。`);
  if (ui.files.files && ui.files.files.length) await readFiles(ui.files.files); // chosen before the page was ready
}

main();
