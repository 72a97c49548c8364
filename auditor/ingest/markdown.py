"""Markdown reports (mostly PDF→Markdown conversions) → one `Document` with table grids.

Converters such as pdf2md emit each PDF table as GitHub pipe tables, but they cut a
table wherever the PDF did: at page ends (a footer line "- 3 -" and a repeated header
row), wherever the column count changes (a new `|---|` delimiter in the middle of a
run of rows), and where a merged label cell could not be placed (the label lands as a
plain text line above the rows). Some converters emit HTML `<table>` instead.

What this reader does, and deliberately no more (content is never repaired here):

- a maximal run of consecutive pipe lines is one table fragment; delimiter rows
  (`|---|:--:|`) are dropped wherever they occur, rows keep their own cell count
  (ragged rows are kept as written, because padding would invent positions);
- a fragment separated from the previous one only by blank lines and page-footer lines
  ("- 3 -", "第 3 页", a lone page number), with the same (most common) column count,
  continues the same `Table`; those footer lines are dropped, and a first row equal to
  the table's first (header) row is dropped as a repeated header;
- unambiguous footer lines ("- 3 -", "第 3 页 共 9 页") are dropped everywhere;
- `<table>` blocks are parsed with lxml; rowspan/colspan are expanded into a
  rectangular grid whose covered positions are `copy_of` their origin cell;
- headings lose their `#` markers, emphasis (`**`, `__`), links and inline tags lose
  their markup; all other lines are kept as written.

Tables are written into the text one line per row, tab-separated, with a blank line
before and after; every `GridCell.span` indexes `Document.text` exactly, and
`source_offsets` maps every character back to the decoded file.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from auditor.ingest.decode import decode_bytes
from auditor.ingest.normalize import normalize_text
from auditor.model import Document, GridCell, Span, Table

MEDIA_TYPE = "text/markdown"
_MAX_SPAN = 1000  # rowspan/colspan beyond any real report: bounds work on hostile input

_DELIMITER = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?!#)\s*(.*?)(?:\s+#+)?\s*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_RULE = re.compile(r"^ {0,3}([-*_=])(?:\s*\1){2,}\s*$")
_BULLET = re.compile(r"^(\s*)(?:[-*+]|>+)\s+(?=\S)")
_FOOTER = re.compile(
    r"^\s*(?:[-—–~·]+\s*\d{1,4}\s*[-—–~·]+"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/、]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[,，/、]?\s*第\s*\d{1,4}\s*页"
    r"|(?i:page)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)\s*$"
)
_PAGE_NUMBER = re.compile(r"^\s*\d{1,4}(?:\s*/\s*\d{1,4})?\s*$")
_INLINE = re.compile(
    r"\*\*|__"
    r"|!\[(?P<alt>[^\]\n]*)\]\([^)\n]*\)"
    r"|\[(?P<link>[^\]\n]+)\]\([^)\n]*\)"
    r"|(?P<br><br\s*/?>)"
    r"|</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>\n]*)?/?>"
    r"|<!--.*?-->"
    r"|\\(?P<esc>[|*_\\#\[\]`])",
    re.IGNORECASE,
)
_TABLE_TAG = re.compile(r"<(/?)table\b[^>]*>", re.IGNORECASE)
_NUMERIC = re.compile(r"^[\d.,%\s+-]*$")
_TITLE = re.compile(r"^\s*附?表\s*[一二三四五六七八九十\d]+|统计表|情况表|统计情况|附表")

# A piece of text together with, for each character, its offset in the normalised input.
Piece = tuple[str, list[int]]


def load_markdown(path: str, data: bytes, sha256: str) -> Document:
    """Read Markdown bytes into a Document; undecodable bytes raise InputError."""
    raw, encoding = decode_bytes(data)
    norm, norm_offsets = normalize_text(raw)
    blocks = _merge_fragments(_scan(norm))
    writer = _Writer()
    tables: list[Table] = []
    for block in blocks:
        if isinstance(block, _Line):
            writer.line(block.piece)
        elif isinstance(block, _PipeTable):
            tables.append(writer.table(block.rows(), block.at))
        else:
            tables.extend(_write_html(block, norm, writer))
    text, offsets = writer.result()
    end = len(raw)
    source = [norm_offsets[i] if i < len(norm_offsets) else end for i in offsets]
    return Document(
        path=path,
        media_type=MEDIA_TYPE,
        sha256=sha256,
        text=text,
        tables=tables,
        source_offsets=source,
        encoding=encoding,
    )


# --- blocks ---------------------------------------------------------------------------


@dataclass
class _Line:
    """A text line after markup removal; `kind` is text, blank, or page (number)."""

    piece: Piece
    kind: str = "text"


@dataclass
class _Cell:
    text: str
    offsets: list[int]


@dataclass
class _Copy:
    """A grid position covered by a rowspan/colspan of the cell at `origin`."""

    origin: tuple[int, int]


# One grid position to write: a cell, a covered position, or nothing.
_Slot = _Cell | _Copy | None


@dataclass
class _PipeTable:
    """One or more pipe-table fragments that form one table."""

    fragments: list[list[list[_Cell]]]
    at: int  # offset of the first row in the normalised input

    @property
    def width(self) -> int:
        return _modal_width(self.fragments[-1])

    def rows(self) -> list[list[_Slot]]:
        return [list(row) for frag in self.fragments for row in frag]


@dataclass
class _HtmlBlock:
    start: int
    end: int


@dataclass
class _Scan:
    """Lines of the normalised text and the blocks found so far."""

    text: str
    lines: list[tuple[int, str]]
    blocks: list[_Line | _PipeTable | _HtmlBlock] = field(default_factory=list)


def _lines(text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def _scan(text: str) -> list[_Line | _PipeTable | _HtmlBlock]:
    """Split the text into text lines, pipe-table fragments and HTML tables."""
    scan = _Scan(text=text, lines=_lines(text))
    i = 0
    fence: str | None = None
    while i < len(scan.lines):
        start, line = scan.lines[i]
        if fence is not None or _FENCE.match(line):
            fence = _fence_step(fence, line, start, scan)
            i += 1
        elif "<table" in line.lower():
            i = _scan_html(i, scan)
        elif _starts_pipe_table(scan.lines, i):
            i = _scan_pipe_run(i, scan)
        else:
            scan.blocks.append(_text_line(start, line))
            i += 1
    return scan.blocks


def _fence_step(fence: str | None, line: str, start: int, scan: _Scan) -> str | None:
    """Code fences: the fence lines are dropped, their content is kept verbatim."""
    m = _FENCE.match(line)
    if fence is None and m:
        return m.group(1)[0] * 3
    if fence is not None and line.strip().startswith(fence):
        return None
    scan.blocks.append(_Line((line, list(range(start, start + len(line))))))
    return fence


def _text_line(start: int, line: str) -> _Line:
    if not line.strip():
        return _Line(("", []), "blank")
    if _PAGE_NUMBER.match(line):
        return _Line(_inline(line.strip(), start + len(line) - len(line.lstrip())), "page")
    if _FOOTER.match(line) or _RULE.match(line):
        return _Line(("", []), "footer")
    m = _HEADING.match(line)
    if m:
        return _Line(_inline(m.group(2), start + m.start(2)))
    b = _BULLET.match(line)
    if b:
        return _Line(_inline(line[b.end() :], start + b.end()))
    body = line.rstrip()
    return _Line(_inline(body, start))


# --- inline markup -----------------------------------------------------------------------


def _inline(s: str, base: int) -> Piece:
    """Remove emphasis, links, tags and escapes; keep each character's source offset."""
    out: list[str] = []
    offs: list[int] = []
    pos = 0
    for m in _INLINE.finditer(s):
        out.append(s[pos : m.start()])
        offs.extend(range(base + pos, base + m.start()))
        keep = next((g for g in ("alt", "link", "esc") if m.group(g) is not None), None)
        if keep:
            out.append(m.group(keep))
            offs.extend(range(base + m.start(keep), base + m.end(keep)))
        elif m.group("br"):
            out.append(" ")
            offs.append(base + m.start())
        pos = m.end()
    out.append(s[pos:])
    offs.extend(range(base + pos, base + len(s)))
    return "".join(out), offs


def _strip_piece(piece: Piece) -> Piece:
    text, offs = piece
    text = text.replace("\t", " ")
    lead = len(text) - len(text.lstrip())
    stripped = text.strip()
    return stripped, offs[lead : lead + len(stripped)]


# --- pipe tables ---------------------------------------------------------------------------


def _pipe_positions(line: str) -> list[int]:
    """Indexes of unescaped `|` characters."""
    out: list[int] = []
    escaped = False
    for i, ch in enumerate(line):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "|":
            out.append(i)
    return out


def _is_delimiter(line: str) -> bool:
    return "|" in line and "-" in line and bool(_DELIMITER.match(line))


def _is_pipe_row(line: str) -> bool:
    return bool(line.strip()) and bool(_pipe_positions(line)) and "<table" not in line.lower()


def _starts_pipe_table(lines: list[tuple[int, str]], i: int) -> bool:
    """A header row followed by a delimiter, or two rows that both start with `|`."""
    line = lines[i][1]
    if not _is_pipe_row(line):
        return False
    nxt = lines[i + 1][1] if i + 1 < len(lines) else ""
    if _is_delimiter(line) or _is_delimiter(nxt):
        return True
    return line.lstrip().startswith("|") and nxt.lstrip().startswith("|") and _is_pipe_row(nxt)


def _split_row(line: str, start: int) -> list[_Cell]:
    """Cells of one pipe row; leading and trailing pipes are optional."""
    bounds = [-1, *_pipe_positions(line), len(line)]
    segments = [(bounds[k] + 1, bounds[k + 1]) for k in range(len(bounds) - 1)]
    body = line.rstrip()
    if line.lstrip().startswith("|"):
        segments = segments[1:]
    if segments and body.endswith("|") and bounds[-2] == len(body) - 1:
        segments = segments[:-1]
    cells: list[_Cell] = []
    for a, b in segments:
        text, offs = _strip_piece(_inline(line[a:b], start + a))
        cells.append(_Cell(text, offs))
    return cells


def _scan_pipe_run(i: int, scan: _Scan) -> int:
    """Collect consecutive pipe lines from line `i` into one fragment."""
    rows: list[list[_Cell]] = []
    at = scan.lines[i][0]
    while i < len(scan.lines) and _is_pipe_row(scan.lines[i][1]):
        start, line = scan.lines[i]
        row = [] if _is_delimiter(line) else _split_row(line, start)
        if row:  # a lone "|" has no cell
            rows.append(row)
        i += 1
    if rows:
        scan.blocks.append(_PipeTable([rows], at))
    return i


def _modal_width(rows: list[list[_Cell]]) -> int:
    return Counter(len(r) for r in rows).most_common(1)[0][0] if rows else 0


def _row_texts(row: list[_Cell]) -> list[str]:
    return [c.text for c in row]


def _is_repeated_header(first: list[_Cell], row: list[_Cell]) -> bool:
    """Same cells as the table's first row, and not a row of figures (data repeats)."""
    texts = _row_texts(row)
    return texts == _row_texts(first) and any(t and not _NUMERIC.match(t) for t in texts)


def _merge_fragments(
    blocks: list[_Line | _PipeTable | _HtmlBlock],
) -> list[_Line | _PipeTable | _HtmlBlock]:
    """Join pipe fragments separated only by blank / footer lines into one table."""
    out: list[_Line | _PipeTable | _HtmlBlock] = []
    gap: list[_Line] = []
    last: _PipeTable | None = None
    for block in blocks:
        if isinstance(block, _Line):
            if block.kind == "footer":
                continue
            gap.append(block)
            if block.kind == "text":
                last = None
            continue
        if isinstance(block, _PipeTable) and last is not None and _continues(last, block):
            rows = block.fragments[0]
            if rows and _is_repeated_header(last.fragments[0][0], rows[0]):
                rows = rows[1:]
            last.fragments.append(rows)
            gap = []
            continue
        out.extend(gap)
        gap = []
        out.append(block)
        last = block if isinstance(block, _PipeTable) else None
    out.extend(gap)
    return out


def _continues(table: _PipeTable, fragment: _PipeTable) -> bool:
    return _modal_width(fragment.fragments[0]) == table.width


# --- HTML tables ---------------------------------------------------------------------------


def _scan_html(i: int, scan: _Scan) -> int:
    """An HTML table starting on line `i`, up to its matching `</table>`."""
    start, line = scan.lines[i]
    begin = start + line.lower().index("<table")
    end = _matching_table_end(scan.text, begin)
    if end is None:
        scan.blocks.append(_text_line(start, line))
        return i + 1
    if line[: begin - start].strip():
        scan.blocks.append(_text_line(start, line[: begin - start]))
    scan.blocks.append(_HtmlBlock(begin, end))
    j = i
    while j + 1 < len(scan.lines) and scan.lines[j + 1][0] <= end:
        j += 1
    line_start, last_line = scan.lines[j]
    rest = last_line[end - line_start :]
    if rest.strip():
        scan.blocks.append(_text_line(end, rest))
    return j + 1


def _matching_table_end(text: str, begin: int) -> int | None:
    depth = 0
    for m in _TABLE_TAG.finditer(text, begin):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return m.end()
    return None


@dataclass
class _HtmlGrid:
    """Expanded grid of one HTML table: slots → origin (row, col) and origin texts."""

    slots: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    texts: dict[tuple[int, int], str] = field(default_factory=dict)
    nested: list[object] = field(default_factory=list)
    height: int = 0
    width: int = 0


def _span_attr(el: object, name: str) -> int:
    try:
        value = int(str(el.get(name, "1")).strip() or "1")  # type: ignore[attr-defined]
    except ValueError:
        return 1
    return max(1, min(_MAX_SPAN, value))


def _html_cell_text(td: object, grid: _HtmlGrid) -> str:
    """Text of a cell without its nested tables (those become tables of their own)."""
    parts: list[str] = []

    def walk(el: object) -> None:
        parts.append(el.text or "")  # type: ignore[attr-defined]
        for child in el:  # type: ignore[attr-defined]
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag.lower() == "table":
                grid.nested.append(child)
            elif tag.lower() == "br":
                parts.append(" ")
            else:
                walk(child)
            parts.append(child.tail or "")

    walk(td)
    return " ".join("".join(parts).split())


def _html_grid(table: object) -> _HtmlGrid:
    grid = _HtmlGrid()
    rows = table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")  # type: ignore[attr-defined]
    grid.height = len(rows)
    for r, tr in enumerate(rows):
        c = 0
        for td in tr.xpath("./td|./th"):
            while (r, c) in grid.slots:
                c += 1
            rowspan = min(_span_attr(td, "rowspan"), len(rows) - r)
            colspan = _span_attr(td, "colspan")
            grid.texts[(r, c)] = _html_cell_text(td, grid)
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid.slots.setdefault((r + dr, c + dc), (r, c))
            c += colspan
    grid.width = max((c + 1 for _, c in grid.slots), default=0)
    return grid


def _locate(text: str, source: str, cursor: int, base: int) -> tuple[list[int], int]:
    """Offsets of a cell's text in the HTML source, found in reading order."""
    found = source.find(text, cursor) if text else -1
    if found < 0:
        return [base + cursor] * len(text), cursor
    return list(range(base + found, base + found + len(text))), found + len(text)


def _write_html(block: _HtmlBlock, norm: str, writer: _Writer) -> list[Table]:
    """Write one HTML table and, after it, the tables nested in its cells."""
    import lxml.html
    from lxml import etree

    source = norm[block.start : block.end]
    try:
        root = lxml.html.fragment_fromstring(source, create_parent="div")
    except (etree.ParserError, ValueError):
        writer.line((source, list(range(block.start, block.end))))
        return []
    elements = list(root.iter("table"))
    # n-th <table> element ↔ n-th <table> tag: where to start looking for its cell texts
    tag_starts = [m.start() for m in _TABLE_TAG.finditer(source) if not m.group(1)]
    queue = elements[:1]
    tables: list[Table] = []
    while queue:
        element = queue.pop(0)
        index = elements.index(element)
        cursor = tag_starts[index] if index < len(tag_starts) else 0
        grid = _html_grid(element)
        if grid.width:
            rows = _html_rows(grid, source, cursor, block.start)
            tables.append(writer.table(rows, block.start))
        queue.extend(grid.nested)
    return tables


def _html_rows(grid: _HtmlGrid, source: str, cursor: int, base: int) -> list[list[_Slot]]:
    """Rows to write: origin cells located in the source, covered positions as copies."""
    rows: list[list[_Slot]] = []
    for r in range(grid.height):
        row: list[_Slot] = []
        for c in range(grid.width):
            origin = grid.slots.get((r, c))
            if origin == (r, c):
                offs, cursor = _locate(grid.texts[origin], source, cursor, base)
                row.append(_Cell(grid.texts[origin], offs))
            else:
                row.append(None if origin is None else _Copy(origin))
        rows.append(row)
    return rows


# --- text assembly ----------------------------------------------------------------------


class _Writer:
    """Accumulates the output text with a source offset for every character."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._offsets: list[int] = []
        self._pos = 0
        self._content_end = 0  # end of the last character that is not a newline
        self._last_line: tuple[int, str] | None = None
        self._ends_blank = True

    def _append(self, s: str, offsets: list[int]) -> None:
        self._parts.append(s)
        self._offsets.extend(offsets)
        self._pos += len(s)
        if s.strip("\n"):
            self._content_end = self._pos

    def _newline(self) -> None:
        at = self._offsets[-1] + 1 if self._offsets else 0
        self._append("\n", [at])

    def blank(self) -> None:
        if not self._ends_blank:
            self._newline()
            self._ends_blank = True

    def line(self, piece: Piece) -> None:
        text, offs = piece
        text = text.rstrip()
        if not text.strip():
            self.blank()
            return
        self._last_line = (self._pos, text)
        self._append(text, offs[: len(text)])
        self._newline()
        self._ends_blank = False

    def _title(self) -> tuple[str | None, int | None]:
        if self._last_line is None:
            return None, None
        start, line = self._last_line
        if len(line.strip()) <= 60 and _TITLE.search(line):
            return line.strip(), start + len(line) - len(line.lstrip())
        return None, None

    def table(self, rows: list[list[_Slot]], at: int) -> Table:
        """Write rows (None = empty position, `_Copy` = covered) and return the Table."""
        title, title_start = self._title()
        self.blank()
        start = self._pos
        spans: dict[tuple[int, int], tuple[str, Span | None]] = {}
        grid = [self._row(r, row, at, spans) for r, row in enumerate(rows)]
        end = max(start, self._content_end)
        self.blank()
        self._last_line = None
        return Table(rows=grid, span=(title_start if title else start, end), title=title)

    def _row(
        self,
        r: int,
        row: list[_Slot],
        at: int,
        spans: dict[tuple[int, int], tuple[str, Span | None]],
    ) -> list[GridCell]:
        cells: list[GridCell] = []
        for c, cell in enumerate(row):
            if c:
                self._append("\t", [self._offsets[-1] + 1 if self._offsets else at])
            if isinstance(cell, _Copy):
                text, span = spans[cell.origin]
                cells.append(GridCell(text=text, span=span, copy_of=cell.origin))
            elif cell is None or not cell.text:
                cells.append(GridCell(text=""))
                spans[(r, c)] = ("", None)
            else:
                span = (self._pos, self._pos + len(cell.text))
                self._append(cell.text, cell.offsets)
                cells.append(GridCell(text=cell.text, span=span))
                spans[(r, c)] = (cell.text, span)
        self._newline()
        self._ends_blank = False
        return cells

    def result(self) -> tuple[str, list[int]]:
        text = "".join(self._parts)
        keep = len(text.rstrip("\n"))
        return text[:keep], self._offsets[:keep]
