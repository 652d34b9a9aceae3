"""Reading a policy file: its text (UTF-8, a BOM allowed; GBK named as such) and its YAML with the
line of every value, dates kept as strings, duplicate keys, merge keys and complex keys refused,
alias expansion capped. Every problem is a PolicyError of `file:line: path: message` lines.
"""

import functools
from pathlib import Path

from .base import PolicyError


@functools.cache
def _yaml():
    """PyYAML and a SafeLoader without the timestamp resolver (2018-03-29 stays a string).

    Imported here, not at module level: the engine's wheel (Pyodide) carries this package and has
    the standard library only.
    """
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return yaml, Loader


MAX_NODES = 200_000  # a policy file has a few thousand; YAML aliases must not expand beyond this
MAX_DEPTH = 100


def read_policy_text(path):
    """The file's text (UTF-8, a BOM allowed); a missing or non-UTF-8 (e.g. GBK) file is a PolicyError."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise PolicyError([f"{path}:1: 找不到这个文件"]) from None
    except OSError as error:
        raise PolicyError([f"{path}:1: 无法读取：{error.strerror}"]) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        try:
            data.decode("gb18030")
            guess = "看起来是 GBK 编码（Windows 记事本、Excel 的默认编码）"
        except UnicodeDecodeError:
            guess = "无法识别其编码"
        raise PolicyError([f"{path}:{line}: 文件不是 UTF-8 编码，{guess}：请用 UTF-8 另存后再试"]) from None


def load_yaml(path):
    """Return (data, lines) where lines maps a JSON-pointer-like tuple path to its line."""
    yaml, loader_class = _yaml()
    text = read_policy_text(path)
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise PolicyError([f"{path}:{line}: YAML 语法错误：{getattr(error, 'problem', error)}"]) from None
    finally:
        loader.dispose()
    lines = {}
    problems = []
    built = 0

    class Stop(Exception):
        pass

    def stop(node, message):
        problems.append(f"{path}:{node.start_mark.line + 1}: {message}")
        raise Stop

    def build(node, where):
        nonlocal built
        built += 1
        if built > MAX_NODES:
            stop(node, f"YAML 别名（*名称）展开后超过 {MAX_NODES} 个值，请勿层层引用别名")
        if len(where) > MAX_DEPTH:
            stop(node, f"{show(where[:3])}…: 嵌套超过 {MAX_DEPTH} 层（别名是否引用了它自己？）")
        lines[where] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            result = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    stop(key_node, f"{show(where)}: 不支持合并键「<<」：请把要共用的内容写成别名（*名称）的值，"
                                   f"或用 eras 的 extends")
                if not isinstance(key_node, yaml.ScalarNode):
                    stop(key_node, f"{show(where)}: 键必须是一个文字（不能是列表或映射，如「? [a, b]」）")
                key = loader.construct_object(key_node)
                if not isinstance(key, (str, int, float, bool)) and key is not None:
                    stop(key_node, f"{show(where)}: 键必须是一个文字")
                if key in result:
                    problems.append(f"{path}:{key_node.start_mark.line + 1}: {show(where + (key,))}: 重复的键「{key}」")
                result[key] = build(value_node, where + (key,))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [build(child, where + (i,)) for i, child in enumerate(node.value)]
        try:
            return loader.construct_object(node)
        except yaml.YAMLError as error:
            stop(node, f"{show(where)}: 无法读取的值：{getattr(error, 'problem', error)}")

    try:
        data = build(node, ()) if node is not None else None
    except Stop:
        data = None
    if problems:
        raise PolicyError(problems)
    return data, lines


def show(where):
    """('eras', 0, 'id') -> /eras/0/id, the path a message names."""
    return "/" + "/".join(str(part) for part in where)
