"""PDF ingestion: layout, furniture, paragraphs, ruled grids across pages, OCR, bad input."""

from __future__ import annotations

import hashlib
import io
import random
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import auditor
from auditor.errors import InputError
from auditor.ingest import pdf_ocr, pdf_source
from auditor.ingest.pdf import load_pdf
from auditor.ingest.pdf_aligned import find_aligned_tables
from auditor.ingest.pdf_grid import (
    Box,
    PageTable,
    Row,
    append,
    build_table,
    cluster,
    compact,
    is_data_table,
    is_fragment,
    join_cell_lines,
)
from auditor.ingest.pdf_layout import (
    Body,
    Line,
    TextBuilder,
    Word,
    ends_sentence,
    group_lines,
    is_page_number,
    join_words,
    make_line,
    measure_body,
    should_join,
    strip_furniture,
    write_paragraphs,
)
from auditor.ingest.pdf_page import visible_rule
from auditor.model import Document
from auditor.synth import generate
from auditor.synth.pdf_writer import to_pdf, wrap
from conftest import assert_grid_spans

# --- helpers -----------------------------------------------------------------------------------


def _w(text: str, x0: float, top: float, page: int = 1, size: float = 12.0) -> Word:
    return Word(
        text, x0, top, x0 + size * len(text) * (0.5 if text.isascii() else 1.0), top + size, page
    )


def _line(text: str, x0: float, top: float, page: int = 1, x1: float | None = None) -> Line:
    ln = make_line([_w(text, x0, top, page)])
    if x1 is not None:
        ln.x1 = x1
    return ln


def _load(path: Path) -> Document:
    data = path.read_bytes()
    return load_pdf(str(path), data, hashlib.sha256(data).hexdigest())


def _assert_spans(doc: Document) -> None:
    assert_grid_spans(doc, located=True)


@pytest.fixture(scope="module")
def synth_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pdf")


def _synth(synth_dir: Path, template: str, seed: int, defects=()) -> tuple[object, Path]:
    report = generate(template, seed, defects=defects)
    path = synth_dir / f"{template}_{seed}.pdf"
    if not path.exists():
        to_pdf(report, str(path))
    return report, path


# --- words, lines, furniture -----------------------------------------------------------------


def test_join_words_spaces_only_between_latin_or_digit_words():
    words = [_w("2024", 0, 0), _w("年，共", 30, 0), _w("10", 80, 0), _w("1", 100, 0)]
    assert join_words(words) == "2024年，共10 1"


def test_group_lines_keeps_digits_printed_a_point_lower_on_their_line():
    words = [
        _w("受理申请", 74, 100),
        _w("3119", 140, 101.2),
        _w("件", 170, 100),
        _w("下一行", 74, 128),
    ]
    lines = group_lines(words)
    assert [ln.text for ln in lines] == ["受理申请3119件", "下一行"]


@pytest.mark.parametrize(
    "text",
    ["3", "-3-", "- 3 -", "— 3 —", "－3－", "第3页", "第 3 页", "第3页 共6页", "3/6", "Page 3"],
)
def test_page_numbers_are_recognised(text):
    assert is_page_number(text)


@pytest.mark.parametrize("text", ["第3条规定", "3件", "一、总体情况", "2024年", "- 3 - 4 -"])
def test_other_lines_are_not_page_numbers(text):
    assert not is_page_number(text)


def test_strip_furniture_removes_page_numbers_and_running_headers_only_in_margins():
    pages = []
    for n in range(1, 6):
        pages.append(
            [
                _line("某某县人民政府信息公开年报", 300, 30, n),
                _line("正文第一行", 74, 100, n),
                _line("3", 74, 400, n),  # a lone number in the middle is text
                _line(f"- {n} -", 280, 800, n),
            ]
        )
    kept, removed = strip_furniture(pages, [842.0] * 5)
    assert [ln.text for ln in kept[0]] == ["正文第一行", "3"]
    assert len(removed) == 10


def test_ends_sentence_looks_past_closing_quotes():
    assert ends_sentence("报告如下。”")
    assert ends_sentence("如下：")
    assert not ends_sentence("（以下简称《条例》）")


def test_should_join_rules():
    body = Body(left=74, right=518, em=16, pitch=28)
    full = _line("本报告由某某办公室根据", 74, 100, x1=518)
    cont = _line("条例编制", 74, 128)
    assert should_join(full, cont, body)
    assert not should_join(_line("完成了各项任务。", 74, 100, x1=518), cont, body)
    assert not should_join(_line("一、总体情况", 106, 100), cont, body)  # short line
    assert not should_join(full, _line("2024年，我市", 106, 128), body)  # indented
    assert not should_join(full, _line("远处", 74, 300), body)  # not the next line
    # across a page break (the footer removed in between)
    assert should_join(full, _line("条例编制", 74, 90, page=2), body)


def test_measure_body_uses_full_lines():
    lines = [_line("标题", 250, 50, x1=300)] + [
        _line("正文" * 10, 74, 100 + 28 * k, x1=518) for k in range(6)
    ]
    body = measure_body(lines)
    assert (body.left, body.right, body.pitch) == (74, 518, 28)


def test_text_builder_records_pages():
    b = TextBuilder()
    b.add("第一页", 1)
    b.add("接着", 2)
    b.newline(2)
    b.add("第二页", 2)
    assert b.text() == "第一页接着\n第二页"
    assert b.page_spans == [(0, 3, 1), (3, 9, 2)]


_CJK = st.text(alphabet="政府信息公开申请答复办理情况年度报告，、", min_size=1, max_size=30)


@st.composite
def _pages(draw):
    """Pages of body lines (some full, some short, some indented) plus page numbers."""
    n_pages = draw(st.integers(1, 4))
    pages = []
    for p in range(1, n_pages + 1):
        lines = []
        top = 90.0
        for _ in range(draw(st.integers(0, 8))):
            text = draw(_CJK) + draw(st.sampled_from(["", "。", "，", "：", "3119件"]))
            x0 = draw(st.sampled_from([74.0, 106.0]))
            full = draw(st.booleans())
            ln = _line(text, x0, top, p, x1=518.0 if full else None)
            lines.append(ln)
            top += 28
        lines.append(
            _line(draw(st.sampled_from(["- {n} -", "第{n}页", "—{n}—"])).format(n=p), 280, 800, p)
        )
        pages.append(lines)
    return pages


@given(_pages())
@settings(max_examples=150, deadline=None)
def test_property_furniture_and_paragraphs_keep_exact_spans(pages):
    kept, removed = strip_furniture(pages, [842.0] * len(pages))
    assert all(is_page_number(ln.text) for ln in removed)
    assert len(removed) == len(pages)  # exactly the page numbers
    flat = [ln for lines in kept for ln in lines]
    body = Body(left=74, right=518, em=12, pitch=28)
    builder = TextBuilder()
    spans, _ = write_paragraphs(builder, flat, body)
    text = builder.text()
    for ln, (s, e) in zip(flat, spans, strict=True):
        assert text[s:e] == ln.text
        assert any(a <= s < b and p == ln.page for a, b, p in builder.page_spans)
    for prev, (ln, (s, _)) in zip(flat, zip(flat[1:], spans[1:], strict=True), strict=False):
        joined = s > 0 and text[s - 1] != "\n"
        assert joined == should_join(prev, ln, body)
    assert "\n\n" not in text


# --- grids ---------------------------------------------------------------------------------------


def _cells(rows: list[list[tuple[int, int, int, int]]], xs: list[float], ys: list[float]):
    """Cell boxes from (row0, row1, col0, col1) index ranges on grid lines xs, ys."""
    return [
        (xs[c0], ys[r0], xs[c1], ys[r1])
        for r0, r1, c0, c1 in (cell for row in rows for cell in row)
    ]


def _words_in(boxes_text: dict[tuple[float, float], str], page: int = 1) -> list[Word]:
    return [_w(t, x, y, page, size=6) for (x, y), t in boxes_text.items()]


def test_cluster_and_build_table_with_merged_header_and_hole():
    xs, ys = [0, 50, 100, 150], [0, 20, 40, 60]
    cells = _cells(
        [[(0, 1, 0, 1), (0, 1, 1, 3)], [(1, 2, 0, 1), (1, 2, 1, 2), (1, 2, 2, 3)], [(2, 3, 1, 2)]],
        xs,
        ys,
    )
    words = _words_in(
        {
            (5, 5): "信息内容",
            (60, 5): "数量",
            (5, 25): "规章",
            (60, 25): "1",
            (110, 25): "2",
            (5, 45): "行政许可",
            (60, 45): "3",
        }
    )
    t = build_table(cells, words, 1)
    texts = [[b.text if b else None for b in row] for row in t.slots]
    assert texts == [["信息内容", "数量", "数量"], ["规章", "1", "2"], ["行政许可", "3", None]]
    assert t.slots[0][1] is t.slots[0][2]  # merged
    assert cluster([0, 1.5, 2.9, 50, 51]) == pytest.approx([1.4666, 50.5], rel=1e-3)


def test_join_cell_lines_never_runs_numbers_together():
    assert join_cell_lines(["商业企", "业"]) == "商业企业"
    assert join_cell_lines(["1", "2"]) == "1 2"


def test_is_fragment():
    assert is_fragment("法提供")
    assert not is_fragment("2.没有现成信息")
    assert not is_fragment("（五）不予处理")
    assert not is_fragment("12")


def _table(rows: list[list[str | None]], page: int, top: float = 0.0) -> PageTable:
    """A PageTable from texts; equal adjacent texts in a column (or "^") are one merged box."""
    width = len(rows[0])
    xs = [float(50 * k) for k in range(width + 1)]
    slots: list[list[Box | None]] = []
    for r, row in enumerate(rows):
        out: list[Box | None] = []
        for c, text in enumerate(row):
            if text == "^":
                out.append(slots[r - 1][c])
            elif text == "<":
                out.append(out[-1])
            else:
                out.append(
                    Box(page, (xs[c], top + 20 * r, xs[c + 1], top + 20 * r + 20), text=text or "")
                )
        slots.append(out)
    rows_ = [Row(page, top + 20 * r, top + 20 * r + 20) for r in range(len(rows))]
    return PageTable(
        cols=xs, rows=rows_, slots=slots, page=page, bbox=(0, top, xs[-1], top + 20 * len(rows))
    )


def _texts(t: PageTable) -> list[list[str]]:
    return [[b.text if b else "" for b in row] for row in t.slots]


def test_append_drops_repeated_header_and_rejoins_a_split_group_label():
    head = [["项目", "<", "<", "自然人"], ["^", "^", "^", "人数"]]
    a = _table(head + [["三、结果", "（四）无", "1.本机关不掌握", "5"]], 4)
    b = _table(
        head + [["", "法提供", "2.没有现成信息", "6"], ["^", "^", "3.补正后仍不明确", "7"]], 5
    )
    merged = compact(append(a, b))
    texts = _texts(merged)
    assert len(texts) == 5  # one header copy dropped
    assert texts[2][1] == texts[3][1] == texts[4][1] == "（四）无法提供"
    assert merged.slots[2][1] is merged.slots[4][1]
    assert [row[2] for row in texts[2:]] == ["1.本机关不掌握", "2.没有现成信息", "3.补正后仍不明确"]


def test_append_rejoins_a_row_whose_wrapped_label_continues():
    a = _table([["项目", "数"], ["5.要求行政机关确认或重新出", "1"]], 4)
    b = _table([["具已获取信息", ""], ["（六）其他处理", "2"]], 5)
    texts = _texts(compact(append(a, b)))
    assert texts == [
        ["项目", "数"],
        ["5.要求行政机关确认或重新出具已获取信息", "1"],
        ["（六）其他处理", "2"],
    ]


def test_append_rejoins_a_wrapped_label_below_a_group_label_drawn_after_the_break():
    # the merged 三、本年度办理结果 cell prints its text at its middle, which fell on the
    # next page, beside the tail of the label cut by the break: still the same row
    head = [["项目", "<", "自然人"]]
    a = _table(head + [["", "（二）部分公开（区分处理的，只计", "1"]], 4)
    b = _table(
        [["三、本年度办理结果", "这一情形，不计其他情形）", ""], ["^", "（三）不予公开", "2"]], 5
    )
    texts = _texts(compact(append(a, b)))
    assert texts[1] == [
        "三、本年度办理结果",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "1",
    ]
    assert texts[2][1:] == ["（三）不予公开", "2"]


def test_append_keeps_rows_of_their_own():
    a = _table([["信息内容", "数量"], ["行政处罚", "3"]], 3)
    b = _table([["行政强制", "4"]], 4)
    assert _texts(compact(append(a, b)))[-2:] == [["行政处罚", "3"], ["行政强制", "4"]]
    # a unit column is not a group label: the label to its left is not continued
    a = _table([["指标", "单位", "数"], ["4、其他类型答复数", "条", "0"]], 3)
    b = _table([["政府信息公开收费减免金额", "元", "0"]], 4)
    assert _texts(compact(append(a, b)))[-1] == ["政府信息公开收费减免金额", "元", "0"]


def test_repeated_header_is_matched_exactly_on_text_and_nearly_on_ocr():
    a = _table([["第二十条第（一）项", "<"], ["信息内容", "数量"], ["规章", "1"]], 3)
    b = _table([["第二十条第（六）项", "<"], ["信息内容", "数量"], ["行政处罚", "2"]], 4)
    assert len(compact(append(a, b)).slots) == 6  # one character apart: not a repeat
    a = _table([["（本列数据的勾稽关系）", "自然人"], ["规章", "1"]], 3)
    b = _table([["《本列数据的勾稽系关)", "自然人"], ["行政处罚", "2"]], 4)
    for box in b.boxes():
        box.words = [Word(box.text, 0, 0, 1, 1, 4, conf=90.0)]
    assert _texts(compact(append(a, b)))[1:] == [["规章", "1"], ["行政处罚", "2"]]


def test_one_column_boxes_are_not_tables():
    assert not is_data_table(
        _table([["本报告由某某办公室根据条例编制。"], ["如对本报告有疑问"]], 1)
    )
    assert is_data_table(_table([["行政强制", "4"]], 1))


def test_visible_rules():
    white_fill = {
        "fill": True,
        "stroke": False,
        "non_stroking_color": (1.0, 1.0, 1.0),
        "width": 400,
        "height": 27,
    }
    blue_band = {
        "fill": True,
        "stroke": False,
        "non_stroking_color": (0.8, 0.85, 0.95),
        "width": 400,
        "height": 35,
    }
    bar = {"fill": True, "stroke": False, "non_stroking_color": (0,), "width": 400, "height": 0.5}
    line = {"stroke": True, "stroking_color": (0, 0, 0), "width": 400, "height": 0}
    white_line = {"stroke": True, "stroking_color": (1, 1, 1), "width": 400, "height": 0}
    assert [visible_rule(o) for o in (white_fill, blue_band, bar, line, white_line)] == [
        False,
        False,
        True,
        True,
        False,
    ]


def test_aligned_text_table_fallback_keeps_wrapped_labels_in_one_row():
    def row(label, *values, top):
        words = [_w(label, 74, top)] + [_w(v, 300 + 80 * k, top) for k, v in enumerate(values)]
        return make_line(words)

    lines = [
        make_line([_w("正文段落", 106, 60)]),
        row("统计指标", "单位", "统计数", top=100),
        row("收到申请数", "件", "12", top=120),
        make_line([_w("（含上年结转）", 74, 136)]),
        row("申请办结数", "件", "10", top=152),
    ]
    tables, rest = find_aligned_tables(lines, Body(74, 518, 12, 20))
    assert [ln.text for ln in rest] == ["正文段落"]
    assert _texts(tables[0]) == [
        ["统计指标", "单位", "统计数"],
        ["收到申请数（含上年结转）", "件", "12"],
        ["申请办结数", "件", "10"],
    ]


# --- synthetic PDFs end to end -------------------------------------------------------------------


def test_wrap_never_starts_a_line_with_closing_punctuation_or_breaks_numbers():
    lines = wrap("共受理申请3119件，答复3050件。" * 3, 120, 12)
    assert all(ln[0] not in "，。" for ln in lines[1:])
    assert "3119" in "".join(lines) and all("311" not in ln or "3119" in ln for ln in lines)


@pytest.mark.parametrize(("template", "seed"), [("gov2021", 10), ("gov2021", 1), ("gov2014", 0)])
def test_synthetic_pdf_round_trip(synth_dir, template, seed):
    """Page-crossing tables (repeated headers, split rows, open rules) read cell for cell."""
    report, path = _synth(synth_dir, template, seed)
    doc = _load(path)
    _assert_spans(doc)
    assert not any(is_page_number(ln) for ln in doc.text.split("\n"))
    assert doc.page_spans[-1][2] >= 2
    result = auditor.audit(str(path))
    got = {c.id: c for c in result.cells}
    wrong = [cid for cid, v in report.cells.items() if cid not in got or got[cid].value != v]
    assert not wrong
    for para in report.sections[0][2].split("\n"):
        if len(para) > 60:
            assert para in doc.text  # paragraphs re-joined over line and page ends


def test_grid_cells_carry_page_and_box(synth_dir):
    _, path = _synth(synth_dir, "gov2021", 10)
    result = auditor.audit(str(path))
    t4 = [c for c in result.cells if ".t4." in c.id]
    assert t4 and all(c.page is not None and c.bbox is not None for c in t4)
    x0, top, x1, bottom = t4[0].bbox
    assert 0 < x0 < x1 < 596 and 0 < top < bottom < 842


# --- scans and OCR --------------------------------------------------------------------------------


def _scan_page(src: Path, out: Path, keep: str = "复议后起诉") -> int:
    """Replace the page holding `keep` by a 300 dpi image of its table alone (no text layer)."""
    import pdfplumber
    import pypdf
    import pypdfium2 as pdfium
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    with pdfplumber.open(src) as pdf:
        k = next(i for i, p in enumerate(pdf.pages) if keep in (p.extract_text() or ""))
        page = pdf.pages[k]
        table = next(t for t in page.find_tables() if keep in str(t.extract()))
        x0, top, x1, bottom = table.bbox
        size = (page.width, page.height)
    scale = 300 / 72
    doc = pdfium.PdfDocument(str(src))
    full = doc[k].render(scale=scale, grayscale=True).to_pil()
    doc.close()
    image = Image.new("L", full.size, 255)
    box = tuple(int(v * scale) for v in (x0 - 4, top - 4, x1 + 4, bottom + 4))
    image.paste(full.crop(box), box[:2])
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=size)
    canvas.drawImage(ImageReader(image), 0, 0, *size)
    canvas.showPage()
    canvas.save()
    reader, scan = pypdf.PdfReader(str(src)), pypdf.PdfReader(io.BytesIO(buf.getvalue()))
    writer = pypdf.PdfWriter()
    for i, p in enumerate(reader.pages):
        writer.add_page(scan.pages[0] if i == k else p)
    writer.write(str(out))
    return k + 1


@pytest.fixture(scope="module")
def scanned(synth_dir):
    report, src = _synth(synth_dir, "gov2021", 15)  # non-zero 表四 values
    out = synth_dir / "scan.pdf"
    page = _scan_page(src, out)
    return report, out, page


def test_scanned_page_without_ocr_is_reported_not_crashed(scanned, monkeypatch):
    monkeypatch.setattr(pdf_ocr, "available", lambda: False)
    _, path, page = scanned
    result = auditor.audit(str(path))
    assert result.document.pages_without_text == [page]
    assert result.document.ocr_pages == []
    e006 = [c for c in result.checks if c.rule == "E006"]
    assert e006 and e006[0].status == "fail" and "需要OCR" in e006[0].message


@pytest.mark.skipif(not pdf_ocr.available(), reason="tesseract-ocr with chi_sim not installed")
def test_scanned_table_four_read_by_ocr(scanned):
    report, path, page = scanned
    result = auditor.audit(str(path))
    assert result.document.ocr_pages == [page]
    got = {c.id: c for c in result.cells}
    t4 = {cid: v for cid, v in report.cells.items() if ".t4." in cid}
    assert any(t4.values())
    assert {cid: got[cid].value for cid in t4} == t4
    assert all(got[cid].page == page for cid in t4)


def test_fully_scanned_pdf_without_ocr_says_ocr_is_needed(tmp_path, monkeypatch):
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    monkeypatch.setattr(pdf_ocr, "available", lambda: False)
    path = tmp_path / "scan.pdf"
    canvas = Canvas(str(path), pagesize=(595, 842))
    canvas.drawImage(ImageReader(Image.new("L", (600, 800), 200)), 0, 0, 595, 842)
    canvas.showPage()
    canvas.save()
    with pytest.raises(InputError, match="需要OCR"):
        _load(path)


def test_ocr_numbers_are_kept_only_when_two_readings_agree(monkeypatch):
    import numpy as np

    boxes = [Box(1, (0, 20 * k, 40, 20 * k + 20)) for k in range(4)]
    for box, (text, conf) in zip(
        boxes, [("56", 95), ("1", 60), ("7", 90), ("工", 50)], strict=True
    ):
        box.text, box.words = text, [Word(text, 0, 0, 1, 1, 1, conf=conf)]
    second = {"56": ("50", 92), "1": ("1", 91), "7": ("7", 30), "工": ("1", 90)}
    monkeypatch.setattr(
        pdf_ocr,
        "_mosaic",
        lambda found, scan, *a, **k: {
            id(b): [Word(second[b.text][0], 0, 0, 1, 1, 1, conf=second[b.text][1])] for b in found
        },
    )
    table = PageTable(
        cols=[0, 40], rows=[], slots=[[b] for b in boxes], page=1, bbox=(0, 0, 40, 80)
    )
    scan = pdf_ocr._Scan(np.full((400, 200), 255, dtype=np.uint8), 1.0, 1)
    warnings: list[str] = []
    pdf_ocr.check_numbers(table, scan, warnings)
    assert [b.text for b in boxes] == ["", "1", "", ""]
    assert len(warnings) == 3 and all(w.startswith(pdf_ocr.DOUBT_PREFIX) for w in warnings)


def test_rules_are_found_in_a_bitmap():
    import numpy as np

    ink = np.zeros((100, 200), dtype=bool)
    ink[10:12, 20:180] = True  # a 2-pixel rule
    ink[50, 30:35] = True  # a glyph stroke
    rules = pdf_ocr.merge_runs(pdf_ocr.runs(ink, 40))
    assert rules == [(10.5, 20, 180)]


# --- bad input ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def good_pdf(synth_dir) -> bytes:
    _, path = _synth(synth_dir, "gov2021", 3)
    return path.read_bytes()


def _write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_truncated_pdf(tmp_path, good_pdf):
    with pytest.raises(InputError, match="PDF"):
        auditor.audit(_write(tmp_path, "t.pdf", good_pdf[: len(good_pdf) // 2]))


def test_corrupt_pdf(tmp_path, good_pdf):
    rng = random.Random(1)
    data = bytearray(good_pdf)
    for i in range(2000, len(data), 97):
        data[i] = rng.randrange(256)
    with pytest.raises(InputError, match="PDF"):
        auditor.audit(_write(tmp_path, "c.pdf", bytes(data)))


def test_fake_pdf(tmp_path):
    with pytest.raises(InputError, match="不是有效的 PDF"):
        auditor.audit(_write(tmp_path, "fake.pdf", "这不是PDF".encode()))


def test_encrypted_with_user_password(tmp_path, good_pdf):
    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(good_pdf)))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    buf = io.BytesIO()
    writer.write(buf)
    with pytest.raises(InputError, match="已加密"):
        auditor.audit(_write(tmp_path, "e.pdf", buf.getvalue()))


def test_owner_password_only_still_reads(tmp_path, good_pdf):
    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(good_pdf)))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    doc = load_pdf("o.pdf", buf.getvalue(), "x")
    assert len(doc.tables) >= 3


def test_too_many_pages(tmp_path):
    import pypdf

    writer = pypdf.PdfWriter()
    for _ in range(pdf_source.MAX_PAGES + 1):
        writer.add_blank_page(100, 100)
    buf = io.BytesIO()
    writer.write(buf)
    with pytest.raises(InputError, match="页数"):
        load_pdf("many.pdf", buf.getvalue(), "x")


def test_decompression_bomb_stream_is_refused(monkeypatch):
    from pdfminer.pdftypes import PDFStream
    from pdfminer.psparser import LIT

    monkeypatch.setattr(pdf_source, "MAX_STREAM_BYTES", 1_000_000)
    raw = zlib.compress(b" " * 5_000_000, 9)
    stream = PDFStream({"Filter": LIT("FlateDecode"), "Length": len(raw)}, raw)
    with pytest.raises(InputError, match="压缩炸弹"):
        pdf_source._check_stream(stream)
    small = PDFStream({"Filter": LIT("FlateDecode")}, zlib.compress(b" " * 500))
    pdf_source._check_stream(small)


def test_time_limit_turns_a_hang_into_input_error():
    with pytest.raises(InputError, match="超时"), pdf_source.time_limit(0.05):
        while True:
            pass


def test_cli_exit_code_2_with_one_chinese_line(tmp_path, good_pdf):
    path = _write(tmp_path, "t.pdf", good_pdf[:3000])
    proc = subprocess.run(
        [sys.executable, "-m", "auditor", "audit", path],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "PDF" in lines[0] and "Traceback" not in proc.stderr


def test_word_running_across_a_ruled_edge_is_cut_there():
    from auditor.ingest.pdf_page import cut_at_edges

    # a label overflowing its cell up to the unit column: "…计1次）" + "次" as one word
    chars = tuple((c, 100.0 + 10 * i, 109.0 + 10 * i) for i, c in enumerate("计1次）次"))
    word = Word("计1次）次", 100.0, 0.0, 149.0, 10.0, 2, chars=chars)
    parts = cut_at_edges(word, [139.5])
    assert [p.text for p in parts] == ["计1次）", "次"]
    assert parts[0].x1 <= 139.5 <= parts[1].x0
    # a word inside one column, or without character boxes (OCR), stays whole
    assert cut_at_edges(word, [300.0]) == [word]
    assert (
        cut_at_edges(Word("计1次）次", 100.0, 0.0, 149.0, 10.0, 2), [145.0])[0].text == "计1次）次"
    )
