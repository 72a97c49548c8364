"""Grid tables of the 2019/2021 formats → indicator cells, including local variants."""

from __future__ import annotations

from auditor.grids import map_grids
from auditor.ingest.text_tables import find_text_tables
from auditor.templates import load_template
from conftest import audit_text

HEADER = (
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t\t\t申请人情况\t\t\t\t\t\t\t\n"
    "\t\t\t自然人\t法人或其他组织\t\t\t\t\t\t总计\n"
    "\t\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t小计\t\n"
)


def _t3(rows: str):
    text = "表三\n" + HEADER + rows
    return text, find_text_tables(text)


def _t3_values(rows: str):
    """The 2021 表三 cells read from these rows: (extraction, id → value)."""
    text, tables = _t3(rows)
    ext = map_grids(tables, load_template("gov2021"), text)
    return ext, {c.id: c.value for c in ext.cells}


def test_local_subtotal_column_is_read_and_checked(tmp_path):
    rows = (
        "一、本年新收政府信息公开申请数量\t\t\t10\t2\t0\t0\t1\t0\t3\t13\n"
        "二、上年结转政府信息公开申请数量\t\t\t1\t0\t0\t0\t0\t0\t1\t1\n"
    )
    text, tables = _t3(rows)
    ext = map_grids(tables, load_template("gov2021"), text)
    got = {c.id: c.value for c in ext.cells}
    assert got["g21.t3.new.natural"] == 10 and got["g21.t3.new.total"] == 13
    assert got["g21.t3.new.org_subtotal"] == 3
    assert got["g21.t3.carried_in.org_subtotal"] == 1  # 小计 is never read as 总计
    assert got["g21.t3.carried_in.total"] == 1


def test_wrong_local_subtotal_fails_a007(tmp_path):
    body = (
        "某某县人民政府2023年政府信息公开工作年度报告\n\n二、主动公开政府信息情况\n\n"
        "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t0\t0\t0\n行政规范性文件\t1\t0\t5\n\n"
        "三、收到和处理政府信息公开申请情况\n\n"
        + HEADER
        + "一、本年新收政府信息公开申请数量\t\t\t10\t2\t0\t0\t1\t0\t4\t13\n"
    )
    r = audit_text(tmp_path, body)
    a007 = [k for k in r.checks if k.rule == "A007"]
    assert (
        len(a007) == 1
        and a007[0].status == "fail"
        and a007[0].actual == 4
        and a007[0].expected == 3
    )


def test_subtotal_row_maps_to_the_group_total():
    rows = (
        "三、本年度办理结果\t（三）不予公开\t1.属于国家秘密\t1\t0\t0\t0\t0\t0\t0\t1\n"
        "\t\t2.其他法律行政法规禁止公开\t0\t0\t0\t0\t0\t0\t0\t0\n"
        "\t\t小计\t1\t0\t0\t0\t0\t0\t0\t1\n"
    )
    _ext, got = _t3_values(rows)
    assert got["g21.t3.refused.state_secret.natural"] == 1
    assert got["g21.t3.refused.natural"] == 1  # the local 小计 row = derived group total


def test_wrapped_label_tail_is_not_taken_for_a_short_label():
    # the tail of a wrapped label on its own line contains 其他 but is not the 3.其他 row
    rows = (
        "三、本年度办理结果\t（一）予以公开\t\t5\t0\t0\t0\t0\t0\t0\t5\n"
        "\t（二）部分公开（区分处理的，只计\t\t2\t0\t0\t0\t0\t0\t0\t2\n"
        "\t这一情形，不计其他情形）\t\t\t\t\t\t\t\t\t\n"
        "\t（六）其他处理\t3.其他\t4\t0\t0\t0\t0\t0\t0\t4\n"
    )
    ext, got = _t3_values(rows)
    assert got["g21.t3.other.other.natural"] == 4
    assert got["g21.t3.other.other.total"] == 4
    assert got["g21.t3.partial.natural"] == 2  # a label cut short still finds its row
    assert not ext.unmapped


def test_misprinted_label_still_matched_by_similarity():
    rows = (
        "三、本年度办理结果\t（三）不予公开\t1.属于国家秘密\t1\t0\t0\t0\t0\t0\t0\t1\n"
        "\t\t2.其他法律行政止公开\t3\t0\t0\t0\t0\t0\t0\t3\n"
    )
    assert _t3_values(rows)[1]["g21.t3.refused.law_prohibited.natural"] == 3


def test_t4_fifteen_cells_in_canonical_order_without_readable_header():
    # a converter that lost the merged header cells: only the block names survive
    text = (
        "表四\n行政复议\t行政诉讼\n结果维持\t结果纠正\t总计\n"
        + "\t".join(str(i) for i in (1, 0, 0, 1, 2, 0, 0, 0, 0, 0, 3, 1, 0, 0, 4))
        + "\n"
    )
    ext = map_grids(find_text_tables(text), load_template("gov2021"), text)
    got = {c.id: c.value for c in ext.cells}
    assert got["g21.t4.review.total"] == 2 and got["g21.t4.lit_after_review.total"] == 4
