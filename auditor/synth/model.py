"""What a synthetic report is, and what it promises the auditor will find.

A `SynthReport` is the ground truth of a benchmark case: the exact cell values, the
narrative claims with the value each states and whether it agrees with its table, and
the defects injected on purpose with the cells and values involved. Tests compare the
auditor's output with these records, so every field is explicit and serialisable.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

Number = int | float
CellValue = int | float | None


@dataclass(frozen=True)
class ExpectedClaim:
    """A figure stated in the narrative.

    `text` is the exact quote (a substring of the section body), `value` the figure as
    stated, `indicator` the table cell or derived id it restates (None for figures that
    are not in any table), `agrees` whether it equals that table value.
    """

    text: str
    value: Number
    unit: str | None
    indicator: str | None
    agrees: bool
    section: str


@dataclass(frozen=True)
class InjectedDefect:
    """A defect put in on purpose, with exactly what an auditor should report.

    For cell defects `indicators` starts with the changed cell, followed by the other
    cells of the identities it touches; `identities` names those identity instances
    (see `identities.py`). `expected` is the correct value, `actual` what the report
    shows (None = blank). For a missing section, `section` is its id.
    """

    kind: str
    indicators: tuple[str, ...]
    expected: Number | None
    actual: Number | None
    description: str
    identities: tuple[str, ...] = ()
    section: str | None = None


@dataclass
class SynthReport:
    """One generated report: metadata, table cells, narrative, claims and defects."""

    template: str
    seed: int
    agency: str
    year: int
    cells: dict[str, CellValue]
    sections: list[tuple[str, str, str]]
    claims: list[ExpectedClaim]
    defects: list[InjectedDefect] = field(default_factory=list)
    preamble: str = ""
    agency_level: str = ""

    @property
    def title(self) -> str:
        return f"{self.agency}{self.year}年政府信息公开工作年度报告"

    @property
    def clean(self) -> bool:
        return not self.defects

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dump (benchmarks store it beside the generated file)."""
        out = asdict(self)
        out["title"] = self.title
        return out
