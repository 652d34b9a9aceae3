// 继续教育学分自查 — the years of a calculator record: one tab per year (with whether it met its
// requirement), choosing the year shown, adding and removing years, and the per-year table (各年度汇总).

import { h, clear } from "./page-kit.js";
import { changed } from "./app.js";
import { renderYearForm } from "./form.js";
import { eraForYear, fmt, defaultYear, requirementLines } from "./policy.js";
import { latestEntry, storage } from "./record.js";
import { renderAnswer, renderWaiting } from "./results.js";
import { restoreBackup } from "./share.js";
import { isOwnEntry, showMessage, state, ui } from "./state.js";

/** The line of year tabs, with the field to add another year. */
export function buildYearsLine() {
  ui.timeline = h("div", { class: "jx-timeline", role: "tablist", "aria-label": "各年度" });
  ui.newYear = h("input", {
    id: "jx-new-year", class: "jx-year jx-new-year", type: "number", inputmode: "numeric", min: 1990, max: 2100, step: 1,
    onkeydown: (event) => { if (event.key === "Enter") addYear(); },
  });
  ui.newYearError = h("span", { class: "jx-error" });
  return h("div", { class: "jx-years" },
    h("span", { class: "jx-label" }, "各年度"),
    ui.timeline,
    h("span", { class: "jx-add-year-line" },
      h("label", { for: "jx-new-year", class: "jx-visually-hidden" }, "要添加的年度"),
      ui.newYear,
      h("button", { type: "button", class: "md-button jx-add-year", onclick: () => addYear() }, "＋ 添加年度"),
      ui.newYearError));
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

export function renderTimeline() {
  clear(ui.timeline);
  for (const [year, { entry, result }] of timelineYears()) {
    const current = entry ? entry === state.entry : state.entry.year === year && !isOwnEntry(state.entry);
    const met = result?.requirement ? result.requirement.met : null;
    // The state in words (read out with the year), never a ✘ that looks like "close this tab".
    const mark = result ? (met === true ? "已达标" : met === false ? "未达标" : "无年度要求") : "";
    const tab = h("button", {
      type: "button", role: "tab", class: `jx-year-tab${current ? " jx-current" : ""}${entry ? "" : " jx-year-carried"}`,
      "data-year": String(year ?? ""), "data-met": result ? String(met ?? "none") : null,
      "aria-selected": String(current), tabindex: current ? "0" : "-1",
      title: entry ? null : "只有从其他年度带入的跨年度活动",
      onclick: () => selectYear(year),
      onkeydown: (event) => moveTab(event),
    }, h("span", { class: "jx-year-number" }, `${year ?? "？"} 年度`),
    mark ? h("span", { class: "jx-year-mark" }, mark) : null,
    entry ? null : h("span", { class: "jx-visually-hidden" }, "（只有带入的跨年度活动）"));
    ui.timeline.append(tab);
  }
}

/** ← → Home End between the year tabs (the tab pattern of WAI-ARIA): the year follows the focus. */
function moveTab(event) {
  const tabs = [...ui.timeline.querySelectorAll("[role=tab]")];
  const at = tabs.indexOf(event.currentTarget);
  const to = { ArrowLeft: at - 1, ArrowRight: at + 1, Home: 0, End: tabs.length - 1 }[event.key];
  if (to === undefined) return;
  event.preventDefault();
  const next = tabs[(to + tabs.length) % tabs.length];
  selectYear(next.dataset.year === "" ? null : Number(next.dataset.year));
  ui.timeline.querySelector(`[role=tab][data-year="${next.dataset.year}"]`)?.focus();
}

/** Show another year in the form (the record does not change, the last result stays valid). */
export function selectYear(year) {
  const entry = state.record.years.find((e) => e.year === year) || { year, activities: [] };
  if (entry === state.entry) return;
  state.entry = entry;
  renderYearForm();
  if (state.answer) renderAnswer(state.answer);
  else renderWaiting();
}

export function suggestNewYear() {
  const have = new Set(state.record.years.map((e) => e.year));
  const years = [...have].filter(Number.isInteger);
  const low = years.length ? Math.min(...years) : defaultYear(state.policy);
  const high = years.length ? Math.max(...years) : low;
  const candidates = [low - 1, high + 1, low - 2];
  const pick = candidates.find((y) => !have.has(y) && eraForYear(state.policy, y));
  ui.newYear.value = pick ? String(pick) : "";
  ui.newYearError.textContent = "";
}

export function addYear() {
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

export function removeYear() {
  const entry = state.entry;
  if (!isOwnEntry(entry) || state.record.years.length < 2) return;
  if (entry.activities.length
      && !window.confirm(`删除 ${entry.year ?? ""} 年度及其中的 ${entry.activities.length} 项活动？删除前的记录会另存为备份，可以恢复。`)) return;
  storage.set(`backup:${state.record.policy}`, JSON.stringify(state.record));
  state.record.years.splice(state.record.years.indexOf(entry), 1);
  state.entry = latestEntry(state.record);
  renderYearForm();
  changed();
  showMessage(`已删除 ${entry.year ?? ""} 年度。`, "info", { label: "恢复之前的记录", run: () => restoreBackup() });
}

export function renderYearTable(history) {
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
      const lines = requirementLines(result).filter((line) => !line.met);
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
