// 继续教育学分自查 — the answer where the eyes are: a compact summary of the year shown (the verdict,
// each requirement line with what it still lacks) kept in view while the form is filled in — a bar
// stuck to the bottom of the window (a card on a desktop, the full width on a phone) until the results
// themselves scroll into view. It is plain content, not a live region: the status line (results.js)
// already tells a screen reader what changed. A focused field is never left underneath it.

import { clear, h } from "./page-kit.js";
import { fmt, requirementLines } from "./policy.js";
import { root, ui } from "./state.js";

const GAP = 8; // px between a focused field and the bar

/** The bar (hidden until there is a result); placed between the form and the results. */
export function buildSummaryBar() {
  ui.summaryVerdict = h("p", { class: "jx-sb-verdict" });
  ui.summaryLines = h("ul", { class: "jx-sb-lines" });
  ui.summaryBar = h("section", { class: "jx-summary-bar", "aria-label": "结果摘要", hidden: true },
    h("div", { class: "jx-sb-head" },
      ui.summaryVerdict,
      h("button", { type: "button", class: "jx-sb-more", onclick: showResults }, "查看详细结果")),
    ui.summaryLines);
  root.addEventListener("focusin", keepFocusClear);
  new ResizeObserver(() => { // the window scrolls a focused field clear of the bar by itself, too
    document.documentElement.style.scrollPaddingBottom = ui.summaryBar.hidden ? "" : `${ui.summaryBar.offsetHeight + GAP}px`;
  }).observe(ui.summaryBar);
  return ui.summaryBar;
}

/** Fill the bar from the year's result (calculator.api's answer for one year); null hides it. */
export function renderSummaryBar(result, problem = "") {
  const bar = ui.summaryBar;
  if (!bar) return;
  clear(ui.summaryLines);
  if (!result) {
    bar.hidden = !problem;
    bar.dataset.met = "error";
    ui.summaryVerdict.textContent = problem;
    return;
  }
  bar.hidden = false;
  const { requirement, unit } = result;
  if (!requirement) {
    bar.dataset.met = "none";
    ui.summaryVerdict.textContent = `${result.year} 年度：没有单一年度要求，合计 ${fmt(result.total)} ${unit}`;
    return;
  }
  bar.dataset.met = String(requirement.met);
  ui.summaryVerdict.textContent = requirement.met ? `✔ ${result.year} 年度已达标` : `✘ ${result.year} 年度未达标`;
  const lines = requirementLines(result);
  ui.summaryLines.append(...lines.map((line) => h("li", {
    class: `jx-sb-line ${line.met ? "jx-met" : "jx-unmet"}`, "data-line": line.id, "data-met": String(line.met),
  },
  h("span", { class: "jx-sb-label", title: line.label }, line.label),
  h("span", { class: "jx-sb-figures" }, `${fmt(line.value)}/${fmt(line.min)} ${unit}`),
  h("span", { class: "jx-sb-status" }, line.met ? "✔ 已达到" : `还差 ${fmt(line.shortfall)}`))));
}

/** 查看详细结果: the results' heading, scrolled to and focused (the keyboard goes on from there). */
function showResults() {
  const title = document.getElementById("jx-results-title");
  if (!title) return;
  title.tabIndex = -1;
  title.scrollIntoView({ block: "center" }); // clear of the site's sticky header
  title.focus({ preventScroll: true });
}

/** A field focused under the bar (by Tab, a tap, a label) is scrolled up until it is clear of it. */
function keepFocusClear(event) {
  const bar = ui.summaryBar;
  if (!bar || bar.hidden || bar.contains(event.target)) return;
  requestAnimationFrame(() => {
    const barTop = bar.getBoundingClientRect().top;
    const field = event.target.getBoundingClientRect();
    if (field.bottom > barTop - GAP && field.top < bar.getBoundingClientRect().bottom) {
      window.scrollBy(0, field.bottom - barTop + GAP);
    }
  });
}
