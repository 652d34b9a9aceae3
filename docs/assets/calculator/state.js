// 继续教育学分自查 — the calculator page's shared state: its root element, what is loaded and shown
// (`state`), the elements the other modules fill (`ui`), the message line, the address's options
// (the embed view), and two questions about the year shown that every part of the page asks.

import { messageLine } from "./page-kit.js";

export const root = document.getElementById("jx-calc");
export const params = new URLSearchParams(location.search);
export const EMBED = params.get("embed") === "1";

export const state = {
  policies: [], // index entries
  known: new Set(),
  policy: null,
  policyText: "",
  record: null,
  entry: null, // the year shown in the form: one of record.years, or a year only spread activities reach
  era: null,
  touched: new WeakMap(), // activity -> Set of field keys the person has edited
  rows: [], // row elements, parallel to entry.activities
  engine: null, // page-kit.js pageEngine: .state is "loading", "ready" or "failed"
  seq: 0,
  answer: null,
  inFlight: false, // a score request is with the engine
  pending: false, // the record changed while it was
  icsSeq: 0,
};

export const ui = {};

export const messages = messageLine({ closable: true });
export const showMessage = messages.show;
export const hideMessage = messages.hide;

/** Whether `entry` is a year of the record (not one only spread activities reach). */
export function isOwnEntry(entry) {
  return state.record.years.includes(entry);
}

/** The result of the year shown in the form, from a multi-year answer. */
export function currentYearResult(answer) {
  if (!answer || !answer.ok || !state.entry) return null;
  return answer.result.years.find((result) => result.year === state.entry.year) || null;
}
