"""Markdown ingestion: pipe tables, converter breakage, embedded HTML tables, real pdf2md."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from auditor.errors import InputError
from auditor.ingest.markdown import MEDIA_TYPE, load_markdown
from auditor.ingest.normalize import to_halfwidth
from auditor.model import Document, Table
from conftest import assert_grid_spans

GOLD = Path(__file__).resolve().parent.parent / "corpora" / "gold" / "reports"


def _load(text: str | bytes) -> Document:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return load_markdown("report.md", data, hashlib.sha256(data).hexdigest())


def _texts(table: Table) -> list[list[str]]:
    return [[c.text for c in row] for row in table.rows]


def _assert_spans(doc: Document, raw: str | None = None) -> None:
    """Spans index the text; source offsets lead back to the same characters."""
    assert doc.source_offsets is not None and len(doc.source_offsets) == len(doc.text)
    assert_grid_spans(doc, raw=raw, rectangular=False)


# --- text -------------------------------------------------------------------------------


def test_headings_and_emphasis_lose_markup_but_keep_text():
    doc = _load("# 一、总体情况\n\n**主动公开**政府信息 __１２２__ 条，详见[网站](http://x.cn)。\n")
    assert doc.media_type == MEDIA_TYPE
    assert doc.text == "一、总体情况\n\n主动公开政府信息 122 条，详见网站。"
    assert doc.tables == []
    i = doc.text.index("122")
    raw = "# 一、总体情况\n\n**主动公开**政府信息 __１２２__ 条"
    assert raw[doc.source_offsets[i]] == "１"


def test_undecodable_bytes_raise_input_error():
    with pytest.raises(InputError):
        _load(bytes(range(256)) * 8)


def test_unambiguous_page_footers_are_dropped_everywhere():
    doc = _load("第一段\n- 3 -\n第二段\n第 4 页 共 9 页\n第三段\n7\n")
    assert doc.text == "第一段\n第二段\n第三段\n7"


def test_pipes_inside_code_fences_are_not_tables():
    doc = _load("```\n| a | b |\n|---|---|\n```\n")
    assert doc.tables == [] and doc.text == "| a | b |\n|---|---|"


# --- pipe tables -------------------------------------------------------------------------


def test_pipe_table_with_alignment_row_and_title():
    md = "## 表二：主动公开政府信息情况\n| 信息内容 | 本年制发件数 |\n|:---|:--:|\n| 规章 | **13** |\n正文"
    doc = _load(md)
    (table,) = doc.tables
    assert _texts(table) == [["信息内容", "本年制发件数"], ["规章", "13"]]
    assert table.title == "表二：主动公开政府信息情况"
    assert doc.text == "表二：主动公开政府信息情况\n\n信息内容\t本年制发件数\n规章\t13\n\n正文"
    s, e = table.span
    assert doc.text[s:e] == "表二：主动公开政府信息情况\n\n信息内容\t本年制发件数\n规章\t13"
    _assert_spans(doc, md)


def test_table_without_edge_pipes():
    md = "a | b | c\n--- | :-: | ---\n1 | | 3\n"
    doc = _load(md)
    assert _texts(doc.tables[0]) == [["a", "b", "c"], ["1", "", "3"]]
    assert doc.tables[0].rows[1][1].span is None
    _assert_spans(doc, md)


def test_edge_pipe_rows_without_delimiter_are_a_table_but_a_single_one_is_not():
    assert _texts(_load("| a | b |\n| 1 | 2 |\n").tables[0]) == [["a", "b"], ["1", "2"]]
    doc = _load("选项 | 说明\n下一行")
    assert doc.tables == [] and doc.text == "选项 | 说明\n下一行"


def test_escaped_pipe_and_br_inside_cells():
    md = "| 名称 | 说明 |\n|---|---|\n| a\\|b | 第一<br>第二 |\n"
    doc = _load(md)
    assert _texts(doc.tables[0])[1] == ["a|b", "第一 第二"]
    _assert_spans(doc)


def test_delimiter_rows_in_the_middle_of_a_run_keep_one_ragged_table():
    """pdf2md starts a new |---| block whenever the column count changes."""
    md = "| 标签 | 1 | 2 |\n|---|---|---|\n| 0 | 0 |\n|---|---|\n| 其他 | 4 | 4 |\n"
    doc = _load(md)
    assert len(doc.tables) == 1
    assert _texts(doc.tables[0]) == [["标签", "1", "2"], ["0", "0"], ["其他", "4", "4"]]


FOOTERS = ["- 3 -", "第 3 页", "3", "— 12 —", "第3页/共9页"]


@pytest.mark.parametrize("footer", FOOTERS)
def test_table_broken_by_page_footer_is_merged_and_header_dropped(footer):
    md = (
        "表三\n| 项目 | 自然人 | 总计 |\n|---|---|---|\n| 一、新收 | 32 | 34 |\n\n"
        f"{footer}\n\n| 项目 | 自然人 | 总计 |\n|---|---|---|\n| 二、结转 | 2 | 2 |\n\n正文继续"
    )
    doc = _load(md)
    (table,) = doc.tables
    assert _texts(table) == [
        ["项目", "自然人", "总计"],
        ["一、新收", "32", "34"],
        ["二、结转", "2", "2"],
    ]
    assert footer not in doc.text.split("\n")
    assert doc.text.endswith("一、新收\t32\t34\n二、结转\t2\t2\n\n正文继续")
    _assert_spans(doc, md)


def test_table_broken_by_blank_lines_only_is_merged():
    doc = _load("| a | b |\n|---|---|\n| 1 | 2 |\n\n\n| 3 | 4 |\n|---|---|\n| 5 | 6 |\n")
    assert _texts(doc.tables[0]) == [["a", "b"], ["1", "2"], ["3", "4"], ["5", "6"]]


def test_repeated_row_of_figures_is_data_not_a_header():
    doc = _load("| 0 | 0 |\n|---|---|\n| 1 | 2 |\n\n- 2 -\n| 0 | 0 |\n|---|---|\n")
    assert _texts(doc.tables[0]) == [["0", "0"], ["1", "2"], ["0", "0"]]


def test_fragments_are_not_merged_across_text_or_other_widths():
    md = "| a | b |\n|---|---|\n| 1 | 2 |\n说明文字\n| a | b |\n|---|---|\n\n| x | y | z |\n|---|---|---|\n"
    doc = _load(md)
    assert [len(t.rows) for t in doc.tables] == [2, 1, 1]
    assert "说明文字" in doc.text


def test_lone_number_between_unmerged_fragments_is_kept():
    doc = _load("| a | b |\n|---|---|\n\n1\n\n| x | y | z |\n|---|---|---|\n")
    assert len(doc.tables) == 2
    assert "\n1\n" in doc.text


# --- embedded HTML tables -----------------------------------------------------------------


def test_html_table_with_rowspan_and_colspan():
    md = (
        "前文<table><tr><td rowspan='2'>三、本年度办理结果</td><td colspan='2'>申请人情况</td></tr>"
        "<tr><td>自然人</td><td>总计</td></tr>\n<tr><td>合计</td><td>3</td><td>５</td></tr></table>后文\n"
    )
    doc = _load(md)
    (table,) = doc.tables
    assert _texts(table) == [
        ["三、本年度办理结果", "申请人情况", "申请人情况"],
        ["三、本年度办理结果", "自然人", "总计"],
        ["合计", "3", "5"],
    ]
    assert table.rows[1][0].copy_of == (0, 0) and table.rows[0][2].copy_of == (0, 1)
    assert doc.text.startswith("前文\n\n三、本年度办理结果\t申请人情况\t\n\t自然人\t总计\n")
    assert doc.text.endswith("合计\t3\t5\n\n后文")
    _assert_spans(doc, md)


def test_nested_html_table_is_its_own_table():
    md = (
        "<table><tr><td>外层<table><tr><td>内层</td><td>9</td></tr></table></td>"
        "<td>2</td></tr></table>"
    )
    doc = _load(md)
    assert [_texts(t) for t in doc.tables] == [[["外层", "2"]], [["内层", "9"]]]
    _assert_spans(doc, md)


def test_empty_html_table_and_entities():
    doc = _load("<table></table>\n<table><tr><td>a&nbsp;b</td><th>&lt;5</th></tr></table>")
    assert [_texts(t) for t in doc.tables] == [[["a b", "<5"]]]
    _assert_spans(doc)


def test_unclosed_html_table_stays_text():
    doc = _load("<table><tr><td>1</td>\n正文")
    assert doc.tables == [] and "正文" in doc.text


# --- property: random grids survive the round trip ---------------------------------------

_CELL = st.text(alphabet=list("政府信息公开申请总计（）、.%0123456789１２ab "), max_size=8)


@settings(max_examples=150, deadline=None)
@given(
    grid=st.integers(min_value=2, max_value=5).flatmap(
        lambda w: st.lists(st.lists(_CELL, min_size=w, max_size=w), min_size=1, max_size=6)
    ),
    edges=st.booleans(),
)
def test_pipe_table_round_trip(grid: list[list[str]], edges: bool):
    if not edges:  # "a | " is one cell in GFM: without edge pipes, edge cells need text
        assume(all(row[0].strip() and row[-1].strip() for row in grid))

    def line(cells: list[str]) -> str:
        body = " | ".join(cells)
        return f"| {body} |" if edges else body

    md = "\n".join(["前文", "", line(grid[0]), line(["---"] * len(grid[0]))])
    md += "".join("\n" + line(row) for row in grid[1:]) + "\n\n后文"
    doc = _load(md)
    assert len(doc.tables) == 1
    expected = [[to_halfwidth(c).strip() for c in row] for row in grid]
    assert _texts(doc.tables[0]) == expected
    _assert_spans(doc, md)


# --- the real pdf2md conversion ----------------------------------------------------------


@pytest.fixture
def shanghai(shared_corpora: Path) -> tuple[Document, str]:
    path = shared_corpora / "real" / "markdown" / "shanghai_stcsm_2024_pdf2md.md"
    if not path.is_file():
        pytest.skip("shanghai pdf2md markdown not available")
    data = path.read_bytes()
    return load_markdown(str(path), data, hashlib.sha256(data).hexdigest()), data.decode()


def test_shanghai_table_shapes(shanghai):
    doc, raw = shanghai
    shapes = [[len(row) for row in t.rows] for t in doc.tables]
    assert shapes == [
        [4, 4, 4],  # 表二 第二十条第（一）项
        [9, 9, 9, 9, 7],  # 表三 header fragment + 一/二/三（一） + bare row (二)部分公开
        [8, 7, 8, 8],
        [7, 8, 8, 8, 7],
        [7, 7, 8, 8, 8],
        [7, 7, 7],
        [7, 8, 8, 8],
        [12, 15],  # 表四: broken header row and the 15-value data row
    ]
    assert [t.title for t in doc.tables[:2]] == [
        "表二：主动公开政府信息情况",
        "表三：收到和处理政府信息公开申请情况",
    ]
    _assert_spans(doc, raw)


def test_shanghai_cells_match_gold(shanghai):
    doc, _ = shanghai
    gold = json.loads(
        (GOLD / "markdown__shanghai_stcsm_2024_pdf2md.json").read_text(encoding="utf-8")
    )["cells"]
    t2, t3a, *_rest, t3g, t4 = doc.tables
    rows2 = _texts(t2)
    assert rows2[2] == ["规范性文件", "13", "0", "55"]
    assert int(rows2[2][1]) == gold["g21.t2.normative.issued"]
    assert int(rows2[2][3]) == gold["g21.t2.normative.in_force"]
    new = _texts(t3a)[1]
    assert new[0] == "一、本年新收政府信息公开申请数量"
    assert [int(v) for v in new[1:8]] == [
        gold[f"g21.t3.new.{k}"]
        for k in ("natural", "commercial", "research", "social", "legal", "other_org", "total")
    ]
    assert int(_texts(t3a)[2][1]) == gold["g21.t3.carried_in.natural"]
    assert _texts(t3a)[3][:3] == ["三、", "（一）予以公开", "9"]
    total, carried = _texts(t3g)[2:]
    assert total[0] == "（七）总计" and int(total[7]) == gold["g21.t3.total.total"]
    # 结转下年度: the 总计 cell is empty in the source (gold infers 1 from the balance)
    assert carried[:2] == ["四、结转下年度继续办理", "1"] and carried[7] == ""
    assert t3g.rows[3][7].span is None
    data_row = [int(v) for v in _texts(t4)[1]]
    assert data_row[:5] == [
        gold[f"g21.t4.review.{k}"] for k in ("upheld", "corrected", "other", "pending", "total")
    ]


def test_shanghai_detached_labels_stay_in_the_text(shanghai):
    doc, _ = shanghai
    mask = doc.narrative_mask()
    narrative = "".join(doc.text[s:e] for s, e in mask)
    assert "（二）部分公开（区分处理的，只" in narrative
    assert "1.本机关不掌握相关政" in narrative
    assert "|" not in doc.text
