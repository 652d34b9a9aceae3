// 继续教育学分自查 — the calculator's form for the year shown: the year's number and era, one row per
// activity (its kind, then the fields that kind declares), spread activities carried in from other
// years, and adding or removing activities. Which fields a person has edited (`touched`) decides
// whether a missing value is shown as an error or as still to fill in.

import { clear, h } from "./page-kit.js";
import { changed } from "./app.js";
import { carriedItems } from "./carried.js";
import { categoryField, dateField, paramField, textField } from "./fields.js";
import { afterEndDeadline, categoryLabels, dedupFor, findKind, fmt, guideLink, kindOffered, nearestEra } from "./policy.js";
import { renderReadinessFields } from "./readiness.js";
import { newActivity, storage } from "./record.js";
import { renderWaiting } from "./results.js";
import { currentYearResult, isOwnEntry, state, ui } from "./state.js";
import { buildYearsLine, removeYear, renderTimeline, selectYear, suggestNewYear } from "./years.js";

/** The form's area: the years, the year shown, the policy's title and era, the activities. */
export function buildFormArea() {
  ui.yearInput = h("input", {
    id: "jx-year", class: "jx-year", type: "number", inputmode: "numeric", min: 1990, max: 2100, step: 1,
    oninput: onYearInput,
  });
  ui.yearError = h("span", { class: "jx-error", "data-for": "year" });
  ui.removeYearButton = h("button", { type: "button", class: "jx-remove jx-remove-year", onclick: removeYear }, "删除本年度");
  ui.policyMeta = h("div", { class: "jx-policy-meta" });
  ui.rowsTitle = h("h2", { class: "jx-h2" }, "本年度的学习活动");
  ui.rows = h("ol", { class: "jx-rows" });
  ui.carried = h("ul", { class: "jx-carried", hidden: true });
  ui.addButton = h("button", { type: "button", class: "jx-add md-button", onclick: addActivity }, "＋ 添加一项活动");
  ui.formArea = h("div", { class: "jx-form-area", hidden: true },
    buildYearsLine(),
    h("div", { class: "jx-year-line" },
      h("label", { for: "jx-year", class: "jx-label" }, "本年度的年份"),
      ui.yearInput, ui.removeYearButton, ui.yearError),
    ui.policyMeta,
    ui.rowsTitle,
    ui.rows,
    ui.carried,
    ui.addButton);
  return ui.formArea;
}

export function renderForm() {
  ui.formArea.hidden = false;
  ui.tools.hidden = false;
  ui.results.hidden = false;
  renderReadinessFields();
  renderYearForm();
  renderWaiting();
}

/** The form of the year shown: its number, era, activities (after a switch of year or record). */
export function renderYearForm() {
  const { policy, entry } = state;
  const own = isOwnEntry(entry);
  ui.yearInput.value = Number.isInteger(entry.year) ? String(entry.year) : (entry.year ?? "");
  ui.yearInput.readOnly = !own;
  ui.removeYearButton.hidden = !own || state.record.years.length < 2;
  ui.removeYearButton.setAttribute("aria-label", `删除 ${entry.year ?? ""} 年度`);
  ui.yearError.textContent = "";
  state.era = nearestEra(policy, entry.year);
  ui.rowsTitle.textContent = Number.isInteger(entry.year) ? `${entry.year} 年度的学习活动` : "本年度的学习活动";
  storage.set(`year:${state.record.policy}`, String(entry.year));
  renderPolicyMeta();
  renderTimeline();
  renderRows();
  suggestNewYear();
}

function renderPolicyMeta() {
  const { policy, era } = state;
  const years = policy.eras.map((e) => `${e.label}：${e.years.from ?? ""}—${e.years.to ?? "至今"} 年度`).join("；");
  clear(ui.policyMeta).append(
    h("p", { class: "jx-policy-title" },
      h("strong", {}, policy.title), `（${policy.document_number}）`, " ",
      guideLink("查看政策说明", policy.id, `era-${era.id}`)),
    h("p", { class: "jx-policy-era" }, `本年度适用：${era.label}，单位：${era.unit}。${policy.eras.length > 1 ? `各阶段：${years}。` : ""}`));
}

function onYearInput() {
  if (!isOwnEntry(state.entry)) return;
  const value = ui.yearInput.value.trim();
  const year = /^\d+$/.test(value) ? Number(value) : (value === "" ? null : value);
  // This box corrects the number of the year shown; it never turns it into another year of the record
  // (two 2023s would stop every figure): switching and adding are the tabs' and 添加年度's.
  if (year !== null && state.record.years.some((entry) => entry !== state.entry && entry.year === year)) {
    ui.yearError.textContent = `${year} 年度已在记录中，本年度不能改成 ${year}：要看 ${year} 年度，请点上面的「${year} 年度」。`;
    return;
  }
  ui.yearError.textContent = "";
  state.entry.year = year;
  storage.set(`year:${state.record.policy}`, String(state.entry.year));
  ui.rowsTitle.textContent = Number.isInteger(state.entry.year) ? `${state.entry.year} 年度的学习活动` : "本年度的学习活动";
  renderTimeline();
  const era = nearestEra(state.policy, state.entry.year);
  const kindsBefore = offeredKinds(state.era).map((k) => k.id).join();
  const eraChanged = era !== state.era;
  state.era = era;
  if (eraChanged || offeredKinds(era).map((k) => k.id).join() !== kindsBefore) {
    renderPolicyMeta();
    renderRows();
  }
  changed();
}

function offeredKinds(era) {
  return era.activities.filter((k) => kindOffered(k, state.entry.year));
}

export function renderRows() {
  clear(ui.rows);
  state.rows = state.entry.activities.map((activity, index) => renderRow(activity, index));
  ui.rows.append(...state.rows);
  if (state.entry.activities.length === 0) {
    ui.rows.append(h("li", { class: "jx-empty" }, isOwnEntry(state.entry)
      ? "还没有活动。点击“添加一项活动”，选择类型并填写天数、学时等。"
      : "本年度只有从其他年度带入的跨年度活动（见下）。点击“添加一项活动”可录入本年度的其他活动。"));
  }
  renderCarried();
}

/** Spread activities (益阳 三援) entered in another year that count in this one too. */
export function renderCarried() {
  clear(ui.carried);
  const result = currentYearResult(state.answer);
  const carried = result ? carriedItems(state.answer, result) : [];
  ui.carried.hidden = carried.length === 0;
  for (const item of carried) {
    ui.carried.append(h("li", { class: "jx-carried-item", "data-from": String(item.spread_from) },
      h("span", { class: "jx-carried-tag" }, `自 ${item.spread_from} 年度带入`),
      h("span", {}, item.label, item.name ? `「${item.name}」` : ""),
      h("span", { class: "jx-row-value" }, `计 ${fmt(item.counted)} ${result.unit}`),
      h("button", { type: "button", class: "jx-remove", onclick: () => selectYear(item.spread_from) }, `到 ${item.spread_from} 年度修改`)));
  }
}

function touch(activity, key) {
  let set = state.touched.get(activity);
  if (!set) state.touched.set(activity, (set = new Set()));
  set.add(key);
}

export function isTouched(activity, key) {
  const set = state.touched.get(activity);
  return Boolean(set && (set.has("*") || set.has(key)));
}

function renderRow(activity, index) {
  const { policy, era } = state;
  const found = activity.kind ? findKind(policy, era, activity.kind) : null;
  const row = h("li", { class: "jx-row", "data-index": index });
  const head = h("div", { class: "jx-row-head" },
    h("span", { class: "jx-row-no", "aria-hidden": "true" }, String(index + 1)),
    h("span", { class: "jx-field jx-field-kind", "data-field": "kind" },
      kindPicker(activity, found, index, row), h("span", { class: "jx-error" })),
    h("span", { class: "jx-row-value", "aria-live": "polite" }),
    h("button", {
      type: "button", class: "jx-remove", title: "删除此项", "aria-label": `删除第 ${index + 1} 项活动`,
      onclick: () => removeActivity(index),
    }, "删除"));
  row.append(head, rowFields(activity, found), h("p", { class: "jx-row-error jx-error" }));
  return row;
}

/** The activity's kind: the kinds the year's era offers (and the one chosen, if it is not among them). */
function kindPicker(activity, found, index, row) {
  const year = state.entry.year;
  const select = h("select", { class: "jx-kind", "aria-label": `第 ${index + 1} 项活动的类型` });
  select.append(h("option", { value: "" }, "— 请选择活动类型 —"));
  for (const kind of offeredKinds(state.era)) select.append(h("option", { value: kind.id }, kind.label));
  if (activity.kind && !(found && found.offered && kindOffered(found.kind, year))) {
    const label = found ? found.kind.label : activity.kind;
    select.append(h("option", { value: activity.kind }, `${label}（${year ?? ""} 年度不适用）`));
  }
  select.value = activity.kind;
  // Arrow keys on a closed <select> commit each option in turn: only the fields below change, the
  // focus stays here, so the next ↓ goes on browsing the kinds instead of typing into a field.
  select.addEventListener("change", () => {
    setKind(activity, select.value);
    const picked = select.value ? findKind(state.policy, state.era, select.value) : null;
    row.querySelector(".jx-fields").replaceWith(rowFields(activity, picked));
    changed();
  });
  return select;
}

/** A new kind for an activity: its parameters and category start from the kind's defaults. */
function setKind(activity, kindId) {
  activity.kind = kindId;
  activity.params = {};
  activity.category = "";
  const picked = kindId ? findKind(state.policy, state.era, kindId) : null;
  if (picked) {
    for (const param of picked.kind.params) {
      if (param.default !== undefined && param.default !== null) activity.params[param.id] = param.default;
      else if (param.type === "boolean") activity.params[param.id] = false;
    }
    if (picked.kind.category.choose) activity.category = picked.kind.category.default;
  }
  state.touched.set(activity, new Set(["kind"]));
}

/** The fields of an activity: its kind's article and parameters, category, name, end date, achievement. */
function rowFields(activity, found) {
  const policy = state.policy;
  const edited = (key) => () => { touch(activity, key); changed(); };
  const fields = h("div", { class: "jx-fields" });
  if (found) {
    const { kind } = found;
    fields.append(h("p", { class: "jx-kind-article" }, "依据 ", guideLink(kind.article, policy.id, `act-${found.era.id}-${kind.id}`)));
    for (const param of kind.params) {
      const key = `params.${param.id}`;
      fields.append(paramField(activity.params, param, key, edited(key)));
    }
    fields.append(categoryField(activity, kind, found.era, categoryLabels(policy), edited("category")));
  }
  fields.append(textField(activity, "name", "名称（可选）", "例如：县卫健局业务培训", null, edited("name")));
  const deadline = found ? afterEndDeadline(policy, found.kind.id) : null;  // only kinds the deadline names
  if (deadline) fields.append(dateField(activity, deadline, state.entry.year, edited("date")));
  const dedup = found ? dedupFor(found.era, found.kind.id) : null;
  if (dedup) {
    fields.append(textField(activity, "achievement", "同一成果（可选）", "例如：慢病管理研究",
      `同一成果或内容的几项填相同的名称，只按最高的一项计算（${dedup.article}）`, edited("achievement")));
  }
  return fields;
}

function addActivity() {
  const activity = newActivity();
  if (!isOwnEntry(state.entry)) { // a year only spread activities reached: it becomes a year of the record
    state.record.years.push(state.entry);
    state.record.years.sort((a, b) => (a.year ?? 0) - (b.year ?? 0));
    renderYearForm();
  }
  state.entry.activities.push(activity);
  state.touched.set(activity, new Set());
  renderRows();
  state.rows[state.rows.length - 1].querySelector(".jx-kind").focus();
  changed();
}

function removeActivity(index) {
  state.entry.activities.splice(index, 1);
  renderRows();
  changed();
}
