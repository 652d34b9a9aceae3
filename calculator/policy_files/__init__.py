"""Where policies come from, for the CLI, the build and the guide alike.

A policy is named by its id (its compiled JSON in build/policies/, or in $JXJY_POLICIES) or by a
file: a policy file (`policies/<id>.yaml`) is validated and compiled on the fly by `compiler`, a
compiled `.json` is read as it is. The compiler needs PyYAML and jsonschema and imports them only
when it runs, so importing this package (the engine's wheel carries it into Pyodide) needs the
standard library only. In a checkout, missing compiled policies are compiled first.
"""

import json
import os
from pathlib import Path

from .base import REPO, PolicyError, PolicyNotFound

SOURCE_DIR = REPO / "policies"
POLICY_FILE_SUFFIXES = (".yaml", ".yml", ".json")

__all__ = ["PolicyError", "PolicyNotFound", "compile_all", "load_index", "load_policy", "policies_dir", "validate"]


def policies_dir():
    return Path(os.environ.get("JXJY_POLICIES", REPO / "build" / "policies"))


def load_index():
    """The compiled policies' index.json, compiling policies/*.yaml first when it is missing."""
    index = policies_dir() / "index.json"
    if not index.exists() and SOURCE_DIR.is_dir():
        try:
            compile_all(SOURCE_DIR, policies_dir())
        except PolicyNotFound:  # no PyYAML / jsonschema: an installed engine without the build tools
            pass
    if not index.exists():
        raise PolicyNotFound(f"找不到编译后的政策（{index}），请先运行 build_scripts/build")
    return json.loads(index.read_text(encoding="utf-8"))


def is_policy_file(ref):
    return str(ref).endswith(POLICY_FILE_SUFFIXES) or os.sep in str(ref) or Path(ref).is_file()


def load_policy(ref):
    """A compiled policy by id, or from a policy file path (.yaml compiled on the fly, .json as is)."""
    if is_policy_file(ref):
        path = Path(ref)
        if not path.is_file():
            raise PolicyNotFound(f"找不到政策文件 {ref}")
        if path.suffix == ".json":
            return json.loads(path.read_text(encoding="utf-8"))
        return _compiler().compiled(validate(path))
    ids = [entry["id"] for entry in load_index()["policies"]]
    if ref not in ids:
        raise PolicyNotFound(f"未知的政策「{ref}」，可用：{'、'.join(ids)}"
                             "（新写的政策文件不必先生成网站，可直接给出路径，如 policies/<id>.yaml）")
    return json.loads((policies_dir() / f"{ref}.json").read_text(encoding="utf-8"))


def validate(path):
    """The policy of a policy file, checked as the build checks it; raises PolicyError with every problem.

    Raises PolicyNotFound when the build tools (PyYAML, jsonschema) are not installed.
    """
    return _compiler().load_and_validate(Path(path))


def compile_all(source_dir=SOURCE_DIR, out_dir=None):
    """Compile every policy file of `source_dir` into `out_dir` (default policies_dir()); see compiler."""
    return _compiler().compile_all(source_dir, out_dir or policies_dir())


def _compiler():
    """The compiler, imported when first needed (it is most of this package's code)."""
    try:
        import yaml  # noqa: F401 — only to say clearly what is missing
        import jsonschema  # noqa: F401
    except ImportError:
        raise PolicyNotFound("校验和编译政策文件需要开发环境（PyYAML、jsonschema），请先运行 build_scripts/setup") from None
    from . import compiler
    return compiler
