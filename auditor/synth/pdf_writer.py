"""Render a synthetic report as a PDF laid out like an exported government report.

The PDF reader must be proven on PDFs whose every cell is known, including the hard
cases of real files: tables crossing page breaks (with and without repeated header
rows, a merged row-group label split over the break, a row whose wrapped label
continues on the next page, a missing rule at the break), page numbers in several
styles, running headers, indented paragraphs wrapped at the right margin, full-width
band rows on a coloured fill. reportlab's platypus cannot split a table inside a
merged cell, so pages are laid out here: text is wrapped character by character
(Chinese breaks anywhere; Latin and digit runs stay whole; closing punctuation never
starts a line) and full lines are justified like Word does, so that the reader's
paragraph re-joining meets what it meets in the wild.

Chinese is set in reportlab's built-in CID font STSong-Light (no font file needed,
pdfminer maps it back to Unicode), digits and Latin letters in Times-Roman, as WPS and
Word set them: the reader meets two fonts on one line, and a scan of the page keeps
digits an OCR engine reads well. Variation comes from the report's seed: same report,
same bytes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from auditor.synth.layout import FormCell, Grid
from auditor.synth.model import SynthReport
from auditor.synth.writers import _paragraphs, _placed

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

FONT = "STSong-Light"
LATIN = "Times-Roman"  # digits and Latin letters, as WPS/Word set them (Times New Roman)
PAGE_W, PAGE_H = 595.27, 841.89
LEFT, RIGHT, TOP, BOTTOM = 74.0, 74.0, 80.0, 80.0
TEXT_W = PAGE_W - LEFT - RIGHT
_NO_LINE_START = set("，。、；：？！）》」』”’%,.;:?!)]")
_PAGE_STYLES = ("- {n} -", "— {n} —", "-{n}-", "第{n}页", "第 {n} 页 共 {total} 页")
_COL_WIDTHS = {
    "t2": [0.34, 0.22, 0.22, 0.22],
    "t3": [0.06, 0.11, 0.23] + [0.6 / 7] * 7,
    "t4": [1 / 15] * 15,
    "stats3": [0.62, 0.14, 0.24],
    "stats4": [0.5, 0.12, 0.19, 0.19],
}
_BAND_FILL = (0.776, 0.851, 0.945)
_PAD = 3.0


def _register_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _runs(text: str) -> list[tuple[str, str]]:
    """(font, text) runs: ASCII in the Latin font, everything else in the CJK font."""
    out: list[tuple[str, str]] = []
    for ch in text:
        font = LATIN if ch.isascii() else FONT
        if out and out[-1][0] == font:
            out[-1] = (font, out[-1][1] + ch)
        else:
            out.append((font, ch))
    return out


def _width(text: str, size: float) -> float:
    from reportlab.pdfbase import pdfmetrics

    return sum(pdfmetrics.stringWidth(run, font, size) for font, run in _runs(text))


def _draw_runs(canvas: Canvas, x: float, y: float, text: str, size: float, spread: float) -> None:
    """Draw text at baseline (x, y) in PDF coordinates, switching fonts per run."""
    obj = canvas.beginText(x, y)
    obj.setCharSpace(spread)
    for font, run in _runs(text):
        obj.setFont(font, size)
        obj.textOut(run)
    canvas.drawText(obj)


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _tokens(text: str) -> list[str]:
    """Unbreakable pieces: one Chinese character, or a run of Latin letters/digits."""
    out: list[str] = []
    for ch in text:
        if out and _latin(ch) and _latin(out[-1][-1]):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def wrap(text: str, width: float, size: float, indent: float = 0.0) -> list[str]:
    """Break `text` into lines no wider than `width` (the first indented by `indent`)."""
    _register_font()
    lines: list[str] = []
    line, used, limit = "", 0.0, width - indent
    for tok in _tokens(text):
        w = _width(tok, size)
        if line and used + w > limit and tok[0] not in _NO_LINE_START:
            lines.append(line)
            line, used, limit = "", 0.0, width
        line += tok
        used += w
    if line or not lines:
        lines.append(line)
    return lines


# --- pages as draw operations ------------------------------------------------------------


@dataclass
class _Page:
    """Draw operations of one page (text runs and rules), in PDF points, top-down y."""

    texts: list[tuple[float, float, str, float, float]] = field(default_factory=list)
    rules: list[tuple[float, float, float, float]] = field(default_factory=list)
    fills: list[tuple[float, float, float, float]] = field(default_factory=list)


@dataclass
class _Style:
    """The cosmetic choices of one document (drawn from its seed)."""

    body: float
    leading: float
    table: float
    page_style: str
    alternate: bool
    running_header: bool
    repeat_header: bool
    split_rows: bool
    open_seams: bool
    flush_headings: bool


def _style(rng: random.Random) -> _Style:
    body = rng.choice((12.0, 14.0, 15.0))
    return _Style(
        body=body,
        leading=body * rng.choice((1.6, 1.75)),
        table=rng.choice((8.0, 9.0)),
        page_style=rng.choice(_PAGE_STYLES),
        alternate=rng.random() < 0.5,
        running_header=rng.random() < 0.3,
        repeat_header=rng.random() < 0.5,
        split_rows=rng.random() < 0.5,
        open_seams=rng.random() < 0.5,
        flush_headings=rng.random() < 0.3,
    )


class _Layout:
    """A cursor over pages: narrative lines and tables are placed top to bottom."""

    def __init__(self, style: _Style) -> None:
        self.style = style
        self.pages: list[_Page] = [_Page()]
        self.y = TOP

    @property
    def page(self) -> _Page:
        return self.pages[-1]

    def new_page(self) -> None:
        self.pages.append(_Page())
        self.y = TOP

    def room(self) -> float:
        return PAGE_H - BOTTOM - self.y

    def text_line(self, x: float, text: str, size: float, spread: float = 0.0) -> None:
        lead = size * (self.style.leading / self.style.body)
        if self.room() < lead:
            self.new_page()
        self.page.texts.append((x, self.y + size, text, size, spread))
        self.y += lead

    def paragraph(self, text: str, indent_em: float = 2.0, justify: bool = True) -> None:
        size = self.style.body
        indent = indent_em * size
        lines = wrap(text, TEXT_W, size, indent)
        for k, line in enumerate(lines):
            x = LEFT + (indent if k == 0 else 0.0)
            room = TEXT_W - (indent if k == 0 else 0.0) - _width(line, size)
            last = k == len(lines) - 1
            spread = room / (len(line) - 1) if justify and not last and len(line) > 1 else 0.0
            self.text_line(x, line, size, min(spread, 1.5))

    def centered(self, text: str, size: float) -> None:
        for line in wrap(text, TEXT_W, size):
            self.text_line(LEFT + (TEXT_W - _width(line, size)) / 2, line, size)

    def gap(self, points: float) -> None:
        self.y = min(self.y + points, PAGE_H - BOTTOM)


# --- tables --------------------------------------------------------------------------------


@dataclass
class _Cell:
    cell: FormCell
    lines: list[str]


def _col_widths(g: Grid) -> list[float]:
    key = g.key if g.key in _COL_WIDTHS else f"stats{g.n_cols}"
    shares = _COL_WIDTHS.get(key, [1 / g.n_cols] * g.n_cols)
    return [s * TEXT_W for s in shares]


def _row_heights(cells: list[_Cell], n_rows: int, lead: float) -> list[float]:
    """Each row tall enough for its cells; a merged cell's deficit goes to its last row."""
    heights = [lead + 2 * _PAD] * n_rows
    for c in cells:
        if c.cell.rowspan == 1:
            heights[c.cell.row] = max(heights[c.cell.row], len(c.lines) * lead + 2 * _PAD)
    for c in cells:
        if c.cell.rowspan > 1:
            rows = range(c.cell.row, c.cell.row + c.cell.rowspan)
            need = len(c.lines) * lead + 2 * _PAD - sum(heights[r] for r in rows)
            if need > 0:
                heights[rows[-1]] += need
    return heights


@dataclass
class _Part:
    """The rows of one table placed on one page: grid row → (top y, height)."""

    page: int
    rows: dict[int, tuple[float, float]] = field(default_factory=dict)
    repeated: bool = False


class _TableWriter:
    """Places one grid on pages and draws its cells, rules and text."""

    def __init__(self, layout: _Layout, g: Grid) -> None:
        self.layout, self.g = layout, g
        self.size = layout.style.table
        self.lead = self.size * 1.3
        self.widths = _col_widths(g)
        self.xs = [LEFT + sum(self.widths[:k]) for k in range(g.n_cols + 1)]
        self.cells = [_Cell(c, self._wrap(c)) for c in g.cells]
        self.heights = _row_heights(self.cells, g.n_rows, self.lead)
        # a row split over a page break: row → (label lines before the break, its page)
        self.split: dict[int, tuple[int, int]] = {}

    def _wrap(self, c: FormCell) -> list[str]:
        width = sum(self.widths[c.col : c.col + c.colspan])
        return wrap(c.text, width - 2 * _PAD, self.size) if c.text else []

    def _split_lines(self, r: int, room: float) -> int:
        """Label lines of row r that fit in `room`, if the row may be split there (else 0).

        Only rows whose values are single lines are split (values go before the break,
        the rest of the wrapped label after it), as Word splits a row across pages.
        """
        if not self.layout.style.split_rows:
            return 0
        own = [c for c in self.cells if c.cell.row == r]
        if any(c.cell.rowspan > 1 or (c.cell.indicator and len(c.lines) > 1) for c in own):
            return 0
        most = max((len(c.lines) for c in own), default=0)
        fit = int((room - 2 * _PAD) // self.lead)
        return fit if most >= 2 and 1 <= fit < most else 0

    def _break(self, parts: list[_Part], r: int) -> None:
        lay = self.layout
        lay.new_page()
        parts.append(_Part(len(lay.pages) - 1))
        if lay.style.repeat_header and r >= self.g.header_rows and self.g.key != "t2":
            parts[-1].repeated = True
            lay.y += sum(self.heights[: self.g.header_rows])

    def paginate(self) -> list[_Part]:
        """Place rows on pages, splitting a wrapped row or a merged label at a break."""
        lay, g = self.layout, self.g
        first_block = sum(self.heights[: g.header_rows + 1])
        if lay.room() < min(first_block, PAGE_H - TOP - BOTTOM):
            lay.new_page()
        parts = [_Part(len(lay.pages) - 1)]
        for r in range(g.n_rows):
            h = self.heights[r]
            if lay.room() < h and r > 0:
                fit = self._split_lines(r, lay.room())
                if fit:
                    h1 = fit * self.lead + 2 * _PAD
                    parts[-1].rows[r] = (lay.y, h1)
                    self.split[r] = (fit, parts[-1].page)
                    h = max(h - h1, self.lead + 2 * _PAD)
                self._break(parts, r)
            parts[-1].rows[r] = (lay.y, h)
            lay.y += h
        return parts

    def draw(self, parts: list[_Part]) -> None:
        for part in parts:
            page = self.layout.pages[part.page]
            if part.repeated:
                self._draw_header_copy(page, part)
            for c in self.cells:
                self._draw_cell(page, part, c)

    def _draw_header_copy(self, page: _Page, part: _Part) -> None:
        y = min(y for y, _ in part.rows.values()) - sum(self.heights[: self.g.header_rows])
        copy = _Part(part.page)
        for r in range(self.g.header_rows):
            copy.rows[r] = (y, self.heights[r])
            y += self.heights[r]
        for c in self.cells:
            if c.cell.row < self.g.header_rows:
                self._draw_cell(page, copy, c)

    def _first_half(self, part: _Part, r: int) -> bool:
        return r in self.split and self.split[r][1] == part.page

    def _draw_cell(self, page: _Page, part: _Part, c: _Cell) -> None:
        cell = c.cell
        span = [r for r in range(cell.row, cell.row + cell.rowspan) if r in part.rows]
        if not span:
            return
        x0, x1 = self.xs[cell.col], self.xs[cell.col + cell.colspan]
        top = part.rows[span[0]][0]
        bottom = part.rows[span[-1]][0] + part.rows[span[-1]][1]
        if cell.colspan == self.g.n_cols and cell.header and self.g.key == "t2":
            page.fills.append((x0, top, x1, bottom))
        above = span[0] > cell.row or (
            span[0] in self.split and not self._first_half(part, span[0])
        )
        below = span[-1] < cell.row + cell.rowspan - 1 or self._first_half(part, span[-1])
        seams = self.layout.style.open_seams and cell.col == 0
        if not (seams and above):
            page.rules.append((x0, top, x1, top))
        if not (seams and below):
            page.rules.append((x0, bottom, x1, bottom))
        page.rules += [(x0, top, x0, bottom), (x1, top, x1, bottom)]
        self._draw_text(page, part, c, x0, x1)

    def _draw_text(self, page: _Page, part: _Part, c: _Cell, x0: float, x1: float) -> None:
        """Lines vertically centred over the whole merged cell, each drawn where it falls."""
        cell = c.cell
        if not c.lines:
            return
        if cell.row in self.split:
            fit = self.split[cell.row][0]
            lines = c.lines[:fit] if self._first_half(part, cell.row) else c.lines[fit:]
            if lines:
                self._put(page, lines, x0, x1, part.rows[cell.row][0] + _PAD, cell)
            return
        total = sum(self.heights[cell.row : cell.row + cell.rowspan])
        offset = max(_PAD, (total - len(c.lines) * self.lead) / 2)
        for k, line in enumerate(c.lines):
            r, within = self._row_at(cell, offset + k * self.lead)
            if r in part.rows:
                y, h = part.rows[r]
                self._put(page, [line], x0, x1, y + min(within, max(_PAD, h - self.size)), cell)

    def _row_at(self, cell: FormCell, virtual: float) -> tuple[int, float]:
        """The row of a merged cell at `virtual` points below its top, and the offset in it."""
        acc = 0.0
        last = cell.row + cell.rowspan - 1
        for r in range(cell.row, last + 1):
            if virtual + self.size / 2 < acc + self.heights[r] or r == last:
                return r, virtual - acc
            acc += self.heights[r]
        return last, 0.0

    def _put(
        self, page: _Page, lines: list[str], x0: float, x1: float, y: float, cell: FormCell
    ) -> None:
        centred = bool(cell.indicator) or cell.header or cell.colspan > 1
        for k, line in enumerate(lines):
            w = _width(line, self.size)
            x = x0 + (x1 - x0 - w) / 2 if centred else x0 + _PAD
            page.texts.append((x, y + k * self.lead + self.size, line, self.size, 0.0))


def _draw_table(layout: _Layout, g: Grid) -> None:
    writer = _TableWriter(layout, g)
    writer.draw(writer.paginate())
    layout.gap(layout.style.body)


# --- document ------------------------------------------------------------------------------


def _narrative(layout: _Layout, report: SynthReport) -> None:
    style = layout.style
    by_section, tail = _placed(report)
    layout.centered(report.agency, style.body + 6)
    layout.centered(f"{report.year}年政府信息公开工作年度报告", style.body + 6)
    layout.gap(style.body)
    if report.preamble:
        layout.paragraph(report.preamble)
    for sid, heading, body in report.sections:
        layout.paragraph(heading, indent_em=0.0 if style.flush_headings else 2.0, justify=False)
        for p in _paragraphs(body):
            layout.paragraph(p)
        for g in by_section.get(sid, []):
            _draw_table(layout, g)
    for g in tail:
        if g.caption:
            layout.gap(style.body / 2)
            layout.centered(g.caption, style.body)
        _draw_table(layout, g)


def _furniture(canvas: Canvas, style: _Style, report: SynthReport, n: int, total: int) -> None:
    text = style.page_style.format(n=n, total=total)
    size = 10.5
    w = _width(text, size)
    x = (PAGE_W - w) / 2  # centred, or outside edge when odd and even pages alternate
    if style.alternate:
        x = PAGE_W - RIGHT - w if n % 2 else LEFT
    _draw_runs(canvas, x, BOTTOM / 2, text, size, 0.0)
    if style.running_header and n > 1:
        head = f"{report.agency}政府信息公开工作年度报告"
        _draw_runs(canvas, PAGE_W - RIGHT - _width(head, size), PAGE_H - TOP / 2, head, size, 0.0)


def _render(pages: list[_Page], style: _Style, report: SynthReport, path: str) -> None:
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(path, pagesize=(PAGE_W, PAGE_H), invariant=1)
    canvas.setTitle(report.title)
    canvas.setAuthor(report.agency)
    for n, page in enumerate(pages, start=1):
        canvas.setFillColorRGB(*_BAND_FILL)
        for x0, top, x1, bottom in page.fills:
            canvas.rect(x0, PAGE_H - bottom, x1 - x0, bottom - top, stroke=0, fill=1)
        canvas.setFillColorRGB(0, 0, 0)
        canvas.setLineWidth(0.5)
        for x0, top, x1, bottom in page.rules:
            canvas.line(x0, PAGE_H - top, x1, PAGE_H - bottom)
        for x, baseline, text, size, spread in page.texts:
            _draw_runs(canvas, x, PAGE_H - baseline, text, size, spread)
        _furniture(canvas, style, report, n, len(pages))
        canvas.showPage()
    canvas.save()


def to_pdf(report: SynthReport, path: str) -> None:
    """Write `report` as a PDF at `path` (narrative, ruled tables, page furniture)."""
    _register_font()
    rng = random.Random(f"{report.seed}:pdf")
    layout = _Layout(_style(rng))
    _narrative(layout, report)
    _render(layout.pages, layout.style, report, path)
