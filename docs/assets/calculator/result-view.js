// 继续教育学分自查 — one year's result as the calculator shows it, a pure function of the engine's answer
// and the policy (no page state, no inputs, no edit buttons): the verdict, each requirement line with
// its bar and shortfall, totals per category, every activity as counted (breakdown.js), the era's notes
// and the interpretations (本站解读) that apply; and the multi-year checks (申报职称准备情况). The
// calculator (results.js, readiness.js) and 单位批量核对's drill-down (batch-table.js) both show these.

import { h } from "./page-kit.js";
import { applicableInterpretations, breakdownItem, uncountedItem } from "./breakdown.js";
import { fmt, guideLink, nearestEra, requirementLines } from "./policy.js";

/**
 * The nodes showing `result` (one year of calculator.score's answer) under `policy`. Options:
 *   activities  the year's activities as entered (what was filled in, and those not counted); default none
 *   carried     activities carried in from other years, resolved from their entries (carried.js)
 *   rowStatus   Map index -> "pending" while the calculator's row is still being filled in
 *   shortMessage  the engine's message as shown for a pending row
 *   lineExtra   line -> a node after an unmet requirement line (the calculator's 怎么补)
 *   heading     the tag of the view's own headings ("h3")
 */
export function yearResultView(result, policy, options = {}) {
  const { activities = [], carried = [], rowStatus = new Map(), shortMessage = (text) => text } = options;
  const { lineExtra = () => null, heading = "h3" } = options;
  const era = policy.eras.find((e) => e.id === result.era.id) || nearestEra(policy, result.year);
  const unit = result.unit;
  const nodes = [...requirementView(result, policy, era, lineExtra)];

  const totals = h("dl", { class: "jx-totals" });
  for (const total of result.totals) {
    totals.append(h("div", { class: "jx-total", "data-category": total.category },
      h("dt", {}, total.label), h("dd", {}, h("span", { class: "jx-total-value" }, fmt(total.value)), ` ${unit}`)));
  }
  totals.append(h("div", { class: "jx-total jx-grand-total", "data-category": "total" },
    h("dt", {}, "合计"), h("dd", {}, h("span", { class: "jx-total-value" }, fmt(result.total)), ` ${unit}`)));
  nodes.push(h(heading, { class: "jx-h3" }, "各科目合计"), totals);

  // Every activity of the year: how it was counted, or why not; then those carried in from other years.
  nodes.push(h(heading, { class: "jx-h3" }, "每项活动如何折算"));
  if (result.activities.length === 0 && activities.length === 0) nodes.push(h("p", { class: "jx-waiting" }, "还没有填写活动。"));
  const list = h("ol", { class: "jx-breakdown" });
  const byIndex = new Map(result.activities.filter((a) => a.spread_from === undefined).map((a) => [a.index, a]));
  const errorsByIndex = new Map(result.errors.map((e) => [e.index, e]));
  activities.forEach((activity, index) => {
    const item = byIndex.get(index);
    if (item) {
      list.append(breakdownItem(policy, era, item, activity, unit));
      return;
    }
    const error = errorsByIndex.get(index);
    const pending = rowStatus.get(index) === "pending";
    const text = !error ? "" : !activity.kind ? "请选择活动类型" : pending ? shortMessage(error.message) : error.message;
    list.append(uncountedItem(policy, era, activity, index, text, pending));
  });
  for (const item of carried) list.append(breakdownItem(policy, era, item, null, unit)); // 益阳 三援
  nodes.push(list);

  // The era's notes and the interpretations (本站解读) that apply.
  if (result.notes.length) {
    nodes.push(h(heading, { class: "jx-h3" }, "说明"),
      h("ul", { class: "jx-notes" }, result.notes.map((note) => h("li", {}, note.text, "（",
        guideLink(note.article, policy.id, `era-${era.id}`), "）"))));
  }
  const readings = applicableInterpretations(policy, era, activities);
  if (readings.length) {
    nodes.push(h(heading, { class: "jx-h3" }, "本计算器的解读（通知未写明之处）"),
      h("ul", { class: "jx-interpretations" }, readings.map((item) => h("li", { "data-id": item.id },
        h("strong", {}, item.topic), "：", item.reading, "（",
        guideLink(item.article, policy.id, `interp-${item.id}`), "）"))));
  }
  return nodes;
}

/** The verdict and one line per requirement (group or total) with its bar and shortfall. */
function requirementView(result, policy, era, lineExtra) {
  const { requirement, unit } = result;
  if (!requirement) {
    return [h("p", { class: "jx-verdict jx-none", "data-met": "none" },
      `${result.era.label}没有单一年度的学${unit === "学时" ? "时" : "分"}要求，下面列出本年度的折算结果。`)];
  }
  const lines = requirementLines(result);
  return [
    h("p", { class: `jx-verdict ${requirement.met ? "jx-met" : "jx-unmet"}`, "data-met": String(requirement.met) },
      requirement.met ? `✔ 已达到 ${result.year} 年度要求` : `✘ 尚未达到 ${result.year} 年度要求`),
    h("div", { class: "jx-lines" }, lines.map((line) => [requirementLine(line, unit, policy, era), line.met ? null : lineExtra(line)])),
  ];
}

function requirementLine(line, unit, policy, era) {
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
    h("span", { class: "jx-line-article" }, guideLink(line.article, policy.id, `requirement-${era.id}`)));
}

const CHECK_STATUS = { true: ["✔", "满足"], false: ["✘", "不满足"], unknown: ["？", "待确认"] };

/** The policy's multi-year checks (a score answer's `checks`): answer, the years named, article, clause. */
export function checksView(checks, policy) {
  if (!checks.length) {
    return h("p", { class: "jx-none" }, "本政策没有跨年度的要求（如申报前几年的完成情况、连续未完成的后果），只看每个年度是否达到年度要求。");
  }
  return h("ul", { class: "jx-checks" }, checks.map((check) => {
    const met = check.met === null || check.met === undefined ? "unknown" : String(check.met);
    const [mark, word] = CHECK_STATUS[met];
    const named = check.findings.map((finding) => finding.year);
    const years = check.years && check.years.length ? check.years : null;
    const listed = check.findings.length && check.text !== check.findings.map((finding) => finding.text).join("；");
    return h("li", { class: `jx-check jx-check-${met}`, "data-check": check.id, "data-met": met, "data-findings": named.join(",") },
      h("p", { class: "jx-check-head" },
        h("span", { class: "jx-check-status" }, `${mark} ${word}`), " ",
        h("strong", { class: "jx-check-label" }, check.label), " ",
        h("span", { class: "jx-check-article" }, "依据 ", guideLink(check.article, policy.id, `check-${check.id}`))),
      h("p", { class: "jx-check-text" }, check.text),
      years ? h("p", { class: "jx-check-years" }, "涉及年度：", years.map((year, n) => [n ? "、" : "",
        h("span", { class: `jx-check-year${named.includes(year) ? " jx-named" : ""}` }, String(year))])) : null,
      listed ? h("ul", { class: "jx-check-findings" }, check.findings.map((finding) =>
        h("li", { "data-year": String(finding.year) }, finding.text))) : null,
      h("p", { class: "jx-check-rule" }, h("q", { class: "jx-clause" }, check.clause)));
  }));
}
