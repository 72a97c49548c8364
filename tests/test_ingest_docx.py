"""DOCX ingestion: document order, merged-cell grids, nested tables, hostile containers."""

from __future__ import annotations

import hashlib
import io
import random
import struct
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from auditor.errors import InputError
from auditor.ingest.docx import MEDIA_TYPE, load_docx
from auditor.model import Document, Table
from conftest import assert_grid_spans


def _bytes(document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _load(data: bytes, path: str = "report.docx") -> Document:
    return load_docx(path, data, hashlib.sha256(data).hexdigest())


def _assert_spans(doc: Document) -> None:
    assert_grid_spans(doc)


def _texts(table: Table) -> list[list[str]]:
    return [[c.text for c in row] for row in table.rows]


# --- layout ---------------------------------------------------------------------------


def test_paragraphs_and_tables_in_document_order():
    d = docx.Document()
    d.add_paragraph("一、总体情况")
    t = d.add_table(rows=2, cols=3)
    for r, values in enumerate(
        [["信息内容", "本年制发件数", "现行有效件数"], ["规章", "１２", "0"]]
    ):
        for c, v in enumerate(values):
            t.cell(r, c).text = v
    d.add_paragraph("二、主动公开政府信息情况")
    doc = _load(_bytes(d))
    assert doc.media_type == MEDIA_TYPE
    assert doc.text == (
        "一、总体情况\n\n信息内容\t本年制发件数\t现行有效件数\n规章\t12\t0\n\n二、主动公开政府信息情况"
    )
    assert _texts(doc.tables[0]) == [
        ["信息内容", "本年制发件数", "现行有效件数"],
        ["规章", "12", "0"],
    ]
    s, e = doc.tables[0].span
    assert doc.text[s:e] == "信息内容\t本年制发件数\t现行有效件数\n规章\t12\t0"
    _assert_spans(doc)


def test_empty_paragraphs_collapse_and_table_title_joins_span():
    d = docx.Document()
    for text in ["前言", "", "", "表一：主动公开政府信息情况"]:
        d.add_paragraph(text)
    d.add_table(rows=1, cols=2).cell(0, 0).text = "规章"
    doc = _load(_bytes(d))
    assert doc.text.startswith("前言\n\n表一：主动公开政府信息情况\n\n规章\t")
    table = doc.tables[0]
    assert table.title == "表一：主动公开政府信息情况"
    assert doc.text[table.span[0] :].startswith("表一")
    assert table.rows[0][1].text == "" and table.rows[0][1].span is None


def test_horizontal_and_vertical_merges_expand_to_a_rectangular_grid():
    d = docx.Document()
    t = d.add_table(rows=3, cols=4)
    t.cell(0, 0).merge(t.cell(1, 0)).text = "三、本年度办理结果"  # vMerge
    t.cell(0, 1).merge(t.cell(0, 3)).text = "申请人情况"  # gridSpan 3
    for c, v in enumerate(["自然人", "商业企业", "总计"], start=1):
        t.cell(1, c).text = v
    t.cell(2, 0).merge(t.cell(2, 1)).text = "总计"
    t.cell(2, 2).text = "5"
    t.cell(2, 3).text = "7"
    doc = _load(_bytes(d))
    table = doc.tables[0]
    assert _texts(table) == [
        ["三、本年度办理结果", "申请人情况", "申请人情况", "申请人情况"],
        ["三、本年度办理结果", "自然人", "商业企业", "总计"],
        ["总计", "总计", "5", "7"],
    ]
    copies = {
        (r, c): cell.copy_of for r, row in enumerate(table.rows) for c, cell in enumerate(row)
    }
    assert copies[(0, 2)] == copies[(0, 3)] == (0, 1)
    assert copies[(1, 0)] == (0, 0)
    assert copies[(2, 1)] == (2, 0)
    assert copies[(2, 2)] is None
    # covered positions are empty fields in the text, so columns stay aligned
    assert "三、本年度办理结果\t申请人情况\t\t\n\t自然人\t商业企业\t总计\n总计\t\t5\t7" in doc.text
    _assert_spans(doc)


def test_grid_before_shifts_cells_right():
    d = docx.Document()
    t = d.add_table(rows=2, cols=3)
    for c, v in enumerate(["a", "b", "c"]):
        t.cell(0, c).text = v
    tr = t.rows[1]._tr
    for tc in tr.tc_lst[1:]:
        tr.remove(tc)
    tr.tc_lst[0].xpath("./w:p")[0].append(_run("x"))
    tr_pr = tr.get_or_add_trPr()
    before = OxmlElement("w:gridBefore")
    before.set(qn("w:val"), "2")
    tr_pr.append(before)
    doc = _load(_bytes(d))
    assert _texts(doc.tables[0]) == [["a", "b", "c"], ["", "", "x"]]
    _assert_spans(doc)


def test_legacy_hmerge_and_empty_tables():
    d = docx.Document()
    t = d.add_table(rows=1, cols=3)
    t.cell(0, 0).text = "申请人情况"
    t.cell(0, 2).text = "3"
    pr = t.cell(0, 1)._tc.get_or_add_tcPr()
    merge = OxmlElement("w:hMerge")
    merge.set(qn("w:val"), "continue")
    pr.append(merge)
    d.add_table(rows=0, cols=2)
    doc = _load(_bytes(d))
    assert len(doc.tables) == 1
    assert _texts(doc.tables[0]) == [["申请人情况", "申请人情况", "3"]]
    assert doc.tables[0].rows[0][1].copy_of == (0, 0)
    _assert_spans(doc)


def _run(text: str):
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    r.append(t)
    return r


def test_nested_table_becomes_its_own_table_after_the_outer_one():
    d = docx.Document()
    outer = d.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "外层"
    cell = outer.cell(0, 1)
    cell.text = "说明"
    inner = cell.add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "内层"
    inner.cell(0, 1).text = "９"
    d.add_paragraph("结尾")
    doc = _load(_bytes(d))
    assert [_texts(t) for t in doc.tables] == [[["外层", "说明"]], [["内层", "9"]]]
    assert doc.tables[0].span[1] < doc.tables[1].span[0]
    assert doc.text.endswith("外层\t说明\n\n内层\t9\n\n结尾")
    _assert_spans(doc)


def test_cell_paragraphs_join_without_space_between_chinese_only():
    d = docx.Document()
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "商业"
    t.cell(0, 0).add_paragraph("企业")
    t.cell(0, 1).text = "1"
    t.cell(0, 1).add_paragraph("2")
    doc = _load(_bytes(d))
    assert _texts(doc.tables[0]) == [["商业企业", "1 2"]]


def test_deleted_text_and_invisible_characters_are_not_read():
    d = docx.Document()
    p = d.add_paragraph("公开\u200b１２２条")
    deleted = OxmlElement("w:del")
    run = OxmlElement("w:r")
    del_text = OxmlElement("w:delText")
    del_text.text = "删除的内容"
    run.append(del_text)
    deleted.append(run)
    p._p.append(deleted)
    doc = _load(_bytes(d))
    assert doc.text == "公开122条"


# --- hostile or wrong input -----------------------------------------------------------


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_not_a_zip():
    with pytest.raises(InputError, match="不是 zip 压缩包"):
        _load(b"plain text, not a zip" * 10)


def test_legacy_doc_is_refused_with_advice():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    with pytest.raises(InputError, match=r"旧版 Word \.doc 格式暂不支持，请另存为 \.docx"):
        _load(ole, "report.doc")


def test_password_protected_docx_is_recognised():
    ole = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64 + "EncryptedPackage".encode("utf-16-le")
    )
    with pytest.raises(InputError, match="加密"):
        _load(ole)


def test_zip_without_document_xml():
    with pytest.raises(InputError, match=r"缺少 word/document\.xml"):
        _load(_zip({"content.xml": b"<office/>"}))


def test_main_part_is_found_through_package_relationships():
    rels = (
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Target="word/document2.xml" Type="http://schemas.openxmlformats'
        b'.org/officeDocument/2006/relationships/officeDocument"/></Relationships>'
    )
    body = (
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>\xe6\xad\xa3\xe6\x96\x87</w:t></w:r></w:p></w:body></w:document>"
    )
    doc = _load(_zip({"_rels/.rels": rels, "word/document2.xml": body}))
    assert doc.text == "正文"


def test_corrupt_xml_is_an_input_error():
    with pytest.raises(InputError, match="已损坏"):
        _load(_zip({"word/document.xml": b"<w:document><w:body><w:p>"}))


def test_corrupt_compressed_data_is_an_input_error():
    payload = random.Random(0).randbytes(5000)  # incompressible
    data = bytearray(_zip({"word/document.xml": payload}))
    start = data.index(b"word/document.xml") + len("word/document.xml")
    data[start + 100 : start + 140] = b"\xff" * 40
    with pytest.raises(InputError, match="压缩包已损坏"):
        _load(bytes(data))


def test_oversized_document_xml_is_refused_before_decompression():
    """A crafted zip declares 300 MB for word/document.xml: refused from the directory."""
    data = bytearray(_zip({"word/document.xml": b"<w:document/>"}))
    huge = struct.pack("<I", 300 * 1024 * 1024)
    local = data.index(b"PK\x03\x04")
    central = data.index(b"PK\x01\x02")
    data[local + 22 : local + 26] = huge
    data[central + 24 : central + 28] = huge
    with pytest.raises(InputError, match="200 MB"):
        _load(bytes(data))


# --- the official blank 2021 template ---------------------------------------------------


@pytest.fixture
def template_doc(shared_corpora: Path) -> Document:
    path = shared_corpora / "template" / "gov2021_blank_template.docx"
    if not path.is_file():
        pytest.skip("blank template not available")
    return _load(path.read_bytes(), str(path))


def test_template_tables_and_order(template_doc: Document):
    doc = template_doc
    assert len(doc.tables) == 3
    assert [(len(t.rows), len(t.rows[0])) for t in doc.tables] == [(14, 4), (28, 10), (4, 15)]
    headings = ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"]
    assert doc.text.index(headings[0]) < doc.tables[0].span[0] < doc.text.index(headings[1])
    assert (
        doc.tables[1].span[0] < doc.text.index("四、政府信息公开行政复议") < doc.tables[2].span[0]
    )
    _assert_spans(doc)


def test_template_table2_merged_section_rows(template_doc: Document):
    t2 = _texts(template_doc.tables[0])
    assert t2[0] == ["第二十条第（一）项"] * 4
    assert t2[1] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert t2[5] == ["信息内容", "本年处理决定数量", "本年处理决定数量", "本年处理决定数量"]
    assert t2[6][0] == "行政许可" and t2[6][1:] == ["", "", ""]
    assert template_doc.tables[0].rows[5][2].copy_of == (5, 1)


def test_template_table3_header_grid(template_doc: Document):
    t3 = template_doc.tables[1]
    rows = _texts(t3)
    values = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    assert rows[2][3:] == values  # 7 value columns after 3 label columns
    assert rows[0][3:] == ["申请人情况"] * 7
    assert rows[1][4:9] == ["法人或其他组织"] * 5
    assert t3.rows[2][3].copy_of == (1, 3) and t3.rows[2][9].copy_of == (1, 9)
    assert all(
        t3.rows[r][c].copy_of == (0, 0) for r in range(3) for c in range(3) if (r, c) != (0, 0)
    )
    assert rows[3][:3] == ["一、本年新收政府信息公开申请数量"] * 3
    assert rows[5][:2] == ["三、本年度办理结果", "（一）予以公开"]
    assert rows[7][:3] == ["三、本年度办理结果", "（三）不予公开", "1.属于国家秘密"]
    assert t3.rows[14][1].copy_of == (7, 1)  # 8.属于行政查询事项 under （三）不予公开
    assert rows[14][2] == "8.属于行政查询事项"
    assert t3.rows[26][0].copy_of == (5, 0) and rows[26][1:3] == ["（七）总计"] * 2
    assert rows[27][:3] == ["四、结转下年度继续办理"] * 3
    assert all(cell == "" for row in rows[3:] for cell in row[3:])


def test_template_table4_has_fifteen_value_cells(template_doc: Document):
    t4 = template_doc.tables[2]
    rows = _texts(t4)
    assert rows[0] == ["行政复议"] * 5 + ["行政诉讼"] * 10
    results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert rows[1][:5] == results and rows[2][:5] == results
    assert rows[1][5:] == ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5
    assert rows[2][5:] == results * 2
    assert len(rows[3]) == 15 and all(c.text == "" and c.copy_of is None for c in t4.rows[3])
