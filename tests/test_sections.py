"""Headings → sections, metadata from the title, template detection."""

from __future__ import annotations

import pytest

from auditor.ingest.normalize import normalize_text
from auditor.model import Document
from auditor.templates.detect import detect_template
from auditor.templates.metadata import find_title


def test_seed_metadata(seed_result):
    assert seed_result.agency == "灵武市白土岗乡"
    assert seed_result.year == 2018
    assert seed_result.template.template == "gov2014"
    assert seed_result.template.confidence >= 0.9


def test_seed_sections(seed_result):
    status = {s.id: s.status for s in seed_result.sections}
    for sid in (
        "overview",
        "active",
        "applications",
        "problems",
        "other",
        "response",
        "key_areas",
        "internet_plus",
        "npc_cppcc",
        "plan",
    ):
        assert status[sid] == "covered", sid
    reasons = {s.id: s.reason for s in seed_result.sections}
    for sid in ("fees", "review_litigation", "org", "meetings_training"):
        assert status[sid] == "covered" and "统计表" in reasons[sid], sid


def _doc(text: str) -> Document:
    t, offs = normalize_text(text)
    return Document(
        path="x.txt", media_type="text/plain", sha256="0" * 64, text=t, source_offsets=offs
    )


@pytest.mark.parametrize(
    "title, agency, year",
    [
        ("平潭综合实验区2013年度政府信息公开工作年度报告", "平潭综合实验区", 2013),
        (
            "标题: 平潭综合实验区财政金融局2013年度政府信息公开工作年度报告",
            "平潭综合实验区财政金融局",
            2013,
        ),
        ("淮安市人民政府2024年政府信息公开工作年度报告", "淮安市人民政府", 2024),
        ("某某县人民政府二〇一八年政府信息公开工作年度报告", "某某县人民政府", 2018),
    ],
)
def test_title_variants(title, agency, year):
    got_agency, got_year, span = find_title(_doc(title + "\n正文"))
    assert (got_agency, got_year) == (agency, year)


def test_not_an_annual_report():
    m = detect_template(_doc("今天天气很好。我们去公园散步，看到了很多花。"))
    assert m.template == "unknown" and not m.is_annual_report


def test_gov2021_words_detected():
    m = detect_template(_doc("本年制发件数 本年废止件数 现行有效件数 本年新收政府信息公开申请数量"))
    assert m.template == "gov2021"


def test_enumerated_points_are_level_three(seed_result):
    from auditor.sections import find_headings
    from auditor.templates import load_template

    points = [
        h for h in find_headings(seed_result.document, load_template("gov2014")) if h.level == 3
    ]
    by_section = {}
    for h in points:
        by_section.setdefault(h.section_id, []).append(h.text[:2])
    assert by_section["active"] == ["一是", "二是"]
    assert by_section["problems"] == ["一是", "二是", "三是"]
