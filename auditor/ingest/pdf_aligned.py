"""Tables printed without rules, found by text alignment (the fallback).

Some reports draw their statistics table without any rule (or the rules are lost in a
scan); pdfplumber's finder then sees nothing. Such a table is still visible as lines
whose words are separated by wide gaps into segments that line up in columns. A run of
at least three such lines becomes a table: the columns are the x-ranges covered by the
segments (a gap every line leaves open separates two columns), each line a row. A
line with a single segment inside the first column continues the label of the row
above (a wrapped label stays one row).
"""

from __future__ import annotations

from auditor.ingest.pdf_grid import Box, PageTable, Row, join_cell_lines
from auditor.ingest.pdf_layout import Body, Line, Word, join_words

_GAP_EM = 1.5  # a gap this wide (in ems) separates two cells
_MIN_ROWS = 3


def segments(line: Line, em: float) -> list[list[Word]]:
    """The line's words split at wide gaps."""
    out: list[list[Word]] = []
    for w in line.words:
        if out and w.x0 - out[-1][-1].x1 < _GAP_EM * em:
            out[-1].append(w)
        else:
            out.append([w])
    return out


def _columns(rows: list[list[list[Word]]]) -> list[tuple[float, float]]:
    """x-ranges covered by segments, merged where they overlap."""
    spans = sorted((s[0].x0, s[-1].x1) for row in rows for s in row)
    merged: list[list[float]] = []
    for x0, x1 in spans:
        if merged and x0 <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    return [(a, b) for a, b in merged]


def _distance(span: tuple[float, float], x: float) -> float:
    """0 inside the x-range, else the distance to its nearer end."""
    return 0.0 if span[0] <= x <= span[1] else min(abs(x - span[0]), abs(x - span[1]))


def _column_of(cols: list[tuple[float, float]], seg: list[Word]) -> int:
    xc = (seg[0].x0 + seg[-1].x1) / 2
    return min(range(len(cols)), key=lambda k: _distance(cols[k], xc))


def _build(run: list[Line], em: float) -> PageTable | None:
    rows: list[list[list[Word]]] = []
    row_lines: list[Line] = []
    for ln in run:
        segs = segments(ln, em)
        if len(segs) == 1 and rows:
            rows[-1][0] = rows[-1][0] + segs[0]  # a wrapped label
            continue
        rows.append(segs)
        row_lines.append(ln)
    cols = _columns([r for r in rows if len(r) > 1])
    if len(cols) < 2 or len(rows) < _MIN_ROWS:
        return None
    edges = [cols[0][0]] + [(a[1] + b[0]) / 2 for a, b in zip(cols, cols[1:], strict=False)]
    edges.append(cols[-1][1])
    page = run[0].page
    slots: list[list[Box | None]] = []
    for segs, ln in zip(rows, row_lines, strict=True):
        row: list[Box | None] = [None] * len(cols)
        for seg in segs:
            k = _column_of(cols, seg)
            box = row[k] or Box(page=page, bbox=(edges[k], ln.top, edges[k + 1], ln.bottom))
            box.words.extend(seg)
            box.text = join_cell_lines([box.text, join_words(seg)])
            row[k] = box
        slots.append(row)
    table_rows = [Row(page, ln.top, ln.bottom) for ln in row_lines]
    bbox = (edges[0], run[0].top, edges[-1], run[-1].bottom)
    return PageTable(cols=edges, rows=table_rows, slots=slots, page=page, bbox=bbox)


def find_aligned_tables(lines: list[Line], body: Body) -> tuple[list[PageTable], list[Line]]:
    """Tables made of aligned lines, and the lines that remain narrative."""
    em = body.em or 10.0
    multi = [len(segments(ln, em)) > 1 for ln in lines]
    tables: list[PageTable] = []
    rest: list[Line] = []
    i = 0
    while i < len(lines):
        if not multi[i]:
            rest.append(lines[i])
            i += 1
            continue
        j = i
        while j < len(lines) and (multi[j] or _wrapped_label(lines, multi, j, em)):
            j += 1
        table = _build(lines[i:j], em) if sum(multi[i:j]) >= _MIN_ROWS else None
        if table is None:
            rest.extend(lines[i:j])
        else:
            tables.append(table)
        i = j
    return tables, rest


def _wrapped_label(lines: list[Line], multi: list[bool], j: int, em: float) -> bool:
    """A one-segment line between two aligned lines, inside their first column."""
    if j == 0 or j + 1 >= len(lines) or not multi[j - 1] or not multi[j + 1]:
        return False
    above = segments(lines[j - 1], em)
    starts_with_label = abs(lines[j].x0 - above[0][0].x0) < em
    return starts_with_label and lines[j].x1 < above[1][0].x0
