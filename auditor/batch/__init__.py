"""Batch audits of many agencies' reports: parallel, resumable, cross-year.

    python -m auditor.batch IN_DIR --out OUT_DIR [-j N]      (or `auditor batch …`)

Modules, one job each: discover (which files, output names, content keys), worker (audit
one file → Outcome), pool (killable local process pool), dask_exec (the same on a Dask
cluster), rows (result JSON → rows), store (SQLite, WAL, one transaction per report),
runner (one run), agency/series (name normalisation, series, duplicates), carryover and
copying (cross-year rules X001–X004), crosscheck (all cross-report checks), finalize,
tables, export (CSV, XLSX) and dashboard (index.html).
"""

from __future__ import annotations

from auditor.batch.runner import BatchOptions, BatchResult, run_batch

__all__ = ["BatchOptions", "BatchResult", "run_batch"]
