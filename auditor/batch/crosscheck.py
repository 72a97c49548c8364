"""What only a batch can see, computed from the store after the per-report audits:
agency series, duplicates (X006), missing years (X005), carry-over (X001, X002) and
copying (X003, X004).

Why from the store and not from the workers: these checks depend on other reports, so
they are recomputed in full at the end of every run (cheap: no file is re-read) and
therefore always agree with the current set of committed reports, however often the
run was interrupted.
"""

from __future__ import annotations

import json

from auditor.batch.carryover import _check, carry_over, in_force
from auditor.batch.copying import across_batch, year_on_year
from auditor.batch.series import ReportInfo, Series, build_series
from auditor.batch.store import CrossCheck, Store
from auditor.checks.registry import RuleSet

_CELL_FILTER = (
    "indicator LIKE 'g19.t3.carried_%' OR indicator LIKE 'g21.t3.carried_%'"
    " OR indicator LIKE 'g21.t2.%.in_force' OR indicator LIKE 'g21.t2.%.issued'"
    " OR indicator LIKE 'g21.t2.%.repealed'"
)


def load_reports(store: Store, files: set[str] | None = None) -> list[ReportInfo]:
    """The successfully audited reports with the cells and sentences the checks read."""
    infos: dict[str, ReportInfo] = {}
    for file, name, agency, year, template, media, sentences in store.db.execute(
        "SELECT file, name, agency, year, template, media_type, sentences FROM reports"
        " WHERE status = 'ok' ORDER BY file"
    ):
        if files is not None and file not in files:
            continue
        infos[file] = ReportInfo(
            file=file,
            name=name,
            agency=agency,
            year=year,
            template=template or "unknown",
            media_type=media or "",
            sentences=[tuple(s) for s in json.loads(sentences or "[]")],
        )
    for file, indicator, value in store.db.execute(
        f"SELECT file, indicator, value FROM indicators WHERE {_CELL_FILTER}"
    ):
        info = infos.get(file)
        if info is not None:
            info.cells[indicator] = float(value) if value not in ("", None) else None
    return list(infos.values())


def _series_checks(s: Series, rules: RuleSet) -> list[CrossCheck]:
    out: list[CrossCheck] = []
    for dup in sorted(s.duplicates, key=lambda r: r.file):
        if rules.enabled("X006"):
            out.append(
                _check(
                    rules, "X006", dup, "fail",
                    kept=dup.duplicate_of, agency=s.name, year=dup.year,
                )
            )  # fmt: skip
    if rules.enabled("X005"):
        years = sorted(s.years)
        for missing in s.missing:
            after = s.years[min(y for y in years if y > missing)]
            out.append(
                _check(
                    rules, "X005", after, "fail",
                    agency=s.name, first=years[0], last=years[-1], missing=missing,
                )
            )  # fmt: skip
    out += carry_over(s, rules)
    out += in_force(s, rules)
    out += year_on_year(s, rules)
    return out


def cross_check(
    store: Store,
    rules: RuleSet,
    files: set[str] | None = None,
    aliases: dict[str, str] | None = None,
    copy_any: bool = False,
) -> tuple[dict[str, Series], list[CrossCheck]]:
    """Run every cross-report check and replace the store's previous results."""
    reports = load_reports(store, files)
    series = build_series(reports, aliases)
    checks: list[CrossCheck] = []
    for key in sorted(series):
        checks += _series_checks(series[key], rules)
    if copy_any:
        kept = [r for s in series.values() for r in s.years.values()]
        checks += across_batch(sorted(kept, key=lambda r: r.file), rules)
    checks.sort(key=lambda c: (c.file, c.rule, c.indicators, c.message))
    groups = [(r.file, r.agency_key, r.agency_name, r.duplicate_of) for r in reports]
    store.replace_cross(groups, checks)
    return series, checks
