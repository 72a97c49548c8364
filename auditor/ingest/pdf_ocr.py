"""OCR of pages without a text layer (scans), for the optional [ocr] extra.

Needs pytesseract and Debian's tesseract-ocr + tesseract-ocr-chi-sim. Without them
nothing is read and the page is only reported (rule E006 says "需要OCR").

A page is rendered once with pypdfium2 (pdfplumber's own renderer) at 300 dpi, capped
by `MAX_RENDER_PIXELS`; a page whose embedded image is larger than `MAX_IMAGE_PIXELS`
is not rendered at all (a decompression bomb in an image). Then

- table rules are found in the bitmap (long dark runs) and handed to pdfplumber's own
  cell finder, so a scanned table becomes the same grid as a born-digital one;
- the rules are erased and the narrative (the page with its tables blanked) is read in
  one Tesseract call;
- table cells are read in one more call: every cell that has ink is cut out and the
  pieces are stacked on one tall "mosaic" image, far apart, so Tesseract reads each as
  its own line and each word goes back to the cell it came from. Read as a whole page,
  a ruled table loses rows and merges columns.

Numbers are where OCR hurts: a misread digit would become a false finding, and
Tesseract misreads with high confidence ("56" as "50"). Every cell read as a number is
read again by another model, digits only (one more mosaic call); it is kept only when
two readings by different models are the same clean number, read with confidence
(`check_numbers`). Otherwise, or when a cell has ink and no reading at all, the cell is
left blank and a warning names it: a digit is never guessed.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from auditor.ingest.pdf_grid import Box, PageTable, build_table, cell_text, is_data_table
from auditor.ingest.pdf_layout import Word
from auditor.ingest.pdf_page import PageContent
from auditor.values import parse_cell

if TYPE_CHECKING:
    from pypdfium2 import PdfPage

DPI = 300
MAX_RENDER_PIXELS = 40_000_000
MAX_IMAGE_PIXELS = 150_000_000
SECONDS_PER_CALL = 120
# both readings of a number must agree, neither below MIN_CONF_EACH, one at least
# MIN_CONF_BEST (Tesseract's 0–100): chi_sim is unsure of a lone "1" that eng reads well
MIN_CONF_EACH = 40.0
MIN_CONF_BEST = 70.0
_SURE = 90.0  # a short Chinese reading below this may be a misread digit
DOUBT_PREFIX = "OCR存疑："
PAGE_CONFIG = "--psm 6"
DIGITS_LANG = "eng"  # another model than the first reading: agreement means something
DIGITS_CONFIG = "--psm 6 -c tessedit_char_whitelist=0123456789.,-"
_DARK = 160  # grey level below which a pixel is ink
_RULE_PT = 15.0  # a dark run this long (points) is a rule, not a glyph stroke
_GAP = 48  # white pixels between two cells on the mosaic
_MARGIN = 24
_CJK = re.compile(r"[\u3400-\u9fff]")
_NUMBERISH = re.compile(r"^[\d.,，。:;'`|lIoO()\-—/\\_ ]+$")


@lru_cache(maxsize=1)
def available() -> bool:
    """Whether Tesseract with Simplified Chinese can be used (AUDITOR_OCR=0 turns it off)."""
    if os.environ.get("AUDITOR_OCR", "1") == "0":
        return False
    try:
        import pytesseract

        pytesseract.get_tesseract_version()
        return "chi_sim" in pytesseract.get_languages(config="")
    except Exception:  # not installed, not on PATH, or broken
        return False


def ocr_pages(data: bytes, pages: list[PageContent], warnings: list[str]) -> list[int]:
    """Read the scanned `pages` in place (words, tables); return the page numbers read."""
    if not pages or not available():
        return []
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except Exception:
        warnings.append("扫描页无法渲染，未进行OCR")
        return []
    done: list[int] = []
    try:
        for content in pages:
            if content.image_pixels > MAX_IMAGE_PIXELS:
                warnings.append(f"第 {content.number} 页的图像过大，未进行OCR")
                continue
            try:
                read_scanned_page(pdf[content.number - 1], content, warnings)
            except Exception as exc:  # tesseract timeout or failure: report, go on
                warnings.append(f"第 {content.number} 页OCR失败（{type(exc).__name__}）")
                continue
            done.append(content.number)
    finally:
        pdf.close()
    return done


def _scale(width_pt: float, height_pt: float) -> float:
    scale = DPI / 72
    pixels = width_pt * height_pt * scale * scale
    if pixels > MAX_RENDER_PIXELS:
        scale *= (MAX_RENDER_PIXELS / pixels) ** 0.5
    return scale


@dataclass
class _Scan:
    """A rendered page: grey pixels with rules erased, ink mask, points → pixels."""

    gray: NDArray[np.uint8]
    scale: float
    page: int

    def box(self, bbox: tuple[float, float, float, float], inset: int = 0) -> tuple:
        x0, top, x1, bottom = (round(v * self.scale) for v in bbox)
        return (
            x0 + inset,
            top + inset,
            max(x0 + inset + 1, x1 - inset),
            max(top + inset + 1, bottom - inset),
        )


def read_scanned_page(page: PdfPage, content: PageContent, warnings: list[str]) -> None:
    """Render, find rules, OCR narrative and cells; fill `content.words`, `.tables`."""

    scale = _scale(content.width, content.height)
    bitmap = page.render(scale=scale, grayscale=True)
    gray = np.array(bitmap.to_pil().convert("L"))
    ink = gray < _DARK
    min_run = max(8, int(_RULE_PT * scale))
    h_runs, v_runs = runs(ink, min_run), runs(ink.T, min_run)
    erase(gray, h_runs, v_runs)
    scan = _Scan(gray, scale, content.number)
    edges = [_edge(r, scale, "h") for r in merge_runs(h_runs)]
    edges += [_edge(r, scale, "v") for r in merge_runs(v_runs)]
    tables = [build_table(cells, [], content.number) for cells in cells_from_edges(edges)]
    read_cells([b for t in tables for b in t.boxes()], scan)
    tables = [t for t in tables if is_data_table(t)]
    for t in tables:
        check_numbers(t, scan, warnings)
    content.words = narrative_words(scan, [t.bbox for t in tables])
    content.tables = tables


# --- rules in the bitmap ---------------------------------------------------------------------


Run = tuple[int, int, int]  # (row, start, end) in pixels


def runs(ink: NDArray[np.bool_], min_len: int) -> list[Run]:
    """Horizontal runs of ink at least `min_len` long: (row, start, end)."""

    arr = np.asarray(ink, dtype=np.int8)
    diff = np.diff(np.pad(arr, ((0, 0), (1, 1))), axis=1)
    rows_s, cols_s = np.nonzero(diff == 1)
    _, cols_e = np.nonzero(diff == -1)
    keep = (cols_e - cols_s) >= min_len
    return list(
        zip(rows_s[keep].tolist(), cols_s[keep].tolist(), cols_e[keep].tolist(), strict=True)
    )


def merge_runs(found: list[Run]) -> list[tuple[float, int, int]]:
    """Runs on adjacent rows that overlap are one rule (a rule is a few pixels thick)."""
    rules: list[list[float]] = []  # [first row, last row, start, end]
    for row, start, end in sorted(found):
        for rule in reversed(rules[-8:]):
            if row - rule[1] <= 1 and start < rule[3] and end > rule[2]:
                rule[1], rule[2], rule[3] = row, min(rule[2], start), max(rule[3], end)
                break
        else:
            rules.append([row, row, start, end])
    return [((a + b) / 2, int(s), int(e)) for a, b, s, e in rules]


def erase(gray: NDArray[np.uint8], h_runs: list[Run], v_runs: list[Run]) -> None:
    """Paint the rules white so Tesseract does not read them as "|" or "_"."""
    for row, start, end in h_runs:
        gray[max(0, row - 1) : row + 2, start:end] = 255
    for col, start, end in v_runs:
        gray[start:end, max(0, col - 1) : col + 2] = 255


def _edge(rule: tuple[float, int, int], scale: float, orient: str) -> dict:
    pos, start, end = rule[0] / scale, rule[1] / scale, rule[2] / scale
    x0, x1, top, bottom = (start, end, pos, pos) if orient == "h" else (pos, pos, start, end)
    return {
        "object_type": "ocr_edge",
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": orient,
    }


def cells_from_edges(edges: list[dict]) -> list[list[tuple]]:
    """pdfplumber's own cell finder on rules found in a bitmap."""
    from pdfplumber.table import (
        cells_to_tables,
        edges_to_intersections,
        intersections_to_cells,
        merge_edges,
    )

    if len(edges) < 4:
        return []
    merged = [e for e in merge_edges(edges, 3, 3, 3, 3) if max(e["width"], e["height"]) >= 3]
    cells = intersections_to_cells(edges_to_intersections(merged, 3, 3))
    return [list(g) for g in cells_to_tables(cells) if g]


# --- Tesseract ---------------------------------------------------------------------------------


def tesseract_words(
    image: Image.Image, config: str = PAGE_CONFIG, lang: str = "chi_sim"
) -> list[Word]:
    """Words with pixel boxes and confidences from one Tesseract call (page 0)."""
    import pytesseract

    data = pytesseract.image_to_data(
        image,
        lang=lang,
        config=config,
        output_type=pytesseract.Output.DICT,
        timeout=SECONDS_PER_CALL,
    )
    words: list[Word] = []
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        if text:
            x, y, w, h = (float(data[k][i]) for k in ("left", "top", "width", "height"))
            words.append(Word(text, x, y, x + w, y + h, 0, conf=float(data["conf"][i])))
    return words


def _to_points(w: Word, scale: float, page: int, dx: float = 0.0, dy: float = 0.0) -> Word:
    return Word(
        w.text,
        (w.x0 + dx) / scale,
        (w.top + dy) / scale,
        (w.x1 + dx) / scale,
        (w.bottom + dy) / scale,
        page,
        w.conf,
    )


def narrative_words(scan: _Scan, table_boxes: list[tuple]) -> list[Word]:
    """The page outside its tables, read in one call."""

    gray = scan.gray.copy()
    for bbox in table_boxes:
        x0, top, x1, bottom = scan.box(bbox, inset=-4)
        gray[max(0, top) : bottom, max(0, x0) : x1] = 255
    if not (gray < _DARK).any():
        return []
    return [_to_points(w, scan.scale, scan.page) for w in tesseract_words(Image.fromarray(gray))]


def _ink_box(region: NDArray[np.uint8]) -> tuple[int, int, int, int] | None:
    """Bounding box (x0, y0, x1, y1) of the ink in a region, or None when blank."""

    mask = np.asarray(region) < _DARK
    if mask.sum() < 6:
        return None
    ys, xs = np.nonzero(mask)
    return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1


def _mosaic(
    boxes: list[Box], scan: _Scan, config: str = PAGE_CONFIG, lang: str = "chi_sim", zoom: int = 1
) -> dict[int, list[Word]]:
    """Words of each box with ink, from one Tesseract call over a mosaic of the cells.

    Each cell's ink is cut out and pasted left-aligned on one tall white image, far
    below the previous one, so every cell is its own text line; a word goes back to
    the cell whose band holds its centre (in page points).
    """

    pieces = []  # box, crop, x offset, y offset (pixels on the page)
    for box in boxes:
        x0, top, x1, bottom = scan.box(box.bbox, inset=3)
        region = scan.gray[top:bottom, x0:x1]
        ink = _ink_box(region)
        if ink is not None:
            crop = region[ink[1] : ink[3], ink[0] : ink[2]]
            pieces.append((box, crop, x0 + ink[0], top + ink[1]))
    if not pieces:
        return {}
    width = max(p[1].shape[1] for p in pieces) + 2 * _MARGIN
    height = sum(p[1].shape[0] + _GAP for p in pieces) + _MARGIN
    mosaic = np.full((height, width), 255, dtype=np.uint8)
    bands = []
    y = _MARGIN
    for box, crop, ox, oy in pieces:
        h, w = crop.shape
        mosaic[y : y + h, _MARGIN : _MARGIN + w] = crop
        bands.append((y, y + h, box, ox - _MARGIN, oy - y))
        y += h + _GAP
    found: dict[int, list[Word]] = {id(b): [] for b, *_ in pieces}
    image = Image.fromarray(mosaic)
    if zoom > 1:
        image = image.resize((width * zoom, height * zoom), Image.Resampling.LANCZOS)
    for word in tesseract_words(image, config, lang):
        word = Word(
            word.text,
            word.x0 / zoom,
            word.top / zoom,
            word.x1 / zoom,
            word.bottom / zoom,
            0,
            word.conf,
        )
        for y0, y1, box, dx, dy in bands:
            if y0 - _GAP / 2 <= word.yc < y1 + _GAP / 2:
                found[id(box)].append(_to_points(word, scan.scale, scan.page, dx, dy))
                break
    return found


def read_cells(boxes: list[Box], scan: _Scan) -> None:
    """Read every cell with ink (one call for all of them)."""
    found = _mosaic(boxes, scan)
    for box in boxes:
        box.words = found.get(id(box), [])
        box.text = cell_text(box.words)


# --- numbers -------------------------------------------------------------------------------------


def _looks_numeric(text: str) -> bool:
    """An OCR reading meant as a number (no Chinese, mostly digits), clean or not."""
    t = text.replace(" ", "")
    return (
        bool(t)
        and not _CJK.search(t)
        and bool(_NUMBERISH.match(t))
        and any(ch.isdigit() for ch in t)
    )


def _maybe_number(box: Box) -> bool:
    """A short reading that may be a misread number: chi_sim reads a lone "1" as "]",
    "工" or "和". Short readings without Chinese, or unsure ones, are checked."""
    text = box.text.replace(" ", "")
    if len(text) > 3:
        return False
    return not _CJK.search(text) or any((w.conf or 0) < _SURE for w in box.words)


def _clean_number(text: str) -> bool:
    return parse_cell(text)[2] in ("ZERO", "NUMBER")


def check_numbers(table: PageTable, scan: _Scan, warnings: list[str]) -> None:
    """Keep a number only when two models read it alike with confidence; blank the rest.

    Every cell read as a number (or as a short reading that may be a misread number)
    is read again by the `eng` model, digits only (one mosaic call for all of them).
    The number is kept when both readings are the same clean number and confident
    (see MIN_CONF_*). When they differ, chi_sim reads that cell once more on its own
    (out of the mosaic it segments differently); if that agrees with the digits-only
    reading, the number is kept. Anything else is blanked and reported.
    """
    numeric: list[Box] = []
    for box in table.boxes():
        if not box.text:
            if _has_ink(box.bbox, scan):
                _doubt(box, "（有字迹但未识别）", warnings)
        elif _looks_numeric(box.text) or _maybe_number(box):
            numeric.append(box)
    second = _mosaic(numeric, scan, DIGITS_CONFIG, lang=DIGITS_LANG)
    for box in numeric:
        words2 = second.get(id(box), [])
        again = "".join(w.text for w in words2)
        if not _looks_numeric(box.text) and not again:
            continue  # a short label after all: no digit in it
        if _agree(box.words, words2):
            box.text = again
            continue
        alone = _read_alone(box.bbox, scan) if _clean_number(again) else []
        if _agree(alone, words2):
            box.text, box.words = again, alone
        else:
            _doubt(box, f"“{box.text}”（复核读数“{again}”）", warnings)


def _agree(first: list[Word], second: list[Word]) -> bool:
    """Two readings of one cell are the same clean number, read with confidence."""
    a = "".join(w.text for w in first).replace(" ", "")
    b = "".join(w.text for w in second).replace(" ", "")
    if not first or not second or a != b or not _clean_number(a):
        return False
    confs = [w.conf or 0.0 for w in first + second]
    return min(confs) >= MIN_CONF_EACH and max(confs) >= MIN_CONF_BEST


def _read_alone(bbox: tuple, scan: _Scan) -> list[Word]:
    """One cell read by chi_sim on its own, as a single line."""

    x0, top, x1, bottom = scan.box(bbox, inset=3)
    region = scan.gray[top:bottom, x0:x1]
    ink = _ink_box(region)
    if ink is None:
        return []

    crop = np.pad(region[ink[1] : ink[3], ink[0] : ink[2]], _MARGIN, constant_values=255)
    return tesseract_words(Image.fromarray(crop), "--psm 7")


def _doubt(box: Box, reading: str, warnings: list[str]) -> None:
    x0, top, x1, bottom = box.bbox
    where = f"第 {box.page} 页表格单元格（x={x0:.0f}–{x1:.0f}，y={top:.0f}–{bottom:.0f}）"
    warnings.append(f"{DOUBT_PREFIX}{where}的OCR读数{reading}不确定，已留空")
    box.text, box.words = "", []


def _has_ink(bbox: tuple, scan: _Scan) -> bool:
    x0, top, x1, bottom = scan.box(bbox, inset=4)
    region = scan.gray[top:bottom, x0:x1]
    return _ink_box(region) is not None
