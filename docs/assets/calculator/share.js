// 继续教育学分自查 — the calculator's record files and links: export (JSON file), import, share links
// (the record as base64url in the address's #r=, never sent to a server), clearing, and the backup
// kept whenever one of these replaces a record someone would miss.

import { encodeShare, h, messageLine, saveFile } from "./page-kit.js";
import { loadPolicy, saveRecord, setRecord } from "./app.js";
import { isEmptyRecord, newRecord, readRecord, sameRecord, storage } from "./record.js";
import { showMessage, state, ui } from "./state.js";

/** The 保存、分享与打印 section. */
export function buildTools() {
  ui.fileInput = h("input", { type: "file", accept: ".json,application/json", class: "jx-file", hidden: true, onchange: onImportFile });
  ui.toolsMessage = messageLine({ closable: true }); // next to the buttons that cause its messages
  ui.toolsMessage.el.classList.add("jx-tools-message");
  ui.shareOutput = h("input", { type: "text", class: "jx-share-link", readonly: true, hidden: true, "aria-label": "分享链接" });
  ui.tools = h("section", { class: `jx-tools${storage.works() ? "" : " jx-no-storage"}`, hidden: true },
    h("h2", { class: "jx-h2" }, "保存、分享与打印"),
    h("p", { class: "jx-tools-note" },
      h("span", { class: "jx-saved-here" }, "记录自动保存在本浏览器中（不上传）。"),
      h("strong", { class: "jx-not-saved" }, "本浏览器不允许本页保存记录，刷新或关闭页面后填写的内容会丢失：请导出记录或生成分享链接。"),
      "可导出为文件备份或在其他设备导入；分享链接把记录放在链接的 # 之后，不会发送到任何服务器。"),
    h("div", { class: "jx-tool-buttons" },
      h("button", { type: "button", class: "md-button jx-export", onclick: exportRecord }, "导出记录（JSON）"),
      h("button", { type: "button", class: "md-button jx-import", onclick: () => ui.fileInput.click() }, "导入记录"),
      h("button", { type: "button", class: "md-button jx-share", onclick: shareRecord }, "生成分享链接"),
      h("button", { type: "button", class: "md-button jx-print", onclick: () => window.print() }, "打印 / 存为 PDF"),
      h("button", { type: "button", class: "md-button jx-clear", onclick: clearRecord }, "清空记录")),
    ui.toolsMessage.el, ui.fileInput, ui.shareOutput);
  return ui.tools;
}

// --- base64url of UTF-8 JSON (share links) ---------------------------------------------------
function decodeShare(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) throw new Error("not base64url");
  const padded = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
}

/** Replace the current record, keeping a copy of a different non-empty one so nothing is lost. */
export function adoptRecord(record, source) {
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
    const say = source === "share" ? showMessage : ui.toolsMessage.show; // a file: next to 导入记录
    if (backup) {
      say(`${what}。您之前在本浏览器保存的记录已备份。`, "info", { label: "恢复之前的记录", run: () => restoreBackup(say) });
    } else {
      say(`${what}。`, "info");
    }
  });
}

export function restoreBackup(say = showMessage) {
  const policyId = state.record?.policy;
  const saved = policyId && storage.get(`backup:${policyId}`);
  if (!saved) return;
  try {
    const { record, error } = readRecord(JSON.parse(saved), state.known);
    if (error) throw new Error(error);
    storage.set(`backup:${policyId}`, JSON.stringify(state.record));
    setRecord(record);
    saveRecord();
    say("已恢复之前的记录（刚才的记录已另存为备份）。", "info", { label: "再换回来", run: () => restoreBackup(say) });
  } catch {
    say("备份的记录无法读取。");
  }
}

function clearRecord() {
  if (isEmptyRecord(state.record)) return;
  if (!window.confirm("清空本政策下全部年度的活动？清空前的记录会另存为备份，可以恢复。")) return;
  storage.set(`backup:${state.record.policy}`, JSON.stringify(state.record));
  setRecord(newRecord(state.record.policy, state.entry.year));
  saveRecord();
  ui.toolsMessage.show("已清空。", "info", { label: "恢复之前的记录", run: () => restoreBackup(ui.toolsMessage.show) });
}

// --- export / import / share ---------------------------------------------------------------------
function exportRecord() {
  const record = state.record;
  const years = record.years.map((entry) => entry.year).filter(Number.isInteger).sort((x, y) => x - y);
  const span = years.length > 1 ? `${years[0]}-${years[years.length - 1]}` : String(years[0] ?? "");
  saveFile(JSON.stringify(record, null, 2) + "\n", "application/json", `继续教育记录_${state.policy.short_title}_${span}.json`);
}

function onImportFile() {
  const file = ui.fileInput.files && ui.fileInput.files[0];
  ui.fileInput.value = "";
  if (!file) return;
  const bad = (why) => ui.toolsMessage.show(`无法导入「${file.name}」：${why}。当前的记录没有改变。`);
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
  const done = () => ui.toolsMessage.show("分享链接已复制。记录在链接 # 之后，打开链接时只在对方的浏览器中读取，不经过任何服务器。", "info");
  const manual = () => ui.toolsMessage.show("请复制下面的分享链接。记录在链接 # 之后，不经过任何服务器。", "info");
  if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(url.href).then(done, manual);
  else manual();
}

/** The record in a #r= share link (then removed from the address), or null. */
export function sharedRecord() {
  const match = location.hash.match(/^#r=(.*)$/s);
  if (!match) return null;
  const url = new URL(location.href);
  url.hash = "";
  history.replaceState(null, "", url.pathname + url.search); // a reload must not re-apply the link
  try {
    const read = readRecord(decodeShare(match[1]), state.known);
    if (read.error) throw new Error(read.error);
    return read.record;
  } catch {
    showMessage("分享链接已损坏或不完整，无法读取其中的记录；本浏览器中已有的记录没有改变。");
    return null;
  }
}
