"""Batch building blocks: discovery and names, agency names, sentences and matching,
series and duplicates, carry-over and copying rules — on small hand-made inputs."""

from __future__ import annotations

from auditor.batch.agency import canonical, group_agencies
from auditor.batch.carryover import carry_over, in_force
from auditor.batch.copying import across_batch, year_on_year
from auditor.batch.discover import find_reports, stable_names
from auditor.batch.sentences import match, narrative_sentences, normalise, similar_groups
from auditor.batch.series import ReportInfo, build_series
from auditor.checks.registry import RuleSet

RULES = RuleSet()


def test_discovery_skips_hidden_unsupported_lock_files_and_the_output_dir(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "r.txt").write_text("x")
    (tmp_path / "a" / "r.HTML").write_text("x")
    (tmp_path / "a" / ".hidden.txt").write_text("x")
    (tmp_path / "a" / "~$lock.docx").write_text("x")
    (tmp_path / "a" / "notes.csv").write_text("x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("x")
    (tmp_path / "out" / "reports").mkdir(parents=True)
    (tmp_path / "out" / "reports" / "r.html").write_text("x")
    found = find_reports(str(tmp_path), exclude=(str(tmp_path / "out"),))
    assert [f.rel for f in found] == ["a/r.HTML", "a/r.txt"]


def test_stable_names_keep_extension_and_resolve_collisions():
    names = stable_names(["web/2019.html", "web/2019.txt", "web__2019.txt", "a b/c.md"])
    assert names["web/2019.html"] == "web__2019.html"
    assert names["a b/c.md"] == "a_b__c.md"
    assert names["web/2019.txt"] != names["web__2019.txt"]
    assert names["web/2019.txt"].startswith("web__2019.txt-")
    assert stable_names(["web/2019.txt", "web__2019.txt"]) == {
        k: v for k, v in names.items() if k in ("web/2019.txt", "web__2019.txt")
    }


def test_agency_normalisation():
    assert canonical("平潭综合实验区管委会") == canonical("平潭综合实验区")
    assert canonical("平潭综合实验区管理委员会") == canonical("平潭综合实验区")
    assert canonical("平潭县人民政府") == canonical("平潭县政府") == "平潭县"
    assert canonical("平潭县人民政府") != canonical("平潭县财政局")
    assert canonical("上海市人民政府办公厅") == canonical("上海市政府办公厅")
    assert canonical("平潭综合实验区财政金融局关于") == "平潭综合实验区财政金融局"
    groups = group_agencies(
        {
            "fin/2016.html": "财金局",
            "fin/2017.txt": "平潭综合实验区财政金融局",
            "fin/2010.txt": "平潭县财政局",
            "gov/2011.html": "平潭县人民政府",
        }
    )
    assert groups["fin/2016.html"] == groups["fin/2017.txt"]
    assert groups["fin/2016.html"][1] == "平潭综合实验区财政金融局"
    assert groups["fin/2010.txt"][0] != groups["fin/2017.txt"][0]
    assert groups["gov/2011.html"][0] != groups["fin/2010.txt"][0]
    merged = group_agencies(
        {"a.txt": "平潭县财政局", "b.txt": "平潭综合实验区财政金融局"},
        aliases={"平潭县财政局": "平潭综合实验区财政金融局"},
    )
    assert merged["a.txt"][0] == merged["b.txt"][0]


def test_short_name_is_not_merged_when_ambiguous():
    groups = group_agencies({"x/a.txt": "财政局", "y/b.txt": "甲县财政局", "z/c.txt": "乙县财政局"})
    assert groups["x/a.txt"][0] == "财政局"


def test_sentences_skip_tables_short_and_non_chinese_text():
    text = (
        "一、总体情况\n2023年，我局坚持以习近平新时代中国特色社会主义思想为指导，深入推进政务公开。\n"
        "主动公开政府信息数 条 425 1516\n原文链接: https://www.example.gov.cn/zwgk/2023/t1.html\n"
    )
    start = text.index("425")
    got = narrative_sentences(text, [(start, start + 3)])
    assert [s[1] for s in got] == [normalise(got[0][0])]
    assert got[0][0].startswith("2023年，我局坚持")
    assert normalise("2023年共收到申请１２件") == normalise("二〇二二年共收到申请7件")


def test_match_exact_and_near_exact():
    a = [
        "我局坚持以习近平新时代中国特色社会主义思想为指导深入推进政务公开工作",
        "完全不同的一句话内容在这里说明其他的事项安排",
    ]
    b = ["我局坚持以习近平新时代中国特色社会主义思想为指导深入推进政务公开工作。", "另一句"]
    pairs = match(a, b)
    assert [(i, j) for i, j, _ in pairs] == [(0, 0)] and pairs[0][2] >= 0.9
    assert similar_groups(a + b)[0][:2] == (0, 2)


def _info(file, agency, year, cells=None, sentences=None, media="text/html"):
    return ReportInfo(
        file=file,
        name=file,
        agency=agency,
        year=year,
        template="gov2021",
        media_type=media,
        cells=cells or {},
        sentences=sentences or [],
    )


def test_series_duplicates_prefer_html_and_missing_years():
    series = build_series(
        [
            _info("a/2021.txt", "甲县人民政府", 2021, media="text/plain"),
            _info("a/2021.html", "甲县政府", 2021),
            _info("a/2023.txt", "甲县人民政府", 2023, media="text/plain"),
            _info("b/2021.txt", "甲县财政局", 2021, media="text/plain"),
        ]
    )
    s = series["甲县"]
    assert s.years[2021].file == "a/2021.html"
    assert [d.file for d in s.duplicates] == ["a/2021.txt"]
    assert s.missing == [2022]
    assert "甲县财政局" in series


def test_carry_over_per_column_across_the_template_change():
    prev = {"g19.t3.carried_out.natural": 2.0, "g19.t3.carried_out.total": 2.0}
    this = {"g21.t3.carried_in.natural": 0.0, "g21.t3.carried_in.total": 2.0}
    series = build_series(
        [_info("2020.html", "甲县", 2020, prev), _info("2021.html", "甲县", 2021, this)]
    )
    checks = carry_over(series["甲县"], RULES)
    by_status = {c.indicators.split(";")[0]: c for c in checks}
    bad = by_status["g21.t3.carried_in.natural"]
    assert bad.status == "fail" and bad.severity == "error" and bad.category == "cross_year"
    assert bad.expected == "2" and bad.actual == "0"
    assert "2020年度报告" in bad.message and "自然人" in bad.message
    assert by_status["g21.t3.carried_in.total"].status == "pass"


def test_carry_over_without_previous_year_is_not_assessable():
    series = build_series(
        [
            _info("2019.html", "甲县", 2019),
            _info("2021.html", "甲县", 2021, {"g21.t3.carried_in.total": 1.0}),
        ]
    )
    (check,) = carry_over(series["甲县"], RULES)
    assert check.status == "not_assessable" and "2020" in check.message


def test_in_force_carry_over_is_a_warning():
    def cells(in_force, issued, repealed):
        return {
            "g21.t2.normative.in_force": in_force,
            "g21.t2.normative.issued": issued,
            "g21.t2.normative.repealed": repealed,
        }

    series = build_series(
        [
            _info("2023.html", "甲县", 2023, cells(470.0, 77.0, 132.0)),
            _info("2024.html", "甲县", 2024, cells(440.0, 62.0, 33.0)),
            _info("2025.html", "甲县", 2025, cells(467.0, 60.0, 33.0)),
        ]
    )
    checks = {c.year: c for c in in_force(series["甲县"], RULES)}
    assert checks[2024].status == "fail" and checks[2024].severity == "warning"
    assert checks[2024].expected == "499" and checks[2024].actual == "440"
    assert "集中清理" in checks[2024].message
    assert checks[2025].status == "pass"


def _sents(texts):
    return [(t, normalise(t)) for t in texts]


TOPICS = [
    "预算决算",
    "政府采购",
    "行政许可",
    "行政处罚",
    "财政专项",
    "减税降费",
    "社会保障",
    "教育投入",
    "医疗卫生",
    "城乡建设",
]
TOPICS_B = [
    "农业农村",
    "交通运输",
    "生态环境",
    "文化旅游",
    "应急管理",
    "市场监管",
    "住房保障",
    "水利工程",
    "科技创新",
    "人才引进",
]
BASE = [f"我局认真贯彻落实政府信息公开条例，及时主动公开{t}领域的各类政府信息" for t in TOPICS]
OTHER = [f"另一机关的报告写的是完全不同的内容，重点说明{t}方面的工作成效与经验" for t in TOPICS_B]


def test_year_on_year_copying_flags_above_half_with_pairs():
    series = build_series(
        [
            _info("2021.html", "甲县", 2021, sentences=_sents(BASE)),
            _info("2022.html", "甲县", 2022, sentences=_sents(BASE[:6] + OTHER[:4])),
            _info("2023.html", "甲县", 2023, sentences=_sents(BASE[:5] + OTHER[5:])),
        ]
    )
    checks = {c.year: c for c in year_on_year(series["甲县"], RULES)}
    assert checks[2022].status == "fail" and checks[2022].actual == "0.6"
    assert '"previous_file": "2021.html"' in checks[2022].evidence
    assert checks[2023].status == "pass"  # 5/10 is not above half


def test_copy_any_ignores_same_agency_and_flags_other_agency():
    reports = [
        _info("a.html", "甲县人民政府", 2011, sentences=_sents(BASE)),
        _info("b.html", "乙区", 2011, sentences=_sents(BASE[:8] + OTHER[:2])),
        _info("c.html", "丙市", 2011, sentences=_sents(OTHER)),
    ]
    series = build_series(reports)
    kept = [r for s in series.values() for r in s.years.values()]
    checks = {c.file: c for c in across_batch(kept, RULES)}
    assert set(checks) == {"a.html", "b.html"}
    assert checks["b.html"].actual == "0.8" and "a.html" in checks["b.html"].message


def test_disabled_rules_are_not_run():
    series = build_series([_info("2020.html", "甲县", 2020), _info("2021.html", "甲县", 2021)])
    assert carry_over(series["甲县"], RuleSet(disabled={"X001"})) == []


def test_report_template_is_compiled_once_and_html_is_stable(seed_result):
    from auditor.render import html

    first, again = html.render_html(seed_result), html.render_html(seed_result)
    assert first == again
    assert html._page_template.cache_info().currsize == 1
