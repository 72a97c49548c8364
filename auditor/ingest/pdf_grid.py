"""Ruled PDF tables → rectangular grids of merged cells, also across page breaks.

pdfplumber finds a ruled table's cells as rectangles; the statistics forms merge many
of them (表三's header spans three rows, its row groups up to eight). A grid here is a
matrix of *slots*, each holding the `Box` (merged cell) that covers it, so that

- the grid lines come from the cells' own edges (clustered: edges drawn a point apart
  are one line), and a merged cell simply covers several slots;
- words are placed by their centre; a word printed where no cell was found (a border
  the producer did not draw) gets a cell of its own;
- a table continued on the next page is appended after its column edges are unified;
  header rows the producer repeated are dropped, and the first row of the
  continuation is re-joined to the last row before the break when it only carries the
  rest of that row (a label wrapped over the break) or the rest of a merged label
  ("（四）无" | "法提供");
- columns or rows that exist only because merged cells were drawn a little wider than
  their neighbours are removed (every slot of them continues a neighbour).

Text of a cell: its words line by line; lines are joined without a space (a label
wrapped in a narrow cell, "商业企" + "业"), except between two Latin or numeric
fragments, which keep one ("1" / "2" never becomes "12").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from auditor.ingest.cell_text import join_cell_lines
from auditor.ingest.pdf_layout import Word, group_lines
from auditor.values import parse_cell

Bbox = tuple[float, float, float, float]
# Edges closer than this (points) are one grid line.
EDGE_TOLERANCE = 3.0
_MARKER = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}\s*[、.．]"
    r"|\d{1,2}\s*[、.．)）]|[①-⑳]|其中)"
)


@dataclass(eq=False)
class Box:
    """One printed cell (possibly merged): its words, text, page and box."""

    page: int
    bbox: Bbox
    words: list[Word] = field(default_factory=list)
    text: str = ""

    @property
    def is_value(self) -> bool:
        return bool(self.text) and parse_cell(self.text)[2] in ("ZERO", "NUMBER")


@dataclass
class Row:
    page: int
    top: float
    bottom: float


@dataclass
class PageTable:
    """A table as slots: `slots[r][c]` is the Box covering row r, column c, or None."""

    cols: list[float]
    rows: list[Row]
    slots: list[list[Box | None]]
    page: int
    bbox: Bbox
    last_page: int = 0

    def __post_init__(self) -> None:
        self.last_page = self.last_page or self.page

    @property
    def width(self) -> int:
        return len(self.cols) - 1

    def boxes(self) -> list[Box]:
        seen: dict[int, Box] = {}
        for row in self.slots:
            for b in row:
                if b is not None:
                    seen.setdefault(id(b), b)
        return list(seen.values())


def cluster(values: list[float], tol: float = EDGE_TOLERANCE) -> list[float]:
    """Sorted representatives (means) of values closer than `tol` to their neighbour."""
    groups: list[list[float]] = []
    for v in sorted(values):
        if groups and v - groups[-1][-1] <= tol:
            groups[-1].append(v)
        else:
            groups.append([v])
    return [sum(g) / len(g) for g in groups]


def nearest(edges: list[float], v: float) -> int:
    i = bisect_right(edges, v)
    if i == 0:
        return 0
    if i == len(edges):
        return len(edges) - 1
    return i if edges[i] - v < v - edges[i - 1] else i - 1


def _slot_index(edges: list[float], v: float) -> int | None:
    """The interval of `edges` containing v, or None outside."""
    i = bisect_right(edges, v) - 1
    return i if 0 <= i < len(edges) - 1 else None


def cell_text(words: list[Word]) -> str:
    return join_cell_lines([ln.text for ln in group_lines(words)])


def build_table(cells: list[Bbox], words: list[Word], page: int) -> PageTable:
    """Slots of one ruled table from its cell rectangles and the words inside it."""
    cols = cluster([x for c in cells for x in (c[0], c[2])])
    ys = cluster([y for c in cells for y in (c[1], c[3])])
    n_rows, n_cols = len(ys) - 1, len(cols) - 1
    slots: list[list[Box | None]] = [[None] * n_cols for _ in range(n_rows)]
    for bbox in sorted(cells, key=lambda c: (c[1], c[0])):
        c0, c1 = nearest(cols, bbox[0]), nearest(cols, bbox[2])
        r0, r1 = nearest(ys, bbox[1]), nearest(ys, bbox[3])
        if c1 <= c0 or r1 <= r0:
            continue
        if any(slots[r][c] is not None for r in range(r0, r1) for c in range(c0, c1)):
            continue
        box = Box(page=page, bbox=bbox)
        for r in range(r0, r1):
            for c in range(c0, c1):
                slots[r][c] = box
    for w in words:
        r, c = _slot_index(ys, w.yc), _slot_index(cols, w.xc)
        if r is None or c is None:
            continue
        box = slots[r][c]
        if box is None:
            box = Box(page=page, bbox=(cols[c], ys[r], cols[c + 1], ys[r + 1]))
            slots[r][c] = box
        box.words.append(w)
    rows = [Row(page, ys[i], ys[i + 1]) for i in range(n_rows)]
    table = PageTable(
        cols=cols, rows=rows, slots=slots, page=page, bbox=(cols[0], ys[0], cols[-1], ys[-1])
    )
    for box in table.boxes():
        box.text = cell_text(box.words)
    return table


# --- clean-up ------------------------------------------------------------------------------


def _col_redundant(t: PageTable, j: int) -> bool:
    w = t.width
    return all(
        row[j] is None or (j > 0 and row[j] is row[j - 1]) or (j + 1 < w and row[j] is row[j + 1])
        for row in t.slots
    )


def _row_redundant(t: PageTable, i: int) -> bool:
    n = len(t.slots)
    return all(
        b is None or (i > 0 and b is t.slots[i - 1][j]) or (i + 1 < n and b is t.slots[i + 1][j])
        for j, b in enumerate(t.slots[i])
    )


def _delete_col(t: PageTable, j: int) -> None:
    for row in t.slots:
        del row[j]
    del t.cols[j + 1 if j + 1 < len(t.cols) - 1 else j]


def _delete_row(t: PageTable, i: int) -> None:
    del t.slots[i]
    del t.rows[i]


def _row_starts_text(t: PageTable, i: int) -> bool:
    """Whether row i holds the first slot of a cell with text."""
    for j, b in enumerate(t.slots[i]):
        if b is None or not b.text:
            continue
        above = i > 0 and t.slots[i - 1][j] is b
        if not above:
            return True
    return False


def compact(t: PageTable) -> PageTable:
    """Drop rows that start no text, columns without text, then redundant columns/rows.

    Leftmost first for columns (as the HTML reader): removing a column changes only
    whether its neighbours are redundant, so each scan resumes one step back.
    """
    i = 0
    while i < len(t.slots):
        if _row_starts_text(t, i) or len(t.slots) == 1:
            i += 1
        else:
            _delete_row(t, i)
    j = 0
    while j < t.width and t.width > 1:
        if any(row[j] is not None and row[j].text for row in t.slots):
            j += 1
        else:
            _delete_col(t, j)
    changed = True
    while changed and t.slots and t.width:
        changed = False
        j = 0
        while j < t.width and t.width > 1:
            if _col_redundant(t, j):
                _delete_col(t, j)
                changed = True
                j = max(j - 1, 0)
            else:
                j += 1
        i = 0
        while i < len(t.slots) and len(t.slots) > 1:
            if _row_redundant(t, i):
                _delete_row(t, i)
                changed = True
                i = max(i - 1, 0)
            else:
                i += 1
    return t


def is_data_table(t: PageTable) -> bool:
    """A table worth a grid: at least two columns hold text.

    pdfplumber also "finds" boxes drawn around narrative paragraphs; those stay text.
    One row is enough: the last row of a table may be alone on the next page.
    """
    if not t.slots or t.width < 2:
        return False
    text_cols = {j for row in t.slots for j, b in enumerate(row) if b is not None and b.text}
    return len(text_cols) >= 2


# --- across page breaks ----------------------------------------------------------------------


def compatible(a: PageTable, b: PageTable) -> bool:
    """Whether `b` can continue `a`: the same outer frame (left and right edges)."""
    tol = 2 * EDGE_TOLERANCE
    return abs(a.cols[0] - b.cols[0]) <= tol and abs(a.cols[-1] - b.cols[-1]) <= tol


def _regrid(t: PageTable, cols: list[float]) -> list[list[Box | None]]:
    """The slots of `t` over the column edges `cols` (a superset of its own)."""
    out: list[list[Box | None]] = []
    for row in t.slots:
        new: list[Box | None] = []
        for c in range(len(cols) - 1):
            mid = (cols[c] + cols[c + 1]) / 2
            k = _slot_index(t.cols, mid)
            new.append(row[k] if k is not None else None)
        out.append(new)
    return out


def header_rows(t: PageTable, limit: int = 5) -> int:
    """Rows above the first row that holds a number."""
    for i, row in enumerate(t.slots[:limit]):
        if any(b is not None and b.is_value for b in row):
            return i
    return 0


_NOT_WORD = re.compile(r"[\W_]+")


def _core(box: Box | None) -> str:
    """A cell's text without spaces and punctuation (OCR reads "（" as "(" or "《")."""
    return _NOT_WORD.sub("", box.text) if box is not None else ""


def _ocr(box: Box | None) -> bool:
    return box is not None and any(w.conf is not None for w in box.words)


def same_row(a: list[Box | None], b: list[Box | None]) -> bool:
    """Whether two rows read the same: equal cells, or nearly so when OCR read one.

    Text layers are compared exactly: "第二十条第（六）项" is not a repeat of
    "第二十条第（一）项", although the two differ by one character.
    """
    for x, y in zip(a, b, strict=True):
        tx, ty = _core(x), _core(y)
        if tx == ty:
            continue
        if not (tx and ty and (_ocr(x) or _ocr(y))):
            return False
        if SequenceMatcher(None, tx, ty).ratio() < 0.8:
            return False
    return True


def _fuse(slots: list[list[Box | None]], keep: Box, gone: Box) -> None:
    """Make `gone` part of `keep`: its text is appended and its slots become `keep`'s
    (a merged label redrawn on the new page, with the same text, adds nothing)."""
    if _core(gone) != _core(keep):
        keep.text = join_cell_lines([keep.text, gone.text])
        keep.words.extend(gone.words)
    for row in slots:
        for j, b in enumerate(row):
            if b is gone:
                row[j] = keep


def _cols_of(row: list[Box | None], box: Box) -> list[int]:
    return [j for j, b in enumerate(row) if b is box]


def is_fragment(text: str) -> bool:
    """A piece of a label that does not begin a label (no numbering, not a number)."""
    t = text.strip()
    return bool(t) and not _MARKER.match(t) and parse_cell(t)[2] == "TEXT"


def _join_seam(slots: list[list[Box | None]], a: int) -> None:
    """Re-join row a+1 (first after a page break) to row a (last before it).

    Without a number or a numbered label of its own, the row is the rest of row a:
    every cell is fused with the cell above. Otherwise it is a row of its own, and only
    its group label cells (left of its own label) continue a merged label above, when
    that label is merged over rows above or the row is a numbered sub-item, and the
    cell is empty, a fragment ("法提供" under "（四）无") or under an empty part (the
    label's lines all fell after the break). A unit column ("元") is not a label.
    """
    above, below = slots[a], slots[a + 1]
    first_value = next((j for j, b in enumerate(below) if b is not None and b.is_value), len(below))
    # the row's own label is its last text cell before the values
    own_label = max(
        (j for j, b in enumerate(below[:first_value]) if b is not None and b.text),
        default=first_value,
    )
    own_first = min(_cols_of(below, below[own_label])) if own_label < len(below) else len(below)
    # a row of its own has a value or a numbered label of its own; a group label left
    # of its label ("三、本年度办理结果", drawn where the merged cell's middle falls, here
    # after the break) does not make the tail of a wrapped label a row
    starts = [
        b for j, b in enumerate(below) if b is not None and b is not above[j] and j >= own_first
    ]
    own_row = any(b.is_value or _MARKER.match(b.text) for b in starts)
    # a numbered sub-item ("2.没有现成信息…") sits inside a group whose label may go on
    sub_item = own_label < first_value and bool(_MARKER.match(below[own_label].text))
    done: set[int] = set()
    for j, b in enumerate(below):
        up = above[j]
        if b is None or up is None or b is up or id(b) in done:
            continue
        done.add(id(b))
        if _cols_of(below, b) != _cols_of(above, up):
            continue
        if not own_row:
            _fuse(slots, up, b)
        elif j < own_label and not (up.is_value or b.is_value):
            merged = a > 0 and slots[a - 1][j] is up
            if (merged or sub_item) and (not up.text or not b.text or is_fragment(b.text)):
                _fuse(slots, up, b)


def append(a: PageTable, b: PageTable) -> PageTable:
    """`a` continued by `b` (the next page): unify columns, drop repeats, join the seam."""
    cols = cluster(a.cols + b.cols)
    top = _regrid(a, cols)
    bottom = _regrid(b, cols)
    n_head = header_rows(a)
    drop = 0
    while drop < min(n_head, len(bottom) - 1) and same_row(bottom[drop], top[drop]):
        drop += 1
    bottom_rows = b.rows[drop:]
    bottom = bottom[drop:]
    slots = top + bottom
    if bottom and top:
        _join_seam(slots, len(top) - 1)
    return PageTable(
        cols=cols,
        rows=a.rows + bottom_rows,
        slots=slots,
        page=a.page,
        bbox=a.bbox,
        last_page=b.last_page,
    )
