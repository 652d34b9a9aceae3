"""python -m calculator: list, describe and score policies; validate policy files.

Exit codes: 0 ok, 2 bad input (with a Chinese message naming the field), never a traceback;
70 (EX_SOFTWARE) for a fault of the calculator itself, whose traceback only `--debug` shows.
"""

import argparse
import functools
import json
import sys
import traceback
from pathlib import Path

from . import policy_files
from .batch import Batch
from .deadlines import to_ics
from .describe import describe
from .engine import score
from .plan import plan
from .records import RecordError, record_from_bytes
from .text import summary

class UsageError(Exception):
    pass


def load_policy(ref):
    """A policy by id or by file path (calculator.policy_files); problems become the user's message."""
    try:
        return policy_files.load_policy(ref)
    except policy_files.PolicyNotFound as error:
        raise UsageError(error.message) from None
    except policy_files.PolicyError as error:
        raise UsageError(f"政策文件 {ref} 未通过校验：\n{error}") from None


def load_index():
    try:
        return policy_files.load_index()
    except policy_files.PolicyNotFound as error:
        raise UsageError(error.message) from None


INTERNAL_ERROR = 70  # sysexits.h EX_SOFTWARE: the calculator's fault, not the input's


def read_record(path):
    """A record file (UTF-8 with or without BOM, or GBK) or standard input ("-")."""
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as error:
        raise UsageError(f"无法读取记录文件 {path}：{error.strerror}") from None
    return record_from_bytes(data, "标准输入的记录" if path == "-" else f"记录文件 {path}")


# What the text summary prints that GBK (a Chinese Windows console or redirect) cannot encode.
GBK_FALLBACK = str.maketrans({"✔": "√", "✘": "×"})


def _tolerant_output():
    """Never fail on printing: marks outside the console's encoding get a near form or "?"."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def out(text):
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    if not encoding.lower().replace("-", "").startswith("utf"):
        text = text.translate(GBK_FALLBACK)
    print(text)


def print_json(data):
    out(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True))


def cmd_policies(args):
    for entry in load_index()["policies"]:
        print(f"{entry['id']}\t{entry['short_title']}\t{entry['document_number']}")


def cmd_describe(args):
    print_json(describe(load_policy(args.policy)))


def cmd_score(args):
    record = read_record(args.record)
    policy = load_policy(args.policy)
    result = score(policy, record)
    if args.ics:
        write_output(args.ics, to_ics(result["deadlines"], policy).encode("utf-8"))
    if args.text:
        out(summary(result))
    else:
        print_json(result)


def cmd_plan(args):
    found = plan(load_policy(args.policy), read_record(args.record), args.year)
    if not args.text:
        print_json(found)
        return
    if not found["lines"]:
        out(f"{found['year']} 年度各项要求均已满足。")
    for line in found["lines"]:
        out(f"{line['label']}还差 {line['shortfall']} {found['unit']}，可以：")
        for option in line["options"]:
            deadline = "；".join(d["summary"] for d in option["deadlines"])
            out(f"  - {option['text']}" + (f"【{deadline}】" if deadline else ""))


def cmd_batch(args):
    policy = load_policy(args.policy)
    files = []
    for path in args.records:
        try:
            files.append((Path(path).name, Path(path).read_bytes()))
        except OSError as error:
            raise UsageError(f"无法读取文件 {path}：{error.strerror}") from None
    batch = Batch.from_files(policy, files).run()
    if args.output and args.output.lower().endswith(".xlsx"):
        try:
            write_output(args.output, batch.to_xlsx())
        except ImportError:
            raise UsageError("写入 .xlsx 需要 openpyxl（pip install openpyxl），或改用 -o 结果.csv") from None
    elif args.output:
        write_output(args.output, batch.to_csv().encode("utf-8"))
    else:
        sys.stdout.write(batch.to_csv().lstrip("\ufeff"))
    counts = batch.counts()
    print(f"共 {len(batch.people)} 人、{len(batch.rows)} 行：达标 {counts['达标']} 行，未达标 {counts['未达标']} 行，"
          f"无法核对 {counts['无法核对']} 行" + (f"；需更正 {len(batch.problem_rows)} 处" if batch.problem_rows else "")
          + (f"；已忽略本政策没有的列：{'、'.join(batch.ignored_columns)}" if batch.ignored_columns else ""),
          file=sys.stderr)


def cmd_template(args):
    from .sheets.files import template_csv
    policy = load_policy(args.policy)
    if args.output.lower().endswith(".csv"):
        write_output(args.output, template_csv(policy).encode("utf-8"))
        return
    try:
        from .sheets.xlsx import template
    except ImportError:
        raise UsageError("生成 .xlsx 模板需要 openpyxl（pip install openpyxl），或改用 -o 模板.csv") from None
    write_output(args.output, template(policy))


def write_output(path, data):
    """Write an output file (.ics, .csv, .xlsx); a missing folder or a refused write is the user's to fix."""
    try:
        Path(path).write_bytes(data)
    except OSError as error:
        folder = Path(path).parent
        reason = f"文件夹 {folder} 不存在" if not folder.is_dir() else error.strerror or type(error).__name__
        raise UsageError(f"无法写入 {path}：{reason}") from None


def cmd_validate(args):
    try:
        from .policy_files.new_policy import todo_report, todos
    except ImportError:
        raise UsageError("validate 需要开发环境（PyYAML、jsonschema），请先运行 build_scripts/setup") from None
    paths = args.paths or sorted(str(p) for p in policy_files.SOURCE_DIR.glob("*.yaml"))
    failed = False
    for path in paths:
        left = todo_report(path)  # the gaps `new` left, in the policy, its golden cases and comparison entry
        todo_lines = {str(line) for line, _ in todos(path)}  # their schema problems say nothing more
        try:
            policy_files.validate(path)
            problems = []
        except policy_files.PolicyNotFound as error:
            raise UsageError(error.message) from None
        except policy_files.PolicyError as error:
            problems = [p for p in error.problems if p.removeprefix(f"{path}:").split(":")[0] not in todo_lines]
        if left:
            print(f"{path}: 还有 {len(left)} 处 TODO 待填写：", file=sys.stderr)
        for line in left + problems:
            print(line, file=sys.stderr)
        if left or problems:
            failed = True
        else:
            print(f"{path}: 通过")
    return 2 if failed else 0


def cmd_new(args):
    try:
        from .policy_files.new_policy import NewPolicyError, create
    except ImportError:
        raise UsageError("new 需要开发环境（PyYAML），请先运行 build_scripts/setup") from None
    try:
        written = create(args.id, args.notice, Path(args.root) if args.root else policy_files.REPO)
    except NewPolicyError as error:
        raise UsageError(str(error)) from None
    for path in written:
        print(f"已写入 {_shown(path)}")
    print(f"下一步：把每个 TODO 换成通知中的内容，再运行 python -m calculator validate {_shown(written[1])}")


def _shown(path):
    """A path as the user would type it: relative to the current folder when inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m calculator", description="继续教育学分自查")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", help="出现内部错误时显示 Python 的错误追踪（供开发者）")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser = functools.partial(commands.add_parser, parents=[common])
    commands.add_parser("policies", help="列出政策").set_defaults(run=cmd_policies)
    p = commands.add_parser("describe", help="政策的活动类型与参数（JSON）")
    p.add_argument("policy", help="政策 id，或政策文件（.yaml / 编译后的 .json）的路径")
    p.set_defaults(run=cmd_describe)
    p = commands.add_parser("score", help="按政策计算一份记录")
    p.add_argument("policy", help="政策 id，或政策文件（.yaml / 编译后的 .json）的路径")
    p.add_argument("record", help="记录 JSON 文件，- 表示标准输入")
    p.add_argument("--text", action="store_true", help="输出中文摘要")
    p.add_argument("--ics", metavar="FILE", help="把截止日期写成日历文件（.ics）")
    p.set_defaults(run=cmd_score)
    p = commands.add_parser("plan", help="怎么补：每项未达标的要求可由哪些活动补齐、各需多少")
    p.add_argument("policy", help="政策 id，或政策文件（.yaml / 编译后的 .json）的路径")
    p.add_argument("record", help="记录 JSON 文件，- 表示标准输入")
    p.add_argument("--year", type=int, help="多年度记录中的年度（默认最后一年）")
    p.add_argument("--text", action="store_true", help="输出中文摘要")
    p.set_defaults(run=cmd_plan)
    p = commands.add_parser("batch", help="批量核对：按模板填写的表格（.xlsx/.csv）或多人的记录（.json），每人每年度一行")
    p.add_argument("policy", help="政策 id，或政策文件（.yaml / 编译后的 .json）的路径")
    p.add_argument("records", nargs="+", help="表格文件（.xlsx、.csv）或每人一个记录 JSON 文件（文件名作为人员名称）")
    p.add_argument("-o", "--output", help="写入 .xlsx（含每项活动、需更正的行）或 .csv（带 BOM，Excel 可直接打开）")
    p.set_defaults(run=cmd_batch)
    p = commands.add_parser("template", help="生成批量核对的填写模板（.xlsx 或 .csv）")
    p.add_argument("policy", help="政策 id，或政策文件（.yaml / 编译后的 .json）的路径")
    p.add_argument("-o", "--output", required=True, help="模板文件，.xlsx 或 .csv")
    p.set_defaults(run=cmd_template)
    p = commands.add_parser("new", help="新建政策文件：骨架（TODO 待填写）、核对用例骨架和政策对比条目")
    p.add_argument("id", help="政策 id，如 zhejiang-tonglu-2018")
    p.add_argument("--notice", required=True, help="通知全文（UTF-8 文本文件）")
    p.add_argument("--root", help="项目目录（默认本项目）")
    p.set_defaults(run=cmd_new)
    p = commands.add_parser("validate", help="校验政策文件（并列出待填写的 TODO）")
    p.add_argument("paths", nargs="*", help="政策文件（.yaml），默认 policies/ 下的全部")
    p.set_defaults(run=cmd_validate)
    _tolerant_output()
    args = parser.parse_args(argv)
    try:
        return args.run(args) or 0
    except (UsageError, RecordError) as error:
        print(f"错误：{error}", file=sys.stderr)
        return 2
    except Exception as error:  # noqa: BLE001 — a user sees a message, a developer the traceback (--debug)
        if args.debug:
            traceback.print_exc()
        print(f"错误：计算器内部出错（{type(error).__name__}），这不是您输入的问题；"
              f"请把记录文件和所用命令报告给我们（加 --debug 可看到详细信息）", file=sys.stderr)
        return INTERNAL_ERROR
