"""HTML ingestion: charset, main content, text lines, tables as grids, real pages."""

from __future__ import annotations

import codecs
import hashlib
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.errors import InputError
from auditor.ingest.html import NO_REPORT, load_html
from auditor.ingest.normalize import normalize_text
from auditor.model import Document, Table
from conftest import GOLD, SHARED_CORPORA

TITLE = "某某市人民政府2021年政府信息公开工作年度报告"
NARRATIVE = (
    "<p>"
    + "根据《中华人民共和国政府信息公开条例》要求，现公布本机关政府信息公开工作情况。" * 2
    + "</p>"
)


def page(body: str, head: str = '<meta charset="utf-8">') -> str:
    return (
        f"<!DOCTYPE html><html><head>{head}<title>{TITLE}</title></head><body>{body}</body></html>"
    )


def load(html: str | bytes, encoding: str = "utf-8") -> Document:
    data = html.encode(encoding) if isinstance(html, str) else html
    return load_html("page.html", data, hashlib.sha256(data).hexdigest())


def lines(doc: Document) -> list[str]:
    return doc.text.split("\n")


def grid_text(table: Table) -> list[list[str]]:
    return [[c.text for c in row] for row in table.rows]


def assert_well_formed(doc: Document) -> None:
    """Every table is rectangular and every cell's span indexes its text exactly."""
    assert normalize_text(doc.text)[0] == doc.text
    for table in doc.tables:
        width = len(table.rows[0])
        assert all(len(row) == width for row in table.rows)
        start, end = table.span
        assert doc.text[start:end].split("\n") == [
            "\t".join(c.text if c.copy_of is None else "" for c in row) for row in table.rows
        ]
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row):
                if cell.copy_of is not None:
                    origin = table.rows[cell.copy_of[0]][cell.copy_of[1]]
                    assert origin.copy_of is None
                    assert (origin.text, origin.span) == (cell.text, cell.span)
                    assert cell.copy_of < (r, c)
                if cell.text:
                    assert cell.span is not None
                    assert doc.text[cell.span[0] : cell.span[1]] == cell.text
                    assert start <= cell.span[0] <= cell.span[1] <= end
                else:
                    assert cell.span is None


def table_page(table_html: str, before: str = "") -> Document:
    doc = load(
        page(f"<h1>{TITLE}</h1>{NARRATIVE}{before}{table_html}<p>六、其他需要报告的事项。无。</p>")
    )
    assert_well_formed(doc)
    return doc


# ---------------------------------------------------------------- charset


@pytest.mark.parametrize(
    "head",
    [
        '<meta charset="gbk">',
        '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
        "<meta charset=GB18030>",
    ],
)
def test_gb_declared_pages_decode_as_gb18030(head):
    # 堃 and 镕 are GBK-only (not GB2312): a GB2312 label must not narrow the codec
    body = f"<h1>{TITLE}</h1>{NARRATIVE}<p>联系人：王堃、朱镕</p>"
    doc = load(page(body, head), "gb18030")
    assert doc.encoding == "gb18030"
    assert "联系人：王堃、朱镕" in lines(doc)
    assert doc.media_type == "text/html"
    assert doc.source_offsets is None


def test_bom_wins_over_meta():
    data = codecs.BOM_UTF8 + page(f"<h1>{TITLE}</h1>{NARRATIVE}", '<meta charset="gbk">').encode()
    doc = load(data)
    assert doc.encoding == "utf-8-sig"
    assert lines(doc)[0] == TITLE


def test_utf8_bytes_under_a_gb_declaration_are_read_as_utf8():
    doc = load(page(f"<h1>{TITLE}</h1>{NARRATIVE}", '<meta charset="gb2312">'), "utf-8")
    assert doc.encoding == "utf-8"
    assert lines(doc)[0] == TITLE


def test_undeclared_gb18030_page_falls_back_to_strict_decoders():
    doc = load(page(f"<h1>{TITLE}</h1>{NARRATIVE}", ""), "gb18030")
    assert doc.encoding == "gb18030"
    assert TITLE in doc.text


def test_binary_bytes_raise_the_decoders_reason():
    with pytest.raises(InputError, match="二进制"):
        load(bytes(range(256)) * 8)


# ---------------------------------------------------------------- text


def test_inline_spans_do_not_split_numbers():
    doc = load(
        page(
            f"<h1>{TITLE}</h1>{NARRATIVE}"
            "<p><span>主动公开</span><span>78</span><span>967</span>条，"
            "<font>201</font><b>7</b>年<a href='#'>新增</a>。</p>"
        )
    )
    assert "主动公开78967条，2017年新增。" in lines(doc)


def test_blocks_break_lines_and_spaces_fold():
    doc = load(
        page(
            f"<h1>{TITLE}</h1>{NARRATIVE}"
            "<div>&nbsp;&nbsp;一、总体情况&nbsp;</div><p>公开   政府\t信息<br>１２２条</p>"
            "<ul><li>第一项</li><li>第二项</li></ul><p>\u3000\u3000首行缩进</p>"
        )
    )
    assert lines(doc)[2:] == [
        "一、总体情况",
        "公开 政府 信息",
        "122条",
        "第一项",
        "第二项",
        "首行缩进",
    ]


def test_source_line_wrap_between_chinese_characters_is_not_a_space():
    doc = load(page(f"<h1>{TITLE}</h1>{NARRATIVE}<p>政府信息\n    公开工作 2021\n年</p>"))
    assert "政府信息公开工作 2021 年" in lines(doc)


def test_word_conditional_comments_raw_and_escaped():
    doc = load(
        page(
            f"<h1>{TITLE}</h1>{NARRATIVE}"
            "<p><!--[if !supportLists]--><span>7、</span><!--[endif]-->公共监管信息</p>"
            "<p>&lt;!--[if !supportLists]--&gt;<span>8、</span>&lt;!--[endif]--&gt;其他信息</p>"
            "<p><![if !supportLists]>9、<![endif]>结语</p>"
        )
    )
    assert lines(doc)[-3:] == ["7、公共监管信息", "8、其他信息", "9、结语"]
    assert "<!" not in doc.text and "endif" not in doc.text


def test_word_leftovers_o_p_and_xml_namespace():
    doc = load(
        page(
            f"<h1>{TITLE}</h1>{NARRATIVE}"
            '<p><?xml:namespace prefix = o ns = "urn:schemas-microsoft-com:office:office" />'
            "合计<o:p></o:p></p><p><o:p>&nbsp;</o:p></p><p>结束<o:p>语</o:p></p>"
        )
    )
    assert lines(doc)[-2:] == ["合计", "结束语"]
    assert "xml" not in doc.text


def test_script_style_and_trailing_script_after_body_are_dropped():
    junk = "var gklist = ['当前位置', '年度报告导航'];" * 1500  # ~40 KB of script
    html = page(
        f"<style>p {{color: red}}</style><h1>{TITLE}</h1>{NARRATIVE}<noscript>请启用脚本</noscript>"
    )
    doc = load(html + f"<script>{junk}</script>")
    assert lines(doc) == [TITLE, NARRATIVE[3:-4]]


def test_navigation_breadcrumb_share_and_footer_are_stripped():
    html = page(
        '<div class="header"><ul class="nav"><li><a href="/">首页</a></li>'
        '<li><a href="/zwgk">政务公开</a></li><li><a href="/hd">互动交流</a></li></ul></div>'
        '<div class="main"><div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; '
        '<a href="/nb">政府信息公开年报</a></div>'
        f'<div class="article"><div class="article-title">{TITLE}</div>'
        '<div class="article-extend"><span>来源：市政府办公室</span>'
        '<span class="share">分享到：微信 微博</span></div>'
        f'<div class="TRS_Editor">{NARRATIVE}<p>一、总体情况</p><p>全年主动公开政府信息1234条。</p></div>'
        '</div></div><div class="footer"><p>版权所有：某某市人民政府办公室 网站标识码1234</p>'
        "<p>主办单位：某某市人民政府办公室，地址：某某路1号，建议使用谷歌浏览器浏览本网站。</p></div>"
    )
    doc = load(html)
    assert lines(doc) == [TITLE, NARRATIVE[3:-4], "一、总体情况", "全年主动公开政府信息1234条。"]


def test_breadcrumb_text_without_class_is_stripped():
    doc = load(
        page(
            '<div>当前位置：<a href="/">首页</a> &gt; <a href="/x">年报</a></div>'
            f"<h1>{TITLE}</h1>{NARRATIVE}<p>一、总体情况</p>"
        )
    )
    assert "当前位置" not in doc.text
    assert lines(doc)[0] == TITLE


@pytest.mark.parametrize(
    "body",
    [
        "<h1>404</h1><p>抱歉，您访问的页面不存在或已被删除！</p><a href='/'>返回首页</a>",
        "<form><p>用户登录</p><p>用户名</p><input name=u><p>密码</p><input name=p>"
        "<p>验证码</p><button>登录</button></form>",
        "",
        "<ul class='menu'>"
        + "".join(f"<li><a href='/{i}'>政府信息公开栏目{i}</a></li>" for i in range(40))
        + "</ul>",
    ],
)
def test_pages_without_a_report_raise(body):
    with pytest.raises(InputError, match=NO_REPORT):
        load(page(body))


def test_empty_bytes_raise():
    with pytest.raises(InputError):
        load(b"   ")


# ---------------------------------------------------------------- tables

STATS = """
<table border="1">
  <tr><td rowspan="2">指标名称</td><td colspan="2">数量</td></tr>
  <tr><td>本年</td><td>累计</td></tr>
  <tr><td>主动公开</td><td><span>78</span><span>967</span></td><td>100</td></tr>
  <tr><td>依申请公开</td><td>&nbsp;</td><td>5</td></tr>
</table>
"""


def test_rowspan_colspan_expand_with_copies_and_tab_lines():
    doc = table_page(STATS, before="<p>附表：政府信息公开情况统计表</p>")
    (table,) = doc.tables
    assert grid_text(table) == [
        ["指标名称", "数量", "数量"],
        ["指标名称", "本年", "累计"],
        ["主动公开", "78967", "100"],
        ["依申请公开", "", "5"],
    ]
    assert table.rows[1][0].copy_of == (0, 0)
    assert table.rows[0][2].copy_of == (0, 1)
    assert table.rows[3][1].span is None
    assert table.title == "附表：政府信息公开情况统计表"
    start, end = table.span
    assert doc.text[start - 2 : start] == "\n\n"
    assert doc.text[end : end + 2] == "\n\n"
    assert (
        doc.text[start:end]
        == "指标名称\t数量\t\n\t本年\t累计\n主动公开\t78967\t100\n依申请公开\t\t5"
    )


def test_table_inside_p_is_found():
    doc = table_page(f"<p>附表：{STATS}</p>")
    assert len(doc.tables) == 1
    assert "附表：" in lines(doc)


def test_nested_table_becomes_its_own_table_after_the_outer():
    inner = (
        "<table><tr><td>项目</td><td>数量</td></tr><tr><td>行政许可</td><td>12</td></tr></table>"
    )
    outer = f"<table><tr><td>附表一</td><td>{inner}</td></tr><tr><td>附表二</td><td>无</td></tr></table>"
    doc = table_page(outer)
    assert [grid_text(t) for t in doc.tables] == [
        [["附表一", ""], ["附表二", "无"]],
        [["项目", "数量"], ["行政许可", "12"]],
    ]
    assert doc.tables[0].span[1] < doc.tables[1].span[0]


def test_layout_table_wrapping_the_article_is_read_as_text():
    narrative = "".join(
        f"<p>{i}、" + "本机关认真落实政府信息公开条例，持续推进政务公开。" * 2 + "</p>"
        for i in range(4)
    )
    layout = f"<table width='100%'><tr><td><h2>{TITLE}</h2>{narrative}{STATS}</td></tr></table>"
    doc = load(page(layout))
    assert_well_formed(doc)
    assert lines(doc)[0] == TITLE
    assert lines(doc)[1].startswith("0、本机关")
    assert len(doc.tables) == 1
    assert doc.tables[0].rows[2][1].text == "78967"


def test_header_labels_split_over_paragraphs():
    table = """<table>
      <tr><td><p>指</p><p>标</p></td><td><p>计</p><p>量</p><p>单</p><p>位</p></td>
          <td><p>2011</p><p>年度</p></td><td><p>历年</p><br><p>累计</p></td></tr>
      <tr><td>其中：<span>1.</span>网站公开</td><td>条</td><td><p>12</p><p>34</p></td><td>1<br>2</td></tr>
      <tr><td>合计</td><td>条</td><td>1&nbsp;2</td><td>1 2</td></tr>
    </table>"""
    doc = table_page(table)
    assert grid_text(doc.tables[0]) == [
        ["指标", "计量单位", "2011年度", "历年累计"],
        ["其中：1.网站公开", "条", "12 34", "1 2"],
        ["合计", "条", "12", "1 2"],
    ]


def test_duplicated_rowspan_label_inside_its_span_is_dropped():
    table = """<table>
      <tr><td>项目</td><td>情形</td><td>数量</td></tr>
      <tr><td rowspan="3">三、本年度办理结果</td><td>予以公开</td><td>5</td></tr>
      <tr><td>部分公开</td><td>2</td></tr>
      <tr><td>三、本年度办理结果</td><td>不予公开</td><td>1</td></tr>
    </table>"""
    doc = table_page(table)
    rows = doc.tables[0].rows
    assert [len(r) for r in rows] == [3, 3, 3, 3]
    assert rows[3][0].copy_of == (1, 0)
    assert [c.text for c in rows[3]] == ["三、本年度办理结果", "不予公开", "1"]


def test_label_split_into_two_stacked_rowspans_becomes_one_cell():
    # Pingtan 2019/2020 表三: 三、本年度办理结果 emitted twice, rowspan=10 each
    table = """<table>
      <tr><td>项目</td><td>情形</td><td>数量</td></tr>
      <tr><td rowspan="2">三、本年度办理结果</td><td>予以公开</td><td>5</td></tr>
      <tr><td>部分公开</td><td>2</td></tr>
      <tr><td rowspan="2">三、本年度办理结果</td><td>无法提供</td><td>1</td></tr>
      <tr><td>不予处理</td><td>0</td></tr>
    </table>"""
    rows = table_page(table).tables[0].rows
    assert [r[0].copy_of for r in rows[1:]] == [None, (1, 0), (1, 0), (1, 0)]


def test_empty_rows_are_dropped():
    table = """<table>
      <tr><td>项目</td><td>数量</td></tr>
      <tr><td>行政复议</td><td>0</td></tr>
      <tr><td>&nbsp;</td><td> </td></tr>
      <tr style="border:none"><td></td><td><o:p></o:p></td></tr>
      <tr><td>行政诉讼</td><td>1</td></tr>
    </table>"""
    doc = table_page(table)
    assert grid_text(doc.tables[0]) == [["项目", "数量"], ["行政复议", "0"], ["行政诉讼", "1"]]


def test_2021_applicant_header_is_rectangular_and_aligned():
    # Pingtan 2021 表三: 自然人 colspan=2 over a blank cell, 商业企业 colspan=2 values
    table = """<table>
      <tr><td rowspan="3" colspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>
          <td colspan="8">申请人情况</td></tr>
      <tr><td colspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
      <tr><td></td><td colspan="2">商业企业</td><td>科研机构</td><td>社会公益组织</td>
          <td>法律服务机构</td><td>其他</td></tr>
      <tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td>64</td><td colspan="2">0</td>
          <td>0</td><td>2</td><td>0</td><td>4</td><td>70</td></tr>
      <tr><td rowspan="2">三、本年度办理结果</td><td colspan="2">（一）予以公开</td><td>27</td>
          <td colspan="2">0</td><td>0</td><td>2</td><td>0</td><td>1</td><td>30</td></tr>
      <tr><td rowspan="1">（三）不予公开</td><td>1.属于国家秘密</td><td>0</td>
          <td colspan="2">0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
    </table>"""
    rows = table_page(table).tables[0].rows
    assert {len(r) for r in rows} == {10}
    header = [c.text for c in rows[2][3:]]
    assert header == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ]
    assert rows[1][3].text == "自然人" and rows[2][3].copy_of == (1, 3)
    assert [c.text for c in rows[3][3:]] == ["64", "0", "0", "2", "0", "4", "70"]
    assert [c.text for c in rows[5][:3]] == [
        "三、本年度办理结果",
        "（三）不予公开",
        "1.属于国家秘密",
    ]


def test_misaligned_word_columns_are_compacted():
    # Shanghai 2019 表二: value cells colspan-shifted against their headers
    table = """<table>
      <tr><td colspan="5">第二十条第（五）项</td></tr>
      <tr><td>信息内容</td><td>上一年项目数量</td><td colspan="2">本年增/减</td><td>处理决定数量</td></tr>
      <tr><td>行政许可</td><td colspan="2">3</td><td>4</td><td>5</td></tr>
    </table>"""
    rows = table_page(table).tables[0].rows
    assert [[c.text for c in r] for r in rows[1:]] == [
        ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
        ["行政许可", "3", "4", "5"],
    ]


def test_spans_follow_the_shared_normaliser_if_it_ever_changes_the_text(monkeypatch):
    # The reader writes text that normalize_text leaves unchanged; should the shared
    # normaliser ever drop characters, the spans are remapped instead of going stale.
    import auditor.ingest.html as html_reader

    def dropping_x(raw: str) -> tuple[str, list[int]]:
        keep = [i for i, ch in enumerate(raw) if ch != "X"]
        return "".join(raw[i] for i in keep), keep

    monkeypatch.setattr(html_reader, "normalize_text", dropping_x)
    doc = table_page(
        "<table><tr><td>XX项目</td><td>数量</td></tr><tr><td>许可</td><td>1X2</td></tr></table>"
    )
    assert "X" not in doc.text
    assert grid_text(doc.tables[0]) == [["项目", "数量"], ["许可", "12"]]


def test_one_column_table_is_text():
    doc = table_page("<table><tr><td>说明一</td></tr><tr><td>说明二</td></tr></table>")
    assert doc.tables == []
    assert "说明一" in lines(doc) and "说明二" in lines(doc)


_CELL_TEXT = st.sampled_from(
    ["", "", "0", "12", "计量", "自然人", "三、本年度办理结果", "1.属于国家秘密"]
)
_CELL = st.tuples(_CELL_TEXT, st.integers(1, 3), st.integers(1, 3))


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(_CELL, min_size=1, max_size=4), min_size=1, max_size=5))
def test_random_merged_tables_give_rectangular_grids_with_exact_spans(rows):
    trs = "".join(
        "<tr>" + "".join(f'<td rowspan="{r}" colspan="{c}">{t}</td>' for t, r, c in row) + "</tr>"
        for row in rows
    )
    doc = table_page(f"<table>{trs}</table>")
    assert len(doc.tables) <= 1
    for table in doc.tables:
        assert len(table.rows[0]) >= 2
        assert any(c.text for row in table.rows for c in row)


# ---------------------------------------------------------------- real pages

WEB = SHARED_CORPORA / "real" / "web"
# (rows, columns) of each table, read off the pages: legacy 统计表; 2019/2021 表二, 表三, 表四
SHAPES: dict[str, list[tuple[int, int]]] = {
    "pingtan/2011_pingtan-county.html": [(18, 4)],
    "pingtan/2011_pingtan-syq.html": [(18, 4)],
    "pingtan/2012_pingtan-county.html": [(18, 4)],
    "pingtan/2012_pingtan-syq.html": [(17, 4)],
    "pingtan/2013_pingtan-county.html": [(18, 4)],
    "pingtan/2013_pingtan-dishui.html": [],
    "pingtan/2013_pingtan-syq.html": [(17, 4)],
    "pingtan/2014_pingtan-syq.html": [(17, 4)],
    "pingtan/2016_pingtan-syq.html": [(17, 4)],
    "pingtan/2017_pingtan-syq.html": [(16, 4)],
    "pingtan/2018_pingtan-syq.html": [(16, 4)],
    "pingtan/2019_pingtan-syq.html": [(18, 4), (26, 10), (4, 15)],
    "pingtan/2020_pingtan-syq.html": [(18, 4), (26, 10), (4, 15)],
    "pingtan/2021_pingtan-syq.html": [(14, 4), (28, 10), (4, 15)],
    "pingtan/2023_pingtan-syq.html": [(14, 4), (28, 10), (4, 15)],
    "pingtan/2024_pingtan-syq.html": [(14, 4), (28, 10), (4, 15)],
    "pingtan/2025_pingtan-syq.html": [(14, 4), (28, 10), (4, 15)],
    "pingtan_finance/2009.html": [(18, 3)],
    "pingtan_finance/2016.html": [(8, 3)],
    "pingtan_finance/2025.html": [(14, 4), (28, 10), (4, 15)],
    "shanghai_gov_office_2019.html": [(18, 4), (26, 10), (4, 15)],
}
_APPLICANTS = ("natural", "commercial", "research", "social", "legal", "other_org", "total")


def _real(shared_corpora: Path, name: str) -> Document:
    path = shared_corpora / "real" / "web" / name
    if not path.exists():
        pytest.skip(f"{name} is not in this copy of the shared corpus")
    data = path.read_bytes()
    return load_html(str(path), data, hashlib.sha256(data).hexdigest())


def _gold(name: str) -> dict:
    key = "web__" + name.removesuffix(".html").replace("/", "__")
    return json.loads((GOLD / "reports" / f"{key}.json").read_text(encoding="utf-8"))["cells"]


def _value(text: str) -> float | None:
    if not text:
        return None
    return float(re.sub(r"[元笔]|万元$", "", text))


def _data_rows(table: Table) -> list[list]:
    """Rows from the first one that holds a number (the header rows come before)."""
    first = next(
        i
        for i, row in enumerate(table.rows)
        if any(c.copy_of is None and re.fullmatch(r"-?\d[\d.]*元?", c.text) for c in row)
    )
    return table.rows[first:]


def _gold_rows(gold: dict, prefix: str) -> list[str]:
    rows: list[str] = []
    for key in gold:
        if key.startswith(prefix) and (row := key.rsplit(".", 1)[0]) not in rows:
            rows.append(row)
    return rows


def test_real_corpus_listing_is_complete(shared_corpora):
    found = {
        str(p.relative_to(shared_corpora / "real" / "web"))
        for p in (shared_corpora / "real" / "web").rglob("*.html")
    }
    assert found == set(SHAPES)


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_real_page_text_and_table_shapes(shared_corpora, name):
    doc = _real(shared_corpora, name)
    assert_well_formed(doc)
    assert "年度报告" in "".join(lines(doc)[:3])  # the title, sometimes split over two lines
    for leak in ("当前位置", "版权所有", "网站标识码", "<!--", "endif"):
        assert leak not in doc.text
    chrome = {"全真版", "文字版", "文件下载", "附件下载", "相关链接：", "微信", "微博", "关闭"}
    assert not chrome & set(lines(doc))
    assert [(len(t.rows), len(t.rows[0])) for t in doc.tables] == SHAPES[name]
    assert doc.encoding == "utf-8"


@pytest.mark.parametrize("name", [n for n, s in SHAPES.items() if len(s) == 1])
def test_real_legacy_table_values(shared_corpora, name):
    doc, gold = _real(shared_corpora, name), _gold(name)
    (table,) = doc.tables
    assert [c.text for c in table.rows[0][:2]] == ["指标名称", "计量单位"]
    active = next(r for r in table.rows if r[0].text.startswith("主动公开"))
    assert _value(active[2].text) == gold["fj.active.total"]
    if "fj.active.total@cumulative" in gold:
        assert _value(active[3].text) == gold["fj.active.total@cumulative"]


@pytest.mark.parametrize("name", [n for n, s in SHAPES.items() if len(s) == 3])
def test_real_2019_2021_tables_match_gold_cell_by_cell(shared_corpora, name):
    doc, gold = _real(shared_corpora, name), _gold(name)
    form = "g21" if "g21.t3.new.natural" in gold else "g19"
    t2, t3, t4 = doc.tables
    # 表三: 7 applicant columns, one data row per indicator row, in the form's order
    assert [c.text for c in t3.rows[2][-7:]][1:6] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    assert t3.rows[1][3].text == "自然人" and t3.rows[-1][-1].text != ""
    data = _data_rows(t3)
    gold_rows = _gold_rows(gold, f"{form}.t3.")
    assert len(data) == len(gold_rows)
    for row, gold_row in zip(data, gold_rows, strict=True):
        assert all(c.copy_of is None for c in row[-7:])
        assert [_value(c.text) for c in row[-7:]] == [gold[f"{gold_row}.{a}"] for a in _APPLICANTS]
    # 表四: one row of 15 values
    t4_gold = [v for k, v in gold.items() if k.startswith(f"{form}.t4.")]
    assert [_value(c.text) for c in t4.rows[-1]] == t4_gold
    # 表二: the printed numbers in reading order
    t2_values = [
        _value(c.text)
        for row in _data_rows(t2)
        for c in row
        if c.copy_of is None and re.fullmatch(r"-?\d[\d.]*元?", c.text)
    ]
    t2_gold = [v for k, v in gold.items() if k.startswith(f"{form}.t2.")]
    assert t2_values == t2_gold


def test_real_2021_natural_person_value_of_new_applications(shared_corpora):
    doc = _real(shared_corpora, "pingtan/2021_pingtan-syq.html")
    t3 = doc.tables[1]
    new = next(r for r in t3.rows if r[0].text.startswith("一、本年新收"))
    assert (t3.rows[1][3].text, new[3].text, new[-1].text) == ("自然人", "64", "70")
    assert _gold("pingtan/2021_pingtan-syq.html")["g21.t3.new.natural"] == 64


def test_real_page_quirks(shared_corpora):
    escaped = _real(shared_corpora, "pingtan/2016_pingtan-syq.html")
    assert "7、公共监管信息公开情况" in escaped.text.split("\n")
    split_numbers = _real(shared_corpora, "pingtan/2014_pingtan-syq.html")
    assert split_numbers.tables[0].rows[0][2].text == "2014年度"
    assert split_numbers.tables[0].rows[1][3].text == "78967"
    blank = _real(shared_corpora, "pingtan/2013_pingtan-syq.html")
    row = next(r for r in blank.tables[0].rows if "政府公报公开" in r[0].text)
    assert (row[2].text, row[3].text, row[3].span) == ("0", "", None)
    two_p = _real(shared_corpora, "pingtan/2011_pingtan-syq.html")
    assert [c.text for c in two_p.tables[0].rows[0]] == [
        "指标名称",
        "计量单位",
        "2011年度",
        "历年累计",
    ]
    no_table = _real(shared_corpora, "pingtan/2013_pingtan-dishui.html")
    assert no_table.text.startswith("平潭综合实验区地方税务局2013年\n信息公开年度报告")
