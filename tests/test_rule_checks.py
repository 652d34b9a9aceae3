"""The rule kinds' compile-time checks (calculator/rules/<kind>.py `check`): each case is a policy
that compiled before these checks existed and then scored 0, or nonsense, for a valid activity."""

from calculator.policy_files.compiler import load_and_validate
from tests import policy_files
from tests.golden import REPO
from tests.policy_files import line_of, problems


def broken(tmp_path, policy_id, replace, by):
    return policy_files.broken(tmp_path, policy_id, (replace, by), unique=True)


def test_a_lookup_leaving_an_option_without_a_row_needs_a_default(tmp_path):
    # 桐庐 第十一条（五）: 县处级课题 30 学分; without its row a 县处级 project would score 0.
    path = broken(tmp_path, "zhejiang-tonglu-2018",
                  "            - {when: {level: county}, value: 30, explain: 县处级课题或规划每项 30 学分}\n", "")
    [message] = problems(path)
    assert message == (f"{path}:{line_of(path, 'level: national}, value: 90')}: /eras/0/activities/9/rule/rows: "
                       "没有任何一行适用于「课题或规划级别=县处级」（共 1 种情况），这样的活动会计 0："
                       "请补全各行，或写明 default（其他情况）")


def test_a_lookup_with_a_default_may_leave_cases_to_it(tmp_path):
    path = broken(tmp_path, "zhejiang-tonglu-2018",
                  "            - {when: {level: county}, value: 30, explain: 县处级课题或规划每项 30 学分}\n",
                  "          default: {value: 30, explain: 县处级课题或规划每项 30 学分}\n")
    load_and_validate(path)


def test_a_lookup_row_reached_only_by_numbers_is_found_missing(tmp_path):
    # 益阳 附件5 第3条: the rows cover 排名 ≤ 5 / ≤ 3; without the default 其他排名 would score 0.
    text = (REPO / "policies" / "hunan-yiyang-2018.yaml").read_text(encoding="utf-8")
    start = text.index("research_project")
    default = text.index("          default:", start)
    end = text.index("\n", default) + 1
    path = tmp_path / "hunan-yiyang-2018.yaml"
    path.write_text(text[:default] + text[end:], encoding="utf-8")
    [message] = problems(path)
    assert "没有任何一行适用于「" in message and "排名" in message


def test_a_grid_cell_an_activity_reaches_must_be_in_the_table(tmp_path):
    # 滨州 附件 一（二）: 县区级鉴定成果 8 学时; an appraisal at county level reaches that cell.
    path = broken(tmp_path, "shandong-binzhou-2021", "county: {first: 15, second: 13, third: 11, appraisal: 8}",
                  "county: {first: 15, second: 13, third: 11}")
    found = problems(path)
    # 鉴定成果 at 县区级, and at 地市级 ranked 4th or later (按下一级), in both eras.
    assert any("「成果级别=地市级，本人排名（署名位次）=4」取到折算表中没有的一栏「县区级·鉴定成果」" in message
               for message in found)
    assert found and all("取到折算表中没有的一栏「县区级·鉴定成果」" in message for message in found)
    assert all(message.startswith(f"{path}:") for message in found)


def test_a_grid_cell_outside_the_order_is_reported(tmp_path):
    path = broken(tmp_path, "shandong-binzhou-2021", "county: {first: 15, second: 13, third: 11, appraisal: 8}",
                  "county: {first: 15, second: 13, third: 11, appraisal: 8, fourth: 4}")
    found = problems(path)
    assert found and all("折算表的列「fourth」不在 columns.order 中" in message for message in found)


def test_a_negative_rate_is_rejected(tmp_path):
    path = broken(tmp_path, "zhejiang-tonglu-2018", "{param: days, rate: 8, label: 培训天数}",
                  "{param: days, rate: -8, label: 培训天数}")
    [message] = problems(path)
    assert message == (f"{path}:{line_of(path, 'rate: -8')}: /eras/0/activities/1/rule/terms/0/rate: "
                       "折算率不能为负数，实际为 -8")


def test_a_negative_table_value_is_rejected(tmp_path):
    path = broken(tmp_path, "zhejiang-tonglu-2018", "{when: {journal: core}, value: 25,", "{when: {journal: core}, value: -25,")
    [message] = problems(path)
    assert message.endswith("/value: 折算值不能为负数，实际为 -25")


def test_a_parameter_minimum_above_its_maximum_is_rejected(tmp_path):
    path = broken(tmp_path, "zhejiang-tonglu-2018",
                  "{id: days, label: 培训天数, type: decimal, min: 0, max: 366,",
                  "{id: days, label: 培训天数, type: decimal, min: 400, max: 366,")
    [message] = problems(path)
    assert message == f"{path}:{line_of(path, 'min: 400')}: /eras/0/activities/1/params/0: 参数「days」的下限 400 大于上限 366"


def test_a_condition_minimum_above_its_maximum_is_rejected(tmp_path):
    path = broken(tmp_path, "hunan-yiyang-2018",
                  "{when: {level: national, rank: {max: 5}}, value: 60, explain: 国家级课题",
                  "{when: {level: national, rank: {min: 6, max: 5}}, value: 60, explain: 国家级课题")
    [message] = problems(path)
    assert message.endswith("/when/rank: 参数「rank」的条件下限 6 大于上限 5")


def test_a_bracket_whose_lower_bound_is_not_below_its_upper_bound_is_rejected(tmp_path):
    path = broken(tmp_path, "shandong-binzhou-2021", "{from: 4, below: 6, value: 35,", "{from: 7, below: 6, value: 35,")
    [message] = problems(path)
    assert message.startswith(f"{path}:{line_of(path, 'from: 7, below: 6')}: ")
    assert message.endswith("区间下限 7 不小于上限 6，没有任何时长落在其中")
