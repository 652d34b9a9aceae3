// 继续教育学分自查 — how each activity of a year was counted (每项活动如何折算): what was filled in,
// raw and counted value per category, the rule (article + quoted clause), every step and note, or why
// an activity was not counted; and which of the policy's interpretations (本站解读) apply to the year's
// activities and era. Pure functions of the policy and the engine's answer (no page state): the
// calculator and 单位批量核对's drill-down show the same (result-view.js).

import { h } from "./page-kit.js";
import { findKind, fmt, guideLink, noteAnchor } from "./policy.js";

export function kindLabel(policy, era, kindId) {
  if (!kindId) return "未选择类型";
  const found = findKind(policy, era, kindId);
  return found ? found.kind.label : kindId;
}

/** "label：value；…" of the parameters filled in (an activity's, or the person's with their declarations). */
export function paramSummary(activity, found) {
  if (!found) return "";
  const parts = [];
  for (const param of found.kind.params) {
    const value = activity.params[param.id];
    if (value === undefined || value === null || value === "") continue;
    let shown;
    if (param.type === "boolean") shown = value ? "是" : "否";
    else if (param.type === "enum") shown = param.options.find((o) => o.value === value)?.label ?? String(value);
    else if (param.type === "per_day") shown = Array.isArray(value) ? `${value.join("、")}${param.item?.unit ? ` ${param.item.unit}` : ""}` : String(value);
    else shown = `${value}${param.unit ? ` ${param.unit}` : ""}`;
    parts.push(`${param.label}：${shown}`);
  }
  return parts.join("；");
}

/** One counted activity (`item` from the engine; `activity` as entered, or null for one carried in). */
export function breakdownItem(policy, era, item, activity, unit) {
  const found = findKind(policy, era, item.kind);
  const policyId = policy.id;
  const li = h("li", { class: "jx-item", "data-index": item.index, "data-kind": item.kind });
  li.append(h("p", { class: "jx-item-title" },
    h("span", { class: "jx-item-no" }, item.spread_from !== undefined ? `${item.spread_from} 年度带入` : `第 ${item.index + 1} 项`),
    " · ", item.label,
    item.name ? h("span", { class: "jx-item-name" }, `「${item.name}」`) : null));
  if (item.spread_from !== undefined) {
    li.classList.add("jx-item-carried");
    li.append(h("p", { class: "jx-item-filled" }, `跨年度活动，在 ${item.spread_from} 年度录入，它覆盖的每个年度都计入`));
  }
  const filled = activity ? paramSummary(activity, found) : "";
  if (filled) li.append(h("p", { class: "jx-item-filled" }, "填写：", filled));
  li.append(h("p", { class: "jx-item-figures" },
    "折算 ", h("span", { class: "jx-raw" }, fmt(item.raw)), ` ${unit}`,
    "，计入 ", h("span", { class: "jx-counted" }, fmt(item.counted)), ` ${unit}`,
    item.categories.length
      ? h("span", { class: "jx-item-cats" }, "（", item.categories.map((c, n) => [n ? "、" : "",
        h("span", { class: "jx-cat", "data-category": c.category }, `${c.label} ${fmt(c.value)}`)]), "）")
      : null));
  const ruleLink = guideLink(item.rule.article, policyId, found ? `act-${found.era.id}-${found.kind.id}` : `era-${era.id}`);
  li.append(h("div", { class: "jx-item-rule" }, "依据 ", ruleLink, "：", h("q", { class: "jx-clause" }, item.rule.clause)));
  if (item.steps.length) {
    li.append(h("ol", { class: "jx-steps" }, item.steps.map((step) => h("li", {}, step.text))));
  }
  for (const note of item.notes) {
    li.append(h("p", { class: "jx-item-note" }, "⚠ ", note.text, "（",
      guideLink(note.article, policyId, note.ref === "none" && found ? `act-${found.era.id}-${found.kind.id}` : noteAnchor(era, note.ref)), "）"));
  }
  return li;
}

/** An activity the engine did not count, with why (`text`), or 待填写 while it is still being filled in. */
export function uncountedItem(policy, era, activity, index, text, pending) {
  return h("li", { class: `jx-item jx-item-error${pending ? " jx-item-pending" : ""}`, "data-index": index },
    h("p", { class: "jx-item-title" }, `第 ${index + 1} 项 · ${kindLabel(policy, era, activity.kind)}`, activity.name ? `「${activity.name}」` : ""),
    h("p", { class: "jx-item-error-text" }, pending ? "待填写：" : "未计入：", text));
}

export function applicableInterpretations(policy, era, activities) {
  const referenced = new Set();
  for (const e of policy.eras) for (const k of e.activities) for (const id of k.interpretations || []) referenced.add(id);
  const used = new Set();
  for (const activity of activities) {
    const found = activity.kind ? findKind(policy, era, activity.kind) : null;
    for (const id of found?.kind.interpretations || []) used.add(id);
  }
  // …and readings of the era's own rules (requirement, de-duplication, caps, pools), matched by article
  const eraArticles = new Set([...(era.dedup || []), ...(era.caps || []), ...(era.pools || []),
    ...(era.requirement ? [...era.requirement.groups, era.requirement.total].filter(Boolean) : [])].map((r) => r.article));
  return (policy.interpretations || []).filter((item) => used.has(item.id)
    || (!referenced.has(item.id) && eraArticles.has(item.article)));
}
