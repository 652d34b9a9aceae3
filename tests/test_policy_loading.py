"""Issue 11 §5 (the YAML loader's part): file:line messages, never a traceback, for files people produce."""

import subprocess
import sys

from tests.golden import REPO
from tests.policy_files import broken, line_of, problems

TONGLU = "zhejiang-tonglu-2018"


def validate(path):
    done = subprocess.run([sys.executable, "-m", "calculator", "validate", str(path)], cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def test_a_date_that_is_not_on_the_calendar_is_rejected(tmp_path):
    path = broken(tmp_path, TONGLU, ('issued: "2018-03-29"', 'issued: "2018-02-30"'), unique=True)
    [message] = problems(path)
    assert message == f"{path}:{line_of(path, 'issued:')}: /issued: 「2018-02-30」不是日历上存在的日期"


def test_a_closing_day_that_is_not_on_the_calendar_is_rejected(tmp_path):
    path = broken(tmp_path, TONGLU, ('closes: "12-30"', 'closes: "11-31"'), unique=True)
    [message] = problems(path)
    assert message.endswith("/deadlines/0/rule/closes: 「11-31」不是日历上存在的日期")


def test_a_gbk_file_names_its_line_and_encoding(tmp_path):
    text = (REPO / "policies" / f"{TONGLU}.yaml").read_text(encoding="utf-8")
    path = tmp_path / f"{TONGLU}.yaml"
    path.write_bytes(text.encode("gb18030"))
    first = next(n for n, line in enumerate(text.splitlines(), 1) if not line.isascii())
    [message] = problems(path)
    assert message == (f"{path}:{first}: 文件不是 UTF-8 编码，看起来是 GBK 编码（Windows 记事本、Excel 的默认编码）："
                       f"请用 UTF-8 另存后再试")
    done = validate(path)
    assert done.returncode == 2 and message in done.stderr


def test_a_utf8_bom_is_accepted(tmp_path):
    text = (REPO / "policies" / f"{TONGLU}.yaml").read_text(encoding="utf-8")
    path = tmp_path / f"{TONGLU}.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert validate(path).returncode == 0


def test_a_merge_key_is_named_at_its_line(tmp_path):
    path = broken(tmp_path, TONGLU, ("short_title: 桐庐县 2018\n",
                                     "short_title: 桐庐县 2018\nx-base: &base {a: 1}\nx-more:\n  <<: *base\n  b: 2\n"))
    [message] = problems(path)
    assert message.startswith(f"{path}:{line_of(path, '<<: *base')}: /x-more: 不支持合并键「<<」")
    assert validate(path).returncode == 2


def test_a_complex_key_is_named_at_its_line(tmp_path):
    path = broken(tmp_path, TONGLU, ("short_title: 桐庐县 2018\n", "short_title: 桐庐县 2018\n? [a, b]\n: 1\n"))
    [message] = problems(path)
    assert message == f"{path}:{line_of(path, '? [a, b]')}: /: 键必须是一个文字（不能是列表或映射，如「? [a, b]」）"
    assert validate(path).returncode == 2


def test_a_missing_file_is_a_message(tmp_path):
    path = tmp_path / "no-such-policy.yaml"
    assert problems(path) == [f"{path}:1: 找不到这个文件"]
    done = validate(path)
    assert done.returncode == 2 and "找不到这个文件" in done.stderr


def test_alias_expansion_is_capped(tmp_path):
    lines = ["x-a0: &a0 [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]"]
    lines += [f"x-a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 9)]  # 10^9 values
    path = broken(tmp_path, TONGLU, ("short_title: 桐庐县 2018\n", "short_title: 桐庐县 2018\n" + "\n".join(lines) + "\n"))
    [message] = problems(path)
    assert "YAML 别名（*名称）展开后超过 200000 个值" in message


def test_an_alias_that_contains_itself_is_a_message(tmp_path):
    path = broken(tmp_path, TONGLU, ("short_title: 桐庐县 2018\n", "short_title: 桐庐县 2018\nx-loop: &loop [*loop]\n"))
    done = validate(path)
    assert done.returncode == 2 and f"{path}:" in done.stderr
