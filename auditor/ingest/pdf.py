"""PDF reports → one `Document`: narrative in reading order and tables as grids.

Most annual reports are published as PDFs exported from WPS or Word. This reader opens
the file once and reads every page in one pass (`pdf_page.read_page`: words and ruled
tables from the same page object), then

- removes page furniture (page numbers "- 3 -", "— 3 —", "第3页", running headers) and
  re-joins paragraphs broken by line and page ends (`pdf_layout`);
- builds each ruled table as a grid of merged cells, appends a table continued on the
  next page to its first part, dropping repeated header rows and re-joining a row or a
  merged label split by the break (`pdf_grid`); tables printed without rules are found
  by text alignment (`pdf_aligned`);
- finds pages without a text layer (scans) and, when Tesseract is installed, reads them
  by OCR (`pdf_ocr`); numbers OCR could not read with certainty are left blank and
  reported, never guessed.

The text is laid out like the other readers': one line per paragraph, each table as one
line per grid row with tab-separated cells and a blank line around it; covered
positions of merged cells are empty fields and carry `copy_of`. `Document.page_spans`
gives the page of every written piece; each origin cell has its page and its box
(x0, top, x1, bottom in PDF points, origin top-left, as pdfplumber measures).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from auditor.errors import InputError
from auditor.ingest import pdf_ocr
from auditor.ingest.pdf_aligned import find_aligned_tables
from auditor.ingest.pdf_grid import Box, PageTable, append, compact, compatible
from auditor.ingest.pdf_layout import (
    Body,
    Line,
    TextBuilder,
    group_lines,
    measure_body,
    strip_furniture,
    write_paragraphs,
)
from auditor.ingest.pdf_page import PageContent, read_page
from auditor.ingest.pdf_source import (
    DAMAGED,
    SECONDS_PER_PAGE,
    SECONDS_TOTAL,
    failure_reason,
    iter_pages,
    open_pdf,
    time_limit,
)
from auditor.model import Document, GridCell, Span, Table

MEDIA_TYPE = "application/pdf"
NO_TEXT = "PDF 没有可读取的文字（{pages} 页均为扫描图像），需要OCR：请安装 tesseract-ocr 和 tesseract-ocr-chi-sim"
EMPTY = "PDF 中没有任何文字或图像内容"
_TITLE_WORDS = ("统计表", "情况表", "统计情况", "附表")


def load_pdf(path: str, data: bytes, sha256: str) -> Document:
    """Read a PDF report into a Document; raises InputError with a Chinese reason."""
    pages = read_pages(data)
    warnings: list[str] = []
    scanned = [p.number for p in pages if p.scanned]
    ocr_done = pdf_ocr.ocr_pages(data, [p for p in pages if p.scanned], warnings)
    if not any(p.words or p.tables for p in pages):
        if scanned:
            raise InputError(NO_TEXT.format(pages=len(scanned)))
        raise InputError(EMPTY)
    doc = assemble(pages, path, sha256)
    doc.pages_without_text = scanned
    doc.ocr_pages = ocr_done
    doc.warnings.extend(warnings)
    doc.uncertain_cells.extend(w for w in warnings if w.startswith(pdf_ocr.DOUBT_PREFIX))
    return doc


def read_pages(data: bytes) -> list[PageContent]:
    """Every page's content, each page parsed once and under a deadline."""
    pdf = open_pdf(data)
    started = time.monotonic()
    pages: list[PageContent] = []
    try:
        for page in iter_pages(pdf):
            try:
                with time_limit(SECONDS_PER_PAGE):
                    pages.append(read_page(page))
            except InputError:
                raise
            except Exception as exc:  # pdfminer: damaged page content
                raise InputError(failure_reason(exc, page.page_number)) from exc
            finally:
                page.close()
            if time.monotonic() - started > SECONDS_TOTAL:
                raise InputError(f"PDF 解析超时（超过 {SECONDS_TOTAL:.0f} 秒），疑似异常文件")
    finally:
        pdf.close()
    if not pages:
        raise InputError(f"{DAMAGED}（没有页面）")
    return pages


# --- layout ------------------------------------------------------------------------------


@dataclass
class _Block:
    """A narrative line or a table, at its place on its page."""

    page: int
    top: float
    line: Line | None = None
    table: PageTable | None = None


def _page_blocks(lines: list[Line], tables: list[PageTable], page: int) -> list[_Block]:
    blocks = [_Block(page, ln.top, line=ln) for ln in lines]
    blocks += [_Block(page, t.bbox[1], table=t) for t in tables]
    return sorted(blocks, key=lambda b: b.top)


def _flow(pages: list[PageContent]) -> tuple[list[_Block], Body]:
    """All blocks in reading order, furniture removed, continued tables appended."""
    per_page = [group_lines(p.words) for p in pages]
    kept, _ = strip_furniture(per_page, [p.height for p in pages])
    body = measure_body([ln for lines in kept for ln in lines])
    flow: list[_Block] = []
    for page, lines in zip(pages, kept, strict=True):
        tables = list(page.tables)
        if not tables:
            aligned, lines = find_aligned_tables(lines, body)
            tables += aligned
        blocks = _page_blocks(lines, tables, page.number)
        if blocks and flow and _continues(flow[-1], blocks[0]):
            prev = flow[-1].table
            assert prev is not None and blocks[0].table is not None
            flow[-1].table = append(prev, blocks[0].table)
            blocks = blocks[1:]
        flow.extend(blocks)
    return flow, body


def _continues(last: _Block, first: _Block) -> bool:
    """A table at the top of a page continues the table that ended the previous page."""
    return (
        last.table is not None
        and first.table is not None
        and first.page == last.table.last_page + 1
        and compatible(last.table, first.table)
    )


def assemble(pages: list[PageContent], path: str, sha256: str) -> Document:
    """Write the flow of blocks into the document text and tables."""
    flow, body = _flow(pages)
    builder = TextBuilder()
    tables: list[Table] = []
    previous: Line | None = None  # the last narrative line, until a table intervenes
    title_span: Span | None = None
    run: list[Line] = []
    for block in [*flow, _Block(0, 0.0)]:
        if block.line is not None:
            run.append(block.line)
            continue
        if run:
            spans, previous = write_paragraphs(builder, run, body, previous)
            title_span, run = spans[-1], []
        if block.table is not None:
            tables.append(_write_table(builder, compact(block.table), title_span))
            previous, title_span = None, None
    text = builder.text().rstrip("\n")
    return Document(
        path=path,
        media_type=MEDIA_TYPE,
        sha256=sha256,
        text=text,
        tables=tables,
        page_spans=[(s, min(e, len(text)), p) for s, e, p in builder.page_spans if s < len(text)],
    )


def _rounded(box: Box) -> tuple[float, float, float, float]:
    """The cell's box to 0.01 pt: enough to find it, short in the JSON."""
    x0, top, x1, bottom = box.bbox
    return (round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2))


def _write_table(builder: TextBuilder, t: PageTable, title_span: Span | None) -> Table:
    """Write the grid one row per line; origins get spans, covered slots `copy_of`."""
    title = None
    text = builder.text()
    if title_span is not None:
        candidate = text[title_span[0] : title_span[1]]
        if len(candidate) <= 60 and any(w in candidate for w in _TITLE_WORDS):
            title = candidate
    builder.blank_line(t.page)
    start = builder.pos
    origins: dict[int, tuple[tuple[int, int], Span | None]] = {}
    rows: list[list[GridCell]] = []
    for r, slots in enumerate(t.slots):
        page = t.rows[r].page
        if r:
            builder.add("\n", page)
        out: list[GridCell] = []
        for c, box in enumerate(slots):
            if c:
                builder.add("\t", page)
            if box is None:
                out.append(GridCell(text=""))
                continue
            if id(box) in origins:
                origin, span = origins[id(box)]
                out.append(
                    GridCell(box.text, span, page=box.page, bbox=_rounded(box), copy_of=origin)
                )
                continue
            span = builder.add(box.text, page) if box.text else None
            origins[id(box)] = ((r, c), span)
            out.append(GridCell(box.text, span, page=box.page, bbox=_rounded(box)))
        rows.append(out)
    end = builder.pos
    builder.blank_line(t.last_page)
    table_start = title_span[0] if title is not None and title_span else start
    return Table(rows=rows, span=(table_start, end), title=title)
