// 继续教育学分自查 — the calculator's result for the year shown: per-row badges, then the year's result
// as result-view.js renders it (verdict, requirement lines with 怎么补, totals, each activity's
// breakdown, notes and interpretations), what a screen reader hears; or, until the engine answers, a
// waiting line.

import { clear, h } from "./page-kit.js";
import { carriedItems } from "./carried.js";
import { entryErrorText, renderFieldErrors, shortMessage, yearErrorOfEntry, yearErrorText } from "./field-errors.js";
import { renderCarried, renderYearForm } from "./form.js";
import { fmt, requirementLines } from "./policy.js";
import { planBox, schedulePlan } from "./plan.js";
import { renderHistory } from "./readiness.js";
import { latestEntry } from "./record.js";
import { yearResultView } from "./result-view.js";
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
      !answer.ok ? (yearErrorOfEntry(answer) ? yearErrorText(answer) : answer.error) : entryErrorText(answer) || "本年度没有计算结果"));
    for (const row of state.rows) row.querySelector(".jx-row-value").textContent = "";
    renderHistory(answer.ok ? answer.result : null); // the other years (this one entered twice) are computed
    schedulePlan(null);
    renderSummaryBar(null, answer.ok && !entryErrorText(answer) ? "" : "✘ 有需要修正的填写，修正后显示结果");
    return;
  }
  ui.results.dataset.state = "ok";
  renderBadges(result, rowStatus);
  ui.results.append(...yearResultView(result, state.policy, {
    activities: state.entry.activities, carried: carriedItems(state.answer, result), rowStatus, shortMessage,
    lineExtra: planBox,
  }));
  renderHistory(answer.result);
  schedulePlan(result);
  renderSummaryBar(result);
  announce(result);
}

let heard = { year: null, lines: new Map(), verdict: "" };

/** Tell a screen reader the verdict when it changes and each requirement line whose figure changed. */
function announce(result) {
  const requirement = result.requirement;
  const lines = requirementLines(result);
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
