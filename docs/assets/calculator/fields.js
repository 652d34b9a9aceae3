// 继续教育学分自查 — the calculator's input fields: one for each parameter a policy declares (yes/no,
// a choice, numbers, a number per day), an activity's category, its name or achievement, its end date.
// Each field writes into the record and calls its onChange / onEdit; it knows nothing else of the page.
// A value the browser cannot read (a half-typed number or date) is marked on the field (data-local).

import { h } from "./page-kit.js";

let fieldIds = 0;

function fieldShell(key, labelText, control, help, extra, target) {
  const id = `jx-f-${++fieldIds}`;
  (target || control).id = id;
  return h("div", { class: `jx-field ${extra || ""}`, "data-field": key },
    h("label", { for: id, class: "jx-label" }, labelText),
    control,
    help ? h("span", { class: "jx-help" }, help) : null,
    h("span", { class: "jx-error" }));
}

const PARAM_FIELDS = { boolean: booleanField, enum: enumField, per_day: perDayField };

/** A field for a declared parameter (an activity's, or the person's), writing into `values`. */
export function paramField(values, param, key, onChange) {
  const label = `${param.label}${param.optional ? "（可选）" : ""}`;
  const set = (v) => {
    if (v === undefined) delete values[param.id];
    else values[param.id] = v;
    onChange();
  };
  const make = PARAM_FIELDS[param.type] || numberField; // integer / decimal
  return make(param, key, label, values[param.id], set);
}

function booleanField(param, key, label, value, set) {
  const box = h("input", { type: "checkbox", class: "jx-input", checked: value === true });
  box.addEventListener("change", () => set(box.checked));
  const id = `jx-f-${++fieldIds}`;
  box.id = id;
  return h("div", { class: "jx-field jx-field-check", "data-field": key },
    box, h("label", { for: id, class: "jx-label" }, label),
    param.help ? h("span", { class: "jx-help" }, param.help) : null,
    h("span", { class: "jx-error" }));
}

function enumField(param, key, label, value, set) {
  const select = h("select", { class: "jx-input" });
  if (param.default === undefined) select.append(h("option", { value: "" }, "— 请选择 —"));
  for (const option of param.options) select.append(h("option", { value: option.value }, option.label));
  select.value = typeof value === "string" ? value : "";
  select.addEventListener("change", () => set(select.value === "" ? undefined : select.value));
  return fieldShell(key, label, select, param.help);
}

/** One number per day (e.g. hours of each day), typed as a list. */
function perDayField(param, key, label, value, set) {
  const item = param.item || {};
  const input = h("input", {
    type: "text", class: "jx-input jx-per-day", inputmode: "decimal", autocomplete: "off",
    placeholder: "每天一个数，用逗号分隔，例如：4, 6, 8",
  });
  input.value = Array.isArray(value) ? value.join(", ") : (value ?? "");
  const count = h("span", { class: "jx-unit" });
  const showCount = (list) => {
    count.textContent = list && list.length ? `${item.unit ? `${item.unit}/天，` : ""}共 ${list.length} 天` : (item.unit ? `${item.unit}/天` : "");
  };
  showCount(Array.isArray(value) ? value : null);
  input.addEventListener("input", () => {
    const tokens = input.value.split(/[\s,，、;；]+/).filter(Boolean);
    const list = tokens.map((t) => (/^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t));
    showCount(list);
    set(list.length ? list : undefined);
  });
  const limits = [item.min != null ? `每天 ${item.min}` : "", item.max != null ? `${item.min != null ? "到" : "每天最多 "}${item.max}` : ""].join("");
  const help = [param.help, limits ? `${limits}${item.unit || ""}` : "", param.max_days ? `最多 ${param.max_days} 天` : ""].filter(Boolean).join("；");
  return fieldShell(key, label, h("span", { class: "jx-input-wrap" }, input, count), help, "jx-field-wide", input);
}

function numberField(param, key, label, value, set) {
  const input = h("input", {
    type: "number", class: "jx-input jx-number", inputmode: param.type === "integer" ? "numeric" : "decimal",
    min: param.min, max: param.max, step: param.step ?? (param.type === "integer" ? 1 : "any"), autocomplete: "off",
  });
  input.value = typeof value === "number" ? String(value) : (typeof value === "string" ? value : "");
  input.addEventListener("input", () => {
    const field = input.closest(".jx-field");
    if (input.value === "" && input.validity.badInput) {
      field.dataset.local = "请输入数字";
      set(undefined);
      return;
    }
    delete field.dataset.local;
    set(input.value === "" ? undefined : Number(input.value));
  });
  const range = (param.min != null || param.max != null) ? `${param.min ?? ""}—${param.max ?? ""}` : "";
  const help = [param.help, range ? `范围 ${range}${param.unit ? ` ${param.unit}` : ""}` : ""].filter(Boolean).join("；");
  return fieldShell(key, label, h("span", { class: "jx-input-wrap" }, input, param.unit ? h("span", { class: "jx-unit" }, param.unit) : null), help, "", input);
}

/** Where an activity counts: a choice (计入科目), or what its kind fixes (a category, a split, a pool, or by a parameter). */
export function categoryField(activity, kind, era, labels, onEdit) {
  const spec = kind.category;
  if (spec.choose) {
    const select = h("select", { class: "jx-input" });
    for (const id of spec.choose) select.append(h("option", { value: id }, labels[id]));
    select.value = activity.category || spec.default;
    select.addEventListener("change", () => {
      activity.category = select.value;
      onEdit();
    });
    return fieldShell("category", "计入科目", select, `按内容选择（默认：${labels[spec.default]}）`);
  }
  let text;
  if (spec.fixed) text = labels[spec.fixed];
  else if (spec.split) text = Object.entries(spec.split).map(([id, v]) => `${labels[id]} ${v}`).join("、") + "（按比例）";
  else if (spec.depends) {  // decided by what is filled in (e.g. 与专业相关), shown in the result
    const ids = [...new Set([...spec.depends.map((c) => c.category), spec.default])];
    text = `按填写的情况计入${ids.map((id) => labels[id]).join("或")}`;
  } else if (spec.pool) {
    const pool = (era.pools || []).find((p) => p.id === spec.pool);
    text = pool ? `抵扣：${pool.explain}` : "抵扣";
  }
  return h("div", { class: "jx-field jx-field-static", "data-field": "category" },
    h("span", { class: "jx-label" }, "计入科目"), h("span", { class: "jx-static" }, text),
    h("span", { class: "jx-error" }));
}

/** An activity's free text (`name` or `achievement`). */
export function textField(activity, key, label, placeholder, help, onEdit) {
  const input = h("input", { type: "text", class: "jx-input jx-text", placeholder, maxlength: 200, autocomplete: "off" });
  input.value = activity[key] || "";
  input.addEventListener("input", () => {
    activity[key] = input.value;
    onEdit();
  });
  return fieldShell(key, label, input, help, key === "name" ? "jx-field-name" : "jx-field-achievement");
}

/** The end date of an activity, for the registration deadline counted from it (桐庐 第十三条). */
export function dateField(activity, deadline, year, onEdit) {
  const input = h("input", { type: "date", class: "jx-input jx-date", autocomplete: "off" });
  if (Number.isInteger(year)) { input.min = `${year}-01-01`; input.max = `${year}-12-31`; }
  input.value = typeof activity.date === "string" ? activity.date : "";
  input.addEventListener("input", () => {
    const field = input.closest(".jx-field");
    if (input.value === "" && input.validity.badInput) {
      field.dataset.local = "请输入完整的日期";
      return;
    }
    delete field.dataset.local;
    if (input.value) activity.date = input.value;
    else delete activity.date;
    onEdit();
  });
  return fieldShell("date", "结束日期（可选）", input, `填写后列出申报截止日（${deadline.article}）`, "jx-field-date");
}
