"""Grid tables of the 2019/2021 formats (表二, 表三, 表四) → indicator cells.

The readers (HTML, DOCX, Markdown, text) deliver rectangular grids with merged cells
expanded. This module finds which grid is which table (by its words), then maps rows
and columns by meaning, using the template's grid specs (templates/data/grid_*.toml):

- rows by their last label cell, inside their row group (（三）不予公开 …): the group
  comes from a merged label cell or, when the source lost the merge, from the rows above;
- columns by their lowest header cell (表三: 自然人 … 总计), and for 表四 by the block
  named anywhere above (行政复议 / 未经复议直接起诉 / 复议后起诉);
- when a header cannot be read but a row has exactly the form's number of value cells,
  the form's canonical column order is used (the official forms fix it).

A value under a merged (copied) position is never read twice; a row or column that
matches nothing is reported, never forced.
"""

from __future__ import annotations

import re

from auditor.model import CellValue, GridCell, Table
from auditor.tables import TableExtraction, label_core
from auditor.templates import GridSpec, Template
from auditor.values import parse_cell

_GROUP_WORDS = ("不予公开", "无法提供", "不予处理", "其他处理")


def _fill_merged(rows: list[list[GridCell]]) -> list[list[GridCell]]:
    """Header rows from sources that print a merged cell once (text, Markdown).

    In the upper header rows an empty cell continues the label on its left (a merge
    across columns: 法人或其他组织 over five columns); in the lowest header row it
    continues the label above it (a merge down: 总计 over two rows).
    """
    out: list[list[GridCell]] = []
    for n, row in enumerate(rows):
        last_row = n == len(rows) - 1 and n > 0
        filled: list[GridCell] = []
        for j, c in enumerate(row):
            if c.text or c.copy_of is not None:
                filled.append(c)
                continue
            src = None
            if last_row:
                src = next(
                    (out[k][j] for k in range(n - 1, -1, -1) if j < len(out[k]) and out[k][j].text),
                    None,
                )
            elif j > 0 and filled[-1].text:
                src = filled[-1]
            filled.append(GridCell(src.text, src.span, copy_of=(0, j)) if src else c)
        out.append(filled)
    return out


def _fit(values: list[GridCell], n: int) -> list[GridCell]:
    """Drop a ragged row's empty tail cells beyond the form's n columns."""
    values = list(values)
    while len(values) > n and not values[-1].text:
        values.pop()
    return values


def _is_value(cell: GridCell) -> bool:
    return parse_cell(cell.text)[2] != "TEXT"


def _matches(patterns: list[str], text: str) -> bool:
    return any(re.search(p, text) for p in patterns)


def _table_text(table: Table) -> str:
    return "".join(c.text for row in table.rows for c in row).replace(" ", "")


def _detect_score(table: Table, spec: GridSpec) -> int:
    text = _table_text(table)
    return sum(1 for w in spec.detect if w in text)


def _label_cells(row: list[GridCell]) -> list[GridCell]:
    """Leading text cells of a row (its label), up to the first value cell."""
    out: list[GridCell] = []
    for c in row:
        if c.text and _is_value(c):
            break
        if c.text:
            out.append(c)
    return out


def _distinct(texts: list[str]) -> list[str]:
    out: list[str] = []
    for t in texts:
        if t and (not out or out[-1] != t):
            out.append(t)
    return out


def _make_cell(ind_id: str, label: str, cell: GridCell, unit: str) -> CellValue:
    value, suffix, semantic = parse_cell(cell.text)
    return CellValue(
        id=ind_id,
        label=label,
        raw=cell.text,
        value=value,
        unit=suffix or unit or None,
        semantic=semantic,
        span=cell.span,
        page=cell.page,
        bbox=cell.bbox,
    )


def _value_at(row: list[GridCell], j: int) -> GridCell | None:
    """The value cell at column j, unless j is only covered by a merge from the left."""
    if j >= len(row):
        return None
    cell = row[j]
    if cell.copy_of is not None and cell.copy_of[1] != j:
        return None
    return cell


class _Mapper:
    def __init__(self, template: Template, result: TableExtraction) -> None:
        self.template = template
        self.result = result
        self.cells: dict[str, CellValue] = {}
        # state carried across fragments of one table (a table split by page breaks or
        # by sub-headings keeps its assigned rows, row group and header)
        self.assigned: dict[str, set[str]] = {}
        self.group: str | None = None
        self.colmaps: dict[str, dict[int, str]] = {}
        self.context = ""
        # rows in document order: (row key, None) for labelled rows, ("?", values) for
        # value rows whose label was lost (pdf2md output detaches labels)
        self.sequence: dict[str, list[tuple[str, list[GridCell] | None]]] = {}

    def place_unlabelled(self, spec: GridSpec) -> None:
        """Give label-less value rows the form rows between their labelled neighbours.

        Only when a gap holds exactly as many such rows as the form has unread rows
        there: the official row order is fixed, so the placement is then unique. The
        cells are marked inferred (their row was not read, it was deduced).
        """
        seq = self.sequence.get(spec.table, [])
        order = [r["key"] for r in spec.rows]
        pos = {k: n for n, k in enumerate(order)}
        read = {k for k, _ in seq if k != "?"}
        gap: list[list[GridCell]] = []
        prev = -1
        for key, values in seq + [("<end>", None)]:
            if key == "?":
                gap.append(values)  # type: ignore[arg-type]
                continue
            nxt = pos.get(key, len(order))
            if gap:
                free = [
                    k for k in order[prev + 1 : nxt] if k not in read and self._row_exists(spec, k)
                ]
                if len(free) == len(gap):
                    for rkey, vals in zip(free, gap, strict=True):
                        for ckey, cell in zip(spec.canonical_cols, vals, strict=True):
                            self.put(
                                spec.table,
                                rkey,
                                ckey,
                                "（行名缺失，按表格顺序推定）",
                                cell,
                                inferred=True,
                            )
                else:
                    self.result.unmapped.append((f"{len(gap)} 行数据缺少行名，无法唯一对应", None))
                gap = []
            prev = max(prev, nxt) if key != "<end>" else prev

    def _row_exists(self, spec: GridSpec, key: str) -> bool:
        return (
            f"{self.template.prefix}.{spec.table}.{key}.{spec.canonical_cols[0]}"
            in self.template.indicators
        )

    def put(
        self,
        table: str,
        row_key: str,
        col_key: str,
        label: str,
        cell: GridCell | None,
        inferred: bool = False,
    ) -> None:
        if cell is None:
            return
        ind_id = f"{self.template.prefix}.{table}.{row_key}.{col_key}"
        ind = self.template.indicators.get(ind_id)
        if ind is None:
            if col_key == "org_subtotal":
                # a local 法人或其他组织 小计 column: kept as a cell and checked (A007)
                self.cells[ind_id] = _make_cell(ind_id, label, cell, "件")
                return
            self.result.extras.append((f"{label} | {col_key}", cell.text, cell.span))
            return
        if ind_id in self.cells:
            self.result.duplicates.append(ind_id)
            return
        self.cells[ind_id] = _make_cell(ind_id, label, cell, ind.unit)
        self.cells[ind_id].inferred = inferred

    # 表三 ---------------------------------------------------------------------------
    def rows_x_cols(self, table: Table, spec: GridSpec) -> None:
        assigned = self.assigned.setdefault(spec.table, set())
        data_rows: list[tuple[int, dict, str]] = []
        # a sub-heading just above the fragment names its row group (or ends the last one)
        group = _last_group(self.context) if self.context.strip() else self.group
        first_data = None
        seq = self.sequence.setdefault(spec.table, [])
        for i, row in enumerate(table.rows):
            label_cells = _label_cells(row)
            labels = _distinct([c.text for c in label_cells])
            if not labels:
                values = _fit(self._trailing_values(row), len(spec.canonical_cols))
                if len(values) == len(spec.canonical_cols):
                    seq.append(("?", values))  # a row whose label the converter lost
                continue
            full = "".join(labels)
            after = row[row.index(label_cells[-1]) + 1 :]
            if not any(c.text and _is_value(c) for c in after) and len(after) < len(
                spec.canonical_cols
            ):
                continue  # a header or note row, not a row of values
            for w in _GROUP_WORDS:
                if w in full:
                    group = w
            last = label_core(labels[-1])
            match = None
            for rspec in spec.rows:
                if rspec["key"] in assigned or not _matches(rspec["patterns"], last):
                    continue
                rgroup = rspec.get("group")
                if rgroup and rgroup not in full and group is not None and rgroup != group:
                    continue
                match = rspec
                break
            if match is None:
                match = self._similar_row(spec, last, group, assigned)
            if match is None:
                if any(_is_value(c) and c.text for c in row) and first_data is not None:
                    self.result.unmapped.append((full, labels and _label_cells(row)[-1].span))
                continue
            if not match.get("group"):
                group = None if not any(w in full for w in _GROUP_WORDS) else group
            assigned.add(match["key"])
            seq.append((match["key"], None))
            data_rows.append((i, match, " ".join(labels)))
            first_data = i if first_data is None else first_data
        self.group = group
        if not data_rows:
            return
        colmap = self._header_columns(table.rows[: data_rows[0][0]], spec)
        if not colmap:
            colmap = self.colmaps.get(spec.table, {})
        self.colmaps[spec.table] = colmap
        wanted = set(spec.canonical_cols)
        use_header = wanted <= set(colmap.values())
        for i, rspec, label in data_rows:
            row = table.rows[i]
            if use_header:
                seen: set[str] = set()
                for j, key in sorted(colmap.items()):
                    if key in seen:
                        continue
                    seen.add(key)
                    self.put(spec.table, rspec["key"], key, label, _value_at(row, j))
                continue
            values = _fit(self._trailing_values(row), len(spec.canonical_cols))
            if len(values) == len(spec.canonical_cols):
                for key, cell in zip(spec.canonical_cols, values, strict=True):
                    self.put(spec.table, rspec["key"], key, label, cell)
            else:
                self.result.unmapped.append(
                    (label, _label_cells(row)[-1].span if _label_cells(row) else None)
                )

    def _similar_row(
        self, spec: GridSpec, last: str, group: str | None, assigned: set[str]
    ) -> dict | None:
        """A row whose label is a misprint of the form's ("其他法律行政止公开"): the most
        similar printed label of the form, if clearly similar and inside the row group.
        Similar by prefix, not containment (`label_similarity(anywhere=False)`): the tail
        of a wrapped label ("这一情形，不计其他情形）") is not the row 其他."""
        from auditor.tables import label_similarity

        scored = []
        for rspec in spec.rows:
            if rspec["key"] in assigned or (
                group and rspec.get("group") and rspec["group"] != group
            ):
                continue
            label = self._printed_label(spec, rspec["key"])
            if label:
                scored.append((label_similarity(last, label, anywhere=False), rspec))
        scored.sort(key=lambda x: x[0], reverse=True)
        if (
            scored
            and scored[0][0] >= 0.8
            and (len(scored) == 1 or scored[1][0] < scored[0][0] - 0.1)
        ):
            return scored[0][1]
        return None

    def _printed_label(self, spec: GridSpec, key: str) -> str:
        ind = self.template.indicators.get(
            f"{self.template.prefix}.{spec.table}.{key}.{spec.canonical_cols[0]}"
        )
        return label_core(ind.row.split(" ")[-1]) if ind and ind.row else ""

    def _header_columns(self, header_rows: list[list[GridCell]], spec: GridSpec) -> dict[int, str]:
        header_rows = _fill_merged(header_rows)
        width = max((len(r) for r in header_rows), default=0)
        colmap: dict[int, str] = {}
        for j in range(width):
            texts = _distinct([r[j].text for r in header_rows if j < len(r)])
            if not texts:
                continue
            last = label_core(texts[-1])
            for cspec in spec.cols:
                if _matches(cspec["patterns"], last):
                    colmap[j] = cspec["key"]
                    break
        return colmap

    @staticmethod
    def _trailing_values(row: list[GridCell]) -> list[GridCell]:
        """Value cells after the label, merged copies removed."""
        out: list[GridCell] = []
        started = False
        for j, c in enumerate(row):
            if c.copy_of is not None and c.copy_of[1] != j:
                continue
            if _is_value(c) and (c.text or started):
                started = True
                out.append(c)
            elif started and c.text:
                return []  # text after values: not a plain value row
        return out

    # 表四 ---------------------------------------------------------------------------
    def single_row(self, table: Table, spec: GridSpec) -> None:
        best_i, best_n = None, 0
        for i, row in enumerate(table.rows):
            n = sum(1 for j, c in enumerate(row) if c.text and _is_value(c) and _value_at(row, j))
            if n > best_n:
                best_i, best_n = i, n
        if best_i is None or best_n < 5:
            return
        row = table.rows[best_i]
        header = _fill_merged(table.rows[:best_i])
        width = max((len(r) for r in header), default=0)
        colmap: dict[int, str] = {}
        for j in range(width):
            texts = _distinct([r[j].text for r in header if j < len(r)])
            if not texts:
                continue
            full = "".join(texts)
            block = next((b["key"] for b in spec.blocks if _matches(b["patterns"], full)), None)
            outcome = next(
                (c["key"] for c in spec.cols if _matches(c["patterns"], label_core(texts[-1]))),
                None,
            )
            if block and outcome:
                colmap[j] = f"{block}.{outcome}"
        label = "表四"
        if not colmap and header:
            # the block is named by a sub-heading above the fragment ("行政复议"),
            # the header row only names the outcomes
            block = next(
                (
                    b["key"]
                    for b in spec.blocks
                    if _matches(b["patterns"], _last_line(self.context))
                ),
                None,
            )
            outcomes = {}
            for j in range(width):
                texts = _distinct([r[j].text for r in header if j < len(r)])
                if texts:
                    key = next(
                        (
                            c["key"]
                            for c in spec.cols
                            if _matches(c["patterns"], label_core(texts[-1]))
                        ),
                        None,
                    )
                    if key:
                        outcomes[j] = key
            if block and len(set(outcomes.values())) == 5:
                for j, key in sorted(outcomes.items()):
                    self.put(spec.table, block, key, f"表四 {block}", _value_at(row, j))
                return
        if set(spec.canonical_cols) <= set(colmap.values()):
            seen: set[str] = set()
            for j, key in sorted(colmap.items()):
                if key not in seen:
                    seen.add(key)
                    block, outcome = key.split(".")
                    self.put(spec.table, block, outcome, label, _value_at(row, j))
            return
        values = self._trailing_values(row)
        if len(values) == len(spec.canonical_cols):
            for key, cell in zip(spec.canonical_cols, values, strict=True):
                block, outcome = key.split(".")
                self.put(spec.table, block, outcome, label, cell)
        else:
            if _detect_score(table, spec) >= 2:
                self.result.unmapped.append(("表四（列无法对应）", None))

    # 表二 ---------------------------------------------------------------------------
    def sections(self, table: Table, spec: GridSpec) -> None:
        colmap: dict[int, str] = {}
        for row in table.rows:
            has_values = any(c.text and _is_value(c) for c in row)
            header_hits = {}
            for j, c in enumerate(row):
                core = label_core(c.text)
                for cspec in spec.cols:
                    if (
                        c.text
                        and _matches(cspec["patterns"], core)
                        and cspec["key"] not in header_hits.values()
                    ):
                        header_hits[j] = cspec["key"]
                        break
            if header_hits and not has_values:
                colmap = header_hits
                continue
            labels = _distinct([c.text for c in _label_cells(row)])
            if not labels or not has_values or not colmap:
                continue
            last = label_core(labels[-1])
            rspec = next((r for r in spec.rows if _matches(r["patterns"], last)), None)
            if rspec is None:
                self.result.unmapped.append((" ".join(labels), _label_cells(row)[-1].span))
                continue
            for j, key in sorted(colmap.items()):
                self.put(spec.table, rspec["key"], key, labels[-1], _value_at(row, j))


def _row_hits(table: Table, spec: GridSpec) -> int:
    """How many rows of `table` carry a label of this spec's rows."""
    hits = 0
    for row in table.rows:
        labels = _distinct([c.text for c in _label_cells(row)])
        if labels and any(_matches(r["patterns"], label_core(labels[-1])) for r in spec.rows):
            hits += 1
    return hits


def _last_group(context: str) -> str | None:
    best, pos = None, -1
    for w in _GROUP_WORDS:
        p = context.rfind(w)
        if p > pos:
            best, pos = w, p
    return best


def _contexts(ordered: list[Table], text: str) -> dict[int, str]:
    """The text just above each table (its sub-heading or the converter's loose labels)."""
    out: dict[int, str] = {}
    prev_end = 0
    for t in ordered:
        out[id(t)] = text[max(prev_end, t.span[0] - 300) : t.span[0]] if text else ""
        prev_end = t.span[1]
    return out


def _last_line(context: str) -> str:
    lines = [ln for ln in context.strip().split("\n") if ln.strip()]
    return lines[-1] if lines else ""


def map_grids(tables: list[Table], template: Template, text: str = "") -> TableExtraction:
    """Read every grid table of the template from the document's tables.

    A table may come in fragments (page breaks, one small table per row group under
    its own sub-heading): every fragment with some of the table's words is read, in
    document order, as long as all fragments together look like the table.
    """
    result = TableExtraction()
    mapper = _Mapper(template, result)
    ordered = sorted(tables, key=lambda t: t.span[0])
    contexts = _contexts(ordered, text)
    for spec in template.grids:
        frags = [
            t
            for t in ordered
            if _detect_score(t, spec) >= 1
            or _row_hits(t, spec) >= 2
            or sum(1 for w in spec.detect if w in contexts[id(t)].replace("\n", "")) >= 2
        ]
        if frags:
            # fragments sandwiched between two fragments of the table belong to it too
            first, last = ordered.index(frags[0]), ordered.index(frags[-1])
            frags = ordered[first : last + 1]
        union = "".join(_table_text(t) + contexts[id(t)].replace("\n", "") for t in frags)
        if sum(1 for w in spec.detect if w in union) < spec.min_detect:
            continue
        prev_end = 0
        for table in ordered:
            if table in frags:
                mapper.context = (
                    text[max(prev_end, table.span[0] - 160) : table.span[0]] if text else ""
                )
                getattr(mapper, spec.layout)(table, spec)
            prev_end = table.span[1]
        mapper.group = None
        if spec.layout == "rows_x_cols":
            mapper.place_unlabelled(spec)
    order = {iid: n for n, iid in enumerate(template.indicators)}
    result.cells = sorted(mapper.cells.values(), key=lambda c: order.get(c.id, 0))
    if tables:
        result.table = tables[0]
    return result
