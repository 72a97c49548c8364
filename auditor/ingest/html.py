"""HTML reports: a published web page → normalised text and its tables as grids.

Most annual reports are published as pages of a government site: the report sits in
one content container among menus, breadcrumbs, share buttons, footers and tens of
kilobytes of script, and its tables are Word pastes full of span fragments, merged
cells and editor leftovers. This reader

- decodes the bytes (BOM, then the page's declared charset, then the strict decoders and
  charset detection of `auditor.ingest.decode`; GBK/GB2312 pages are read as GB18030);
- drops what a reader never sees (script, style, head, comments incl. Word conditional
  comments — also when they were escaped into the text —, ``<o:p>``, ``<?xml:…?>``,
  small hidden elements) and finds the report's container (see `_find_container`);
- writes the text with one line per block element (inline elements such as span/font
  never break a line, so a number split over spans, "78"+"967", reads 78967) and each
  data table as one line per row, cells separated by "\\t", with a blank line before
  and after the table;
- returns each data table as a `Table` whose merged cells are expanded into a
  rectangular grid (`GridCell.copy_of` marks covered positions); every non-empty cell's
  span indexes its text exactly in `Document.text`.

HTML offsets are not mapped back to the page (`source_offsets` is None): the page a
reviewer opens is rendered, not read as text.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from dataclasses import dataclass

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from auditor.errors import InputError
from auditor.ingest.decode import decode_bytes
from auditor.ingest.normalize import normalize_text, to_halfwidth
from auditor.model import Document, GridCell, Span, Table

NO_REPORT = "网页中没有找到报告正文"

# ---------------------------------------------------------------- decoding

_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
# Labels Python does not know, or knows as a narrower codec than the page really uses:
# GB18030 is a superset of GB2312 and GBK, and pages declared GB2312 routinely contain
# GBK-only characters.
_CHARSET_ALIASES = {"x-gbk": "gb18030", "gb_2312-80": "gb18030", "csgb2312": "gb18030"}
_GB_FAMILY = {"gb2312", "gbk", "gb18030"}
# A page that declares a Western single-byte charset but holds Chinese is mislabelled;
# decoding it as declared would "succeed" into mojibake, so such labels are ignored.
_IGNORED_CHARSETS = {"ascii", "latin_1", "iso8859-1", "cp1252", "iso8859-15"}


def _declared_charset(data: bytes) -> str | None:
    """The charset the page declares (XML prolog or <meta>), as a Python codec name."""
    head = data[:16384]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if match is None:
        return None
    label = match.group(1).decode("ascii", "replace").lower()
    label = _CHARSET_ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name in _GB_FAMILY:
        return "gb18030"
    if name in _IGNORED_CHARSETS:
        return None
    return name


def _decode_html(data: bytes) -> tuple[str, str]:
    """Decode page bytes; a BOM wins over the declaration, which wins over guessing.

    One exception to trusting the declaration: a page declared GBK/GB2312 whose bytes
    are valid UTF-8 (and not plain ASCII) is read as UTF-8. Chinese text in GB18030 is
    practically never valid UTF-8, while crawlers often re-save pages as UTF-8 and keep
    the old <meta>; decoding those as GB18030 would "succeed" into mojibake.
    """
    if data.startswith(_BOMS):
        return decode_bytes(data)
    declared = _declared_charset(data)
    if declared == "gb18030" and not data.isascii():
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    if declared is not None:
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            pass  # a wrong declaration is common; fall through to the strict decoders
    return decode_bytes(data)


# ---------------------------------------------------------------- parsing and cleaning

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_DROP_TAGS = frozenset(
    {
        *("script", "style", "noscript", "head", "title", "template", "iframe", "frame"),
        *("object", "embed", "svg", "canvas", "select", "option", "textarea", "button"),
        *("input", "map", "audio", "video", "link", "meta"),
    }
)
# Hidden elements are dropped only when small: a site may hide the text pane of a
# "全真版/文字版" switcher, and that pane is the report.
_HIDDEN_MAX_CJK = 200
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _cjk(s: str | None) -> int:
    if not s or s.isascii():
        return 0
    return len(_CJK.findall(s))


def _parse(raw: str) -> HtmlElement:
    """Parse with libxml2's forgiving HTML parser; comments and PIs go at parse time."""
    raw = _CONTROL.sub("", _XML_DECL.sub("", raw, count=1))
    # huge_tree lifts libxml2's nesting limit: Word pastes nest spans hundreds deep.
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True)
    try:
        return lxml.html.document_fromstring(raw, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(NO_REPORT) from exc


_XP_DROP = etree.XPath("|".join(f"//{t}" for t in sorted(_DROP_TAGS)))
# Cheap substring test in C; the regex then confirms (Word styles are long).
_XP_MAYBE_HIDDEN = etree.XPath(
    "//*[@hidden or contains(@style, 'isplay') or contains(@style, 'ISPLAY') "
    "or contains(@style, 'isibility') or contains(@style, 'ISIBILITY')]"
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_XP_OP = etree.XPath("//*[name()='o:p']")


def _clean(root: HtmlElement) -> None:
    """Remove everything a reader of the page does not see as the report's text.

    XPath does the searching in C: pages carry thousands of Word-styled elements.
    """
    for el in _XP_DROP(root):
        el.drop_tree()
    for el in _XP_MAYBE_HIDDEN(root):
        hidden = el.get("hidden") is not None or _HIDDEN_STYLE.search(el.get("style") or "")
        if hidden and _cjk(el.text_content()) < _HIDDEN_MAX_CJK:
            el.drop_tree()
    for el in _XP_OP(root):
        # Word's empty-paragraph marker; keep its text on the rare occasion it has any.
        if el.text_content().strip(" \t\r\n\xa0\u3000"):
            el.drop_tag()
        else:
            el.drop_tree()


# ---------------------------------------------------------------- text cleaning

# Word list markers pasted as text: <!--[if !supportLists]-->, <![endif]>, escaped or not.
_COND_COMMENT = re.compile(r"<!(?:--)?\[(?:if[^\]]*|endif)\](?:--)?>", re.I)
_XML_NS_TEXT = re.compile(r"<\?xml:namespace[^>]*>", re.I)
# A source line break between two CJK characters is editor wrapping, not a space.
_WRAP_BETWEEN_CJK = re.compile(
    r"(?<=[\u3400-\u9fff\uff00-\uffef\u3000-\u303f])[ \t]*[\r\n][ \t\r\n]*"
    r"(?=[\u3400-\u9fff\uff00-\uffef\u3000-\u303f])"
)
_SPACES = re.compile(r"[ \t\r\n\f\v]+")


def _squash(raw: str) -> str:
    """Normalise one line or cell: drop markup leftovers, fold spaces, half-width digits."""
    raw = _XML_NS_TEXT.sub("", _COND_COMMENT.sub("", raw))
    raw = _WRAP_BETWEEN_CJK.sub("", raw)
    return _SPACES.sub(" ", to_halfwidth(raw)).strip()


_UI_LINE = re.compile(
    r"^【?\s*(?:打印本页|打印|关闭窗口|关闭|返回顶部|分享到[:：]?|字[体号][:：].{0,12}|"
    r"扫一扫.{0,20}|附件下载|相关链接[:：]?|上一篇.*|下一篇.*)\s*】?$"
)
# Page metadata printed between the title and the text (来源：… 发布时间：… 浏览次数：…).
_META_LINE = re.compile(
    r"^(?:(?:信息|文章)?来源|发布(?:时间|日期|机构|单位)|作者|浏览(?:次数|量)|"
    r"点击(?:数|量|次数)|阅读(?:数|量|次数)|访问量)\s*[:：]"
)
_UI_LINE_MAX = 80


# ---------------------------------------------------------------- main content

_BLOCK_TAGS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "center", "dd", "details", "dialog"),
        *("dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "li", "main", "menu"),
        *("nav", "ol", "p", "pre", "section", "summary", "table", "caption", "thead"),
        *("tbody", "tfoot", "tr", "td", "th", "ul", "body", "html"),
    }
)
_BOILER_TAGS = frozenset({"nav", "footer", "aside"})
_BOILER_TOKENS = frozenset(
    {
        *("nav", "navbar", "menu", "menus", "breadcrumb", "breadcrumbs", "crumb", "crumbs"),
        *("share", "footer", "foot", "toolbar", "qrcode", "pager", "pagination", "location"),
        *("position", "sidebar", "attachment", "copyright", "search", "login", "bshare"),
        *("jiathis", "fontsize"),
    }
)
_BOILER_SUBSTR = ("breadcrumb", "crumb", "share", "qrcode", "footer", "navbar", "copyright")
_TOKEN_SPLIT = re.compile(r"[\s_\-]+")
# Descend into a child while it holds this share of its parent's text: the report's
# container holds nearly all of the text once menus and footers are set aside.
_DESCEND_SHARE = 0.8
# Never strip an element holding this share of the container's text, whatever its class.
_KEEP_SHARE = 0.3
_MIN_CJK = 50
_SHORT_PAGE_CJK = 300
_ERROR_PAGE = re.compile(
    r"页面不存在|页面未找到|找不到(?:该|您)|404\s*(?:not found|错误|页面)|not found|无法访问|"
    r"访问出错|出错了|请登录|用户登录|密码|验证码|已被删除|不存在或已",
    re.I,
)
_TITLE_WORDS = re.compile(r"年度报告|年报|工作报告")
_YEAR = re.compile(r"(?:19|20)\d\d|[〇零○一二三四五六七八九]{4}年")


@dataclass
class _Stats:
    """Non-link CJK characters and data-table count of a subtree."""

    cjk: int = 0
    tables: int = 0


def _subtree_stats(root: HtmlElement) -> dict[HtmlElement, _Stats]:
    """One bottom-up pass; link text does not count, so menus weigh nothing."""
    stats: dict[HtmlElement, _Stats] = {}
    for _, el in etree.iterwalk(root, events=("end",)):
        if not isinstance(el.tag, str):
            continue
        s = _Stats(cjk=_cjk(el.text))
        for child in el:
            cs = stats.get(child)
            if cs is not None:
                s.cjk += cs.cjk
                s.tables += cs.tables
            s.cjk += _cjk(child.tail)
        if el.tag == "a":
            s.cjk = 0
        if el.tag == "table" and len(_table_rows(el)) >= 2:
            s.tables += 1
        stats[el] = s
    return stats


def _find_container(body: HtmlElement) -> HtmlElement:
    """The element that holds the report: descend while one child has nearly all the text.

    A child is entered only if it keeps every data table of its parent (the statistics
    table may sit beside the narrative) and it is not itself a data table (a report whose
    table outweighs its narrative must keep the narrative).
    """
    stats = _subtree_stats(body)
    node = body
    while True:
        children = [c for c in node if isinstance(c.tag, str)]
        if not children:
            return node
        best = max(children, key=lambda c: stats[c].cjk)
        own = stats[node]
        if own.cjk == 0 or stats[best].cjk < _DESCEND_SHARE * own.cjk:
            return node
        if stats[best].tables < own.tables:
            return node
        if best.tag == "table" and not _is_layout(_read_table(best)):
            return node
        node = best


_XP_NAMED = etree.XPath(".//*[@class or @id]")
_XP_WHERE_TEXT = etree.XPath(
    ".//text()[starts-with(normalize-space(.), '当前位置') or "
    "starts-with(normalize-space(.), '您的位置') or "
    "starts-with(normalize-space(.), '您现在的位置') or "
    "starts-with(normalize-space(.), '所在位置')]"
)


def _boilerplate_by_name(el: HtmlElement) -> bool:
    if el.tag in _BOILER_TAGS:
        return True
    names = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    if any(t in _BOILER_TOKENS for t in _TOKEN_SPLIT.split(names)):
        return True
    return any(s in names for s in _BOILER_SUBSTR)


def _where_am_i_blocks(container: HtmlElement) -> list[HtmlElement]:
    """The block around each "当前位置：…" breadcrumb text."""
    blocks: list[HtmlElement] = []
    for text in _XP_WHERE_TEXT(container):
        el = text.getparent()
        while el is not None and el is not container and el.tag not in _BLOCK_TAGS:
            el = el.getparent()
        if el is not None and el is not container:
            blocks.append(el)
    return blocks


def _strip_boilerplate(container: HtmlElement) -> None:
    """Remove menus, breadcrumbs, share bars and footers left inside the container.

    An element is recognised by its tag (nav, footer, aside), its class/id words
    (breadcrumb, share, footer, …) or a leading "当前位置："; it is removed only if it
    holds a small part of the container's text, so a mislabelled content div survives.
    """
    total = max(_cjk(container.text_content()), 1)
    named = [el for el in _XP_NAMED(container) if _boilerplate_by_name(el)]
    named += [el for el in container.iter(*_BOILER_TAGS) if el is not container]
    for el in named:
        if _cjk(el.text_content()) < _KEEP_SHARE * total:
            el.drop_tree()
    for el in _where_am_i_blocks(container):
        if _cjk(el.text_content()) < min(80, _KEEP_SHARE * total):
            el.drop_tree()


def _title_candidate(el: HtmlElement) -> str | None:
    for sub in el.iter():
        if not isinstance(sub.tag, str):
            continue
        names = f"{sub.get('class') or ''} {sub.get('id') or ''}".lower()
        if sub.tag not in ("h1", "h2", "h3", "h4") and "title" not in names:
            continue
        text = _squash(sub.text_content())
        if not (6 <= len(text) <= 100 and _TITLE_WORDS.search(text)):
            continue
        if _YEAR.search(text) or len(text) >= 14:
            return text
    return None


def _starts_with_title(container: HtmlElement, title: str) -> bool:
    """Whether the container repeats the title near its top (then it is not added)."""
    head = _squash(container.text_content()[:600]).replace(" ", "")
    return title.replace(" ", "") in head


def _find_title(body: HtmlElement, container: HtmlElement) -> str | None:
    """The report title when the page shows it just above the container (h1, *title*)."""
    node = container
    for _ in range(8):
        if node is body:
            return None
        for sib in node.itersiblings(preceding=True):
            if isinstance(sib.tag, str):
                found = _title_candidate(sib)
                if found:
                    return found
        parent = node.getparent()
        if parent is None:
            return None
        node = parent
    return None


# ---------------------------------------------------------------- tables: reading


@dataclass(eq=False)
class _Cell:
    """A source cell (td/th) with its text already folded; compared by identity."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    pad: bool = False  # a hole of a ragged table, not a cell of the source

    @property
    def numeric(self) -> bool:
        return bool(_NUMERIC.fullmatch(self.text.replace(" ", "")))


@dataclass
class _ReadTable:
    rows: list[list[_Cell]]
    nested: list[HtmlElement]
    caption: str
    long_cells: bool  # a cell holds narrative paragraphs: the table is page layout


_NUMERIC = re.compile(r"[-+−]?\d[\d,.]*(?:%|万元|元|件|条|个|项|次|人|笔|份|万)?")
_DIGIT_PADDED = re.compile(r"[0-9０-９]+(?:[\xa0\u3000]+[0-9０-９]+)+")
_ALNUM_END = re.compile(r"[A-Za-z0-9]$")
_ALNUM_START = re.compile(r"^[A-Za-z0-9]")
_MAX_SPAN = 1000
# A grid this large is not a statistics table (and would cost seconds to expand): a
# malformed page's runaway rowspans are read as text instead.
_MAX_GRID_SLOTS = 50_000
_LAYOUT_CELL_CJK = 200
_LAYOUT_PARAGRAPH_CJK = 30


def _table_rows(table: HtmlElement) -> list[HtmlElement]:
    """The table's own rows (not those of nested tables), in document order."""
    return table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")


def _span_attr(el: HtmlElement, name: str) -> int:
    """rowspan/colspan as an int; junk ("2;", "") reads as its leading digits or 1."""
    m = re.match(r"\s*(\d+)", el.get(name) or "")
    value = int(m.group(1)) if m else 1
    return min(max(value, 1), _MAX_SPAN)


def _cell_segments(td: HtmlElement, nested: list[HtmlElement]) -> list[str]:
    """The cell's text as block segments (split at <p>, <div>, <br>, nested tables)."""
    segments: list[list[str]] = [[]]
    walker = etree.iterwalk(td, events=("start", "end"))
    for event, el in walker:
        tag = el.tag if isinstance(el.tag, str) else ""
        if el is td:
            if event == "start":
                segments[-1].append(el.text or "")
            continue
        if event == "start":
            if tag == "table":
                nested.append(el)
                walker.skip_subtree()
                segments.append([])
                continue
            if tag in _BLOCK_TAGS or tag == "br":
                segments.append([])
            segments[-1].append(el.text or "")
        else:
            if tag in _BLOCK_TAGS:
                segments.append([])
            segments[-1].append(el.tail or "")
    return ["".join(s) for s in segments]


def _cell_text(segments: list[str]) -> str:
    """Fold a cell's block segments into one line of text.

    Rules (why: Word and CMS editors wrap header labels inside narrow cells):
    - each segment is folded like a text line (spaces collapsed, half-width digits);
    - a segment made only of digits separated by &nbsp;/U+3000 padding ("1&nbsp;2") is
      one number whose digits were padded apart: the padding is removed ("12"). Digits
      separated by ordinary spaces or by a block boundary are left apart;
    - segments are joined without a separator, so labels split over paragraphs or
      one character per <p> ("计"/"量"/"单"/"位", "2011"/"年度") read as written, except
      where that would glue two numbers or words together ("12"/"34" → "12 34").
    """
    pieces: list[str] = []
    for seg in segments:
        if _DIGIT_PADDED.fullmatch(seg.strip(" \t\r\n")):
            seg = re.sub(r"[\xa0\u3000]+", "", seg)
        folded = _squash(seg)
        if folded:
            pieces.append(folded)
    out = ""
    for piece in pieces:
        if out and _ALNUM_END.search(out) and _ALNUM_START.search(piece):
            out += " "
        out += piece
    return out


def _read_table(table: HtmlElement) -> _ReadTable:
    """Read a table's own cells; nested tables are collected, not read into cells."""
    nested: list[HtmlElement] = []
    rows: list[list[_Cell]] = []
    long_cells = False
    for tr in _table_rows(table):
        cells: list[_Cell] = []
        for td in tr.xpath("./td|./th"):
            segments = _cell_segments(td, nested)
            text = _cell_text(segments)
            paragraphs = sum(1 for s in segments if _cjk(s) >= _LAYOUT_PARAGRAPH_CJK)
            if _cjk(text) >= _LAYOUT_CELL_CJK or paragraphs >= 3:
                long_cells = True
            cells.append(_Cell(text, _span_attr(td, "rowspan"), _span_attr(td, "colspan")))
        rows.append(cells)
    captions = table.xpath("./caption")
    caption = _squash(captions[0].text_content()) if captions else ""
    return _ReadTable(rows=rows, nested=nested, caption=caption, long_cells=long_cells)


def _is_layout(read: _ReadTable) -> bool:
    """A table used to lay out the page (narrative in its cells, or one column)."""
    if read.long_cells:
        return True
    width = max((sum(c.colspan for c in row) for row in read.rows), default=0)
    n = len(read.rows)
    slots = sum(min(c.rowspan, n - r) * c.colspan for r, row in enumerate(read.rows) for c in row)
    return width <= 1 or slots > _MAX_GRID_SLOTS


# ---------------------------------------------------------------- tables: grid

Grid = list[list[_Cell]]


def _place(rows: list[list[_Cell]], width: int | None = None) -> list[list[_Cell | None]]:
    """Expand rowspan/colspan; a rowspan past the last row is clipped.

    With `width` (the table's dominant row width), a row that would come out wider
    loses a cell repeating the label of a rowspan that already covers that row.
    """
    grid: list[list[_Cell | None]] = [[] for _ in rows]
    for r, cells in enumerate(rows):
        if width is not None:
            cells = _without_covered_duplicate(grid[r], cells, width)
        c = 0
        for cell in cells:
            while c < len(grid[r]) and grid[r][c] is not None:
                c += 1
            for rr in range(r, min(r + cell.rowspan, len(rows))):
                row = grid[rr]
                if len(row) < c + cell.colspan:
                    row.extend([None] * (c + cell.colspan - len(row)))
                for cc in range(c, c + cell.colspan):
                    if row[cc] is None:
                        row[cc] = cell
            c += cell.colspan
    return grid


def _without_covered_duplicate(
    covered: list[_Cell | None], cells: list[_Cell], width: int
) -> list[_Cell]:
    """Drop a cell that repeats a covering rowspan label when the row is too wide."""
    above = [c for c in covered if c is not None]
    if len(above) + sum(c.colspan for c in cells) <= width:
        return cells
    labels = {c.text for c in above if c.text and not c.numeric}
    dup = next((c for c in cells if c.text in labels), None)
    return [c for c in cells if c is not dup]


def _place_dropping_duplicates(rows: list[list[_Cell]]) -> list[list[_Cell | None]]:
    """Place cells, dropping labels that Word repeated inside their own rowspan.

    Word exports sometimes emit a rowspan'd label cell again in a later row it already
    covers; a naive grid then has that row one column too wide. The dominant width of
    a naive placement tells which rows are too wide; only those are repaired.
    """
    naive = _place(rows)
    widths = Counter(len(r) for r in naive if r)
    if len(widths) < 2:
        return naive
    dominant = min(widths, key=lambda w: (-widths[w], w))
    return _place(rows, dominant)


def _pad(grid: list[list[_Cell | None]]) -> Grid:
    """Fill holes and ragged row ends with empty cells of their own."""
    width = max((len(r) for r in grid), default=0)
    padded: Grid = []
    for row in grid:
        full = row + [None] * (width - len(row))
        padded.append([c if c is not None else _Cell("", pad=True) for c in full])
    return padded


def _cols_of(row: list[_Cell], cell: _Cell) -> tuple[int, ...]:
    return tuple(i for i, c in enumerate(row) if c is cell)


def _merge_repeated_labels(grid: Grid) -> None:
    """A label split into two stacked rowspan cells (same text, same columns) is one cell.

    (Pingtan 2019/2020 表三 print 三、本年度办理结果 twice, rowspan=10 each.)
    """
    slots: dict[int, list[tuple[int, int]]] = {}
    for r, row in enumerate(grid):
        for c, cell in enumerate(row):
            slots.setdefault(id(cell), []).append((r, c))
    for r in range(1, len(grid)):
        for c in range(len(grid[r])):
            above, here = grid[r - 1][c], grid[r][c]
            if above is here or not here.text or here.text != above.text or here.numeric:
                continue
            if max(above.rowspan, here.rowspan) < 2:
                continue
            if _cols_of(grid[r - 1], above) != _cols_of(grid[r], here):
                continue
            moved = slots.pop(id(here))
            for rr, cc in moved:
                grid[rr][cc] = above
            slots[id(above)].extend(moved)


def _drop_empty_rows(grid: Grid) -> Grid:
    """Drop rows that start no non-empty cell (spacer rows, rows only of continuations)."""
    first_row: dict[int, int] = {}
    for r, row in enumerate(grid):
        for cell in row:
            first_row.setdefault(id(cell), r)
    return [
        row
        for r, row in enumerate(grid)
        if any(cell.text and first_row[id(cell)] == r for cell in row)
    ]


def _drop_empty_columns(grid: Grid) -> Grid:
    if not grid:
        return grid
    keep = [j for j in range(len(grid[0])) if any(row[j].text for row in grid)]
    return [[row[j] for j in keep] for row in grid]


def _column_is_redundant(grid: Grid, j: int) -> bool:
    """Every position of column j continues a cell of a neighbour column (or is a hole).

    Such a column exists only because some merged cells are wider than needed (Word's
    misaligned grids); removing it loses no cell.
    """
    width = len(grid[0])
    return all(
        row[j].pad or (j > 0 and row[j] is row[j - 1]) or (j + 1 < width and row[j] is row[j + 1])
        for row in grid
    )


def _row_is_redundant(grid: Grid, i: int) -> bool:
    """Every position of row i continues a cell of the row above or below."""
    return all(
        cell.pad
        or (i > 0 and cell is grid[i - 1][j])
        or (i + 1 < len(grid) and cell is grid[i + 1][j])
        for j, cell in enumerate(grid[i])
    )


def _compact(grid: Grid) -> Grid:
    """Remove redundant columns, leftmost first, then redundant rows, until none is left.

    Leftmost first matters: the 2021 Pingtan 表三 header has 自然人 one column too wide,
    and its value column is the left one. Removing column j changes only whether its
    neighbours are redundant, so each scan resumes at j - 1.
    """
    changed = True
    while changed and grid and grid[0]:
        changed = False
        j = 0
        while j < len(grid[0]) and len(grid[0]) > 1:
            if _column_is_redundant(grid, j):
                for row in grid:
                    del row[j]
                changed = True
                j = max(j - 1, 0)
            else:
                j += 1
        i = 0
        while i < len(grid) and len(grid) > 1:
            if _row_is_redundant(grid, i):
                del grid[i]
                changed = True
                i = max(i - 1, 0)
            else:
                i += 1
    return grid


def _fill_header_blanks(grid: Grid) -> None:
    """In header rows, a blank cell under a label continues that label downwards.

    Header rows are those above the first row holding a number; a table without
    numbers is left alone. (2021 Pingtan 表三: 自然人 over a blank cell.)
    """
    first_data = next(
        (r for r, row in enumerate(grid) if any(c.text and c.numeric for c in row)), None
    )
    if first_data is None:
        return
    for r in range(1, first_data):
        for c, cell in enumerate(grid[r]):
            above = grid[r - 1][c]
            if cell.text or not above.text or above.numeric or above is cell:
                continue
            if len(_cols_of(grid[r], cell)) == 1 and sum(row.count(cell) for row in grid) == 1:
                grid[r][c] = above


def _normalise(rows: list[list[_Cell]]) -> Grid:
    """Source rows → rectangular grid with the quirks of real pages repaired."""
    grid = _pad(_place_dropping_duplicates(rows))
    _merge_repeated_labels(grid)
    grid = _drop_empty_rows(grid)
    grid = _drop_empty_columns(grid)
    grid = _compact(grid)
    _fill_header_blanks(grid)
    return grid


# ---------------------------------------------------------------- writing


class _Writer:
    """Builds the normalised text line by line; tables are written with their spans."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.tail = ""  # the last two characters written
        self.buffer: list[str] = []
        self.tables: list[Table] = []
        self.last_line = ""
        self.after_table = False

    def _put(self, s: str) -> None:
        if s:
            self.parts.append(s)
            self.length += len(s)
            self.tail = (self.tail + s)[-2:]

    def _ends_with(self, suffix: str) -> bool:
        return self.tail.endswith(suffix)

    def _newline(self) -> None:
        if self.length and not self._ends_with("\n"):
            self._put("\n")

    def _blank_line(self) -> None:
        if self.length:
            self._newline()
            if not self._ends_with("\n\n"):
                self._put("\n")

    def inline(self, s: str | None) -> None:
        if s:
            self.buffer.append(s)

    def line(self, s: str) -> None:
        """Write a whole line (the page title)."""
        self.inline(s)
        self.flush()

    def flush(self) -> None:
        line = _squash("".join(self.buffer))
        self.buffer.clear()
        if not line or self._is_chrome(line):
            return
        if self.after_table:
            self._blank_line()
            self.after_table = False
        self._newline()
        self._put(line)
        self.last_line = line

    @staticmethod
    def _is_chrome(line: str) -> bool:
        """Page furniture lines (打印 / 关闭 / 来源：… / 浏览次数：…), never report text."""
        if len(line) > _UI_LINE_MAX:
            return False
        return bool(_UI_LINE.match(line) or _META_LINE.match(line))

    def table(self, grid: Grid, caption: str) -> None:
        self.flush()
        title = caption or _table_title(self.last_line)
        self._blank_line()
        start = self.length
        rows: list[list[GridCell]] = []
        origins: dict[int, tuple[tuple[int, int], Span | None]] = {}
        for r, row in enumerate(grid):
            if r:
                self._put("\n")
            out: list[GridCell] = []
            for c, cell in enumerate(row):
                if c:
                    self._put("\t")
                if id(cell) in origins:
                    origin, span = origins[id(cell)]
                    out.append(GridCell(text=cell.text, span=span, copy_of=origin))
                    continue
                span = (self.length, self.length + len(cell.text)) if cell.text else None
                self._put(cell.text)
                origins[id(cell)] = ((r, c), span)
                out.append(GridCell(text=cell.text, span=span))
            rows.append(out)
        self.tables.append(Table(rows=rows, span=(start, self.length), title=title))
        self.last_line = ""
        self.after_table = True

    def text(self) -> str:
        self.flush()
        return "".join(self.parts).rstrip("\n")


def _table_title(line: str) -> str | None:
    """The line just above a table names it when it reads like a table title."""
    if line and len(line) <= 60 and line[-1] not in "。；，" and ("表" in line or "情况" in line):
        return line
    return None


def _write_table(el: HtmlElement, w: _Writer) -> None:
    """A data table becomes a Table (then its nested tables); layout tables become text."""
    read = _read_table(el)
    if _is_layout(read):
        _walk(el, w, layout_root=True)
        return
    grid = _normalise(read.rows)
    if not grid or not any(c.text for row in grid for c in row):
        pass
    elif len(grid[0]) < 2:
        for row in grid:
            w.line(row[0].text)
    else:
        w.table(grid, read.caption)
    for inner in read.nested:
        _write_table(inner, w)


def _walk(root: HtmlElement, w: _Writer, layout_root: bool = False) -> None:
    """Write the subtree's text: blocks break lines, inline elements never do."""
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag == "table" and not (layout_root and el is root):
                walker.skip_subtree()
                _write_table(el, w)
                continue
            if tag in _BLOCK_TAGS or tag == "br":
                w.flush()
            w.inline(el.text)
        else:
            if tag in _BLOCK_TAGS:
                w.flush()
            if el is not root:
                w.inline(el.tail)


# ---------------------------------------------------------------- entry point


def _body(root: HtmlElement) -> HtmlElement:
    body = root.find("body")
    return body if body is not None else root


def _check_report(container: HtmlElement, text: str) -> None:
    """Refuse pages without a report: too little non-link text, or an error/login page."""
    n = _subtree_stats(container)[container].cjk
    if n < _MIN_CJK or (n < _SHORT_PAGE_CJK and _ERROR_PAGE.search(text)):
        raise InputError(NO_REPORT)


def _renormalise(text: str, tables: list[Table]) -> str:
    """Run the shared normaliser; remap spans if it changed anything (it should not)."""
    final, offsets = normalize_text(text)
    if final == text:
        return text
    new_of = {old: new for new, old in enumerate(offsets)}

    def remap(span: Span | None) -> Span | None:
        if span is None:
            return None
        starts = [new_of[i] for i in range(span[0], span[1]) if i in new_of]
        return (starts[0], starts[-1] + 1) if starts else None

    for table in tables:
        table.span = remap(table.span) or (0, 0)
        for row in table.rows:
            for cell in row:
                cell.span = remap(cell.span)
                if cell.span is not None:
                    cell.text = final[cell.span[0] : cell.span[1]]
    return final


def load_html(path: str, data: bytes, sha256: str) -> Document:
    """Read an HTML report page into a Document (media type text/html).

    Raises InputError("网页中没有找到报告正文") when the page holds no report (an error,
    login or navigation page), or the decoder's reason when the bytes are not text.
    """
    raw, encoding = _decode_html(data)
    root = _parse(raw)
    _clean(root)
    body = _body(root)
    container = _find_container(body)
    title = _find_title(body, container)
    _strip_boilerplate(container)
    writer = _Writer()
    if title and not _starts_with_title(container, title):
        writer.line(title)
    _walk(container, writer)
    text = _renormalise(writer.text(), writer.tables)
    _check_report(container, text)
    return Document(
        path=path,
        media_type="text/html",
        sha256=sha256,
        text=text,
        tables=writer.tables,
        source_offsets=None,
        encoding=encoding,
    )
