// 单位批量核对 in the engine's worker: the files a page picked (sheets .xlsx/.csv, records .json) go to
// calculator.api.BatchJob (standard library only: openpyxl is unpacked only to write an .xlsx export),
// which is scored a chunk at a time with a progress message after each chunk
// (the page's bar moves; a newer request stops an older one between chunks). One copy for both
// workers: worker.js (the website) imports this file, and the offline copy's loader puts this
// function's text into its own worker. A classic script with no import/export and no outside names.
//
// Messages in:  {type: "batch-open", id, policy: <policy JSON text>, files: [[name, ArrayBuffer], ...]}
//               {type: "batch-person", id, index}          (one person's record and full result)
//               {type: "batch-export", id, format: "xlsx" | "csv"}
// Messages out: {type: "batch-progress", id, done, total}
//               {type: "batch-answer", id, answer: <JSON text of BatchJob.answer()>}
//               {type: "batch-person", id, answer: <JSON text of BatchJob.person()>}
//               {type: "batch-export", id, format, bytes: ArrayBuffer} or {…, error}
self.jxjyBatchCalls = function jxjyBatchCalls(post, loadSheetWheels) {
  const CHUNK = 250;
  const failed = (error) => JSON.stringify({ ok: false, error });
  let job = null;
  let latest = 0;

  async function open(api, message) {
    latest = message.id;
    if (job) job.destroy();
    job = null;
    const files = message.files.map(([name, buffer]) => [String(name), new Uint8Array(buffer)]);
    job = api.BatchJob(message.policy, files);
    const total = job.total;
    post({ type: "batch-progress", id: message.id, done: 0, total });
    while (job.done < total) {
      job.step(CHUNK);
      post({ type: "batch-progress", id: message.id, done: job.done, total });
      await new Promise((resolve) => setTimeout(resolve, 0)); // let a newer request in
      if (message.id !== latest) return;
    }
    post({ type: "batch-answer", id: message.id, answer: job.answer() });
  }

  async function exported(message) {
    if (message.format === "xlsx") await loadSheetWheels();
    const data = job.export(message.format);
    const bytes = data.toJs();
    data.destroy();
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    post({ type: "batch-export", id: message.id, format: message.format, bytes: buffer }, [buffer]);
  }

  return async function call(api, message) {
    try {
      if (message.type === "batch-open") await open(api, message);
      else if (message.type === "batch-person") {
        post({ type: "batch-person", id: message.id, answer: job ? job.person(message.index) : failed("请重新选择文件") });
      } else if (message.type === "batch-export") {
        if (!job) post({ type: "batch-export", id: message.id, format: message.format, error: "没有可下载的结果" });
        else await exported(message);
      } else return false;
    } catch (error) {
      console.error("batch check error:", error);
      const text = "计算引擎出错，请刷新页面重试";
      if (message.type === "batch-export") post({ type: "batch-export", id: message.id, format: message.format, error: text });
      else post({ type: message.type === "batch-open" ? "batch-answer" : message.type, id: message.id, answer: failed(text) });
    }
    return true;
  };
};
