// 继续教育学分自查 — the calculator inside another site's page (`&embed=1`): its content height, posted
// to the embedding page whenever it changes, so the frame can grow with the form and its results
// (README.md, 「嵌入到其他网站」, has the snippet for the embedding page). Only a number leaves the frame.

const MESSAGE = "jxjy-calculator-height";

/** Post {type: "jxjy-calculator-height", height} to the parent page now and after every change of size. */
export function postHeightToParent(content) {
  if (window.parent === window || !content) return;
  let last = 0;
  const send = () => {
    // the content's own bottom, not the document's (which is never smaller than the frame)
    const height = Math.ceil(content.getBoundingClientRect().bottom + window.scrollY + 16);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: MESSAGE, height }, "*"); // a number, for whichever site embeds us
  };
  new ResizeObserver(send).observe(content);
  send();
}
