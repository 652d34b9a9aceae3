"""The full notice text as an HTML appendix, with an anchor per article, and article links.

Headings are detected at the start of a line: 附件5, 第三章, 第十一条, 一、, （八）/(八), （1）, 1. / 1、.
Their nesting is inferred from the order they appear in (a marker style already open closes the
deeper ones), so 第十一条 → （八） → 2. gives the anchor `src-art11-paren8-num2`.

An article reference in a policy file (`第十一条（八）2`, `第（十）条`, `附件 一（二）2`,
`附件5 第3条`, `三、相关要求（一）`; several joined by `；`) is parsed into the same tokens and
linked to the heading whose path matches most of them, in order.
"""

import html
import re

CN_DIGITS = {"零": 0, "〇": 0, "O": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100}
CN = "零〇一二两三四五六七八九十百"
NUM = r"[0-9０-９]+"
OPEN, CLOSE = "[（(]", "[）)]"

# Reference token kind -> heading kinds it may stand for (the first is an exact match).
COMPATIBLE = {
    "att": ("att",),
    "chap": ("chap",),
    "art": ("art", "num", "paren", "cn"),
    "paren": ("paren", "art", "cn"),
    "pnum": ("pnum", "num"),
    "cn": ("cn", "paren", "art"),
    "num": ("num", "pnum", "art"),
}


def cn_number(text):
    """'十一' -> 11, '二十四' -> 24, '12' -> 12."""
    text = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if text.isdigit():
        return int(text)
    total, digit = 0, 0
    for char in text:
        if char in CN_DIGITS:
            digit = CN_DIGITS[char]
        elif char in CN_UNITS:
            total += (digit or 1) * CN_UNITS[char]
            digit = 0
        else:
            raise ValueError(text)
    return total + digit


HEADING_PATTERNS = [
    ("att", re.compile(rf"^附件\s*({NUM}|[{CN}]+)?\s*(?:[：:]|$|\s)")),
    ("chap", re.compile(rf"^第\s*([{CN}]+|{NUM})\s*章")),
    ("art", re.compile(rf"^第\s*([{CN}]+|{NUM})\s*条")),
    ("cn", re.compile(rf"^([{CN}]+)\s*[、．.]")),
    ("paren", re.compile(rf"^{OPEN}\s*([{CN}]+)\s*{CLOSE}")),
    ("pnum", re.compile(rf"^{OPEN}\s*({NUM})\s*{CLOSE}")),
    ("num", re.compile(rf"^({NUM})\s*[、．.](?![0-9])")),
]
SHORT_CN_TITLE = re.compile(rf"^([{CN}]+)\s+\S")  # 金华: "一 总 则"


def heading_marker(line):
    """((kind, number), marker length) if the line starts with an article marker, else (None, 0)."""
    for kind, pattern in HEADING_PATTERNS:
        match = pattern.match(line)
        if not match:
            continue
        if kind == "att" and len(line) > 60:
            return None, 0
        number = match.group(1)
        try:
            return (kind, cn_number(number) if number else None), len(match.group(0).rstrip())
        except ValueError:
            return None, 0
    match = SHORT_CN_TITLE.match(line)
    if match and len(line) <= 16:
        try:
            return ("cn", cn_number(match.group(1))), len(line)
        except ValueError:
            return None, 0
    return None, 0


def heading_token(line):
    """(kind, number) if the line starts with an article marker, else None."""
    return heading_marker(line)[0]


def token_id(token):
    kind, number = token
    return kind if number is None else f"{kind}{number}"


class Notice:
    """A notice's lines with their detected headings (each a path of tokens and an anchor id)."""

    def __init__(self, text):
        self.lines = []      # (text, heading or None)
        self.headings = []   # dicts: path, anchor, text
        stack, used, first = [], set(), True
        for raw in text.splitlines():
            line = raw.replace("\u3000", " ").strip()
            token, marker = heading_marker(line) if line else (None, 0)
            if line and first:
                first = False
                if token and token[0] == "att":
                    token = None  # "附件1" above the whole notice labels the document, not a section
            heading = None
            if token:
                kind = token[0]
                if kind == "att":
                    stack = []
                else:
                    kinds = [t[0] for t in stack]
                    if kind in kinds:
                        del stack[kinds.index(kind):]
                stack.append(token)
                # Chapters stay out of the id: article numbers run through the whole notice.
                anchor = "src-" + "-".join(token_id(t) for t in stack if t[0] != "chap" or t is token)
                base, n = anchor, 2
                while anchor in used:
                    anchor, n = f"{base}-{n}", n + 1
                used.add(anchor)
                heading = {"path": list(stack), "anchor": anchor, "text": line, "marker": marker}
                self.headings.append(heading)
            self.lines.append((raw.rstrip(), heading))

    def anchors(self):
        return {h["anchor"] for h in self.headings}

    def resolve(self, reference):
        """The anchor best matching one reference (no `；`), or None."""
        tokens = parse_reference(reference)
        if not tokens:
            return None
        best, best_score = None, None
        for order, heading in enumerate(self.headings):
            score = _match(tokens, heading["path"])
            if score is None:
                continue
            key = (score[0], score[1], -len(heading["path"]), -order)
            if best_score is None or key > best_score:
                best, best_score = heading, key
        return best["anchor"] if best else None

    def section_text(self, reference):
        """The text of the article a reference (no `；`) names: its heading line and every line below it up
        to the next heading that is not inside it. The whole notice when the reference does not resolve."""
        anchor = self.resolve(reference)
        if anchor is None:
            return "\n".join(raw for raw, _ in self.lines)
        out, inside, path = [], False, None
        for raw, heading in self.lines:
            if heading is not None:
                if heading["anchor"] == anchor:
                    inside, path = True, heading["path"]
                elif inside and heading["path"][:len(path)] != path:
                    break
            if inside:
                out.append(raw)
        return "\n".join(out)

    def to_html(self):
        """The appendix body: one <p> per line, tab-separated blocks as tables."""
        out, block = [], []

        def flush():
            if not block:
                return
            if len(block) >= 2:
                width = max(len(cells) for cells in block)
                rows = "".join(
                    "<tr>" + "".join(f"<td>{html.escape(c.strip())}</td>" for c in cells + [""] * (width - len(cells)))
                    + "</tr>" for cells in block)
                out.append(f'<div class="jx-scroll"><table class="jx-notice-table">{rows}</table></div>')
            else:
                out.append(f"<p>{html.escape(' '.join(c.strip() for c in block[0]))}</p>")
            block.clear()

        for raw, heading in self.lines:
            line = raw.strip()
            cells = [c for c in raw.split("\t")]
            if heading is None and len([c for c in cells if c.strip()]) >= 2:
                block.append(cells)
                continue
            flush()
            if not line:
                continue
            if heading:
                head, rest = line[:heading["marker"]], line[heading["marker"]:]
                out.append(f'<p class="jx-src-heading" id="{heading["anchor"]}">'
                           f'<a class="jx-src-link" href="#{heading["anchor"]}" title="链接到此条">§</a> '
                           f'<strong>{html.escape(head)}</strong>{html.escape(rest)}</p>')
            else:
                out.append(f"<p>{html.escape(line)}</p>")
        flush()
        return '<div class="jx-notice">\n' + "\n".join(out) + "\n</div>"


REFERENCE_TOKENS = re.compile(
    rf"(?P<att>附件(?P<attn>{NUM}|[{CN}]+(?![、（(）)]))?)"
    rf"|第\s*{OPEN}\s*(?P<parenart>[{CN}]+|{NUM})\s*{CLOSE}\s*条"
    rf"|第\s*(?P<art>[{CN}]+|{NUM})\s*(?P<artkind>条|章)"
    rf"|{OPEN}\s*(?P<paren>[{CN}]+)\s*{CLOSE}"
    rf"|{OPEN}\s*(?P<pnum>{NUM})\s*{CLOSE}"
    rf"|(?P<cn>[{CN}]+)(?=[、（(\s]|$)"
    rf"|(?P<num>{NUM})"
)


def parse_reference(reference):
    """'第十一条（八）2' -> [('art', 11), ('paren', 8), ('num', 2)]."""
    tokens = []
    for match in REFERENCE_TOKENS.finditer(reference):
        group = match.lastgroup
        try:
            if match.group("att") is not None:
                number = match.group("attn")
                tokens.append(("att", cn_number(number) if number else None))
            elif match.group("parenart") is not None:
                value = match.group("parenart")
                kind = "pnum" if value[0] in "0123456789０１２３４５６７８９" else "paren"
                tokens.append((kind, cn_number(value)))
            elif match.group("art") is not None:
                tokens.append(("chap" if match.group("artkind") == "章" else "art", cn_number(match.group("art"))))
            elif group in ("paren", "pnum", "cn", "num"):
                tokens.append((group, cn_number(match.group(group))))
        except ValueError:
            continue
    return tokens


def _match(tokens, path):
    """Best in-order matching of reference tokens into a heading path whose last element is matched.

    Returns (weight, exact) or None; a matched token weighs more the earlier it is in the reference. Unmatched tokens on either side are allowed (a reference may
    omit 第三章; a heading path may lack a 附件 line the reference names).
    """
    n, m = len(tokens), len(path)
    # best[i][j]: best (matched, exact) using tokens[:i] and path[:j]
    best = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
    ends = [[None] * (m + 1) for _ in range(n + 1)]  # score when path[j-1] is matched to tokens[i-1]
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            candidates = [best[i - 1][j], best[i][j - 1]]
            quality = _compatible(tokens[i - 1], path[j - 1])
            if quality:
                prev = best[i - 1][j - 1]
                # Earlier tokens weigh more: 第4条 matters more than the （1） inside it.
                here = (prev[0] + 2 ** (n - i), prev[1] + (quality == 2))
                ends[i][j] = here
                candidates.append(here)
            best[i][j] = max(candidates)
    finals = [ends[i][m] for i in range(1, n + 1) if ends[i][m]]
    if not finals:
        return None
    return max(finals)


def _compatible(ref, heading):
    """2 exact, 1 compatible, 0 not."""
    kind, number = ref
    hkind, hnumber = heading
    if kind == "att":
        if hkind != "att":
            return 0
        if number is None or hnumber is None:
            return 2 if number == hnumber else (1 if number is None else 0)
        return 2 if number == hnumber else 0
    if number != hnumber or hkind not in COMPATIBLE[kind]:
        return 0
    return 2 if hkind == kind else 1


def split_references(article):
    return [part.strip() for part in re.split(r"[；;]", article or "") if part.strip()]
