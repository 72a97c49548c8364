"""The batch's tabular views, read from the store in a fixed order.

Why one module feeds CSV, XLSX and the dashboard: the three must never disagree, and
their rows must not depend on the order in which workers finished (so an interrupted
and resumed run writes byte-identical CSV files to an uninterrupted one).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from auditor.batch.store import Store

FINDING_COLUMNS = (
    "file", "agency", "year", "template", "rule", "severity", "category", "message",
    "indicators", "expected", "actual", "evidence",
)  # fmt: skip
INDICATOR_COLUMNS = (
    "file", "agency", "year", "template", "indicator", "value", "semantic", "unit", "raw",
    "location", "inferred",
)  # fmt: skip
SUMMARY_COLUMNS = (
    "file", "agency", "agency_as_printed", "year", "template", "status", "errors", "warnings",
    "cross_year", "coverage", "reason", "duplicate_of", "report_json", "report_html", "sha256",
)  # fmt: skip


@dataclass
class SummaryRow:
    file: str
    agency: str
    agency_as_printed: str
    year: int | None
    template: str
    status: str
    errors: int
    warnings: int
    cross_year: int
    coverage: float | None
    reason: str
    duplicate_of: str
    name: str
    sha256: str
    media_type: str

    def values(self) -> tuple:
        ok = self.status == "ok"
        return (
            self.file, self.agency, self.agency_as_printed, self.year, self.template,
            self.status, self.errors, self.warnings, self.cross_year, self.coverage,
            self.reason, self.duplicate_of,
            f"reports/{self.name}.json" if ok else "", f"reports/{self.name}.html" if ok else "",
            self.sha256,
        )  # fmt: skip


def summary(store: Store, files: set[str]) -> list[SummaryRow]:
    """One row per report of this batch (failed ones included, with their reason)."""
    cross = dict(
        store.db.execute(
            "SELECT file, COUNT(*) FROM cross_checks WHERE status = 'fail'"
            " AND severity IN ('error', 'warning') GROUP BY file"
        ).fetchall()
    )
    rows = []
    for r in store.db.execute(
        "SELECT r.file, COALESCE(g.agency, r.agency, ''), COALESCE(r.agency, ''), r.year,"
        " COALESCE(r.template, ''), r.status, COALESCE(r.errors, 0), COALESCE(r.warnings, 0),"
        " r.coverage, r.reason, COALESCE(g.duplicate_of, ''), r.name, r.sha256,"
        " COALESCE(r.media_type, '')"
        " FROM reports r LEFT JOIN report_groups g ON g.file = r.file ORDER BY r.file"
    ):
        if r[0] not in files:
            continue
        rows.append(
            SummaryRow(
                file=r[0], agency=r[1], agency_as_printed=r[2], year=r[3], template=r[4],
                status=r[5], errors=r[6], warnings=r[7], cross_year=cross.get(r[0], 0),
                coverage=r[8], reason=r[9], duplicate_of=r[10], name=r[11], sha256=r[12],
                media_type=r[13],
            )
        )  # fmt: skip
    return rows


def findings(store: Store, files: set[str]) -> Iterator[tuple]:
    """Every failed check: the report's own, then the cross-year ones, by file."""
    rows = store.db.execute(
        "SELECT f.file, COALESCE(g.agency, r.agency, ''), r.year, r.template, f.rule,"
        " f.severity, f.category, f.message, f.indicators, f.expected, f.actual, '', 0, f.seq"
        " FROM findings f JOIN reports r ON r.file = f.file"
        " LEFT JOIN report_groups g ON g.file = f.file"
        " UNION ALL"
        " SELECT c.file, c.agency, c.year, r.template, c.rule, c.severity, c.category,"
        " c.message, c.indicators, c.expected, c.actual, c.evidence, 1, c.seq"
        " FROM cross_checks c JOIN reports r ON r.file = c.file WHERE c.status = 'fail'"
        " ORDER BY 1, 13, 14"
    )
    for row in rows:
        if row[0] in files:
            yield tuple("" if v is None else v for v in row[:12])


def indicators(store: Store, files: set[str]) -> Iterator[tuple]:
    """Every table cell of every report, long format."""
    rows = store.db.execute(
        "SELECT i.file, COALESCE(g.agency, r.agency, ''), r.year, r.template, i.indicator,"
        " i.value, i.semantic, i.unit, i.raw, i.location, i.inferred"
        " FROM indicators i JOIN reports r ON r.file = i.file"
        " LEFT JOIN report_groups g ON g.file = i.file ORDER BY i.file, i.seq"
    )
    for row in rows:
        if row[0] in files:
            yield tuple("" if v is None else v for v in row)
