// 继续教育学分自查 — spread activities (益阳 三援) in a multi-year answer. The engine gives such an activity in
// full once, in the year it was entered; each other year it covers carries a reference: that year's
// figures (raw, counted, categories), article and notes, with `spread_from` and `source_index` naming the
// full entry (its label, name, steps and quoted clause). The same as calculator/history.py resolve_carried.

/** Every activity given in full in `years` (a multi-year answer's years), by "year:index". */
export function fullEntries(years) {
  const entries = new Map();
  for (const year of years || []) {
    for (const item of year.activities) if (item.source_index === undefined) entries.set(`${year.year}:${item.index}`, item);
  }
  return entries;
}

/** An activity as shown: a reference completed from its full entry; any other activity as it is. */
export function resolveCarried(entries, item) {
  if (item.source_index === undefined) return item;
  const source = entries.get(`${item.spread_from}:${item.source_index}`);
  return source ? { ...source, ...item, rule: { ...source.rule, ...item.rule } } : item;
}

/** The carried activities of one year of `answer` (a score answer), each completed from its entry. */
export function carriedItems(answer, year) {
  const entries = fullEntries(answer.result.years);
  return year.activities.filter((item) => item.spread_from !== undefined).map((item) => resolveCarried(entries, item));
}
