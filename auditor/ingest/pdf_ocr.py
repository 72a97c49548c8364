"""OCR of pages without a text layer (scans), for the optional [ocr] extra.

Needs pytesseract and Debian's tesseract-ocr + tesseract-ocr-chi-sim. Without them
nothing is read and the page is only reported (rule E006 says "需要OCR").

A page is rendered once with pypdfium2 (pdfplumber's own renderer) at 300 dpi, capped
by `MAX_RENDER_PIXELS`; a page whose embedded image is larger than
`MAX_IMAGE_PIXELS` is not rendered at all (a decompression bomb in an image). Table
rules are found in the bitmap (long dark runs) and handed to pdfplumber's own
cell finder, so a scanned table becomes the same grid as a born-digital one; the rules
are then erased and the page read by Tesseract in one call, words placed in cells by
their centre.

Numbers are where OCR hurts: a misread digit would become a false finding. A cell
whose reading is a number is kept only when Tesseract is confident; otherwise the cell
alone is read again with a digits-only whitelist, and if that is not confident either
(or the cell has ink but no reading) the cell is left blank and a warning names it.
A digit is never guessed.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

from auditor.ingest.pdf_grid import PageTable
from auditor.ingest.pdf_layout import Word
from auditor.ingest.pdf_page import PageContent, split_tables
from auditor.values import parse_cell

DPI = 300
MAX_RENDER_PIXELS = 40_000_000
MAX_IMAGE_PIXELS = 150_000_000
SECONDS_PER_PAGE = 60
MIN_CONF = 80.0  # a number read below this confidence is read again
RETRY_CONF = 88.0  # and kept only if the digits-only reading reaches this
DOUBT_PREFIX = "OCR存疑："
_DARK = 160  # grey level below which a pixel is ink
_RULE_PT = 15.0  # a dark run this long (points) is a rule, not a glyph stroke
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

    done: list[int] = []
    try:
        pdf = pdfium.PdfDocument(data)
    except Exception:
        warnings.append("扫描页无法渲染，未进行OCR")
        return []
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


def read_scanned_page(page: object, content: PageContent, warnings: list[str]) -> None:
    """Render, find rules, OCR; fill `content.words` and `content.tables`."""
    import numpy as np
    from PIL import Image

    scale = _scale(content.width, content.height)
    bitmap = page.render(scale=scale, grayscale=True)  # type: ignore[attr-defined]
    gray = np.asarray(bitmap.to_pil().convert("L"))
    ink = gray < _DARK
    min_run = max(8, int(_RULE_PT * scale))
    h_runs = runs(ink, min_run)
    v_runs = runs(ink.T, min_run)
    cleaned = gray.copy()
    erase(cleaned, h_runs, v_runs)
    words = tesseract_words(Image.fromarray(cleaned), scale, content.number)
    edges = [_edge(r, scale, "h") for r in merge_runs(h_runs)]
    edges += [_edge(r, scale, "v") for r in merge_runs(v_runs)]
    groups = cells_from_edges(edges)
    tables, rest = split_tables(groups, words, content.number)
    clean_image = Image.fromarray(cleaned)
    for t in tables:
        check_numbers(t, clean_image, scale, cleaned < _DARK, warnings)
    content.tables, content.words = tables, rest


# --- rules in the bitmap ---------------------------------------------------------------------


def runs(ink: object, min_len: int) -> list[tuple[int, int, int]]:
    """Horizontal runs of ink at least `min_len` long: (row, start, end)."""
    import numpy as np

    arr = np.asarray(ink, dtype=np.int8)
    padded = np.pad(arr, ((0, 0), (1, 1)))
    diff = np.diff(padded, axis=1)
    rows_s, cols_s = np.nonzero(diff == 1)
    rows_e, cols_e = np.nonzero(diff == -1)
    keep = (cols_e - cols_s) >= min_len
    return list(
        zip(rows_s[keep].tolist(), cols_s[keep].tolist(), cols_e[keep].tolist(), strict=True)
    )


def merge_runs(found: list[tuple[int, int, int]]) -> list[tuple[float, int, int]]:
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


def erase(gray: object, h_runs: list, v_runs: list) -> None:
    """Paint the rules white so Tesseract does not read them as "|" or "_"."""
    for row, start, end in h_runs:
        gray[max(0, row - 1) : row + 2, start:end] = 255  # type: ignore[index]
    for col, start, end in v_runs:
        gray[start:end, max(0, col - 1) : col + 2] = 255  # type: ignore[index]


def _edge(rule: tuple[float, int, int], scale: float, orient: str) -> dict:
    pos, start, end = rule[0] / scale, rule[1] / scale, rule[2] / scale
    if orient == "h":
        x0, x1, top, bottom = start, end, pos, pos
    else:
        x0, x1, top, bottom = pos, pos, start, end
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
    merged = merge_edges(edges, 3, 3, 3, 3)
    merged = [e for e in merged if max(e["width"], e["height"]) >= 3]
    cells = intersections_to_cells(edges_to_intersections(merged, 3, 3))
    return [list(g) for g in cells_to_tables(cells) if g]


# --- Tesseract ---------------------------------------------------------------------------------


def tesseract_words(image: object, scale: float, page: int, config: str = "--psm 6") -> list[Word]:
    """Words with boxes (PDF points) and confidences from one Tesseract call."""
    import pytesseract

    data = pytesseract.image_to_data(
        image,
        lang="chi_sim",
        config=config,
        output_type=pytesseract.Output.DICT,
        timeout=SECONDS_PER_PAGE,
    )
    words: list[Word] = []
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        if not text:
            continue
        x, y = data["left"][i] / scale, data["top"][i] / scale
        w, h = data["width"][i] / scale, data["height"][i] / scale
        conf = float(data["conf"][i])
        words.append(Word(text, x, y, x + w, y + h, page, conf=conf))
    return words


def _looks_numeric(text: str) -> bool:
    """An OCR reading meant as a number (no Chinese, mostly digits), clean or not."""
    t = text.replace(" ", "")
    return bool(t) and not _CJK.search(t) and bool(_NUMBERISH.match(t)) and any(
        ch.isdigit() for ch in t
    )


def _clean_number(text: str) -> bool:
    return parse_cell(text)[2] in ("ZERO", "NUMBER")


def check_numbers(
    table: PageTable, image: object, scale: float, ink: object, warnings: list[str]
) -> None:
    """Keep a number only when it was read with confidence; blank and report the rest."""
    for box in table.boxes():
        text = box.text.replace(" ", "")
        if not text:
            if _has_ink(box.bbox, scale, ink):
                _doubt(box, "（有字迹但未识别）", warnings)
            continue
        if not _looks_numeric(text):
            continue
        confident = all((w.conf or 0) >= MIN_CONF for w in box.words)
        if _clean_number(text) and confident:
            box.text = text
            continue
        retry = _read_cell(box.bbox, image, scale, box.page)
        if retry is not None:
            box.text = retry
            continue
        _doubt(box, f"“{box.text}”", warnings)


def _doubt(box: object, reading: str, warnings: list[str]) -> None:
    x0, top, x1, bottom = box.bbox  # type: ignore[attr-defined]
    warnings.append(
        f"{DOUBT_PREFIX}第 {box.page} 页表格单元格（x={x0:.0f}–{x1:.0f}，y={top:.0f}–{bottom:.0f}）"  # type: ignore[attr-defined]
        f"的OCR读数{reading}不确定，已留空"
    )
    box.text = ""  # type: ignore[attr-defined]
    box.words = []  # type: ignore[attr-defined]


def _crop(bbox: tuple, image: object, scale: float, inset: int = 3) -> object:
    x0, top, x1, bottom = (round(v * scale) for v in bbox)
    return image.crop((x0 + inset, top + inset, max(x0 + inset + 1, x1 - inset), max(top + inset + 1, bottom - inset)))  # type: ignore[attr-defined]


def _read_cell(bbox: tuple, image: object, scale: float, page: int) -> str | None:
    """One cell again, digits only; the reading if every symbol is confident."""
    crop = _crop(bbox, image, scale)
    words = tesseract_words(
        crop, 1.0, page, config="--psm 7 -c tessedit_char_whitelist=0123456789.,-"
    )
    text = "".join(w.text for w in words)
    if not words or not _clean_number(text):
        return None
    if min(w.conf or 0 for w in words) < RETRY_CONF:
        return None
    return text


def _has_ink(bbox: tuple, scale: float, ink: object, inset: int = 4, min_pixels: int = 12) -> bool:
    x0, top, x1, bottom = (round(v * scale) for v in bbox)
    region = ink[top + inset : bottom - inset, x0 + inset : x1 - inset]  # type: ignore[index]
    return bool(region.size) and int(region.sum()) >= min_pixels

