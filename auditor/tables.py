"""Grid cells → canonical indicator ids, using the template's labels and blocks.

Labels are matched by meaning, not by exact string (FORMATS.md: provinces reword
rows): numbering, "其中：" and parenthetical counting notes are stripped, then the
label is compared with the indicator's label and aliases inside the current block.
Blocks matter because several labels repeat ("被依法纠错数" in both 行政复议 and
行政诉讼). A wrapped label ("…公共安全、经济" / "安全和社会稳定") is re-joined before
matching. Rows that match nothing are reported, never forced onto an indicator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from auditor.cn_numbers import cn_to_int
from auditor.ingest.normalize import to_halfwidth
from auditor.model import CellValue, Document, GridCell, Span, Table
from auditor.templates import Indicator, Template
from auditor.values import parse_cell

_BLOCK_PREFIX = re.compile(r"^\s*([一二三四五六七八九十]{1,3})\s*[、.．]")
_NUMBERING = re.compile(
    r"^\s*(?:其中\s*[:：]?\s*)?(?:[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]|[一二三四五六七八九十]{1,3}\s*[、.．]|\d{1,2}\s*[.．、](?!\d))\s*"
)
_PAREN = re.compile(r"[（(][^（）()]*[)）]")
_PUNCT = re.compile(r"[\s:：,，、.．;；\"“”'‘’《》<>]")


def cn_number(s: str) -> int | None:
    """Value of a small Chinese numeral (一 … 九十九), as in headings."""
    return cn_to_int(s)


def label_core(label: str) -> str:
    """The meaning-bearing part of a row label, for comparison."""
    s = to_halfwidth(label)
    prev = None
    while prev != s:
        prev = s
        s = _NUMBERING.sub("", s)
    s = re.sub(r"^其中\s*[:：]?", "", s)
    s = _PAREN.sub("", s)
    return _PUNCT.sub("", s)


def starts_numbered(label: str) -> bool:
    return bool(_NUMBERING.match(to_halfwidth(label))) or label.strip().startswith("其中")


def label_similarity(a: str, b: str, anywhere: bool = True) -> float:
    """How alike two label cores are: 1 if equal; 0.8–1 if one holds the other
    (`anywhere`) or, with anywhere=False, begins with it (a label cut short or running
    on); else difflib's character ratio.

    Matching a printed row against the form's own labels needs the stricter prefix rule:
    the tail of a wrapped label on its own line ("这一情形，不计其他情形）") contains the
    short label 其他 but is not that row."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    short, long_ = sorted((a, b), key=len)
    if short in long_ if anywhere else long_.startswith(short):
        return 0.8 + 0.2 * len(short) / len(long_)
    return SequenceMatcher(None, a, b).ratio()


@dataclass
class Row:
    label: str
    label_spans: list[Span]
    unit: str | None
    value_cell: GridCell | None
    cells: list[GridCell]

    @property
    def is_data(self) -> bool:
        return self.unit is not None or self.value_cell is not None


@dataclass
class TableExtraction:
    cells: list[CellValue] = field(default_factory=list)
    unmapped: list[tuple[str, Span | None]] = field(default_factory=list)
    table: Table | None = None
    duplicates: list[str] = field(default_factory=list)
    # local rows/columns outside the template (label, raw text, span): shown, not checked
    extras: list[tuple[str, str, Span | None]] = field(default_factory=list)
    form: str | None = None  # the local form read, for legacy templates
    # cells whose text ran together and could not be split without guessing
    unreadable: list[str] = field(default_factory=list)
    # spans of tables read from running text (excluded from the narrative)
    regions: list[Span] = field(default_factory=list)


def _is_header(row_cells: list[GridCell], header_words: list[str]) -> bool:
    joined = "".join(c.text for c in row_cells).replace(" ", "")
    return bool(header_words) and all(w in joined for w in header_words)


def _rows_of(table: Table, units: list[str], header_words: list[str]) -> list[Row]:
    """Turn grid rows into label/unit/value rows, re-joining wrapped labels."""
    rows: list[Row] = []
    unit_set = set(units)
    for cells in table.rows:
        if _is_header(cells, header_words):
            continue
        filled = [c for c in cells if c.text]
        if not filled:
            continue
        label_cell = filled[0]
        unit = None
        value_cell = None
        rest = cells[cells.index(label_cell) + 1 :]
        for c in rest:
            t = c.text.replace(" ", "")
            if c.copy_of is not None and c.copy_of[0] != table.rows.index(cells):
                continue  # a header cell merged down into this row is not its value
            if unit is None and t in unit_set:
                unit = t
            elif t:
                value_cell = c
        if unit is not None and value_cell is None:
            # A present unit with a blank value cell: the row exists, its value is EMPTY.
            value_cell = GridCell(text="", span=None)
        row = Row(
            label_cell.text, [label_cell.span] if label_cell.span else [], unit, value_cell, cells
        )
        if (
            not row.is_data
            and rows
            and rows[-1].is_data
            and not starts_numbered(row.label)
            and not _BLOCK_PREFIX.match(row.label)
        ):
            prev = rows[-1]
            prev.label += row.label
            prev.label_spans.extend(row.label_spans)
            continue
        rows.append(row)
    return rows


def _best_indicator(core: str, candidates: list[Indicator]) -> tuple[Indicator | None, float]:
    best: Indicator | None = None
    best_score = 0.0
    for ind in candidates:
        names = [label_core(ind.label), *(label_core(a) for a in ind.aliases)]
        score = max(label_similarity(core, n) for n in names)
        if score > best_score:
            best, best_score = ind, score
    return best, best_score


def _map_long_table(table: Table, template: Template) -> TableExtraction:
    units = template.table.get("units", [])
    header_words = template.table.get("header_words", [])
    rows = _rows_of(table, units, header_words)
    block_numbers = {b["number"] for b in template.blocks}
    block_labels = {label_core(b["label"]): b["number"] for b in template.blocks}
    cell_inds = template.cell_indicators()
    result = TableExtraction(table=table)
    assigned: dict[str, CellValue] = {}
    current_block: int | None = None
    for row in rows:
        m = _BLOCK_PREFIX.match(to_halfwidth(row.label))
        core = label_core(row.label)
        if m and cn_number(m.group(1)) in block_numbers:
            current_block = cn_number(m.group(1))
        elif core in block_labels:
            current_block = block_labels[core]
        if not row.is_data:
            continue
        pool = [i for i in cell_inds if current_block is None or i.block == str(current_block)]
        free = [i for i in pool if i.id not in assigned]
        ind, score = _best_indicator(core, free)
        if ind is None or score < 0.6:
            taken, taken_score = _best_indicator(core, pool)
            if taken is not None and taken_score >= 0.85:
                result.duplicates.append(taken.id)
            span = row.label_spans[0] if row.label_spans else None
            result.unmapped.append((row.label, span))
            continue
        vc = row.value_cell
        raw = vc.text if vc else ""
        value, suffix_unit, semantic = parse_cell(raw)
        cell = CellValue(
            id=ind.id,
            label=row.label,
            raw=raw,
            value=value,
            unit=row.unit or suffix_unit or ind.unit or None,
            semantic=semantic,
            span=vc.span if vc else None,
        )
        assigned[ind.id] = cell
    # keep template order for a stable output
    order = {iid: n for n, iid in enumerate(template.indicators)}
    result.cells = sorted(assigned.values(), key=lambda c: order[c.id])
    return result


def _header_value_columns(
    table: Table, header_words: list[str], value_columns: list[dict]
) -> list[int | None]:
    """Grid column of each value column (annual, cumulative …), from the header row."""
    for cells in table.rows[:6]:
        if not _is_header(cells, header_words):
            continue
        found: list[int | None] = []
        for vc in value_columns:
            idx = None
            for j, c in enumerate(cells):
                t = to_halfwidth(c.text).replace(" ", "")
                if t and any(re.search(p, t) for p in vc["patterns"]) and j not in found:
                    idx = j
                    break
            found.append(idx)
        return found
    return [None] * len(value_columns)


def _form_score(table: Table, form: dict) -> float:
    text = "".join(c.text for r in table.rows for c in r).replace(" ", "")
    score = sum(1 for w in form["detect"] if w in text)
    # a header naming the form's own value columns is the strongest sign
    first_col = form["value_columns"][-1]["patterns"][0]
    return score + (2 if first_col in text else 0)


def _map_form_table(table: Table, template: Template, form: dict) -> TableExtraction:
    """A local long form (label | unit | value columns), e.g. Fujian's 年度/历年累计."""
    units = template.table.get("units", [])
    header_words = template.table.get("header_words", [])
    value_columns = form["value_columns"]
    col_idx = _header_value_columns(table, header_words, value_columns)
    rows = _rows_of(table, units, header_words)
    pool = [i for i in template.cell_indicators() if form["id"] in i.block.split("|")]
    result = TableExtraction(table=table)
    assigned: dict[str, CellValue] = {}
    matched: set[str] = set()
    for row in rows:
        if not row.is_data:
            continue
        core = label_core(row.label)
        free = [i for i in pool if i.id not in matched]
        ind, score = _best_indicator(core, free)
        span = row.label_spans[0] if row.label_spans else None
        if ind is None or score < 0.6:
            result.unmapped.append((row.label, span))
            continue
        matched.add(ind.id)
        values = _form_values(row, col_idx, len(value_columns))
        if values is None:
            result.unmapped.append((f"{row.label}（数值列无法确定）", span))
            continue
        for vc, cell in zip(value_columns, values, strict=True):
            cid = ind.id + vc["suffix"]
            value, suffix_unit, semantic = parse_cell(cell.text)
            assigned[cid] = CellValue(
                id=cid,
                label=row.label,
                raw=cell.text,
                value=value,
                unit=row.unit or suffix_unit or ind.unit or None,
                semantic=semantic,
                span=cell.span,
            )
    order = {iid: n for n, iid in enumerate(template.indicators)}
    result.cells = sorted(assigned.values(), key=lambda c: (order.get(c.id.split("@")[0], 0), c.id))
    return result


def _form_values(row: Row, col_idx: list[int | None], n: int) -> list[GridCell] | None:
    """The row's cell for each value column, or None when they cannot be told apart."""
    if all(i is not None for i in col_idx):
        return [
            row.cells[i] if i is not None and i < len(row.cells) else GridCell("") for i in col_idx
        ]
    # No readable header: the cells after the unit, in order, if there are exactly n.
    start = next(
        (
            j + 1
            for j, c in enumerate(row.cells)
            if row.unit and c.text.replace(" ", "") == row.unit
        ),
        1,
    )
    trailing = [c for c in row.cells[start:] if c.text]
    if not trailing:
        return [GridCell("") for _ in range(n)]
    if len(trailing) == n:
        return trailing
    return None  # e.g. one value under two columns (a blank cell was dropped): never guess


def extract_cells(doc: Document, template: Template) -> TableExtraction:
    """Map the document's statistics table(s) onto the template's indicators.

    The table that maps the most rows wins; others are left to the narrative.
    """
    layout = template.table.get("layout")
    if layout == "grid":
        from auditor.flat import read_flat_grids
        from auditor.grids import map_grids

        ext = map_grids(doc.tables, template, doc.text) if doc.tables else TableExtraction()
        expected = {i.id for i in template.cell_indicators()}
        if len({c.id for c in ext.cells} & expected) < len(expected):
            # cells without boundaries (crawler text, rows left as plain lines by a
            # converter): read them by their row labels, never over a grid cell
            flat = read_flat_grids(doc.text, template)
            have = {c.id for c in ext.cells}
            ext.cells += [c for c in flat.cells if c.id not in have]
            ext.unreadable = [i for i in flat.unreadable if i not in have]
            if not have:
                ext.regions = flat.regions
        return ext
    if layout == "forms":
        best = TableExtraction()
        for table in doc.tables:
            scored = sorted(template.forms, key=lambda f: _form_score(table, f), reverse=True)
            form = scored[0]
            if _form_score(table, form) < form.get("min_detect", 2):
                continue
            ext = _map_form_table(table, template, form)
            ext.form = form["id"]
            if len(ext.cells) > len(best.cells):
                best = ext
        if not best.cells:
            from auditor.flat import read_flat_form

            flat = read_flat_form(doc.text, template)
            best.cells, best.unreadable, best.form = flat.cells, flat.unreadable, flat.form
            best.regions = [flat.region] if flat.region else []
        return best
    if layout != "long" or not doc.tables:
        return TableExtraction()
    best = TableExtraction()
    for table in doc.tables:
        ext = _map_long_table(table, template)
        if len(ext.cells) > len(best.cells):
            best = ext
    return best
