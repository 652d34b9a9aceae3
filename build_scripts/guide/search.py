"""The site search's vocabulary, its result labels, and a fix to Material's query segmentation.

Material's search plugin segments Chinese with jieba at build time (mkdocs.yml `search:
jieba_dict_user`); its browser side then cuts a query by the words found in the index. Two things
made a search for 学时 rank 学习, 学历 and 学位 with it, and 专业科目 look for 专业* 科*:

- jieba cut the policies' own words apart in running text (「继续教育学时」 教育学/时, 「实际学时会略高」
  学/时会, 「60 学分为合格」 学/分为). The words the policies define — units, categories — go into
  jieba's user dictionary with a frequency that keeps them whole. The browser matches words by their
  beginning only, so a word must not hide another after its first character: 行业公需科目 is left to
  jieba (行业 + 公需科目, so that 公需科目 still finds it), and of the kind and option labels only the
  pieces jieba cuts into single characters and that hide no word of ours or jieba's are added
  (面授培训 as one word would no longer be found by 培训).
- Material's query segmentation never tries a word ending at the query's last character, so a query
  was never matched as the whole word it is: `fix_query_segmentation` below.

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


# Material 9.8's query segmentation (integrations/search/query/segment) looks for index words in the
# query with `for (j = i + 1; j < query.length; j++)`: the last character is never part of a word, so
# a query is never matched as the whole word it is (专业科目 became 专业* 科*, 面授培训 became 面授*).
# The built worker is minified; its loop is found by shape and given `<=`. A build with another
# Material whose worker lacks this loop stops here, so the change is looked at again.
SEGMENT_LOOP = re.compile(r"for\(let (\w+)=(\w+)\+1;\1<(\w+)\.length;\1\+\+\)\3\.slice\(\2,\1\)in (\w+)&&")


class SearchWorkerChanged(Exception):
    pass


def fix_query_segmentation(site_dir):
    """Let Material's search worker try each query word up to the query's last character."""
    workers = sorted((Path(site_dir) / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    if len(workers) != 1:
        raise SearchWorkerChanged(f"Material 的搜索 worker 应有一个，找到 {len(workers)} 个")
    text = workers[0].read_text(encoding="utf-8")
    fixed, count = SEGMENT_LOOP.subn(lambda m: m.group(0).replace(f"{m.group(1)}<{m.group(3)}.length",
                                                                  f"{m.group(1)}<={m.group(3)}.length", 1), text)
    if count != 1:
        raise SearchWorkerChanged(f"{workers[0].name}：找不到 Material 分词查询的循环（找到 {count} 处），"
                                  "请检查 build_scripts/guide/search.py 的 fix_query_segmentation")
    workers[0].write_text(fixed, encoding="utf-8")
    return workers[0]
