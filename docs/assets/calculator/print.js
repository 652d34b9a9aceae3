// 继续教育学分自查 — the print for a title application (打印 / 存为 PDF): every year of the record, not
// only the one shown — per year each requirement line (公需/专业/合计…) against what it asks, each
// year's activities with the article they were counted under, the multi-year checks (申报职称准备情况),
// and blank lines for the unit's review (单位审核意见, 盖章). Built from the engine's last answer just
// before the browser prints (`beforeprint`); on screen it is never shown, and in print it replaces the
// page (no input boxes, messages, offline notice or site navigation: calculator.css).

import { clear, h } from "./page-kit.js";
import { paramSummary } from "./breakdown.js";
import { fullEntries, resolveCarried } from "./carried.js";
import { chineseDate, findKind, fmt, nearestEra, requirementLines } from "./policy.js";
import { state, ui } from "./state.js";

const CHECK_WORDS = { true: "✔ 满足", false: "✘ 不满足", unknown: "？ 待确认" };

/** The (empty) print view; filled whenever the page is about to be printed. */
export function buildPrintView() {
  ui.printView = h("section", { class: "jx-print-view" });
  window.addEventListener("beforeprint", renderPrintView);
  // browsers that say it only through the media query (and print previews emulating it)
  window.matchMedia("print").addEventListener("change", (event) => { if (event.matches) renderPrintView(); });
  return ui.printView;
}

export function renderPrintView() {
  const view = ui.printView;
  if (!view || !state.policy || !state.record) return;
  clear(view);
  const answer = state.answer;
  const years = answer && answer.ok ? answer.result.years : [];
  view.append(printHead(years));
  if (!years.length) {
    view.append(h("p", { class: "jx-pv-problem" }, answer && !answer.ok
      ? `记录中有需要修正的填写，无法计算：${answer.error}` : "还没有计算结果（计算引擎就绪后再打印）。"));
    return;
  }
  view.append(overview(years));
  const entries = fullEntries(years); // a spread activity's full entry, for its references in other years
  for (const result of years) view.append(yearItems(result, entries));
  view.append(checks(answer.result.checks), review());
}

function printHead(years) {
  const { policy, record } = state;
  const unit = years.length ? years[0].unit : (state.era?.unit || "学分");
  const person = paramSummary({ params: record.person || {} }, { kind: { params: policy.person || [] } });
  return h("div", { class: "jx-pv-head" },
    h("p", { class: "jx-pv-title" }, `继续教育${unit}完成情况（申报职称用）`),
    h("p", {}, `政策：${policy.title}（${policy.document_number}）`),
    h("p", {}, `年度：${years.map((r) => `${r.year}`).join("、") || "—"}`,
      Number.isInteger(record.target_year) ? `；申报年度：${record.target_year}` : ""),
    person ? h("p", {}, `本人情况：${person}`) : null,
    h("p", {}, `计算日期：${chineseDate(new Date())}`));
}

/** One row per year and requirement line: what was done against what the line asks. */
function overview(years) {
  const eras = state.policy.eras.length > 1;
  const body = h("tbody", {});
  for (const result of years) {
    const lines = requirementLines(result);
    const rows = lines.length ? lines : [null];
    const verdict = result.requirement ? (result.requirement.met ? "✔ 已达到" : "✘ 未达到") : "无单一年度要求";
    rows.forEach((line, n) => {
      const first = n === 0;
      body.append(h("tr", { class: "jx-pv-line", "data-year": String(result.year), "data-line": line ? line.id : "" },
        first ? h("th", { scope: "row", rowspan: rows.length }, `${result.year} 年度`, eras ? h("br") : null,
          eras ? h("span", { class: "jx-pv-era" }, result.era.label) : null) : null,
        h("td", {}, line ? line.label : `合计（${result.totals.map((t) => `${t.label} ${fmt(t.value)}`).join("、")}）`),
        h("td", { class: "jx-pv-num" }, line ? fmt(line.value) : fmt(result.total)),
        h("td", { class: "jx-pv-num" }, line ? `不少于 ${fmt(line.min)}` : "—"),
        h("td", {}, line ? (line.met ? "✔ 已达到" : `✘ 还差 ${fmt(line.shortfall)}`) : ""),
        first ? h("td", { rowspan: rows.length, class: "jx-pv-verdict" }, verdict) : null));
    });
  }
  const unit = years[0].unit;
  return h("section", { class: "jx-pv-section" },
    h("h2", { class: "jx-h2" }, "各年度完成情况"),
    h("table", { class: "jx-pv-table" },
      h("thead", {}, h("tr", {}, ["年度", "项目", `完成（${unit}）`, `要求（${unit}）`, "差额", "年度结论"]
        .map((text) => h("th", { scope: "col" }, text)))),
      body));
}

/** The year's activities as counted: what was filled in, the counted value per category, the article. */
function yearItems(result, entries) {
  const entry = state.record.years.find((e) => e.year === result.year);
  const era = state.policy.eras.find((e) => e.id === result.era.id) || nearestEra(state.policy, result.year);
  const unit = result.unit;
  const rows = result.activities.map((item) => resolveCarried(entries, item)).map((item) => {
    const activity = item.spread_from === undefined && entry ? entry.activities[item.index] : null;
    const found = findKind(state.policy, era, item.kind);
    const filled = activity ? paramSummary(activity, found) : "";
    return h("tr", { class: "jx-pv-item", "data-kind": item.kind },
      h("td", {}, item.spread_from !== undefined ? `${item.spread_from} 年度带入` : String(item.index + 1)),
      h("td", {}, item.label, item.name ? `「${item.name}」` : "", filled ? h("span", { class: "jx-pv-filled" }, `（${filled}）`) : null),
      h("td", { class: "jx-pv-num" }, fmt(item.counted),
        item.categories.length ? h("span", { class: "jx-pv-cats" }, `（${item.categories.map((c) => `${c.label} ${fmt(c.value)}`).join("、")}）`) : null),
      h("td", { class: "jx-pv-article" }, item.rule.article));
  });
  const errors = result.errors.length
    ? h("p", { class: "jx-pv-problem" }, `另有 ${result.errors.length} 项填写有误，未计入。`) : null;
  return h("section", { class: "jx-pv-section jx-pv-year", "data-year": String(result.year) },
    h("h3", { class: "jx-h3" }, `${result.year} 年度的学习活动（合计 ${fmt(result.total)} ${unit}）`),
    rows.length ? h("table", { class: "jx-pv-table" },
      h("thead", {}, h("tr", {}, ["序号", "活动", `计入（${unit}）`, "依据"].map((text) => h("th", { scope: "col" }, text)))),
      h("tbody", {}, rows)) : h("p", {}, "本年度没有计入的活动。"),
    errors);
}

function checks(list) {
  return h("section", { class: "jx-pv-section jx-pv-checks" },
    h("h2", { class: "jx-h2" }, "申报职称准备情况"),
    list.length ? h("ul", {}, list.map((check) => {
      const met = check.met === null || check.met === undefined ? "unknown" : String(check.met);
      return h("li", { "data-check": check.id },
        h("strong", {}, `${CHECK_WORDS[met]} ${check.label}`), `（${check.article}）：${check.text}`);
    })) : h("p", {}, "本政策没有跨年度的要求，只看每个年度是否达到年度要求。"));
}

/** What the unit fills in by hand. */
function review() {
  const blank = () => h("p", { class: "jx-pv-blank" });
  return h("section", { class: "jx-pv-section jx-pv-review" },
    h("h2", { class: "jx-h2" }, "单位审核意见"),
    blank(), blank(), blank(),
    h("p", { class: "jx-pv-sign" }, h("span", {}, "审核人（签字）："), h("span", {}, "日期：　　　　年　　月　　日")),
    h("p", { class: "jx-pv-sign" }, h("span", {}, "单位（盖章）："), h("span", {}, "日期：　　　　年　　月　　日")));
}
