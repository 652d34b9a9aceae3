"""`python -m calculator new <id> --notice <file>`: the files a new policy needs, every gap marked TODO.

Writes, under the project root:
- policies/sources/<NNN>_<hash>.txt — the notice (UTF-8), unless it is already there;
- policies/<id>.yaml — every block an editor fills (metadata, categories, an era with its requirement
  and activities, multi-year checks, deadlines, consequences, interpretations), with what can be read
  from the notice (title, 文号, date) filled in and everything else marked TODO;
- tests/golden/<id>.yaml — a golden-case skeleton in the format tests/golden.py reads;
- an entry for the policy in docs/comparison.yaml (the comparison page), every common activity TODO.
`python -m calculator validate` lists the TODOs left (`todos`).
"""

import hashlib
import re
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
MARK = "TODO"
ID_PATTERN = re.compile(r"^[a-z]+(-[a-z0-9]+)+$")


class NewPolicyError(Exception):
    pass


def create(policy_id, notice, root=REPO):
    """Write the skeleton files; returns the paths written. Refuses to overwrite anything."""
    root = Path(root)
    if not ID_PATTERN.match(policy_id):
        raise NewPolicyError(f"政策 id「{policy_id}」不合格式：写成 省-市（县）-年份 的小写拼音，如 zhejiang-tonglu-2018")
    try:
        text = Path(notice).read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise NewPolicyError(f"无法读取通知原文 {notice}：{error.strerror}") from None
    except UnicodeDecodeError:
        raise NewPolicyError(f"通知原文 {notice} 不是 UTF-8 文本：请另存为 UTF-8 后再试") from None
    policy_path = root / "policies" / f"{policy_id}.yaml"
    golden_path = root / "tests" / "golden" / f"{policy_id}.yaml"
    for path in (policy_path, golden_path):
        if path.exists():
            raise NewPolicyError(f"{path} 已存在，不会覆盖")
    comparison = root / "docs" / "comparison.yaml"
    if comparison.exists() and policy_id in (yaml.safe_load(comparison.read_text(encoding="utf-8")) or {}).get("policies", {}):
        raise NewPolicyError(f"{comparison} 中已有政策「{policy_id}」")

    seed = _place_notice(Path(notice), text, root / "policies" / "sources")
    found = read_notice(text)
    policy_path.parent.mkdir(parents=True, exist_ok=True)
    policy_path.write_text(policy_skeleton(policy_id, seed.name, found), encoding="utf-8")
    golden_path.parent.mkdir(parents=True, exist_ok=True)
    golden_path.write_text(golden_skeleton(policy_id, seed.name, found), encoding="utf-8")
    written = [seed, policy_path, golden_path]
    if comparison.exists():
        columns = [c["id"] for c in (yaml.safe_load(comparison.read_text(encoding="utf-8")) or {}).get("activities", [])]
        with comparison.open("a", encoding="utf-8") as out:
            out.write(comparison_entry(policy_id, columns))
        written.append(comparison)
    return written


def _place_notice(notice, text, sources):
    if notice.resolve().parent == sources.resolve() and re.match(r"^[0-9]{3}_[0-9a-f]+\.txt$", notice.name):
        return notice
    sources.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    for existing in sources.glob(f"*_{digest}.txt"):
        return existing
    numbers = [int(p.name[:3]) for p in sources.glob("[0-9][0-9][0-9]_*.txt")]
    target = sources / f"{max(numbers, default=-1) + 1:03d}_{digest}.txt"
    target.write_text(text, encoding="utf-8")
    return target


def read_notice(text):
    """What can be read from a notice without judgement: title, 文号, first date (each may be None)."""
    squeezed = re.sub(r"\s+", "", text)
    title = re.search(r"关于[^。；：:]{2,80}?的通知", squeezed)
    number = re.search(r"([\u4e00-\u9fff]{2,5})[ \t]*〔[ \t]*(\d{4})[ \t]*〕[ \t]*(\d+)[ \t]*号", text)
    date = re.search(r"(\d{4})年(\d{1,2})月(\d{1,2})日", squeezed)
    return {
        "title": title.group(0) if title else None,
        "document_number": f"{number.group(1)}〔{number.group(2)}〕{number.group(3)}号" if number else None,
        "issued": f"{date.group(1)}-{int(date.group(2)):02d}-{int(date.group(3)):02d}" if date else None,
    }


def _found(value, todo):
    """A value read from the notice (to check), or a TODO."""
    return (f"{value}  # 从通知中读出，请核对" if value else f"{MARK} {todo}")


def policy_skeleton(policy_id, seed, found):
    issued = f'"{found["issued"]}"  # 从通知中读出，请核对' if found["issued"] else f'"{MARK}"  # 发文日期 YYYY-MM-DD'
    return f"""# yaml-language-server: $schema=../schema/policy.schema.json
# {found["title"] or policy_id}
# Source text: policies/sources/{seed}
# 把每个待填写处换成通知中的内容；python -m calculator validate policies/{policy_id}.yaml 列出还剩哪些。
# 字段说明见本站的「政策文件语言参考」（language/），步骤见「如何新增一项政策」。
id: {policy_id}
title: {_found(found["title"], "通知的完整标题")}
short_title: {MARK} 简称，如 桐庐县 2018
document_number: {_found(found["document_number"], "文号，如 桐人社发〔2018〕26号")}
issuer: [{MARK} 发文机关]
issued: {issued}
effective:
  from: {issued}
  to: null  # 长期有效；有截止日期时写 "YYYY-MM-DD"
seed: {seed}
region: {{province: {MARK} 省, city: {MARK} 市}}  # 县级政策另写 county
covers: 专业技术人员  # 或 技能人才
scope:
  article: {MARK} 规定适用范围的条款
  clause: {MARK} 从通知中原样摘录适用范围的条文
unit: 学分  # 或 学时

categories:  # 科目类别
  - id: professional
    label: 专业科目
  - id: public
    label: 公需科目

eras:  # 按年度划分的规则；规则变过的，另写一个时期（可用 extends 只写不同之处）
  - id: main
    label: {MARK} 时期名称，如 学分制
    years: {{from: {int(found["issued"][:4]) if found["issued"] else 2024}}}  # 没有 to：至今
    unit: 学分
    categories: [professional, public]
    requirement:  # 年度要求；没有单一年度要求时写 requirement: null
      total: {{label: 全年合计, min: 0, article: {MARK} 条款, clause: {MARK} 原文}}  # {MARK} min
      groups:
        - {{id: professional, label: 专业科目, categories: [professional], min: 0, article: {MARK} 条款, clause: {MARK} 原文}}
        - {{id: public, label: 公需科目, categories: [public], min: 0, article: {MARK} 条款, clause: {MARK} 原文}}
    activities:  # 每种可折算的学习活动一项；rule 的写法见语言参考（fixed、rate、lookup、grid、brackets、none）
      - id: training
        label: {MARK} 活动名称，如 面授培训
        article: {MARK} 条款
        clause: {MARK} 原文
        category: {{fixed: professional}}  # 或 {{choose: [professional, public], default: professional}}
        params:
          - {{id: days, label: 培训天数, type: decimal, min: 0, max: 366, step: 0.5, unit: 天}}
        rule:
          kind: rate
          terms:
            - {{param: days, rate: 0, label: 培训天数}}  # {MARK} 每天折算多少
    # dedup / caps / pools：同一成果不重复计算、合计上限、可抵扣额度，见语言参考

multi_year: []  # 多年度核对（近三年均达标才能申报职称等），见语言参考 multi_year_check；没有就留 []
# person: []   # 多年度核对依赖的个人信息（如 博士），见语言参考

deadlines:  # 登记、申报期限；写 rule 才会算出具体日期（after_end 或 fixed），没有就留 []
  - id: registration
    label: {MARK} 名称，如 学分申报
    article: {MARK} 条款
    clause: {MARK} 原文
    summary: {MARK} 一句话说明期限
    # activities: [training]  # 只适用于部分活动时列出它们的 id
    rule: {{kind: after_end, days: 60}}  # {MARK} 天数（年底截止加 closes: "12-30"）；或 {{kind: fixed, date: "YYYY-MM-DD"}}；只能照原文列出的，删去 rule

consequences:  # 未完成的后果，没有就留 []
  - article: {MARK} 条款
    clause: {MARK} 原文
    summary: {MARK} 一句话说明后果

interpretations: []  # 本站解读：有歧义的条文采用的读法（id、topic、article、reading），活动用 interpretations 引用
"""


def golden_skeleton(policy_id, seed, found):
    return f"""# Golden cases for {found["title"] or policy_id}, derived by hand from policies/sources/{seed}.
# 每个用例手算一项规则：name 说明、article 条款、derivation 手算过程、record 记录、expect 预期（只写与本例有关的）。
# expect 可写 activities（每项：raw、counted、categories）、totals（每个类别）、total、
# requirement（met、shortfall）；错误的输入写 error: {{path: …, contains: …}}。格式见 tests/golden.py。
# 合起来要覆盖每一行、每一格、每个上限（tests/test_rule_coverage.py 检查）。
policy: {policy_id}
cases:
  - name: {MARK} 用例名称，如 面授培训5天计40学分
    article: {MARK} 条款
    derivation: {MARK} 手算过程，如 5 天 × 8 学分 = 40
    record:
      year: {int(found["issued"][:4]) if found["issued"] else 2024}
      activities:
        - {{kind: training, params: {{days: 5}}}}
    expect:
      activities: [{{counted: 0}}]  # {MARK} 手算的值
      total: 0  # {MARK}
"""


def comparison_entry(policy_id, columns):
    lines = [f"\n  {policy_id}:  # {MARK} 每项常见活动对应本政策的哪种活动：{{kind: 活动 id, params: {{…}}}}；没有的写 null"]
    lines += [f"    {column}: null  # {MARK}" for column in columns]
    return "\n".join(lines) + "\n"


def todos(path):
    """(line, text) of every TODO left in a file."""
    path = Path(path)
    if not path.exists():
        return []
    return [(number, line.strip()) for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
            if MARK in line]


def comparison_todos(path, policy_id):
    """TODO lines of one policy's entry in docs/comparison.yaml."""
    path = Path(path)
    if not path.exists():
        return []
    found, inside = [], False
    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if re.match(r"^  \S", line):
            inside = line.strip().startswith(f"{policy_id}:")
        elif line and not line.startswith(" "):
            inside = False
        if inside and MARK in line:
            found.append((number, line.strip()))
    return found


def todo_report(policy_path):
    """`file:line: 待填写：…` for the TODOs left in a policy file, its golden cases and comparison entry."""
    policy_path = Path(policy_path)
    root = policy_path.resolve().parent.parent
    policy_id = policy_path.stem
    files = [(policy_path, todos(policy_path)),
             (root / "tests" / "golden" / f"{policy_id}.yaml", todos(root / "tests" / "golden" / f"{policy_id}.yaml")),
             (root / "docs" / "comparison.yaml", comparison_todos(root / "docs" / "comparison.yaml", policy_id))]
    return [f"{path}:{line}: 待填写：{text}" for path, found in files for line, text in found]
