"""Batch audits of many agencies' reports: parallel, resumable, cross-year.

    python -m auditor.batch IN_DIR --out OUT_DIR [-j N]      (or `auditor batch …`)

Modules, one job each:

- discover: which files belong to the batch, their output names and content hashes;
- worker: audit one file into an `Outcome` (JSON, HTML, rows, or a Chinese reason);
- pool: the local process pool that can kill a stuck worker; dask_exec: the same tasks
  on a Dask cluster;
- rows: the result JSON flattened into store rows; sentences: narrative sentences and
  near-duplicate matching;
- store: the SQLite store (WAL, one transaction per report); runner: one run;
- agency, series: agency names across reports, series by year, duplicates;
- carryover, copying, crosscheck: the cross-year rules X001–X006;
- finalize, tables, export, dashboard: CSV, XLSX and index.html from the store;
- cli: the `batch` click command.

Scripts that call `run_batch` need no `if __name__ == "__main__"` guard on Linux (the
workers are forked); on macOS and Windows they do, as with any multiprocessing code.
"""

from __future__ import annotations

from auditor.batch.runner import BatchOptions, BatchResult, run_batch

__all__ = ["BatchOptions", "BatchResult", "run_batch"]
