"""Reports grouped into agency series: one report per agency and year, the rest
listed as duplicates, and the years missing from each series.

Why duplicates matter: a government page and its crawler .txt are the same report; if
both entered the series, the year-on-year copying check would compare a report with
itself and every carry-over would be checked twice. One is kept (HTML first, as it has
real table cells; then DOCX, PDF, Markdown, text; then the path), the others are
listed with a pointer to the kept one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from auditor.batch.agency import group_agencies

MEDIA_PREFERENCE = (
    "text/html",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/pdf",
    "text/markdown",
    "text/plain",
)


@dataclass
class ReportInfo:
    """What the cross-report checks read of one audited report (from the store)."""

    file: str
    name: str
    agency: str | None
    year: int | None
    template: str
    media_type: str
    cells: dict[str, float | None] = field(default_factory=dict)
    sentences: list[tuple[str, str]] = field(default_factory=list)
    agency_key: str = ""
    agency_name: str = ""
    duplicate_of: str = ""


@dataclass
class Series:
    """One agency's reports by year (kept reports only)."""

    key: str
    name: str
    years: dict[int, ReportInfo] = field(default_factory=dict)
    duplicates: list[ReportInfo] = field(default_factory=list)

    @property
    def missing(self) -> list[int]:
        if len(self.years) < 2:
            return []
        ys = sorted(self.years)
        return [y for y in range(ys[0], ys[-1]) if y not in self.years]

    def previous(self, year: int) -> ReportInfo | None:
        """The report of the year before `year` (None if that year is missing)."""
        return self.years.get(year - 1)

    def latest_before(self, year: int) -> ReportInfo | None:
        """The agency's most recent earlier report, whatever the gap."""
        earlier = [y for y in self.years if y < year]
        return self.years[max(earlier)] if earlier else None


def _preference(r: ReportInfo) -> tuple:
    rank = MEDIA_PREFERENCE.index(r.media_type) if r.media_type in MEDIA_PREFERENCE else 99
    return (rank, -len(r.cells), r.file)


def build_series(
    reports: list[ReportInfo], aliases: dict[str, str] | None = None
) -> dict[str, Series]:
    """Series by agency key; reports without an agency or year form no series and are
    not cross-checked (their own audit already says the title was not understood)."""
    groups = group_agencies({r.file: r.agency for r in reports}, aliases)
    for r in reports:
        r.agency_key, r.agency_name = groups[r.file]
    series: dict[str, Series] = {}
    by_key_year: dict[tuple[str, int], list[ReportInfo]] = {}
    for r in reports:
        if r.agency_key and r.year is not None:
            by_key_year.setdefault((r.agency_key, r.year), []).append(r)
    for (key, year), items in sorted(by_key_year.items()):
        s = series.setdefault(key, Series(key=key, name=items[0].agency_name))
        items.sort(key=_preference)
        s.years[year] = items[0]
        for dup in items[1:]:
            dup.duplicate_of = items[0].file
            s.duplicates.append(dup)
    return series
