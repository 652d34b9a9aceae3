// 继续教育学分自查 — 怎么补: under each unmet requirement line of the year shown, the activity kinds
// that would close it and how many units each needs (calculator.api.plan_json, asked of the worker when
// the person presses 怎么补？; a newer record makes an older plan obsolete).

import { clear, h } from "./page-kit.js";
import { fmt } from "./policy.js";
import { state } from "./state.js";

const SHOWN = 5; // options per line before 「另有 N 种」
let seq = 0;
let year = null;

/** A new result is on screen: a plan on its way is for an older record; remember the year shown. */
export function schedulePlan(result) {
  seq += 1;
  year = result ? result.year : null;
}

/** Ask the worker for the plan of the year shown (on request: it tries every kind against the engine,
 *  which would hold up the scoring of each keystroke if it ran after every one). */
function requestPlan() {
  if (year === null || state.engine.state !== "ready") return;
  seq += 1;
  for (const button of document.querySelectorAll(".jx-plan-ask")) {
    button.disabled = true;
    button.textContent = "正在计算怎么补……";
  }
  state.engine.post({ type: "plan", id: seq, policy: state.policyText, record: JSON.stringify(state.record), year });
}

/** An answer of the worker to a plan request: fill the box under each unmet line. */
export function renderPlan(message) {
  if (message.id !== seq) return;
  let answer;
  try {
    answer = JSON.parse(message.answer);
  } catch {
    return;
  }
  if (!answer.ok) return; // the figures above already say what is wrong with the record
  for (const line of answer.plan.lines) {
    const box = document.querySelector(`.jx-plan[data-plan-for="${CSS.escape(line.id)}"]`);
    if (box) fillLine(box, line, answer.plan.unit);
  }
}

/** The (empty) box under one unmet line, filled when the plan arrives. */
export function planBox(line) {
  return h("div", { class: "jx-plan", "data-plan-for": line.id },
    h("button", { type: "button", class: "jx-plan-ask md-button", onclick: requestPlan }, `怎么补${line.label}？`));
}

function fillLine(box, line, unit) {
  clear(box);
  const closing = line.options.filter((o) => o.closes);
  const partial = line.options.filter((o) => !o.closes);
  box.hidden = false;
  if (!line.options.length) {
    box.append(h("p", { class: "jx-plan-none" }, `怎么补：本年度已没有还能计入${line.label}的活动类型（上限均已用满）。`));
    return;
  }
  const item = (option) => h("li", { class: "jx-plan-option", "data-kind": option.kind }, option.text,
    ...option.deadlines.map((d) => h("span", { class: "jx-plan-deadline" },
      ` · ${d.date ? `${d.label}：${d.date}` : d.summary}（${d.article}）`)));
  box.append(h("p", { class: "jx-plan-head" },
    `怎么补${line.label}还差的 ${fmt(line.shortfall)} ${unit}（任选其一，按所需数量从少到多）：`));
  box.append(h("ul", { class: "jx-plan-list" }, closing.slice(0, SHOWN).map(item)));
  const more = closing.slice(SHOWN).concat(partial);
  if (more.length) {
    box.append(h("details", { class: "jx-plan-more" }, h("summary", {}, `另有 ${more.length} 种`),
      h("ul", { class: "jx-plan-list" }, more.map(item))));
  }
}
