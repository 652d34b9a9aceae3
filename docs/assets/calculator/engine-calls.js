// Which calculator.api function answers each request a page sends to the engine's worker, and what
// a failure answers. One copy for both workers: worker.js (the website) imports this file, and the
// offline copy's loader puts this function's text into its own worker, so both answer alike.
// A classic script with no import/export and no outside names: `api` is calculator.api via Pyodide.
self.jxjyEngineCall = function jxjyEngineCall(api, message) {
  const failed = (extra) => JSON.stringify({ ok: false, error: "计算引擎出错，请刷新页面重试", ...extra });
  // The policy's text crosses into Python once (api.parse_policy), not with every edit: copying up to
  // 90 KB into a new Python string on each call cost a third of the scoring time.
  const kept = jxjyEngineCall.kept || (jxjyEngineCall.kept = { text: null, parsed: null });
  const policy = () => {
    if (kept.text !== message.policy) {
      const parsed = api.parse_policy(message.policy);
      if (kept.parsed) kept.parsed.destroy();
      [kept.text, kept.parsed] = [message.policy, parsed];
    }
    return kept.parsed;
  };
  const calls = {
    score: ["result", "answer", () => api.score_json(policy(), message.record), failed({ path: "" })],
    plan: ["plan", "answer", () => api.plan_json(policy(), message.record, message.year), failed({ path: "" })],
    ics: ["ics", "text", () => api.deadlines_ics(policy(), message.record), ""],
    batch: ["batch", "answer", () => api.batch_csv(message.policy, message.records), failed({})],
  };
  const call = message && Object.prototype.hasOwnProperty.call(calls, message.type) ? calls[message.type] : null;
  if (!call) return null;
  const [type, field, run, fallback] = call;
  let value;
  try {
    value = run();
  } catch (error) {
    console.error("calculator engine error:", error);
    value = fallback;
  }
  return { type, id: message.id, [field]: value };
};
