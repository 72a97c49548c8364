"""Word .docx reports → one `Document` with its tables as rectangular grids.

Many agencies publish the annual report as the Word file they filled in from the
official template, and the template's statistics tables are full of merged cells
(表三's header spans 3 rows and 7 columns, its row labels span up to 8 rows). The
grid must be exactly the printed one, so merges are read from the XML
(`w:gridSpan`, `w:vMerge`, `w:gridBefore`) rather than from python-docx's `row.cells`,
which repeats merged cells and silently drops `gridBefore` offsets.

Only `word/document.xml` is read (through python-docx's hardened `parse_xml`,
entities not resolved): opening the whole package with `docx.Document()` would
decompress every image and part, which is slow and lets a zip bomb hide in a part
we never need. Declared sizes are checked before any decompression; `zipfile`
never inflates an entry beyond its declared size, so the check cannot be bypassed.

Text layout: body paragraphs and tables in document order; a table is written as one
line per grid row, one tab-separated field per grid column (positions covered by a
merge are empty fields), with a blank line before and after. Nested tables follow
their outer table. Every `GridCell.span` indexes `Document.text` exactly.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from auditor.errors import InputError
from auditor.ingest.cell_text import join_cell_lines
from auditor.ingest.normalize import normalize_text
from auditor.model import Document, GridCell, Span, Table

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_DOCUMENT_XML = 200 * 1024 * 1024
_MAX_SPAN = 1000  # gridSpan larger than any real table: bounds work on hostile input

# Everything zipfile raises on a damaged or unusual archive (a corrupt header can claim
# an unsupported zip version or compression method, or a truncated directory).
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    struct.error,
    NotImplementedError,
    RuntimeError,
    ValueError,
    OSError,
    EOFError,
    KeyError,
)
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W_STRICT = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_REL_OFFICE_DOC = re.compile(r"/officeDocument$")
_DEFAULT_MAIN = "word/document.xml"
_TITLE = re.compile(r"^\s*附?表\s*[一二三四五六七八九十\d]+|统计表|情况表|统计情况|附表")


def _w(name: str) -> str:
    return f"{{{_W}}}{name}"


_P, _TBL, _TR, _TC = _w("p"), _w("tbl"), _w("tr"), _w("tc")
_T, _TAB, _BR, _CR = _w("t"), _w("tab"), _w("br"), _w("cr")
_NB_HYPHEN = _w("noBreakHyphen")
_VAL = _w("val")
# Wrappers whose content is part of the flow (content controls, custom XML, tracked
# insertions); their children are read as if they were in the parent.
_WRAPPERS = {_w("sdt"), _w("sdtContent"), _w("customXml"), _w("ins"), _w("moveTo")}
# Subtrees whose text is not part of the paragraph as printed: deletions, drawings
# and text boxes (read separately by Word), and mc:AlternateContent (holds the same
# content twice: Choice and Fallback).
_SKIP = {
    _w("del"),
    _w("moveFrom"),
    _w("drawing"),
    _w("pict"),
    _w("object"),
    _w("txbxContent"),
    f"{{{_MC}}}AlternateContent",
}


def load_docx(path: str, data: bytes, sha256: str) -> Document:
    """Read a .docx into a Document; raises InputError with a one-line Chinese reason."""
    root = _parse_main_part(data)
    body = root.find(_w("body"))
    if body is None:
        raise InputError("文件不是有效的 DOCX（word/document.xml 中没有正文 w:body）")
    writer = _Writer()
    tables: list[Table] = []
    for el in _flow(body, {_P, _TBL}):
        if el.tag == _P:
            writer.paragraph(_paragraph_text(el, in_cell=False))
        else:
            tables.extend(_write_table_tree(el, writer))
    return Document(
        path=path,
        media_type=MEDIA_TYPE,
        sha256=sha256,
        text=writer.text(),
        tables=tables,
    )


# --- package ---------------------------------------------------------------------


def _parse_main_part(data: bytes) -> etree._Element:
    """Check the container and return the parsed main document part."""
    if data.startswith(_OLE2_MAGIC):
        if _ENCRYPTED_MARK in data:
            raise InputError("文件已加密（受密码保护的 Word 文档），请取消密码后另存为 .docx")
        raise InputError("旧版 Word .doc 格式暂不支持，请另存为 .docx")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS as exc:
        raise InputError("文件不是有效的 DOCX（不是 zip 压缩包）") from exc
    with archive:
        name = _main_part_name(archive)
        info = _zip_info(archive, name)
        if info is None:
            raise InputError(f"文件不是有效的 DOCX（缺少 {name}）")
        if info.flag_bits & 0x1:
            raise InputError("文件已加密（受密码保护的 Word 文档），请取消密码后另存为 .docx")
        if info.file_size > MAX_DOCUMENT_XML:
            size_mb = info.file_size // (1024 * 1024)
            raise InputError(
                f"文件不是有效的 DOCX（{name} 解压后 {size_mb} MB，超过 200 MB 上限，疑似压缩炸弹）"
            )
        xml = _read_entry(archive, info)
    return _parse_xml(xml.replace(_W_STRICT, _W.encode()), name)


def _zip_info(archive: zipfile.ZipFile, name: str) -> zipfile.ZipInfo | None:
    try:
        return archive.getinfo(name)
    except KeyError:
        return None


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    try:
        return archive.read(info)
    except _ZIP_ERRORS as exc:
        raise InputError(f"文件不是有效的 DOCX（压缩包已损坏，无法解压 {info.filename}）") from exc


def _main_part_name(archive: zipfile.ZipFile) -> str:
    """The officeDocument target of `_rels/.rels`; word/document.xml when absent.

    A few producers name the main part differently; the package relationship is the
    authority, and a missing or unreadable one falls back to the usual name.
    """
    info = _zip_info(archive, "_rels/.rels")
    if info is None or info.file_size > 1024 * 1024:
        return _DEFAULT_MAIN
    try:
        rels = etree.fromstring(archive.read(info), etree.XMLParser(resolve_entities=False))
    except (etree.XMLSyntaxError, *_ZIP_ERRORS):
        return _DEFAULT_MAIN
    for rel in rels:
        target = rel.get("Target") or ""
        if _REL_OFFICE_DOC.search(rel.get("Type") or "") and not rel.get("TargetMode"):
            return target.lstrip("/") or _DEFAULT_MAIN
    return _DEFAULT_MAIN


def _parse_xml(xml: bytes, name: str) -> etree._Element:
    from docx.oxml import parse_xml

    try:
        return parse_xml(xml)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise InputError(f"文件不是有效的 DOCX（{name} 已损坏，无法解析）") from exc


# --- text of paragraphs ---------------------------------------------------------------


def _flow(parent: etree._Element, wanted: set[str]) -> Iterator[etree._Element]:
    """Children of `parent` with a tag in `wanted`, looking through wrapper elements."""
    for child in parent:
        if child.tag in wanted:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _flow(child, wanted)


def _run_text(el: etree._Element, in_cell: bool, out: list[str]) -> None:
    for child in el:
        tag = child.tag
        if tag in _SKIP or not isinstance(tag, str):
            continue
        if tag == _T:
            out.append(child.text or "")
        elif tag == _TAB:
            out.append(" " if in_cell else "\t")
        elif tag in (_BR, _CR):
            out.append("\n")
        elif tag == _NB_HYPHEN:
            out.append("-")
        else:
            _run_text(child, in_cell, out)


def _paragraph_text(p: etree._Element, in_cell: bool) -> str:
    """Printed text of one w:p, normalised (full-width digits, invisible characters)."""
    out: list[str] = []
    _run_text(p, in_cell, out)
    return normalize_text("".join(out))[0]


# --- tables -----------------------------------------------------------------------------


@dataclass
class _Grid:
    """A table's expanded grid: for each position, the (row, col) of its origin cell."""

    slots: list[dict[int, tuple[int, int]]] = field(default_factory=list)
    texts: dict[tuple[int, int], str] = field(default_factory=dict)
    spans: dict[tuple[int, int], Span | None] = field(default_factory=dict)
    nested: list[etree._Element] = field(default_factory=list)
    width: int = 0


def _int_attr(el: etree._Element | None, default: int) -> int:
    if el is None:
        return default
    try:
        return int(el.get(_VAL, default))
    except ValueError:
        return default


def _is_continuation(pr: etree._Element, name: str) -> bool:
    merge = pr.find(_w(name))
    return merge is not None and merge.get(_VAL, "continue") != "restart"


def _cell_props(tc: etree._Element) -> tuple[int, bool, bool]:
    """(gridSpan, continues a vMerge, continues a legacy hMerge) of one w:tc."""
    pr = tc.find(_w("tcPr"))
    if pr is None:
        return 1, False, False
    span = max(1, min(_MAX_SPAN, _int_attr(pr.find(_w("gridSpan")), 1)))
    return span, _is_continuation(pr, "vMerge"), _is_continuation(pr, "hMerge")


def _cell_content(tc: etree._Element, grid: _Grid) -> str:
    parts: list[str] = []
    for el in _flow(tc, {_P, _TBL}):
        if el.tag == _P:
            parts.extend(_paragraph_text(el, in_cell=True).split("\n"))
        else:
            grid.nested.append(el)
    return join_cell_lines(parts).replace("\t", " ")


def _build_grid(tbl: etree._Element) -> _Grid:
    """Expand gridSpan / vMerge / hMerge / gridBefore into a rectangular slot map.

    The width is the widest row, not `w:tblGrid`: Word often leaves unused grid
    columns there, and padding with them would invent empty columns.
    """
    grid = _Grid()
    for r, tr in enumerate(_flow(tbl, {_TR})):
        row: dict[int, tuple[int, int]] = {}
        tr_pr = tr.find(_w("trPr"))
        col = (
            0
            if tr_pr is None
            else max(0, min(_MAX_SPAN, _int_attr(tr_pr.find(_w("gridBefore")), 0)))
        )
        for tc in _flow(tr, {_TC}):
            span, v_continues, h_continues = _cell_props(tc)
            merged = None
            if v_continues and r > 0:
                merged = grid.slots[r - 1].get(col)
            elif h_continues and col > 0:
                merged = row.get(col - 1)
            text = _cell_content(tc, grid)
            origin = merged if merged is not None else (r, col)
            if merged is None:
                grid.texts[origin] = text
            for c in range(col, col + span):
                row[c] = origin
            col += span
        grid.slots.append(row)
        grid.width = max(grid.width, col)
    return grid


def _write_table_tree(tbl: etree._Element, writer: _Writer) -> list[Table]:
    """Write a table and then, in order, every table nested inside its cells."""
    tables: list[Table] = []
    queue = [tbl]
    while queue:
        grid = _build_grid(queue.pop(0))
        if grid.width:
            tables.append(writer.table(grid))
        queue.extend(grid.nested)
    return tables


# --- text assembly ----------------------------------------------------------------------


class _Writer:
    """Accumulates the document text and hands out exact spans for table cells."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._pos = 0
        self._content_end = 0  # end of the last character that is not a newline
        self._last_line: tuple[int, str] | None = None  # last non-blank line (start, text)
        self._ends_blank = True

    def _append(self, s: str) -> None:
        self._parts.append(s)
        self._pos += len(s)
        if s.strip("\n"):
            self._content_end = self._pos

    def blank(self) -> None:
        """End with exactly one empty line (runs of empty paragraphs collapse)."""
        if not self._ends_blank:
            self._append("\n")
            self._ends_blank = True

    def paragraph(self, text: str) -> None:
        for line in text.split("\n"):
            line = line.rstrip()
            if not line.strip():
                self.blank()
                continue
            self._last_line = (self._pos, line)
            self._append(line + "\n")
            self._ends_blank = False

    def _title(self) -> tuple[str | None, int]:
        if self._last_line is None:
            return None, self._pos
        start, line = self._last_line
        if len(line.strip()) <= 60 and _TITLE.search(line):
            return line.strip(), start
        return None, self._pos

    def table(self, grid: _Grid) -> Table:
        title, title_start = self._title()
        self.blank()
        start = self._pos
        rows = [self._row(grid, r) for r in range(len(grid.slots))]
        end = max(start, self._content_end)
        self.blank()
        self._last_line = None
        return Table(rows=rows, span=(title_start if title else start, end), title=title)

    def _row(self, grid: _Grid, r: int) -> list[GridCell]:
        cells: list[GridCell] = []
        slots = grid.slots[r]
        for c in range(grid.width):
            if c:
                self._append("\t")
            origin = slots.get(c)
            if origin is None:
                cells.append(GridCell(text=""))
                continue
            text = grid.texts[origin]
            if origin == (r, c):
                span: Span | None = (self._pos, self._pos + len(text)) if text else None
                self._append(text)
                cells.append(GridCell(text=text, span=span))
                grid.spans[origin] = span
            else:
                cells.append(GridCell(text=text, span=grid.spans[origin], copy_of=origin))
        self._append("\n")
        self._ends_blank = False
        return cells

    def text(self) -> str:
        return "".join(self._parts).rstrip("\n")
