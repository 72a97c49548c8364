"""Grid → indicator mapping on the seed, checked against the hand-made gold file."""

from __future__ import annotations

from auditor.ingest import load
from auditor.tables import extract_cells, label_core
from auditor.templates import load_template


def test_every_seed_cell_matches_gold(seed_result, seed_gold):
    got = {c.id: c.value for c in seed_result.cells}
    assert len(seed_result.cells) == 58
    assert got == seed_gold["cells"]


def test_trainees_is_nine(seed_result):
    cell = next(c for c in seed_result.cells if c.id == "g14.meetings.trainees")
    assert cell.value == 9 and cell.unit == "人次" and cell.semantic == "NUMBER"


def test_wrapped_labels_are_joined(seed_result):
    by_id = {c.id: c for c in seed_result.cells}
    assert by_id["g14.apply.answered.refused.security"].label.endswith("经济安全和社会稳定")
    assert "网站工作人员数" in by_id["g14.org.staff.fulltime"].label


def test_cell_spans_point_at_their_raw_text(seed_result):
    text = seed_result.document.text
    for c in seed_result.cells:
        assert text[c.span[0] : c.span[1]] == c.raw


def test_zero_and_blank_are_different(tmp_path, seed_text):
    mutated = seed_text.replace("4. 信函申请数\t件\t1", "4. 信函申请数\t件\t")
    p = tmp_path / "blank.txt"
    p.write_text(mutated, encoding="utf-8")
    ext = extract_cells(load(str(p)), load_template("gov2014"))
    cell = next(c for c in ext.cells if c.id == "g14.apply.received.letter")
    assert cell.semantic == "EMPTY" and cell.value is None


def test_duplicate_labels_resolved_by_block(seed_result):
    by_id = {c.id: c for c in seed_result.cells}
    assert by_id["g14.review.corrected"].span != by_id["g14.litigation.corrected"].span


def test_label_core_strips_numbering_and_notes():
    assert (
        label_core("(一) 主动公开政府信息数 (不同渠道和方式公开相同信息计1条)")
        == "主动公开政府信息数"
    )
    assert label_core("其中：主要负责同志参加新闻发布会次数") == "主要负责同志参加新闻发布会次数"
    assert label_core("4. 政务微信公开政府信息数") == "政务微信公开政府信息数"
