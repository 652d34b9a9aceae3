"""The site search's own vocabulary and result labels, from the compiled policies.

Material's search plugin segments Chinese with jieba at build time (mkdocs.yml `search:
jieba_dict_user`), and its browser side cuts a query by the words found in the index, without ever
trying the whole query: as long as one character of a term stands alone somewhere in the index
(「实际学时会略高」 cut 学/时会, 「60 学分为合格」 cut 学/分为), a search for 学时 becomes 学* and ranks
学习, 学历 and 学位 with it. So the words the policies define — their units, their categories, what a
category is — go into jieba's user dictionary with a frequency that keeps them whole in running
text. The browser matches words by their beginning only, so a word must not hide another after its
first character: 行业公需科目 is left to jieba (行业 + 公需科目, so that 公需科目 still finds it), and
of the kind and option labels only the pieces jieba cuts into single characters and that hide no word
of ours or jieba's are added (面授培训 as one word would no longer be found by 培训).

Each policy page's search entry also names its region and document number (文号), shown under the
notice title in the results (the entry's `tags`, which Material renders there and weighs highest,
so searching 益阳 or 益人社函 finds the policy first).
"""

import json
import re
from pathlib import Path

from .policy_page import region_text

# jieba's own dictionary gives 分为 8259, 时会 257, 教育学 143; 学分制 must stay one word (学分 +
# 制 under 10**6). 10**4 keeps every term below whole in the policies' text.
FREQUENCY = 10_000
# Words every notice uses that no single field of a policy holds.
COMMON = ("继续教育",)
HAN = re.compile(r"[\u4e00-\u9fff]+")


def _pieces(label, longest=4):
    """The items of a label (between its punctuation, brackets and 与或及和的) that are 2..longest
    Chinese characters: 「“三援”（援藏、援疆、援外）」 gives 三援, 援藏, 援疆, 援外; 「6个月至1年」 nothing."""
    items = [item.removesuffix("等") for item in re.split(r"[^\u4e00-\u9fff0-9A-Za-z]+|[与或及和的]", label)]
    return [item for item in items if 2 <= len(item) <= longest and HAN.fullmatch(item)]


def _hides_a_word(word, ours, jieba):
    """True when a word of ours or of jieba's dictionary (2+ characters) starts after the word's
    first character."""
    return any(word[i:i + n] in ours or jieba.get_FREQ(word[i:i + n])
               for i in range(1, len(word) - 1) for n in range(2, len(word) - i + 1))


def policy_terms(policies):
    """The policies' own terms: units, category labels (less those holding another after their first
    character), and the pieces of kind and option labels jieba would cut into single characters."""
    defined = set(COMMON)
    labels = set()
    for policy in policies:
        defined |= {c["label"] for c in policy["categories"]}
        for era in policy["eras"]:
            defined.add(era["unit"])
            for kind in era["activities"]:
                labels.update(_pieces(kind["label"]))
                for param in kind["params"]:
                    labels.update(piece for option in param.get("options", []) for piece in _pieces(option["label"]))
    import jieba  # at build time only (Material's search plugin imports it too)

    jieba.initialize()
    ours = {w for w in defined | labels if len(w) >= 2}
    terms = {w for w in defined if not any(other in w[1:] for other in defined)}
    for piece in sorted(labels - terms):
        cut = list(jieba.cut(piece))  # as Material's plugin cuts
        if len(cut) > 1 and any(len(w) == 1 for w in cut) and not _hides_a_word(piece, ours - {piece}, jieba):
            terms.add(piece)
    return sorted(terms)


def user_dictionary(policies):
    """jieba's user dictionary (`word frequency` per line)."""
    return "".join(f"{word} {FREQUENCY}\n" for word in policy_terms(policies))


def write_user_dictionary(policies, path):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = user_dictionary(policies)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path


def result_labels(policy):
    """What a search result for a policy page shows under the notice title: region, 文号."""
    return [region_text(policy["region"]), policy["document_number"]]


def label_index(path, labels):
    """Add `tags` to the page entries (not their sections) of Material's search_index.json.

    labels: {page location (page.url) -> [label, ...]}."""
    path = Path(path)
    if not path.exists() or not labels:
        return 0
    data = json.loads(path.read_text(encoding="utf-8"))
    count = 0
    for entry in data["docs"]:
        if entry["location"] in labels:
            entry["tags"] = list(labels[entry["location"]])
            count += 1
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return count
