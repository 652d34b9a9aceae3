"""Issue 16, item by item: what the policy pages and the comparison page say, against the notices.

Each case names the notice's words it was checked against (policies/sources/). A reading must carry
the visible 本站解读 mark linking to its interpretation, right after the statement it qualifies.
"""

import re
from html import unescape

import pytest

LINK = re.compile(r"<a ([^>]*)>本站解读</a>")


def readings(fragment):
    """Interpretation ids of the 本站解读 marks in a piece of HTML (each must link to its interpretation)."""
    found = []
    for attributes in LINK.findall(fragment):
        attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', attributes))
        if "jx-reading" in attrs.get("class", "") and attrs.get("href", "").endswith(f"#interp-{attrs.get('data-interp')}"):
            found.append(attrs["data-interp"])
    return found


@pytest.fixture(scope="module")
def html(site_dir):
    cache = {}

    def read(path):
        if path not in cache:
            cache[path] = (site_dir / path / "index.html").read_text(encoding="utf-8")
        return cache[path]

    return read


def text(page):
    return unescape(re.sub(r"<[^>]+>", "", page))


def marked(page, statement, interpretation, within=400):
    """The statement is followed (in the same stretch of HTML) by the 本站解读 mark for the interpretation."""
    starts = [m.start() for m in re.finditer(re.escape(statement), page)]
    assert starts, f"statement not on the page: {statement}"
    return any(interpretation in readings(page[start:start + len(statement) + within]) for start in starts)


BINZHOU, TONGLU, WENZHOU = "policies/shandong-binzhou-2021/", "policies/zhejiang-tonglu-2018/", "policies/zhejiang-wenzhou-2017/"
JINHUA, YIYANG = "policies/zhejiang-jinhua-skills-2020/", "policies/hunan-yiyang-2018/"


def test_binzhou_overseas_credits_have_no_upper_bound_and_add_five_per_two_months(html):
    # 附件 二（四）: 一年以上每超过二个月增记 5 学分 — N two-month spans add 5 × N, without a ceiling.
    page = html(BINZHOU)
    assert re.search(r'act-credits-overseas">[^<]*</a></td><td data-range="15,">15 学分起，不设上限', page)
    assert "增记 N 学分" not in text(page) and "超过 N 个两月，增记 M 学分" in text(page)


@pytest.mark.parametrize("path, anchor, shown", [
    # 附件 二（五）: 鉴定成果 column 8/10/15/20, ranks 4+ one grade down (鉴定成果 has none below: 5 is 县区级's)
    (BINZHOU, "act-credits-appraisal", "5—20 学分"),
    (BINZHOU, "act-credits-patent", "8—20 学分"),          # 发明/实用新型/外观 = 国家/省部/地市 鉴定成果
    (BINZHOU, "act-credits-journal_paper", "0—25 学分"),   # 论文 column 5/10/15/25; under 1000 字 counts 0
    (BINZHOU, "act-credits-abstract", "0—8 学分"),         # 文摘 = 交流论文三等奖: 1/4/6/8
    (BINZHOU, "act-credits-proceedings", "0—6 学分"),      # 论文集 = 交流论文三等奖 in 国家、省部、地市: 1/4/6
    (BINZHOU, "act-credits-conference_paper", "0—18 学分"),
    (BINZHOU, "act-credits-book", "5—30 学分"),            # 专著 优秀/良好/一般 15—30, rank 4+ as 论文 (5)
    (TONGLU, "act-credits-paper", "10—35 学分"),           # 第十一条（八）: 核心 25 + 第一作者 10 at most
])
def test_overview_ranges_are_those_of_the_rule(html, path, anchor, shown):
    assert re.search(rf'{anchor}">[^<]*</a></td><td data-range="[^"]+">{shown}', html(path)), (anchor, shown)


def test_comparison_marks_its_readings(html):
    page = html("compare/")
    # 附件 一: 可抵不超过 5 个学时的公需科目、不超过 30 个学时的专业科目 — how one paper splits is ours.
    assert marked(page, "公需科目 5、专业科目 10", "binzhou-offset-allocation")
    # 第（九）条: 专业科目不少于三分之二.
    assert marked(page, "专业科目不少于 60", "jinhua-skills-two-thirds")
    # 第（十一）条 assigns no category to papers and projects.
    assert page.count('data-interp="jinhua-skills-route-category"') >= 4  # two cells, two notes
    # 第八条（一）: 通过考试认定登记36学时 — nothing about subjects.
    assert "不按科目计" not in text(page) and "通过考试认定登记36学时" in text(page)
    assert marked(page, "通过考试认定登记36学时", "wenzhou-exam-per-pass")
    # 附件5 第1条 gives half days and evenings; a full day of 8 学时 is our reading (第2条 is about meetings).
    assert 'data-interp="yiyang-full-day"' in page
    # 一、学习内容和标准: 2017-2019 年度总计学分达到 60 学分…2018-2019 年度总计学分达到 40 学分为合格.
    assert "不设单一年度要求；2017—2019 年度合计不少于 60 学分，2018—2019 年度合计不少于 40 学分" in text(page)


def test_multi_year_readings_are_marked(html):
    # 三、及时办理继续教育合格验证: 中央、省属在益单位 provide 近5年 proof; "every year met" is ours.
    assert marked(html(YIYANG), "最近 5 个年度都达到年度要求", "yiyang-senior-years")
    # 第十四条 names no number of years.
    assert marked(html(WENZHOU), "最近 1 个年度都达到年度要求", "wenzhou-application-years")


def test_tonglu_deadline_is_the_notices_sentence(html):
    page = text(html(TONGLU))
    assert "「学分申报须在项目结束后60天之内完成，12月份的学分申报截止日期为12月30日。」" in page  # 第十三条
    assert "12 月份的项目最迟" not in page


@pytest.mark.parametrize("path, statement, interpretation", [
    (YIYANG, "不少于 30 学时", "yiyang-general-minimum"),        # 四、相关要求 1: 一般不少于30学时
    (YIYANG, "不少于 60 学时", "yiyang-general-minimum"),
    (JINHUA, "每天最多计 12 学分", "jinhua-skills-daily-cap"),    # 第（十）条: 一般不超过12学分
    (JINHUA, "每天最多计 18 学分", "jinhua-skills-daily-cap"),
    (TONGLU, "不足 10000 字的部分不计", "tonglu-partial-wan"),    # 第十一条: 每万字折算15学分
    (WENZHOU, "不足 10000 字的部分不计", "wenzhou-partial-wan"),
    (BINZHOU, "不足 5 学时的部分不计", "binzhou-five-hours"),     # 附件 二（二）: 每 5 学时折算为 1 学分
    (WENZHOU, "减 1 学时", "wenzhou-author-rank"),                # 第八条: 依标准递减1个学时
    (YIYANG, "每 1 天 计 8 学时", "yiyang-full-day"),
])
def test_conversion_readings_are_marked(html, path, statement, interpretation):
    assert marked(html(path), statement, interpretation), (path, statement)


def test_effective_dates_are_the_notices_words(html):
    for path in (BINZHOU, YIYANG, TONGLU, WENZHOU, JINHUA):
        assert "起施行，至" not in text(html(path)) and "未规定截止日期" not in text(html(path))
    assert "2021年3月18日起施行" not in text(html(BINZHOU))    # the signing date, not an effective date
    assert "2018年6月6日起施行" not in text(html(YIYANG))      # 印发 date of an annual notice for 2018
    assert "2018年3月29日起施行" not in text(html(TONGLU))     # 第二十条: 自发布之日起施行
    assert "「本办法自发布之日起施行" in text(html(TONGLU))
    for path, name in ((BINZHOU, "binzhou-years"), (YIYANG, "yiyang-notice-years"), (TONGLU, "tonglu-years"),
                       (JINHUA, "jinhua-skills-year")):
        assert marked(html(path), "本站按以下年度计算", name), path


def test_yiyang_quotes_are_one_article_each(html):
    page = text(html(YIYANG))
    assert "「按培训/学习天数折算，半天折算4学时，晚上也开展培训/学习的折算2学时」" in page          # 附件5 第1条
    assert "「参加会议，报到和离会当天及未开展培训的不算培训时间，其他时间一天折算8学时」" in page  # 附件5 第2条
    assert "折算2学时…参加培训班" not in page and "折算8学时…参加学术会议" not in page
    # 附件5 第11条: 因遗失或其他原因提供不了事项三中所需材料的 (it does not say which 事项三).
    assert "提供不了事项三中所需材料的" in page and "正文第三项" not in page


def test_binzhou_public_subjects_sentence_is_whole(html):
    # 一、学习内容和标准（一）
    assert "以及疫情防控、信息化及网络安全、电子商务、知识产权、人才国际化、人文素养等方面内容。" in text(html(BINZHOU))
