"""End of a run: cross-report checks, then every aggregate output, from the store.

Why separate from the runner: these outputs depend on all reports, so they are rebuilt
in full (each replaced atomically) whenever the set of committed results changed, also
after an interrupted run's rerun. When nothing changed since the last complete build
(same files, keys, statuses, rule settings and options) they are left as they are, so a
rerun over an unchanged corpus costs seconds.
"""

from __future__ import annotations

import hashlib
import json
import os

from auditor import __version__
from auditor.batch import dashboard, export, tables
from auditor.batch.crosscheck import cross_check
from auditor.batch.store import Store
from auditor.checks.registry import RuleSet
from auditor.io_utils import write_atomic

OUTPUTS = ("findings.csv", "indicators.csv", "audit.xlsx", "index.html")


def _digest(
    store: Store, files: set[str], rules: RuleSet, aliases: dict | None, copy_any: bool
) -> str:
    h = hashlib.sha256()
    h.update(
        json.dumps(
            [
                __version__,
                sorted(rules.disabled),
                sorted(rules.severity.items()),
                sorted((aliases or {}).items()),
                copy_any,
            ]
        ).encode()
    )
    for file, key, status in store.db.execute(
        "SELECT file, key, status FROM reports ORDER BY file"
    ):
        if file in files:
            h.update(f"{file}\0{key}\0{status}\n".encode())
    return h.hexdigest()


def _totals(store: Store, summary: list[tables.SummaryRow]) -> dict[str, int]:
    files = {r.file for r in summary}
    cross = [
        (f, sev)
        for f, sev in store.db.execute(
            "SELECT file, severity FROM cross_checks WHERE status = 'fail'"
        )
        if f in files
    ]
    return {
        "failed": sum(1 for r in summary if r.status != "ok"),
        "errors": sum(r.errors for r in summary) + sum(1 for _, s in cross if s == "error"),
        "warnings": sum(r.warnings for r in summary) + sum(1 for _, s in cross if s == "warning"),
        "cross_year": sum(1 for _, s in cross if s in ("error", "warning")),
    }


def finalize(
    store: Store,
    out_dir: str,
    files: set[str],
    rules: RuleSet,
    aliases: dict[str, str] | None = None,
    copy_any: bool = False,
) -> dict[str, int]:
    """Write findings.csv, indicators.csv, audit.xlsx and index.html; return totals."""
    digest = _digest(store, files, rules, aliases, copy_any)
    fresh = store.get_meta("outputs_digest") == digest and all(
        os.path.exists(os.path.join(out_dir, name)) for name in OUTPUTS
    )
    if not fresh:
        series, _ = cross_check(store, rules, files, aliases, copy_any)
        summary = tables.summary(store, files)
        export.write_csvs(store, out_dir, files)
        export.write_xlsx(store, out_dir, files, summary, series)
        data = dashboard.collect(store, summary, series, __version__)
        write_atomic(os.path.join(out_dir, "index.html"), dashboard.render_dashboard(data))
        store.set_meta("outputs_digest", digest)
    return _totals(store, tables.summary(store, files))
