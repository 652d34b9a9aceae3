"""Why a `clause` is not found in the notice: the nearest passage, with the differing characters marked.

Whitespace never counts (the notices' line breaks and spaces vary). A clause that differs only in
full-width versus half-width punctuation (，and , ；and ; （and ( …) is said to be exactly that.
"""

import difflib
import re
import unicodedata

MARK_OPEN, MARK_CLOSE = "【", "】"


def squeeze(text):
    return re.sub(r"\s+", "", text)


def _width(text):
    """Half-width form of full-width characters (NFKC), so ，and , compare equal."""
    return unicodedata.normalize("NFKC", text)


def explain_missing(fragment, source):
    """A Chinese explanation of a clause fragment that is not in the notice `source` (both raw)."""
    clause, notice = squeeze(fragment), squeeze(source)
    shown = fragment.strip()
    if _width(clause) in _width(notice):
        start = _width(notice).index(_width(clause))
        passage = notice[start:start + len(clause)]
        pairs = [(a, b) for a, b in zip(clause, passage) if a != b]
        changes = "、".join(f"「{a}」应为「{b}」" for a, b in dict.fromkeys(pairs))
        return (f"条文与通知原文只差全角/半角标点（{changes}）：原文为「{_marked(passage, clause)}」")
    passage = nearest(clause, notice)
    if not passage:
        return f"条文未在通知原文中找到：「{shown[:40]}」，原文中也没有相近的段落"
    return (f"条文未在通知原文中找到：「{_marked(clause, passage)}」；"
            f"原文最接近的一段：「{_marked(passage, clause)}」（【】内为不同之处）")


def nearest(clause, notice):
    """The passage of `notice` (squeezed) that best matches `clause` (squeezed), or ''."""
    matcher = difflib.SequenceMatcher(None, notice, clause, autojunk=False)
    match = matcher.find_longest_match(0, len(notice), 0, len(clause))
    if match.size < min(4, len(clause)):
        return ""
    margin = len(clause) // 2 + 10
    start = max(0, match.a - match.b - margin)
    window = notice[start:match.a - match.b + len(clause) + margin]
    blocks = [b for b in difflib.SequenceMatcher(None, window, clause, autojunk=False).get_matching_blocks() if b.size]
    blocks = [b for b in blocks if b.size >= 2] or blocks  # single characters at the edges are chance
    if not blocks:
        return ""
    first, last = blocks[0], blocks[-1]
    return window[max(0, first.a - first.b):last.a + last.size + (len(clause) - last.b - last.size)]


def _marked(text, other):
    """`text` with the characters that differ from `other` in 【】."""
    out = []
    for tag, i1, i2, _, _ in difflib.SequenceMatcher(None, text, other, autojunk=False).get_opcodes():
        piece = text[i1:i2]
        out.append(piece if tag == "equal" else (MARK_OPEN + piece + MARK_CLOSE if piece else MARK_OPEN + MARK_CLOSE))
    marked = "".join(out)
    return marked if len(marked) <= 120 else marked[:117] + "…"
