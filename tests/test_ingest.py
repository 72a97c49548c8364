"""Ingestion: decoding, normalisation with offsets, text tables."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from auditor.errors import InputError
from auditor.ingest import load
from auditor.ingest.decode import decode_bytes
from auditor.ingest.normalize import normalize_text, to_halfwidth
from auditor.ingest.text_tables import find_text_tables

SAMPLE = "灵武市白土岗乡2018年政府信息公开工作年度报告\n主动公开政府信息１２２条。"


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "gbk"])
def test_decode_common_chinese_encodings(encoding):
    text, used = decode_bytes(SAMPLE.encode(encoding))
    assert text == SAMPLE
    assert used in ("utf-8", "gb18030")


def test_decode_boms():
    assert decode_bytes(codecs.BOM_UTF8 + SAMPLE.encode("utf-8"))[0] == SAMPLE
    assert decode_bytes(SAMPLE.encode("utf-16"))[0] == SAMPLE


def test_binary_is_rejected_with_a_reason():
    with pytest.raises(InputError, match="二进制"):
        decode_bytes(bytes(range(256)) * 4)


def test_undecodable_bytes_are_rejected():
    # invalid in UTF-8 and in GB18030 (0x80 alone is not a GB18030 lead byte sequence)
    with pytest.raises(InputError):
        decode_bytes(b"\xff\xfe\xfa" * 3 + b"\x80\x80\xff" * 400)


def test_fullwidth_digits_and_offsets():
    raw = "公开１２２条\r\n其中\u200b网站５３条\u3000"
    text, offsets = normalize_text(raw)
    assert text == "公开122条\n其中网站53条 "
    assert len(offsets) == len(text)
    for i, ch in enumerate(text):
        src = raw[offsets[i]]
        assert to_halfwidth(src) == ch or (src == "\r" and ch == "\n")


@given(
    st.text(
        alphabet=st.sampled_from(list("政府信息公开１２３123\r\n\t\u3000\u200b，。（）％ab")),
        max_size=200,
    )
)
def test_normalize_offsets_property(raw):
    text, offsets = normalize_text(raw)
    assert len(text) == len(offsets)
    assert offsets == sorted(offsets)
    assert "\r" not in text and "\u200b" not in text
    for i, ch in enumerate(text):
        src = raw[offsets[i]]
        assert to_halfwidth(src) == ch or (src == "\r" and ch == "\n")


def test_text_table_rows_and_spans():
    text = "正文第一段\n\n情况统计表\n\n统计指标\t单位\t统计数\n一、主动公开情况\t\t\n(一) 主动公开政府信息数\t条\t122\n\n其中：主动公开规范性文件数\t条\t0\n\n后记"
    tables = find_text_tables(text)
    assert len(tables) == 1
    t = tables[0]
    assert t.title == "情况统计表"
    rows = [[c.text for c in r] for r in t.rows]
    assert rows[2] == ["(一) 主动公开政府信息数", "条", "122"]
    cell = t.rows[2][2]
    assert text[cell.span[0] : cell.span[1]] == "122"
    assert "后记" not in text[t.span[0] : t.span[1]]


def test_missing_empty_and_directory_inputs(tmp_path):
    with pytest.raises(InputError, match="不存在"):
        load(str(tmp_path / "nope.txt"))
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="为空"):
        load(str(empty))
    with pytest.raises(InputError, match="目录"):
        load(str(tmp_path))


def test_gb18030_report_reads_like_utf8(tmp_path, seed_text):
    p = tmp_path / "seed_gbk.txt"
    p.write_bytes(seed_text.encode("gb18030"))
    doc = load(str(p))
    assert doc.encoding == "gb18030"
    assert "政务微信公开政府信息279条" in doc.text
