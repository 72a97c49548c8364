"""What every check may read: the outputs of the earlier stages, never their inputs."""

from __future__ import annotations

from dataclasses import dataclass

from auditor.model import CellValue, Claim, Document, Heading, SectionResult, Span, TemplateMatch
from auditor.tables import TableExtraction
from auditor.templates import Template


@dataclass
class CheckContext:
    doc: Document
    match: TemplateMatch
    template: Template | None
    cells: dict[str, CellValue]
    extraction: TableExtraction
    claims: list[Claim]
    headings: list[Heading]
    sections: list[SectionResult]
    agency: str | None
    year: int | None
    title_span: Span | None

    def label(self, ind_id: str) -> str:
        """A short Chinese label for messages."""
        if ind_id.endswith("@cumulative"):
            return self.label(ind_id.split("@")[0]) + "（历年累计）"
        if self.template and ind_id in self.template.indicators:
            from auditor.tables import label_core

            ind = self.template.indicators[ind_id]
            if ind.aliases:
                return ind.aliases[0]
            if ind.row and ind.col:
                parts = ind.row.split(" ")
                row = parts[0] if parts[-1] == "小计" and len(parts) > 1 else parts[-1]
                return f"{label_core(row)}（{ind.col}）"
            return label_core(ind.label)
        return ind_id

    def cell_spans(self, ids: list[str]) -> list[Span]:
        return [self.cells[i].span for i in ids if i in self.cells and self.cells[i].span]  # type: ignore[misc]
