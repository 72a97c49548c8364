"""Tables as grids with merged cells, laid out like the official forms.

One `Grid` per printed table, built from a report's cells, is what every writer
renders, so HTML, DOCX, Markdown and text show the same cells in the same places; only
how merged cells are spelled differs (rowspan/colspan, cell.merge, repeated or blank
labels).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from auditor.synth import forms
from auditor.synth.model import CellValue, SynthReport
from auditor.synth.narrative import fmt_number
from auditor.synth.phrases import TABLE_SECTIONS


@dataclass(frozen=True)
class FormCell:
    """A cell at its top-left grid position; spans say how far it is merged."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    indicator: str | None = None
    header: bool = False


@dataclass
class Grid:
    """A printed table: size, origin cells, how many rows are header rows, where it goes.

    `section` is the section after whose body the table is printed (None = after the
    narrative, under `caption`).
    """

    key: str
    n_rows: int
    n_cols: int
    cells: list[FormCell] = field(default_factory=list)
    header_rows: int = 1
    caption: str | None = None
    section: str | None = None

    def rows(self) -> list[list[FormCell]]:
        """Origin cells per grid row, left to right."""
        out: list[list[FormCell]] = [[] for _ in range(self.n_rows)]
        for c in self.cells:
            out[c.row].append(c)
        for r in out:
            r.sort(key=lambda c: c.col)
        return out

    def matrix(self, repeat: bool) -> list[list[str]]:
        """Full rectangle of texts; a merged cell's other positions repeat it or are blank."""
        m = [[""] * self.n_cols for _ in range(self.n_rows)]
        for c in self.cells:
            for r in range(c.row, c.row + c.rowspan):
                for k in range(c.col, c.col + c.colspan):
                    m[r][k] = c.text if repeat or (r, k) == (c.row, c.col) else ""
        return m

    def indicator_at(self) -> dict[str, tuple[int, int]]:
        """Grid position of every value cell, by indicator id."""
        return {c.indicator: (c.row, c.col) for c in self.cells if c.indicator}


def cell_text(value: CellValue) -> str:
    return "" if value is None else fmt_number(value)


class _Builder:
    def __init__(self, key: str, n_cols: int) -> None:
        self.grid = Grid(key, 0, n_cols)

    def row(self) -> int:
        self.grid.n_rows += 1
        return self.grid.n_rows - 1

    def put(self, text: str, row: int, col: int, rs: int = 1, cs: int = 1, **kw) -> None:
        self.grid.cells.append(FormCell(text, row, col, rs, cs, **kw))


def _long(report: SynthReport) -> Grid:
    """gov2014 统计表 or the Fujian form: one row per indicator."""
    legacy = report.template == "legacy"
    header = (
        tuple(h.format(year=report.year) for h in forms.LEGACY_HEADER)
        if legacy
        else forms.GOV2014_HEADER
    )
    rows = forms.legacy_rows(report.year) if legacy else forms.GOV2014_ROWS
    b = _Builder("stats", len(header))
    r = b.row()
    for k, h in enumerate(header):
        b.put(h, r, k, header=True)
    for row in rows:
        if row.id is not None and row.id not in report.cells:
            continue
        r = b.row()
        b.put(row.label, r, 0)
        b.put(row.unit, r, 1)
        if row.id is None:
            for k in range(2, len(header)):
                b.put("", r, k)
            continue
        b.put(cell_text(report.cells[row.id]), r, 2, indicator=row.id)
        if legacy:
            cum = row.id + forms.CUMULATIVE
            b.put(cell_text(report.cells[cum]), r, 3, indicator=cum)
    caption = (
        f"{report.agency}政府信息公开情况统计表"
        if legacy
        else f"{report.agency}{report.year}年政府信息公开情况统计表"
    )
    b.grid.caption = caption
    return b.grid


def _spans(k: int, width: int) -> list[int]:
    """Split `width` value columns over `k` heads: the last head takes the rest."""
    return [1] * (k - 1) + [width - (k - 1)]


def _t2(report: SynthReport) -> Grid:
    b = _Builder("t2", 4)
    for block in forms.t2_blocks(report.template):
        r = b.row()
        b.put(block.item, r, 0, cs=4, header=True)
        r = b.row()
        b.put("信息内容", r, 0, header=True)
        col = 1
        for head, span in zip(block.columns, _spans(len(block.columns), 3), strict=True):
            b.put(head, r, col, cs=span, header=True)
            col += span
        for label, ids in block.rows:
            r = b.row()
            b.put(label, r, 0)
            col = 1
            for cid, span in zip(ids, _spans(len(ids), 3), strict=True):
                b.put(cell_text(report.cells[cid]), r, col, cs=span, indicator=cid)
                col += span
    b.grid.header_rows = 2
    return b.grid


def _t3(report: SynthReport) -> Grid:
    t = report.template
    b = _Builder("t3", 10)
    r0, r1, r2 = b.row(), b.row(), b.row()
    b.put(forms.T3_NOTE, r0, 0, rs=3, cs=3, header=True)
    b.put("申请人情况", r0, 3, cs=7, header=True)
    b.put("自然人", r1, 3, rs=2, header=True)
    b.put("法人或其他组织", r1, 4, cs=5, header=True)
    b.put("总计", r1, 9, rs=2, header=True)
    for k, (_, label) in enumerate(forms.T3_COLUMNS[1:6]):
        b.put(label, r2, 4 + k, header=True)
    rows = forms.t3_rows(t)
    outcome_rows = [x for x in rows if x.outcome]
    group_sizes: dict[str, int] = {}
    for x in outcome_rows:
        if x.group:
            group_sizes[x.group] = group_sizes.get(x.group, 0) + 1
    seen_groups: set[str] = set()
    first_outcome = True
    for x in rows:
        r = b.row()
        if not x.outcome:
            b.put(x.label, r, 0, cs=3)
        else:
            if first_outcome:
                b.put(forms.T3_OUTCOMES_LABEL, r, 0, rs=len(outcome_rows))
                first_outcome = False
            if x.group is None:
                b.put(x.label, r, 1, cs=2)
            else:
                if x.group not in seen_groups:
                    b.put(x.group, r, 1, rs=group_sizes[x.group])
                    seen_groups.add(x.group)
                b.put(x.label, r, 2)
        for k, (col, _) in enumerate(forms.T3_COLUMNS):
            cid = forms.t3_id(t, x.key, col)
            b.put(cell_text(report.cells[cid]), r, 3 + k, indicator=cid)
    b.grid.header_rows = 3
    return b.grid


def _t4(report: SynthReport) -> Grid:
    t = report.template
    b = _Builder("t4", 15)
    r0, r1, r2, r3 = b.row(), b.row(), b.row(), b.row()
    b.put("行政复议", r0, 0, cs=5, header=True)
    b.put("行政诉讼", r0, 5, cs=10, header=True)
    for k, (_, label) in enumerate(forms.T4_RESULTS):
        b.put(label, r1, k, rs=2, header=True)
    for k, (_, label) in enumerate(forms.T4_BLOCKS[1:]):
        b.put(label or "", r1, 5 + 5 * k, cs=5, header=True)
        for j, (_, res) in enumerate(forms.T4_RESULTS):
            b.put(res, r2, 5 + 5 * k + j, header=True)
    col = 0
    for block, _ in forms.T4_BLOCKS:
        for res, _ in forms.T4_RESULTS:
            cid = forms.t4_id(t, block, res)
            b.put(cell_text(report.cells[cid]), r3, col, indicator=cid)
            col += 1
    b.grid.header_rows = 3
    return b.grid


def build_grids(report: SynthReport) -> list[Grid]:
    """The report's tables in print order, each with its placement."""
    if report.template in ("gov2014", "legacy"):
        return [_long(report)]
    grids = [_t2(report), _t3(report), _t4(report)]
    present = {sid for sid, _, _ in report.sections}
    for g in grids:
        section = TABLE_SECTIONS[g.key]
        g.section = section if section in present else None
    return grids
