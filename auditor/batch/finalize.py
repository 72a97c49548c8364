"""End of a run: cross-report checks, then every aggregate output, from the store.

Why separate from the runner: these outputs depend on all reports, so they are rebuilt
in full each time (also after an interrupted run's rerun, or when nothing needed
re-auditing), and each is replaced atomically.
"""

from __future__ import annotations

import os

from auditor import __version__
from auditor.batch import dashboard, export, tables
from auditor.batch.crosscheck import cross_check
from auditor.batch.store import Store
from auditor.checks.registry import RuleSet
from auditor.io_utils import write_atomic


def finalize(
    store: Store,
    out_dir: str,
    files: set[str],
    rules: RuleSet,
    aliases: dict[str, str] | None = None,
    copy_any: bool = False,
) -> dict[str, int]:
    """Write findings.csv, indicators.csv, audit.xlsx and index.html; return totals."""
    series, checks = cross_check(store, rules, files, aliases, copy_any)
    summary = tables.summary(store, files)
    export.write_csvs(store, out_dir, files)
    export.write_xlsx(store, out_dir, files, summary, series)
    data = dashboard.collect(store, summary, series, __version__)
    write_atomic(os.path.join(out_dir, "index.html"), dashboard.render_dashboard(data))
    failed_cross = [c for c in checks if c.status == "fail"]
    return {
        "failed": sum(1 for r in summary if r.status != "ok"),
        "errors": sum(r.errors for r in summary)
        + sum(1 for c in failed_cross if c.severity == "error"),
        "warnings": sum(r.warnings for r in summary)
        + sum(1 for c in failed_cross if c.severity == "warning"),
        "cross_year": sum(1 for c in failed_cross if c.severity in ("error", "warning")),
    }
