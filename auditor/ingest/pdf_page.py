"""One pass over one PDF page: its words, its ruled tables, whether it has text at all.

Speed matters (a PDF must be audited in at most 1.5× the time pdfplumber needs to read
it), so each page is parsed once: `extract_words` and `find_tables` work on the same
page object and its cached layout objects, table text is assembled from those words
(never with `Table.extract`, which re-filters every character per cell), and the page's
caches are released afterwards.

Ruled tables come from pdfplumber's table finder fed with the *visible* rules only.
Word processors paint white rectangles behind every paragraph (WPS does, on every
line); with the default "lines" strategy those become one-column "tables" around the
narrative, or swallow the narrative into the real table. A rule is visible when it is
stroked in a non-white colour, or is a filled bar at most 2 pt thick.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pdfplumber.page import Page
from pdfplumber.table import Table

from auditor.ingest.pdf_grid import PageTable, build_table, is_data_table
from auditor.ingest.pdf_layout import Word

_BAR = 2.0  # a filled rectangle at most this thick is a drawn rule
_MIN_EDGES = 2
# a page is a scan when its text layer is (nearly) empty and an image covers this share
_SCAN_IMAGE_SHARE = 0.3
_SCAN_MAX_CHARS = 20
_COVERED = 0.985  # share of a table's frame its cells must cover, else the frame is closed
Bbox = tuple[float, float, float, float]


@dataclass
class PageContent:
    """What one page contributes: narrative words and tables (slots), page size."""

    number: int
    width: float
    height: float
    words: list[Word] = field(default_factory=list)
    tables: list[PageTable] = field(default_factory=list)
    scanned: bool = False  # no usable text layer, an image covers the page
    image_pixels: int = 0  # largest embedded image (source pixels), to bound OCR


def _white(color: object) -> bool:
    if (
        isinstance(color, (tuple, list))
        and color
        and all(isinstance(v, float | int) for v in color)
    ):
        if len(color) == 4:  # CMYK
            return all(v <= 0.02 for v in color)
        return all(v >= 0.98 for v in color)
    if isinstance(color, float | int):
        return color >= 0.98
    return False


def visible_rule(obj: dict) -> bool:
    """Whether a line/rect/curve is a rule a reader sees (see module doc)."""
    if obj.get("stroke") and not _white(obj.get("stroking_color")):
        return True
    if obj.get("fill") and not _white(obj.get("non_stroking_color")):
        return min(obj.get("width", 0.0), obj.get("height", 0.0)) <= _BAR
    return False


def _frame(bbox: tuple[float, float, float, float]) -> list[dict]:
    """The four sides of a table's outer frame as edges (pdfplumber's edge dicts)."""
    x0, top, x1, bottom = bbox

    def edge(ex0: float, etop: float, ex1: float, ebottom: float, orient: str) -> dict:
        return {
            "object_type": "frame_edge",
            "x0": ex0,
            "x1": ex1,
            "top": etop,
            "bottom": ebottom,
            "doctop": etop,
            "width": ex1 - ex0,
            "height": ebottom - etop,
            "orientation": orient,
        }

    return [
        edge(x0, top, x1, top, "h"),
        edge(x0, bottom, x1, bottom, "h"),
        edge(x0, top, x0, bottom, "v"),
        edge(x1, top, x1, bottom, "v"),
    ]


def _find(page: Page, edges: list[dict]) -> list[Table]:
    settings = {
        "vertical_strategy": "explicit",
        "horizontal_strategy": "explicit",
        "explicit_vertical_lines": edges,
        "explicit_horizontal_lines": edges,
    }
    return page.find_tables(settings)


def _covered(table: Table) -> bool:
    x0, top, x1, bottom = table.bbox
    area = (x1 - x0) * (bottom - top)
    cells = sum((c[2] - c[0]) * (c[3] - c[1]) for c in table.cells)
    return area <= 0 or cells >= _COVERED * area


def _extent(bbox: Bbox, edges: list[dict], tol: float = 3.0) -> Bbox:
    """The table's box grown to the rules that touch it.

    Rules drawn past the last found cell (a row whose bottom rule is missing at a page
    break) show where the table really ends.
    """
    x0, top, x1, bottom = bbox
    for e in edges:
        vertical = e["x1"] - e["x0"] <= _BAR
        spans_x = e["x0"] <= x1 + tol and e["x1"] >= x0 - tol
        spans_y = e["top"] <= bottom + tol and e["bottom"] >= top - tol
        if vertical and spans_x and spans_y:
            top, bottom = min(top, e["top"]), max(bottom, e["bottom"])
        elif not vertical and spans_x and top - tol <= e["top"] <= bottom + tol:
            x0, x1 = min(x0, e["x0"]), max(x1, e["x1"])
    return (x0, top, x1, bottom)


def find_cell_groups(page: Page, edges: list[dict]) -> list[list[tuple]]:
    """Cell rectangles of each ruled table, with open frames closed.

    A table continued from the previous page often lacks the top rule over its stub
    columns (the merged label goes on), and one continued on the next page may lack
    its bottom rule; pdfplumber then finds no cell there. When a table's cells leave
    part of the box its rules span uncovered, that box is added as a frame and the
    page searched again.
    """
    if len(edges) < _MIN_EDGES:
        return []
    tables = _find(page, edges)
    frames = []
    for t in tables:
        box = _extent(t.bbox, edges)
        if box != t.bbox or not _covered(t):
            frames.append(box)
    if frames:
        tables = _find(page, edges + [e for b in frames for e in _frame(b)])
    return [list(t.cells) for t in tables if t.cells]


def _inside(w: Word, bbox: tuple[float, float, float, float], pad: float = 1.0) -> bool:
    return bbox[0] - pad <= w.xc <= bbox[2] + pad and bbox[1] - pad <= w.yc <= bbox[3] + pad


def split_tables(
    groups: list[list[tuple]], words: list[Word], page: int
) -> tuple[list[PageTable], list[Word]]:
    """Build each table from the words inside it; the other words are narrative.

    A "table" that is not a data table (one column, a box around a paragraph) gives its
    words back to the narrative.
    """
    tables: list[PageTable] = []
    rest = words
    for cells in groups:
        x0 = min(c[0] for c in cells)
        top = min(c[1] for c in cells)
        x1 = max(c[2] for c in cells)
        bottom = max(c[3] for c in cells)
        bbox = (x0, top, x1, bottom)
        inside = [w for w in rest if _inside(w, bbox)]
        edges = sorted({x for c in cells for x in (c[0], c[2])})[1:-1]
        table = build_table(cells, [p for w in inside for p in cut_at_edges(w, edges)], page)
        if is_data_table(table):
            tables.append(table)
            ids = {id(w) for w in inside}
            rest = [w for w in rest if id(w) not in ids]
    return tables, rest


def cut_at_edges(w: Word, edges: list[float], tol: float = 1.0) -> list[Word]:
    """A word that runs across a ruled column edge, cut there.

    pdfplumber joins characters into a word by their spacing, not by the table's rules:
    a label that overflows its cell up to the next column's text ("…计1次）" + "次")
    comes as one word, which would be placed whole by its centre. Its characters are
    put back into the columns they stand in.
    """
    crossed = [x for x in edges if w.x0 + tol < x < w.x1 - tol]
    if not crossed or not w.chars:
        return [w]
    parts: list[list[tuple[str, float, float]]] = []
    column = None
    for ch in w.chars:
        k = sum(1 for x in crossed if (ch[1] + ch[2]) / 2 > x)
        if k != column:
            parts.append([])
            column = k
        parts[-1].append(ch)
    return [
        Word(
            "".join(c[0] for c in part),
            part[0][1],
            w.top,
            part[-1][2],
            w.bottom,
            w.page,
            w.conf,
            tuple(part),
        )
        for part in parts
    ]


def _to_word(d: dict, page: int) -> Word:
    chars = tuple((c["text"], c["x0"], c["x1"]) for c in d.get("chars", ()))
    return Word(d["text"], d["x0"], d["top"], d["x1"], d["bottom"], page, chars=chars)


def _is_scan(page: Page, n_chars: int, garbled: int) -> tuple[bool, int]:
    """(the page needs OCR, largest embedded image in pixels).

    It does when its text layer is (nearly) empty and an image covers much of it (a
    scan), or when most of its glyphs have no Unicode mapping ("(cid:123)"): such text
    is unreadable, while the rendered page is not.
    """
    area = max(page.width * page.height, 1.0)
    covered = 0.0
    pixels = 0
    for img in page.images:
        w = max(0.0, min(img["x1"], page.width) - max(img["x0"], 0.0))
        h = max(0.0, min(img["bottom"], page.height) - max(img["top"], 0.0))
        covered = max(covered, w * h / area)
        src = img.get("srcsize") or (0, 0)
        try:
            pixels = max(pixels, int(src[0]) * int(src[1]))
        except (TypeError, ValueError):
            continue
    usable = n_chars - garbled
    if garbled > max(usable, _SCAN_MAX_CHARS):  # glyphs without a Unicode mapping
        return True, pixels
    return usable <= _SCAN_MAX_CHARS and covered >= _SCAN_IMAGE_SHARE, pixels


def read_page(page: Page) -> PageContent:
    """Words and tables of one page, from one parse of it."""
    number = page.page_number
    chars = page.chars
    garbled = sum(1 for c in chars if c["text"].startswith("(cid:"))
    content = PageContent(number=number, width=float(page.width), height=float(page.height))
    scanned, pixels = _is_scan(page, len(chars), garbled)
    if scanned:
        content.scanned, content.image_pixels = True, pixels
        return content
    words = [
        _to_word(d, number) for d in page.extract_words(return_chars=True) if d["text"].strip()
    ]
    edges = [o for o in (*page.lines, *page.rects, *page.curves) if visible_rule(o)]
    groups = find_cell_groups(page, edges)
    content.tables, content.words = split_tables(groups, words, number)
    return content
