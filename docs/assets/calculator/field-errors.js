// 继续教育学分自查 — the engine's errors placed on the calculator's form: next to the field they name
// (shortened), on the row when no field matches, on the year or target-year field. A missing value the
// person has not reached yet is shown as 请填写 (pending), not as an error.

import { isTouched } from "./form.js";
import { currentYearResult, root, state, ui } from "./state.js";

export function shortMessage(message) {
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

/** Mark the answer's errors on the form; returns each row's status ("invalid" / "pending") by index. */
export function renderFieldErrors(answer) {
  clearFieldErrors();
  // the whole record refused (strict errors), or a multi-year answer's own errors: the target year,
  // a personal detail, a year entered twice — everything else was computed
  const recordErrors = answer.ok ? answer.result.errors || [] : [answer];
  for (const error of recordErrors) placeRecordError(error.path, error.error ?? error.message);
  const rowStatus = new Map();
  const result = currentYearResult(answer);
  const errors = result ? result.errors.filter((error) => error.index < state.entry.activities.length) : [];
  for (const error of errors) {
    const status = placeActivityError(error);
    if (status) rowStatus.set(error.index, status === "pending" && rowStatus.get(error.index) !== "invalid" ? "pending" : "invalid");
  }
  return rowStatus;
}

/** Remove the last answer's marks; keep the ones of values the browser could not read (data-local). */
function clearFieldErrors() {
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
}

/** An error of the whole record: the year shown, the target year or a personal detail. */
function placeRecordError(path, message) {
  if (namesEntry(path)) {
    ui.yearError.textContent = yearErrorText({ error: message });
    ui.yearInput.classList.add("jx-invalid");
  } else if (/^(target_year|person\.[\w-]+)$/.test(path || "")) {
    const field = ui.readiness.querySelector(`.jx-field[data-field="${CSS.escape(path)}"]`);
    if (field) {
      field.classList.add("jx-invalid");
      field.querySelector(".jx-error").textContent = shortMessage(message.replace(/^个人信息：/, ""));
    }
  }
}

/** An activity's error next to its field (or on its row); returns "pending", "invalid" or null. */
function placeActivityError(error) {
  const row = state.rows[error.index];
  const activity = state.entry.activities[error.index];
  if (!row || !activity) return null;
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
  return pending ? "pending" : "invalid";
}

/** Whether a failed answer is about the number of the year shown (empty, not a year, a duplicate…). */
export function yearErrorOfEntry(answer) {
  return namesEntry(answer.path);
}

function namesEntry(path) {
  const match = /^years\[(\d+)\]\.year$/.exec(path || "");
  if (!match) return false;
  const named = state.record.years[Number(match[1])];
  return named === state.entry || (named && named.year === state.entry.year);
}

export function yearErrorText(answer) {
  return state.entry.year === null ? "请填写年度，例如 2024" : answer.error;
}

/** Why the year shown has no result in an answer that computed the others (it is entered twice), or "". */
export function entryErrorText(answer) {
  const error = answer.ok && (answer.result.errors || []).find((e) => namesEntry(e.path));
  return error ? error.message : "";
}
