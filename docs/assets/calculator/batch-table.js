// 继续教育学分自查 — 单位批量核对's results: the summary, filters (全部 / 未达标 / 无法核对), the table
// (one row per person-year: each requirement line's shortfall, total, 是否达标, 说明), sortable by any
// column, shown a page at a time so 10,000 people stay fast, and the drill-down into one person: each
// year as the calculator shows it (result-view.js: requirement lines, totals, every activity with its
// counted value and article, notes, interpretations) and the multi-year checks, read-only, with
// 「在计算器中打开」. Text from files is always set as text.

import { fullEntries, resolveCarried } from "./carried.js";
import { clear, h } from "./page-kit.js";
import { checksView, yearResultView } from "./result-view.js";

const PAGE = 200;
const FILTERS = [["all", "全部"], ["未达标", "只看未达标"], ["无法核对", "只看无法核对"]];

export function batchTable({ requestPerson, calculatorLink, policy }) {
  const view = { answer: null, columns: [], filter: "all", sort: null, shown: PAGE };
  const summary = h("p", { class: "jx-batch-summary", "aria-live": "polite" });
  const filters = h("div", { class: "jx-batch-filters", role: "group", "aria-label": "筛选", hidden: true },
    FILTERS.map(([value, text]) => h("button", {
      type: "button", class: "jx-batch-filter", "data-filter": value, "aria-pressed": String(value === "all"),
      onclick: () => { view.filter = value; view.shown = PAGE; render(); },
    }, text)));
  const grid = h("div", { class: "jx-batch-table" });
  const more = h("button", { type: "button", class: "md-button jx-batch-more", hidden: true,
    onclick: () => { view.shown += PAGE; render(); } });
  const problems = h("details", { class: "jx-batch-problems", hidden: true });
  const person = h("section", { class: "jx-batch-person", hidden: true, "aria-live": "polite", tabindex: "-1" });
  const el = h("div", { class: "jx-batch-results" }, summary, problems, filters, grid, more, person);

  function show(answer) {
    view.answer = answer;
    view.shown = PAGE;
    view.sort = null;
    person.hidden = true;
    clear(person);
    if (!answer) {
      summary.textContent = "";
      filters.hidden = true;
      problems.hidden = true;
      clear(grid);
      more.hidden = true;
      return;
    }
    const c = answer.columns;
    const wanted = ["人员", "年度", "合计", "是否达标", ...c.filter((name) => name.endsWith("还差")), "说明"];
    view.columns = wanted.map((name) => ({ name, at: c.indexOf(name) })).filter((col) => col.at >= 0);
    view.unitAt = c.indexOf("单位");
    const counts = answer.counts;
    summary.textContent = `共 ${answer.people} 人、${answer.rows.length} 行（每人每年度一行）：达标 ${counts["达标"]} 行，`
      + `未达标 ${counts["未达标"]} 行，无法核对 ${counts["无法核对"]} 行。`
      + (answer.ignored_columns.length ? `表中这些列不是本政策的字段，已忽略：${answer.ignored_columns.join("、")}。` : "");
    showProblems(answer.problems);
    filters.hidden = false;
    render();
  }

  function showProblems(table) {
    clear(problems);
    problems.hidden = table.rows.length === 0;
    if (problems.hidden) return;
    problems.append(h("summary", {}, `需更正的行（${table.rows.length} 处）：更正后重新选择文件即可`),
      h("ul", {}, table.rows.slice(0, 500).map(([label, sheet, row, column, message]) =>
        h("li", {}, `${label}：${sheet ? `「${sheet}」` : ""}${row ? `第 ${row} 行` : ""}${column ? ` ${column} 列` : ""}${sheet || row ? "：" : ""}${message}`))));
  }

  function visibleRows() {
    const { answer, filter, sort } = view;
    const metAt = answer.columns.indexOf("是否达标");
    let indices = answer.rows.map((_, i) => i);
    if (filter !== "all") indices = indices.filter((i) => answer.rows[i][metAt] === filter);
    if (sort) {
      const compare = (a, b) => {
        const x = answer.rows[a][sort.at];
        const y = answer.rows[b][sort.at];
        if (typeof x === "number" && typeof y === "number") return x - y;
        if (typeof x === "number") return -1;
        if (typeof y === "number") return 1;
        return String(x ?? "").localeCompare(String(y ?? ""), "zh-CN");
      };
      indices.sort((a, b) => sort.direction * compare(a, b) || a - b);
    }
    return indices;
  }

  function render() {
    for (const button of filters.querySelectorAll("button")) button.setAttribute("aria-pressed", String(button.dataset.filter === view.filter));
    const indices = visibleRows();
    const head = h("tr", {}, view.columns.map((col) => {
      const sorted = view.sort && view.sort.at === col.at;
      return h("th", { scope: "col", "aria-sort": sorted ? (view.sort.direction > 0 ? "ascending" : "descending") : "none" },
        h("button", { type: "button", class: "jx-batch-sort", onclick: () => sortBy(col.at) },
          col.name === "合计" ? "合计" : col.name, sorted ? (view.sort.direction > 0 ? " ▲" : " ▼") : ""));
    }));
    const body = h("tbody", {}, indices.slice(0, view.shown).map((i) => row(i)));
    clear(grid);
    grid.append(h("table", { class: "jx-batch-grid" }, h("thead", {}, head), body));
    more.hidden = indices.length <= view.shown;
    more.textContent = `再显示 ${Math.min(PAGE, indices.length - view.shown)} 行（共 ${indices.length} 行）`;
  }

  function row(i) {
    const values = view.answer.rows[i];
    const met = values[view.answer.columns.indexOf("是否达标")];
    return h("tr", { class: "jx-batch-row", "data-met": met, "data-row": i }, view.columns.map((col) => {
      const value = values[col.at];
      if (col.name === "人员") {
        return h("td", { class: "jx-batch-person-cell" }, h("button", {
          type: "button", class: "jx-batch-open", title: "查看此人的折算明细",
          onclick: () => openPerson(view.answer.row_people[i]),
        }, String(value)));
      }
      const text = value === null || value === undefined ? "" : String(value);
      if (col.name === "合计" && text !== "") return h("td", { class: "jx-num" }, `${text} ${values[view.unitAt]}`);
      return h("td", { class: col.name === "说明" ? "jx-batch-note" : typeof value === "number" ? "jx-num" : null }, text);
    }));
  }

  function sortBy(at) {
    view.sort = view.sort && view.sort.at === at ? { at, direction: -view.sort.direction } : { at, direction: 1 };
    render();
  }

  function openPerson(index) {
    clear(person);
    person.hidden = false;
    person.append(h("p", { class: "jx-waiting" }, "正在读取此人的折算明细……"));
    requestPerson(index);
  }

  function showPerson(answer) {
    clear(person);
    person.hidden = false;
    if (!answer.ok) {
      person.append(h("p", { class: "jx-answer-error" }, answer.error));
      return;
    }
    const close = h("button", { type: "button", class: "jx-batch-close", onclick: () => { person.hidden = true; } }, "关闭");
    person.append(h("div", { class: "jx-batch-person-head" }, h("h2", { class: "jx-h2" }, answer.label), close));
    if (answer.problems.length) {
      person.append(h("p", { class: "jx-batch-uncheckable" }, "无法核对：以下内容有误，更正后再核对（下面的合计不含这些行）"),
        h("ul", { class: "jx-batch-person-problems" }, answer.problems.map((text) => h("li", {}, text))));
    }
    if (answer.record) {
      person.append(h("p", {}, h("a", { class: "md-button jx-batch-calculator", href: calculatorLink(answer.record) }, "在计算器中打开"),
        " 在计算器中查看、修改此人的记录（记录放在链接中，不会上传）"));
    }
    const result = answer.result;
    const years = result ? result.years || [result] : [];
    const entries = fullEntries(years); // a spread activity's full entry, for its references in other years
    for (const year of years) person.append(yearView(year, policy(), answer.record, entries));
    if (result && result.checks) {
      person.append(h("section", { class: "jx-readiness" }, h("h3", { class: "jx-h2" }, "申报职称准备情况"),
        checksView(result.checks, policy())));
    }
    person.focus();
  }

  return { el, show, showPerson };
}

/** One year of the person's answer, as the calculator shows it for the same record (no inputs, no buttons). */
function yearView(year, policy, record, full) {
  const own = !record ? [] : Array.isArray(record.years) ? record.years : [record]; // a one-year record is its year
  const entry = own.find((e) => e && e.year === year.year && Array.isArray(e.activities));
  const carried = year.activities.filter((item) => item.spread_from !== undefined).map((item) => resolveCarried(full, item));
  return h("section", { class: "jx-batch-year jx-results", "data-year": year.year },
    h("h3", { class: "jx-h2" }, `${year.year} 年度（${year.era.label}）`),
    yearResultView(year, policy, { activities: entry ? entry.activities : [], carried, heading: "h4" }));
}
