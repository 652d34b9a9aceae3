// 继续教育学分自查 — a record opened under a policy file that has changed since it was saved.
//
// A saved record carries the policy version and the figures it was saved with (record.js stampRecord).
// At the first answer after a record is opened, this module says when the policy file has changed since,
// lists what the engine converted (renamed kinds, parameters, values: the policy file's `revisions`,
// applied by calculator/migrations.py), shows where today's figures differ from the saved ones, and the
// revisions made since as the reasons. Then the record is kept under today's names and version.

import { clear, h } from "./page-kit.js";
import { categoryLabels } from "./policy.js";
import { isEmptyRecord, readRecord, stampRecord } from "./record.js";
import { state, ui } from "./state.js";

export function buildVersionNote() {
  ui.versionNote = h("section", { class: "jx-version-note", "aria-live": "polite", hidden: true });
  return ui.versionNote;
}

/** A record was put on the page (from storage, a link, a file, a backup, or new). */
export function recordOpened(record) {
  if (state.migrated) { // the same record, under the names the engine gave it: the check goes on
    state.migrated = false;
    return;
  }
  state.versionCheck = isEmptyRecord(record) ? null
    : { version: record.policy_version ?? null, totals: record.saved_totals ?? null, notes: [], adopted: false };
  ui.versionNote.hidden = true;
  clear(ui.versionNote);
}

/**
 * After each answer of the engine. Returns the record to put on the page instead when the engine
 * migrated it (the caller sets it and scores again), else null; stamps the record with this answer.
 */
export function afterAnswer(answer) {
  const check = state.versionCheck;
  if (answer.ok && answer.record && check && !check.adopted) {
    const read = readRecord(answer.record, state.known);
    if (!read.error) {
      check.notes = answer.result.migrations || [];
      check.adopted = true;
      state.migrated = true;
      return read.record;
    }
  }
  if (check) {
    state.versionCheck = null;
    showNote(check, answer);
  }
  if (answer.ok) stampRecord(state.record, state.policy.version, answer.result);
  return null;
}

function showNote(check, answer) {
  const current = state.policy.version;
  const saved = check.version;
  const revisions = state.policy.revisions || [];
  // Records saved before versions existed count the first revision, which only starts the list.
  const since = revisions.slice(saved ? (saved.revisions ?? 0) : 1);
  const changed = saved ? saved.hash !== current.hash : since.length > 0;
  if (!changed && check.notes.length === 0) return;
  const note = ui.versionNote;
  clear(note);
  note.append(h("h2", { class: "jx-h2" }, "政策文件已更新"),
    h("p", {}, saved
      ? `这份记录保存时使用的是 ${saved.date ?? ""} 版政策文件（版本 ${saved.hash.slice(0, 8)}），本站的政策文件此后已更新为 `
        + `${current.date} 版（版本 ${current.hash.slice(0, 8)}）。下面的结果按更新后的政策文件计算。`
      : `这份记录保存于本站开始标注政策文件版本之前，本站的政策文件现为 ${current.date} 版。下面的结果按现在的政策文件计算。`));
  if (check.notes.length) {
    note.append(h("p", {}, "记录中的以下内容已按更新后的政策文件自动转换："),
      h("ul", { class: "jx-version-migrations" }, ...check.notes.map((item) => h("li", {}, item.text))));
  }
  if (check.totals && answer.ok) {
    const lines = differences(check.totals, answer.result);
    note.append(lines.length
      ? h("div", {}, h("p", {}, "与保存时的结果不同："),
        h("ul", { class: "jx-version-diffs" }, ...lines.map((line) => h("li", { "data-field": line.field, "data-year": line.year ?? "" }, line.text))))
      : h("p", { class: "jx-version-same" }, "各年度的结果与保存时相同。"));
  }
  note.append(since.length
    ? h("div", {}, h("p", {}, "此后政策文件的修订（结果不同的原因）："),
      h("ul", { class: "jx-version-revisions" }, ...since.map((r) => h("li", {}, `${r.date}：${r.summary}`))))
    : h("p", {}, "这次更新没有写明修订说明；如结果与保存时不同，请以通知原文为准，并可向我们反馈。"));
  note.hidden = false;
}

const MET = { true: "达标", false: "未达标", null: "无年度要求" };
const CHECK = { true: "满足", false: "不满足", null: "无法判断" };

/** Where today's answer differs from the figures saved with the record, in words. */
function differences(saved, result) {
  const labels = categoryLabels(state.policy);
  const lines = [];
  const now = new Map(result.years.map((year) => [year.year, year]));
  for (const old of saved.years || []) {
    const year = now.get(old.year);
    if (!year) {
      lines.push({ year: old.year, field: "year", text: `${old.year} 年度：现在没有计算结果` });
      continue;
    }
    const unit = year.unit || "";
    if (old.total !== undefined && old.total !== year.total) {
      lines.push({ year: old.year, field: "total", text: `${old.year} 年度合计：保存时 ${old.total} ${unit}，现在 ${year.total} ${unit}` });
    }
    const totals = Object.fromEntries(year.totals.map((line) => [line.category, line.value]));
    for (const [category, value] of Object.entries(old.totals || {})) {
      if (totals[category] !== value) {
        const label = labels[category] || category;
        lines.push({ year: old.year, field: `category:${category}`,
          text: `${old.year} 年度${label}：保存时 ${value} ${unit}，现在 ${totals[category] ?? "—"} ${unit}` });
      }
    }
    const met = year.requirement ? year.requirement.met : null;
    if (old.met !== undefined && old.met !== met) {
      lines.push({ year: old.year, field: "met", text: `${old.year} 年度是否达标：保存时「${MET[old.met]}」，现在「${MET[met]}」` });
    }
  }
  const checks = new Map((result.checks || []).map((check) => [check.id, check]));
  for (const [id, met] of Object.entries(saved.checks || {})) {
    const check = checks.get(id);
    if (check && (check.met ?? null) !== met) {
      lines.push({ field: `check:${id}`, text: `${check.label}：保存时「${CHECK[met]}」，现在「${CHECK[check.met ?? null]}」` });
    }
  }
  return lines;
}
