// 继续教育学分自查 — reading a compiled policy on the calculator page: which era covers a year, which
// activity kinds it offers, its deadlines and de-duplication rules; links into the policy's guide page;
// number and date formats.

import { h, SITE } from "./page-kit.js";
import { EMBED } from "./state.js";

/** A year's requirement lines as shown: each subject group, then the total line if the year has one. */
export function requirementLines(result) {
  const requirement = result.requirement;
  return requirement ? requirement.groups.concat(requirement.total ? [requirement.total] : []) : [];
}

export function fmt(value) {
  return String(value);
}

export function chineseDate(date) {
  return `${date.getFullYear()}年${date.getMonth() + 1}月${date.getDate()}日`;
}

// --- the policy: eras, kinds --------------------------------------------------------------------
export function eraForYear(policy, year) {
  for (const era of policy.eras) {
    const span = era.years;
    if (span.from != null && year < span.from) continue;
    if (span.to != null && year > span.to) continue;
    return era;
  }
  return null;
}

export function nearestEra(policy, year) {
  const exact = Number.isInteger(year) ? eraForYear(policy, year) : null;
  if (exact) return exact;
  const eras = policy.eras;
  if (Number.isInteger(year) && eras[0].years.from != null && year < eras[0].years.from) return eras[0];
  return eras[eras.length - 1];
}

export function defaultYear(policy) {
  const now = new Date().getFullYear();
  if (eraForYear(policy, now)) return now;
  let best = null;
  for (const era of policy.eras) {
    const to = era.years.to ?? now;
    if (best === null || to > best) best = to;
  }
  return best ?? now;
}

export function kindOffered(kind, year) {
  const span = kind.years;
  if (!span || !Number.isInteger(year)) return true;
  return (span.from == null || year >= span.from) && (span.to == null || year <= span.to);
}

export function findKind(policy, era, kindId) {
  const own = era.activities.find((k) => k.id === kindId);
  if (own) return { kind: own, era, offered: true };
  for (const other of policy.eras) {
    const kind = other.activities.find((k) => k.id === kindId);
    if (kind) return { kind, era: other, offered: false };
  }
  return null;
}

export function categoryLabels(policy) {
  return Object.fromEntries(policy.categories.map((c) => [c.id, c.label]));
}

/** The policy's deadline counted from an activity's end (桐庐 第十三条), if it has one; given a kind,
 *  only a deadline that applies to it (its `activities`, e.g. not 第八条's online courses). */
export function afterEndDeadline(policy, kindId = null) {
  return (policy.deadlines || []).find((d) => d.rule && d.rule.kind === "after_end"
    && (!kindId || !d.activities || d.activities.includes(kindId))) || null;
}

export function todayISO() {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
}

export function daysBetween(fromISO, toISO) {
  return Math.round((Date.parse(`${toISO}T00:00:00Z`) - Date.parse(`${fromISO}T00:00:00Z`)) / 86400000);
}

export function dedupFor(era, kindId) {
  return (era.dedup || []).find((rule) => rule.kind === "same_achievement"
    && (!rule.activities || rule.activities.includes(kindId)));
}

// --- links to the guide ---------------------------------------------------------------------------
export function policyPage(policyId, anchor) {
  const file = location.pathname.endsWith(".html") ? `policies/${policyId}.html` : `policies/${policyId}/`;
  const url = new URL(file, SITE);
  if (anchor) url.hash = anchor;
  return url.href;
}

export function guideLink(text, policyId, anchor, title) {
  const a = h("a", { href: policyPage(policyId, anchor), class: "jx-art", title: title || "在政策说明页查看" }, text);
  if (EMBED) { a.target = "_blank"; a.rel = "noopener"; }
  return a;
}

export function noteAnchor(era, ref) {
  if (!ref) return `era-${era.id}`;
  const [type, id] = ref.split(":");
  if (type === "dedup") {
    const n = (era.dedup || []).findIndex((rule) => rule.kind === id);
    return n >= 0 ? `dedup-${era.id}-${n + 1}` : `limits-${era.id}`;
  }
  if (type === "cap") return `cap-${era.id}-${id}`;
  if (type === "pool") return `pool-${era.id}-${id}`;
  return `era-${era.id}`;
}

