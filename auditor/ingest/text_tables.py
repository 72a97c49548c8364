"""Find tables inside plain text: tab- or wide-space-separated lines.

PDF-to-text exports and copied reports keep a table as one line per row with its
cells separated by tabs (or runs of spaces). A table is a run of such lines; blank
lines between rows (page breaks) stay inside the run. Each cell keeps its span in the
document text so that a value can be shown where it was read.
"""

from __future__ import annotations

import re

from auditor.model import GridCell, Span, Table

_CELL_SEP = re.compile(r"\t| {2,}")
_TITLE_WORDS = ("统计表", "情况表", "统计情况", "附表")


def _split_cells(line: str, line_start: int) -> list[GridCell]:
    cells: list[GridCell] = []
    pos = 0
    for m in _CELL_SEP.finditer(line):
        cells.append(_cell(line, pos, m.start(), line_start))
        pos = m.end()
    cells.append(_cell(line, pos, len(line), line_start))
    return cells


def _cell(line: str, start: int, end: int, line_start: int) -> GridCell:
    raw = line[start:end]
    stripped = raw.strip()
    if not stripped:
        return GridCell(text="", span=None)
    lead = len(raw) - len(raw.lstrip())
    s = line_start + start + lead
    return GridCell(text=stripped, span=(s, s + len(stripped)))


def _is_table_line(line: str) -> bool:
    body = line.strip(" ")
    if "\t" in line:
        return bool(body.strip())
    return bool(re.search(r"\S {2,}\S", body))


def find_text_tables(text: str) -> list[Table]:
    """Group consecutive table-like lines of `text` into tables."""
    lines: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1

    tables: list[Table] = []
    i = 0
    while i < len(lines):
        start, line = lines[i]
        if not _is_table_line(line):
            i += 1
            continue
        rows: list[list[GridCell]] = []
        j = i
        last_table_line = i
        while j < len(lines):
            s, ln = lines[j]
            if _is_table_line(ln):
                cells = _split_cells(ln, s)
                if any(c.text for c in cells):
                    rows.append(cells)
                last_table_line = j
                j += 1
            elif not ln.strip():
                j += 1
            else:
                break
        if len(rows) >= 3:
            span_start = start
            title = None
            k = i - 1
            while k >= 0 and not lines[k][1].strip():
                k -= 1
            if k >= 0 and any(w in lines[k][1] for w in _TITLE_WORDS) and len(lines[k][1]) < 80:
                title = lines[k][1].strip()
                span_start = lines[k][0]
            end_pos, end_line = lines[last_table_line]
            span: Span = (span_start, end_pos + len(end_line))
            tables.append(Table(rows=rows, span=span, title=title))
        i = max(j, i + 1)
    return tables
