"""PDF text geometry → reading-order lines and paragraphs, with exact offsets.

A PDF has no paragraphs, only positioned words. Reports are set in one column with
indented first lines, a page number in the footer ("- 3 -", "— 3 —", "第3页"), and
sentences that run over line and page ends. This module

- groups words into lines (by vertical overlap: WPS prints digits in another font one
  point lower than the Chinese around them, so equal `top` would split the line);
- removes page furniture: page numbers and running headers/footers, recognised only as
  the first or last line of a page, by their pattern or by repeating on other pages;
- decides which consecutive lines continue one paragraph (`should_join`), so that a
  sentence broken by the layout reads as one line of text again;
- writes the text (`TextBuilder`) keeping, for every piece written, its page.

Everything here is pure geometry and strings (no pdfplumber), so it is tested with
synthetic lines, including a property test that every span stays exact.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from statistics import median

from auditor.ingest.normalize import to_halfwidth


@dataclass
class Word:
    """A word with its box in PDF points (pdfplumber's top-down coordinates)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    page: int
    conf: float | None = None  # OCR confidence 0–100; None for a text layer
    # (char, x0, x1) of a text-layer word: where to cut it if it crosses a ruled edge
    chars: tuple[tuple[str, float, float], ...] = ()

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def yc(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class Line:
    """Words on one baseline, left to right; `text` is their normalised reading."""

    words: list[Word]
    page: int
    text: str = ""
    x0: float = 0.0
    top: float = 0.0
    x1: float = 0.0
    bottom: float = 0.0
    size: float = 0.0  # the tallest word's height: the line's font size

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.x0, self.top, self.x1, self.bottom)


def _ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def join_words(words: list[Word]) -> str:
    """Read words of one line: a space only between two ASCII alphanumeric words.

    Chinese has no spaces; PDF producers leave gaps between Chinese and Latin runs
    ("2024 年") that are spacing, not text. Two numbers side by side ("10 1") must
    never run together.
    """
    out = ""
    for w in words:
        text = to_halfwidth(w.text).replace("\t", " ").strip()
        if not text:
            continue
        if out and _ascii_alnum(out[-1]) and _ascii_alnum(text[0]):
            out += " "
        out += text
    return out


def make_line(words: list[Word]) -> Line:
    words = sorted(words, key=lambda w: w.x0)
    return Line(
        words=words,
        page=words[0].page,
        text=join_words(words),
        x0=min(w.x0 for w in words),
        top=min(w.top for w in words),
        x1=max(w.x1 for w in words),
        bottom=max(w.bottom for w in words),
        size=max(w.height for w in words),
    )


def group_lines(words: list[Word]) -> list[Line]:
    """Group words into lines top to bottom.

    A word joins the current line when its vertical centre lies inside the line's
    band; mixed fonts on one baseline differ by a point or two, consecutive lines by
    a whole line pitch.
    """
    lines: list[list[Word]] = []
    band: tuple[float, float] | None = None
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        if band is not None and band[0] <= w.yc <= band[1]:
            lines[-1].append(w)
            band = (min(band[0], w.top), max(band[1], w.bottom))
            continue
        lines.append([w])
        band = (w.top, w.bottom)
    out = [make_line(ws) for ws in lines]
    return [ln for ln in out if ln.text]


# --- page furniture ------------------------------------------------------------------------

_DASHES = r"\-—–－―~～·•_"
_PAGE_NUMBER = re.compile(
    rf"^[{_DASHES}\s]*(?:第\s*)?\d{{1,4}}(?:\s*页)?"
    rf"(?:\s*[/／]\s*\d{{1,4}}|\s*[,，]?\s*共\s*\d{{1,4}}\s*页)?[{_DASHES}\s]*$"
    r"|^(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$",
    re.I,
)
_DIGITS = re.compile(r"\d+")
# a line this close to the page's top or bottom edge (share of the page height) may be
# a running header or footer
_MARGIN_SHARE = 0.12


def is_page_number(text: str) -> bool:
    """Whether a line is only a page number: "3", "-3-", "- 3 -", "— 3 —", "第3页", "3/6"."""
    t = text.strip()
    return bool(t) and bool(_PAGE_NUMBER.match(t))


def _shape(text: str) -> str:
    """A line's text with its numbers masked: running headers repeat with page numbers."""
    return _DIGITS.sub("#", text.replace(" ", ""))


def strip_furniture(
    pages: list[list[Line]], heights: list[float]
) -> tuple[list[list[Line]], list[Line]]:
    """Remove page numbers, running headers and footers; return (kept, removed).

    Only a page's first or last lines in its top or bottom margin are candidates: a
    page-number pattern removes them; so does text that recurs (numbers masked) in the
    same margin of at least three pages (two in a document of up to four pages: the
    first page usually has no running header).
    """
    zone_shapes: Counter[tuple[str, str]] = Counter()
    for lines, h in zip(pages, heights, strict=True):
        seen: set[tuple[str, str]] = set()
        for ln in lines:
            zone = _zone(ln, h)
            if zone:
                seen.add((zone, _shape(ln.text)))
        zone_shapes.update(seen)
    need = 3 if len(pages) >= 5 else 2
    kept_pages: list[list[Line]] = []
    removed: list[Line] = []
    for lines, h in zip(pages, heights, strict=True):
        lines = list(lines)
        for end in (0, -1):
            for _ in range(2):
                if not lines:
                    break
                ln = lines[end]
                zone = _zone(ln, h)
                repeated = len(pages) > 1 and zone_shapes[(zone, _shape(ln.text))] >= need
                if zone and (is_page_number(ln.text) or repeated):
                    removed.append(lines.pop(end))
                else:
                    break
        kept_pages.append(lines)
    return kept_pages, removed


def _zone(line: Line, height: float) -> str:
    if line.bottom <= height * _MARGIN_SHARE:
        return "top"
    if line.top >= height * (1 - _MARGIN_SHARE):
        return "bottom"
    return ""


# --- paragraphs ------------------------------------------------------------------------------

_SENTENCE_END = "。；：！？!?;:"
_CLOSERS = "”’」』）)》〉】]\"' "


@dataclass
class Body:
    """The text block's geometry, measured on the document's own lines."""

    left: float
    right: float
    em: float
    pitch: float


def measure_body(lines: list[Line]) -> Body:
    """Left and right text edges (most common), font size and line pitch (medians).

    Measured on full lines (those reaching past the middle of the widest line), so
    that headings, titles and last lines of paragraphs do not move the edges.
    """
    if not lines:
        return Body(0.0, 0.0, 10.0, 14.0)
    widest = max(ln.x1 for ln in lines)
    leftmost = min(ln.x0 for ln in lines)
    full = [ln for ln in lines if ln.x1 - ln.x0 > (widest - leftmost) * 0.6] or lines
    left = Counter(round(ln.x0) for ln in full).most_common(1)[0][0]
    right = Counter(round(ln.x1) for ln in full).most_common(1)[0][0]
    em = median(ln.size for ln in full)
    pitches = [
        b.top - a.top
        for a, b in zip(lines, lines[1:], strict=False)
        if a.page == b.page and 0 < b.top - a.top < 4 * em
    ]
    pitch = median(pitches) if pitches else em * 1.5
    return Body(float(left), float(right), em, pitch)


def ends_sentence(text: str) -> bool:
    """Whether a line ends a sentence (。；：！？), looking past closing quotes."""
    core = text.rstrip(_CLOSERS)
    return bool(core) and core[-1] in _SENTENCE_END


def should_join(a: Line, b: Line, body: Body) -> bool:
    """Whether line `b` continues the paragraph of line `a` (no newline between them).

    The line must not end a sentence, must run to the right edge of the text block
    (a heading or a paragraph's last line stops short), and the next line must start
    at the left edge (an indented line opens a paragraph) in a similar font. On one
    page the next line must also follow at the normal line pitch.
    """
    if ends_sentence(a.text):
        return False
    slack = 2.5 * body.em
    if a.x1 < body.right - slack:
        return False
    if b.x0 > body.left + 0.8 * body.em:
        return False
    if abs(a.size - b.size) > 0.25 * max(a.size, b.size):
        return False
    return a.page != b.page or b.top - a.top <= 1.6 * body.pitch


def join_text(left: str, right: str) -> str:
    """The separator between two joined lines: none (Chinese lines break anywhere)."""
    del left, right
    return ""


# --- writing -----------------------------------------------------------------------------------


@dataclass
class TextBuilder:
    """Accumulates the document text and records the page of every piece written."""

    parts: list[str] = field(default_factory=list)
    pos: int = 0
    page_spans: list[tuple[int, int, int]] = field(default_factory=list)
    _tail: str = ""

    def add(self, s: str, page: int) -> tuple[int, int]:
        """Write `s` from `page`; return its span."""
        start = self.pos
        if not s:
            return start, start
        self.parts.append(s)
        self.pos += len(s)
        self._tail = (self._tail + s)[-2:]
        if self.page_spans and self.page_spans[-1][2] == page and self.page_spans[-1][1] == start:
            self.page_spans[-1] = (self.page_spans[-1][0], self.pos, page)
        else:
            self.page_spans.append((start, self.pos, page))
        return start, self.pos

    def newline(self, page: int) -> None:
        if self.pos and not self._tail.endswith("\n"):
            self.add("\n", page)

    def blank_line(self, page: int) -> None:
        if self.pos:
            self.newline(page)
            if not self._tail.endswith("\n\n"):
                self.add("\n", page)

    def text(self) -> str:
        return "".join(self.parts)


def write_paragraphs(
    builder: TextBuilder, lines: list[Line], body: Body, previous: Line | None = None
) -> tuple[list[tuple[int, int]], Line | None]:
    """Write narrative lines, joining those that continue a paragraph.

    `previous` is the last narrative line written before (it may be on the previous
    page); returns each line's span and the last line written.
    """
    spans: list[tuple[int, int]] = []
    for ln in lines:
        if previous is not None and should_join(previous, ln, body):
            builder.add(join_text(previous.text, ln.text), ln.page)
        else:
            builder.newline(previous.page if previous else ln.page)
        spans.append(builder.add(ln.text, ln.page))
        previous = ln
    return spans, previous
