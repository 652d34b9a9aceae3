// 继续教育学分自查 — the calculator's result for the year shown: per-row badges, the verdict and each
// requirement line with its shortfall, totals per category, each activity's breakdown, the era's notes
// and interpretations; or, until the engine answers, a waiting line.

import { clear, h } from "./page-kit.js";
import { applicableInterpretations, breakdownItem, kindLabel } from "./breakdown.js";
import { carriedItems } from "./carried.js";
import { renderFieldErrors, shortMessage, yearErrorOfEntry, yearErrorText } from "./field-errors.js";
import { renderCarried, renderYearForm } from "./form.js";
import { fmt, guideLink } from "./policy.js";
import { planBox, schedulePlan } from "./plan.js";
import { renderHistory } from "./readiness.js";
import { latestEntry } from "./record.js";
import { renderSummaryBar } from "./summary-bar.js";
import { currentYearResult, isOwnEntry, state, ui } from "./state.js";
import { renderTimeline } from "./years.js";

export function renderWaiting() {
  if (state.answer) return; // keep the last result on screen until the next one arrives
  clear(ui.results);
  const text = state.engine.state === "failed"
    ? "计算引擎未能加载，暂时无法计算。您的填写已保存。"
    : "结果将在计算引擎就绪后显示……";
  ui.results.append(h("h2", { class: "jx-h2", id: "jx-results-title" }, "计算结果"), h("p", { class: "jx-waiting" }, text));
  renderHistory(null);
  renderSummaryBar(null);
}

/** Show an answer of the engine (calculator.api.score_json) for the whole record. */
export function renderAnswer(answer) {
  if (answer.ok && !currentYearResult(answer) && !isOwnEntry(state.entry)) {
    state.entry = latestEntry(state.record); // the spread activity that reached this year is gone
    renderYearForm();
  }
  const rowStatus = renderFieldErrors(answer);
  renderTimeline();
  renderCarried();
  clear(ui.results);
  const result = currentYearResult(answer);
  ui.results.append(h("h2", { class: "jx-h2", id: "jx-results-title" },
    Number.isInteger(state.entry.year) ? `${state.entry.year} 年度计算结果` : "计算结果"));
  if (!answer.ok || !result) {
    ui.results.dataset.state = "error";
    ui.results.append(h("p", { class: "jx-answer-error" },
      !answer.ok ? (yearErrorOfEntry(answer) ? yearErrorText(answer) : answer.error) : "本年度没有计算结果"));
    for (const row of state.rows) row.querySelector(".jx-row-value").textContent = "";
    renderHistory(null);
    schedulePlan(null);
    renderSummaryBar(null, answer.ok ? "" : "✘ 有需要修正的填写，修正后显示结果");
    return;
  }
  ui.results.dataset.state = "ok";
  const era = state.policy.eras.find((e) => e.id === result.era.id) || state.era;
  renderBadges(result, rowStatus);
  renderRequirement(result, era);
  renderTotals(result);
  renderBreakdown(result, era, rowStatus);
  renderExplanations(result, era);
  renderHistory(answer.result);
  schedulePlan(result);
  renderSummaryBar(result);
  announce(result);
}

let heard = { year: null, lines: new Map(), verdict: "" };

/** Tell a screen reader the verdict when it changes and each requirement line whose figure changed. */
function announce(result) {
  const requirement = result.requirement;
  const lines = requirement ? requirement.groups.concat(requirement.total ? [requirement.total] : []) : [];
  const verdict = requirement ? (requirement.met ? `已达到 ${result.year} 年度要求` : `尚未达到 ${result.year} 年度要求`) : "";
  const sameYear = heard.year === result.year;
  const changedLines = lines.filter((line) => !sameYear || heard.lines.get(line.id) !== line.value);
  const parts = [];
  if (!sameYear || verdict !== heard.verdict) parts.push(verdict);
  for (const line of changedLines) {
    parts.push(`${line.label} ${fmt(line.value)} ${result.unit}${line.met ? "，已达到" : `，还差 ${fmt(line.shortfall)}`}`);
  }
  heard = { year: result.year, lines: new Map(lines.map((line) => [line.id, line.value])), verdict };
  const text = parts.filter(Boolean).join("；");
  if (text) ui.announce.textContent = text;
}

/** Each row's counted value (or why it is not counted) next to its kind. */
function renderBadges(result, rowStatus) {
  const unit = result.unit;
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
}

/** The verdict and one line per requirement (group or total) with its bar and shortfall. */
function renderRequirement(result, era) {
  const { requirement, unit } = result;
  if (!requirement) {
    ui.results.append(h("p", { class: "jx-verdict jx-none", "data-met": "none" },
      `${result.era.label}没有单一年度的学${unit === "学时" ? "时" : "分"}要求，下面列出本年度的折算结果。`));
    return;
  }
  ui.results.append(h("p", { class: `jx-verdict ${requirement.met ? "jx-met" : "jx-unmet"}`, "data-met": String(requirement.met) },
    requirement.met ? `✔ 已达到 ${result.year} 年度要求` : `✘ 尚未达到 ${result.year} 年度要求`));
  const lines = requirement.groups.concat(requirement.total ? [requirement.total] : []);
  ui.results.append(h("div", { class: "jx-lines" }, lines.map((line) => [requirementLine(line, unit, era), line.met ? null : planBox(line)])));
}

function requirementLine(line, unit, era) {
  const share = line.min > 0 ? Math.min(1, line.value / line.min) : 1;
  const bar = h("span", { class: "jx-bar-fill" });
  bar.style.width = `${(share * 100).toFixed(1)}%`;
  return h("div", { class: `jx-line ${line.met ? "jx-met" : "jx-unmet"}`, "data-line": line.id, "data-met": String(line.met) },
    h("span", { class: "jx-line-label" }, line.label),
    h("span", {
      class: "jx-bar", role: "progressbar", "aria-valuemin": 0, "aria-valuemax": line.min, "aria-valuenow": line.value,
      "aria-label": line.label,
    }, bar),
    h("span", { class: "jx-line-figures" },
      h("span", { class: "jx-line-value" }, fmt(line.value)), ` / ${fmt(line.min)} ${unit}`),
    h("span", { class: "jx-line-status" },
      line.met ? "✔ 已达到" : h("span", {}, "✘ 还差 ", h("span", { class: "jx-shortfall" }, fmt(line.shortfall)), ` ${unit}`)),
    h("span", { class: "jx-line-article" }, guideLink(line.article, state.policy.id, `requirement-${era.id}`)));
}

function renderTotals(result) {
  const unit = result.unit;
  const totals = h("dl", { class: "jx-totals" });
  for (const total of result.totals) {
    totals.append(h("div", { class: "jx-total", "data-category": total.category },
      h("dt", {}, total.label), h("dd", {}, h("span", { class: "jx-total-value" }, fmt(total.value)), ` ${unit}`)));
  }
  totals.append(h("div", { class: "jx-total jx-grand-total", "data-category": "total" },
    h("dt", {}, "合计"), h("dd", {}, h("span", { class: "jx-total-value" }, fmt(result.total)), ` ${unit}`)));
  ui.results.append(h("h3", { class: "jx-h3" }, "各科目合计"), totals);
}

/** Every activity of the year: how it was counted, or why not; then those carried in from other years. */
function renderBreakdown(result, era, rowStatus) {
  ui.results.append(h("h3", { class: "jx-h3" }, "每项活动如何折算"));
  if (result.activities.length === 0 && state.entry.activities.length === 0) {
    ui.results.append(h("p", { class: "jx-waiting" }, "还没有填写活动。"));
  }
  const list = h("ol", { class: "jx-breakdown" });
  const byIndex = new Map(result.activities.map((a) => [a.index, a]));
  const errorsByIndex = new Map(result.errors.map((e) => [e.index, e]));
  state.entry.activities.forEach((activity, index) => {
    const item = byIndex.get(index);
    list.append(item ? breakdownItem(item, activity, era, result.unit)
      : uncountedItem(activity, index, errorsByIndex.get(index), rowStatus.get(index) === "pending"));
  });
  for (const item of carriedItems(state.answer, result)) { // spread activities entered in another year (益阳 三援)
    list.append(breakdownItem(item, null, era, result.unit));
  }
  ui.results.append(list);
}

function uncountedItem(activity, index, error, pending) {
  return h("li", { class: `jx-item jx-item-error${pending ? " jx-item-pending" : ""}`, "data-index": index },
    h("p", { class: "jx-item-title" }, `第 ${index + 1} 项 · ${kindLabel(activity.kind)}`, activity.name ? `「${activity.name}」` : ""),
    h("p", { class: "jx-item-error-text" }, pending ? "待填写：" : "未计入：",
      !error ? "" : (!activity.kind ? "请选择活动类型" : (pending ? shortMessage(error.message) : error.message))));
}

/** The era's notes and the interpretations (本站解读) that apply. */
function renderExplanations(result, era) {
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
}
