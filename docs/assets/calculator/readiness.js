// 继续教育学分自查 — what several years of a calculator record add up to: the target year and the
// personal details the policy's multi-year checks depend on, the per-year table, the title-application
// checks (申报职称准备情况), and the registration deadlines with their calendar file (.ics).

import { clear, h, saveFile } from "./page-kit.js";
import { changed } from "./app.js";
import { paramField } from "./fields.js";
import { afterEndDeadline, daysBetween, guideLink, todayISO } from "./policy.js";
import { showMessage, state, ui } from "./state.js";
import { checksView } from "./result-view.js";
import { renderYearTable } from "./years.js";

/** The area under the results: per-year table, readiness (target year, person, checks), deadlines. */
export function buildHistoryArea() {
  ui.summary = h("div", { class: "jx-summary" });
  ui.targetInput = h("input", {
    id: "jx-target-year", class: "jx-year jx-input", type: "number", inputmode: "numeric", min: 1990, max: 2100, step: 1,
    oninput: onTargetInput,
  });
  ui.personFields = h("div", { class: "jx-person-fields" });
  ui.checks = h("div", { class: "jx-checks-area" });
  ui.readiness = h("section", { class: "jx-readiness" },
    h("h2", { class: "jx-h2" }, "申报职称准备情况"),
    h("p", { class: "jx-help" }, "按本政策的跨年度规定，核对申报年度之前各年度的完成情况。填写申报年度和与本人有关的情况："),
    h("div", { class: "jx-fields jx-readiness-fields" },
      h("div", { class: "jx-field", "data-field": "target_year" },
        h("label", { for: "jx-target-year", class: "jx-label" }, "申报年度"),
        ui.targetInput,
        h("span", { class: "jx-help" }, "拟申报的年份，例如 2025"),
        h("span", { class: "jx-error" })),
      ui.personFields),
    ui.checks);
  ui.deadlines = h("section", { class: "jx-deadlines-area" });
  ui.history = h("section", { class: "jx-history", hidden: true }, ui.summary, ui.readiness, ui.deadlines);
  return ui.history;
}

// --- target year and personal details (what the multi-year checks depend on) -----------------------
export function renderReadinessFields() {
  const { record, policy } = state;
  ui.targetInput.value = Number.isInteger(record.target_year) ? String(record.target_year) : (record.target_year ?? "");
  clear(ui.personFields);
  for (const param of policy.person || []) {
    ui.personFields.append(paramField(record.person, param, `person.${param.id}`, () => changed()));
  }
}

function onTargetInput() {
  const value = ui.targetInput.value.trim();
  state.record.target_year = /^\d+$/.test(value) ? Number(value) : (value === "" ? null : value);
  changed();
}

// --- several years: the per-year table, title applications, deadlines ------------------------------
export function renderHistory(history) {
  ui.history.hidden = false;
  clear(ui.summary);
  clear(ui.checks);
  clear(ui.deadlines);
  if (!history) {
    ui.summary.append(h("h2", { class: "jx-h2" }, "各年度汇总"),
      h("p", { class: "jx-waiting" }, state.answer && !state.answer.ok ? "请先修正标出的错误。"
        : state.engine.state === "failed" ? "计算引擎未能加载，暂时无法计算。" : "结果将在计算引擎就绪后显示……"));
    return;
  }
  renderYearTable(history);
  ui.checks.append(checksView(history.checks, state.policy));
  renderDeadlines(history);
}

function renderDeadlines(history) {
  const all = state.policy.deadlines || [];
  if (!all.length) return;
  ui.deadlines.append(h("h2", { class: "jx-h2" }, "申报期限"));
  if (all.some((d) => d.rule)) renderDatedDeadlines(history);
  // Deadlines the notice states without a computable date (益阳 6月至9月办理, 滨州 申报评审前): shown as written.
  const others = all.filter((d) => !d.rule);
  if (others.length) {
    ui.deadlines.append(h("ul", { class: "jx-deadline-others" }, others.map((d) =>
      h("li", { "data-deadline": d.id }, h("strong", {}, d.label), "：", d.summary,
        "（", guideLink(d.article, state.policy.id, "deadlines"), "）"))));
  }
}

function renderDatedDeadlines(history) {
  const today = todayISO();
  const list = history.deadlines;
  if (!list.length) {
    const afterEnd = afterEndDeadline(state.policy);
    ui.deadlines.append(h("p", { class: "jx-waiting" }, afterEnd
      ? `填写活动的“结束日期”后，这里会列出每项活动的申报截止日（${afterEnd.summary}）`
      : `录入的年度没有按本政策计算的申报截止日。`));
    return;
  }
  const upcoming = list.filter((item) => item.date >= today).length;
  ui.deadlines.append(h("p", { class: "jx-help" },
    `今天是 ${today}。${upcoming ? `还有 ${upcoming} 个期限未到` : "列出的期限均已过去"}，已过去的显示为灰色。`));
  ui.deadlines.append(h("ul", { class: "jx-deadline-list" }, list.map((item) => {
    const past = item.date < today;
    const days = daysBetween(today, item.date);
    const problem = item.problem || "";  // a deadline before the activity ends: not a date to meet
    return h("li", { class: `jx-deadline${past ? " jx-past" : ""}${problem ? " jx-deadline-problem" : ""}`,
      "data-date": item.date, "data-past": String(past), "data-problem": String(Boolean(problem)) },
      h("span", { class: "jx-deadline-date" }, item.date),
      h("span", { class: "jx-deadline-when" }, problem ? "须确认" : past ? "已过" : days === 0 ? "今天截止" : `还有 ${days} 天`),
      h("span", { class: "jx-deadline-what" },
        h("strong", {}, item.label), `：${item.year} 年度第 ${item.index + 1} 项「${item.activity}」。`, item.summary,
        "（", guideLink(item.article, state.policy.id, "deadlines"), "）",
        problem ? h("span", { class: "jx-deadline-issue" }, `✘ 问题：${problem}`) : null));
  })));
  ui.deadlines.append(h("button", {
    type: "button", class: "md-button jx-ics", onclick: requestCalendar, disabled: state.engine.state !== "ready",
  }, "下载日历（.ics）"), h("span", { class: "jx-help jx-ics-note" }, " 把这些期限加入手机或电脑的日历（文件在本机生成）。"));
}

function requestCalendar() {
  if (state.engine.state !== "ready" || !state.record) return;
  state.icsSeq += 1;
  state.engine.post({ type: "ics", id: state.icsSeq, policy: state.policyText, record: JSON.stringify(state.record) });
}

export function saveCalendar(text) {
  if (!text) {
    showMessage("没有可加入日历的申报期限。", "info");
    return;
  }
  saveFile(text, "text/calendar;charset=utf-8", `继续教育申报期限_${state.policy.short_title}.ics`);
}
