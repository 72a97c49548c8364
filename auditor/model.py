"""The data that flows through the pipeline.

One `Document` is produced by ingestion; each later stage adds its own results to an
`AuditResult` without reaching back into earlier stages. Every span is a pair of
character offsets into `Document.text` (the normalised text), so evidence stays
clickable whatever the input format was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Span = tuple[int, int]
Semantic = Literal["ZERO", "NUMBER", "EMPTY", "NA", "TEXT"]
Severity = Literal["error", "warning", "info"]
Status = Literal["pass", "fail", "uncertain", "not_assessable"]


@dataclass
class GridCell:
    """One cell of a table as read from the source, before any indicator mapping."""

    text: str
    span: Span | None = None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    # For a position covered by a rowspan/colspan, the (row, col) of the cell that
    # spans it; the text is repeated so labels read naturally, values are not re-used.
    copy_of: tuple[int, int] | None = None


@dataclass
class Table:
    """A table as a grid of rows; `span` covers its whole extent in the text."""

    rows: list[list[GridCell]]
    span: Span
    title: str | None = None
    # True when the source had no cell boundaries (crawler text run together) and the
    # grid was reconstructed; values from it may be marked inferred.
    reconstructed: bool = False


@dataclass
class Document:
    """The ingested report: normalised text, its tables, and where it came from."""

    path: str
    media_type: str
    sha256: str
    text: str
    tables: list[Table] = field(default_factory=list)
    # source_offsets[i] is the offset in the decoded original of text[i]; lets a
    # reviewer map evidence back to the file they opened.
    source_offsets: list[int] | None = None
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)
    # PDF provenance: (start, end, page) spans of the text, 1-based pages
    page_spans: list[tuple[int, int, int]] = field(default_factory=list)
    # pages without a text layer (scans); and those of them read by OCR
    pages_without_text: list[int] = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)
    # OCR'd cells whose reading is in doubt (low confidence): never used as certain
    uncertain_cells: list[str] = field(default_factory=list)

    def page_of(self, offset: int) -> int | None:
        """The PDF page of a character offset, if the document came from a PDF."""
        for start, end, page in self.page_spans:
            if start <= offset < end:
                return page
        return None

    def line_of(self, offset: int) -> int:
        """1-based line number of a character offset in the normalised text."""
        return self.text.count("\n", 0, max(0, offset)) + 1

    def narrative_mask(self) -> list[Span]:
        """Spans of the text that are narrative (outside every table)."""
        spans: list[Span] = []
        cursor = 0
        for table in sorted(self.tables, key=lambda t: t.span[0]):
            if table.span[0] > cursor:
                spans.append((cursor, table.span[0]))
            cursor = max(cursor, table.span[1])
        if cursor < len(self.text):
            spans.append((cursor, len(self.text)))
        return spans


@dataclass
class TemplateMatch:
    template: str  # legacy | gov2014 | gov2019 | gov2021 | unknown
    confidence: float
    is_annual_report: bool
    evidence: list[str] = field(default_factory=list)


@dataclass
class Heading:
    """A heading found in the narrative, with the section id it was mapped to."""

    text: str
    span: Span
    level: int  # 1 = 一、 2 = （一） 3 = 一是
    section_id: str | None
    body_span: Span


@dataclass
class SectionResult:
    id: str
    name: str
    heading: str | None
    span: Span | None
    required: bool
    coverage: float
    status: Literal["covered", "thin", "missing"]
    reason: str = ""
    optional: bool = False


@dataclass
class CellValue:
    """A table cell mapped to a canonical indicator id."""

    id: str
    label: str
    raw: str
    value: float | int | None
    unit: str | None
    semantic: Semantic
    span: Span | None = None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    inferred: bool = False

    @property
    def has_number(self) -> bool:
        return self.semantic in ("ZERO", "NUMBER") and self.value is not None


@dataclass
class Claim:
    """A figure stated by the narrative."""

    span: Span
    text: str
    value: float
    unit: str | None
    indicator: str | None = None
    table_value: float | None = None
    status: Literal["match", "mismatch", "unlinked", "not_assessable"] = "unlinked"
    confidence: float = 0.0
    context: str = ""  # the governing clause
    approx: str | None = None  # 近/约/余/多/以上 when the figure is approximate
    matched_as: str | None = None  # which alternative indicator matched, if any
    figure_span: Span | None = None
    decimals: int = 0  # printed decimal places, for tolerance
    note: str = ""  # why a linked claim was not compared (scope, period)
    words: list[str] = field(default_factory=list)  # jieba words of the governing clause


@dataclass
class CheckResult:
    rule: str
    category: str
    severity: Severity
    status: Status
    message: str
    indicators: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    expected: float | None = None
    actual: float | None = None


@dataclass
class AuditResult:
    document: Document
    template: TemplateMatch
    agency: str | None
    year: int | None
    sections: list[SectionResult]
    cells: list[CellValue]
    claims: list[Claim]
    checks: list[CheckResult]
    tool_version: str = ""

    @property
    def errors(self) -> int:
        return sum(1 for c in self.checks if c.status == "fail" and c.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for c in self.checks if c.status == "fail" and c.severity == "warning")

    def to_dict(self) -> dict:
        from auditor.render.json_out import result_to_dict

        return result_to_dict(self)

    def to_json(self, indent: int | None = 2) -> str:
        import json

        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)
