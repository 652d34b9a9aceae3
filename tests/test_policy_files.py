"""calculator.policy_files: one way to name a policy (id, policy file, compiled JSON) for the CLI and the build."""

import json
import os
import subprocess
import sys

from calculator import policy_files
from tests.golden import REPO

TONGLU = REPO / "policies" / "zhejiang-tonglu-2018.yaml"


def run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "calculator", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=120, env={**os.environ, **(env or {})})


def test_a_policy_file_gives_the_same_policy_as_its_compiled_json():
    compiled = policy_files.load_policy("zhejiang-tonglu-2018")
    assert policy_files.load_policy(str(TONGLU)) == compiled
    assert policy_files.load_policy(str(REPO / "build" / "policies" / "zhejiang-tonglu-2018.json")) == compiled


def test_describe_and_score_accept_a_policy_file_path():
    by_id = run("score", "hunan-yiyang-2018", "examples/hunan-yiyang-2018.json")
    by_file = run("score", "policies/hunan-yiyang-2018.yaml", "examples/hunan-yiyang-2018.json")
    assert by_id.returncode == by_file.returncode == 0
    assert json.loads(by_file.stdout) == json.loads(by_id.stdout)
    assert json.loads(run("describe", "policies/zhejiang-tonglu-2018.yaml").stdout) == \
        json.loads(run("describe", "zhejiang-tonglu-2018").stdout)


def test_a_policy_file_with_problems_stops_score_with_its_lines(tmp_path):
    path = tmp_path / "zhejiang-tonglu-2018.yaml"
    path.write_text(TONGLU.read_text(encoding="utf-8").replace("{param: days, rate: 8, label: 培训天数}",
                                                                "{param: days, rate: -8, label: 培训天数}"), encoding="utf-8")
    done = run("score", str(path), "examples/zhejiang-tonglu-2018.json")
    assert done.returncode == 2
    assert f"{path}:" in done.stderr and "折算率不能为负数" in done.stderr and "Traceback" not in done.stderr


def test_an_unknown_policy_or_missing_file_is_a_message():
    done = run("describe", "policies/no-such-policy.yaml")
    assert done.returncode == 2 and "找不到政策文件 policies/no-such-policy.yaml" in done.stderr
    done = run("describe", "no-such-policy")
    assert done.returncode == 2 and "未知的政策「no-such-policy」" in done.stderr


def test_missing_compiled_policies_are_compiled_on_demand(tmp_path):
    out = tmp_path / "compiled"
    done = run("describe", "zhejiang-wenzhou-2017", env={"JXJY_POLICIES": str(out)})
    assert done.returncode == 0, done.stderr
    assert (out / "zhejiang-wenzhou-2017.json").read_bytes() == \
        (REPO / "build" / "policies" / "zhejiang-wenzhou-2017.json").read_bytes()
