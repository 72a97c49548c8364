"""The batch's SQLite store (OUT/audit.sqlite): the single source of truth of a run.

Why SQLite in WAL mode with one transaction per report: a batch can be killed at any
moment (SIGKILL, power cut of a laptop, a CI time limit); a committed report is then
never lost and a half-done one never visible, so a rerun only redoes what has no
committed row with the same key (content sha256 + tool version + rule settings). Every
aggregate output (CSV, XLSX, dashboard) is rebuilt from here at the end of a run.
Only the coordinating process writes; workers never open the store.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from auditor.batch.rows import ReportRows

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    run_id INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at TEXT NOT NULL, finished_at TEXT, tool_version TEXT NOT NULL,
    executor TEXT NOT NULL, workers INTEGER NOT NULL, files INTEGER NOT NULL,
    planned INTEGER NOT NULL, audited INTEGER NOT NULL DEFAULT 0, status TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS reports (
    file TEXT PRIMARY KEY, name TEXT NOT NULL, sha256 TEXT NOT NULL,
    size INTEGER, mtime_ns INTEGER, key TEXT NOT NULL,
    status TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '', fail_kind TEXT NOT NULL DEFAULT '',
    agency TEXT, year INTEGER, template TEXT, media_type TEXT,
    errors INTEGER, warnings INTEGER, checks INTEGER, coverage REAL,
    sentences TEXT NOT NULL DEFAULT '[]',
    elapsed REAL, cpu REAL, rss_mb REAL, worker_pid INTEGER,
    run_id INTEGER NOT NULL, audited_at TEXT NOT NULL, audits INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS findings (
    file TEXT NOT NULL, seq INTEGER NOT NULL, rule TEXT, severity TEXT, category TEXT,
    status TEXT, message TEXT, indicators TEXT, expected TEXT, actual TEXT,
    PRIMARY KEY (file, seq)
);
CREATE TABLE IF NOT EXISTS indicators (
    file TEXT NOT NULL, seq INTEGER NOT NULL, indicator TEXT, value TEXT, raw TEXT,
    unit TEXT, semantic TEXT, location TEXT, inferred INTEGER,
    PRIMARY KEY (file, seq)
);
CREATE INDEX IF NOT EXISTS indicators_id ON indicators (indicator);
CREATE TABLE IF NOT EXISTS report_groups (
    file TEXT PRIMARY KEY, agency_key TEXT, agency TEXT, duplicate_of TEXT
);
CREATE TABLE IF NOT EXISTS cross_checks (
    seq INTEGER PRIMARY KEY, file TEXT, agency TEXT, year INTEGER, rule TEXT,
    severity TEXT, category TEXT, status TEXT, message TEXT, indicators TEXT,
    expected TEXT, actual TEXT, evidence TEXT
);
"""


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


@dataclass
class StoredReport:
    file: str
    name: str
    sha256: str
    size: int | None
    mtime_ns: int | None
    key: str
    status: str
    reason: str


@dataclass
class CrossCheck:
    """A finding that only a batch can make (category cross_year), tied to one report."""

    file: str
    agency: str
    year: int | None
    rule: str
    severity: str
    category: str
    status: str
    message: str
    indicators: str = ""
    expected: str = ""
    actual: str = ""
    evidence: str = ""


class Store:
    """Open (or create) OUT/audit.sqlite in WAL mode."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.db = sqlite3.connect(path, timeout=30, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        # NORMAL is durable against a killed process (the WAL is in the OS's hands);
        # only a power cut may lose the last commits, which a rerun then redoes.
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # --- meta and runs -----------------------------------------------------------------

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def start_run(self, version: str, executor: str, workers: int, files: int, planned: int) -> int:
        with self.transaction() as db:
            cur = db.execute(
                "INSERT INTO runs (started_at, tool_version, executor, workers, files, planned,"
                " status) VALUES (?, ?, ?, ?, ?, ?, 'running')",
                (now(), version, executor, workers, files, planned),
            )
            return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, status: str) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE runs SET finished_at = ?, status = ? WHERE run_id = ?",
                (now(), status, run_id),
            )

    # --- reports -----------------------------------------------------------------------

    def reports(self) -> dict[str, StoredReport]:
        cur = self.db.execute(
            "SELECT file, name, sha256, size, mtime_ns, key, status, reason FROM reports"
        )
        return {r[0]: StoredReport(*r) for r in cur}

    def forget(self, files: Iterable[str]) -> None:
        """Drop reports whose files left IN_DIR (one transaction)."""
        files = list(files)
        if not files:
            return
        with self.transaction() as db:
            for f in files:
                for table in ("reports", "findings", "indicators", "report_groups"):
                    db.execute(f"DELETE FROM {table} WHERE file = ?", (f,))

    def commit_report(
        self,
        run_id: int,
        file: str,
        name: str,
        sha256: str,
        size: int,
        mtime_ns: int,
        key: str,
        rows: ReportRows | None,
        reason: str = "",
        fail_kind: str = "",
        elapsed: float = 0.0,
        cpu: float = 0.0,
        rss_mb: float = 0.0,
        worker_pid: int = 0,
    ) -> None:
        """Replace everything known about `file` in one transaction."""
        with self.transaction() as db:
            db.execute("DELETE FROM findings WHERE file = ?", (file,))
            db.execute("DELETE FROM indicators WHERE file = ?", (file,))
            r = rows
            values = (
                file, name, sha256, size, mtime_ns, key,
                "ok" if r else "failed", reason, fail_kind,
                r.agency if r else None, r.year if r else None,
                r.template if r else None, r.media_type if r else None,
                r.errors if r else None, r.warnings if r else None,
                r.checks if r else None, r.coverage if r else None,
                json.dumps(r.sentences if r else [], ensure_ascii=False),
                elapsed, cpu, rss_mb, worker_pid, run_id, now(),
            )  # fmt: skip
            db.execute(
                "INSERT INTO reports (file, name, sha256, size, mtime_ns, key, status, reason,"
                " fail_kind, agency, year, template, media_type, errors, warnings, checks,"
                " coverage, sentences, elapsed, cpu, rss_mb, worker_pid, run_id, audited_at)"
                " VALUES (" + ", ".join("?" * len(values)) + ")"
                " ON CONFLICT(file) DO UPDATE SET name=excluded.name, sha256=excluded.sha256,"
                " size=excluded.size, mtime_ns=excluded.mtime_ns, key=excluded.key,"
                " status=excluded.status, reason=excluded.reason, fail_kind=excluded.fail_kind,"
                " agency=excluded.agency, year=excluded.year, template=excluded.template,"
                " media_type=excluded.media_type, errors=excluded.errors,"
                " warnings=excluded.warnings, checks=excluded.checks, coverage=excluded.coverage,"
                " sentences=excluded.sentences, elapsed=excluded.elapsed, cpu=excluded.cpu,"
                " rss_mb=excluded.rss_mb,"
                " worker_pid=excluded.worker_pid, run_id=excluded.run_id,"
                " audited_at=excluded.audited_at, audits=reports.audits + 1",
                values,
            )
            if r:
                db.executemany(
                    "INSERT INTO findings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [(file, i, *f) for i, f in enumerate(r.findings)],
                )
                db.executemany(
                    "INSERT INTO indicators VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [(file, i, *c) for i, c in enumerate(r.indicators)],
                )
            db.execute("UPDATE runs SET audited = audited + 1 WHERE run_id = ?", (run_id,))

    def touch_name(self, file: str, name: str, size: int, mtime_ns: int) -> None:
        """Record a new output name or file stat for an unchanged report."""
        with self.transaction() as db:
            db.execute(
                "UPDATE reports SET name = ?, size = ?, mtime_ns = ? WHERE file = ?",
                (name, size, mtime_ns, file),
            )

    # --- cross-report results ---------------------------------------------------------

    def replace_cross(
        self, groups: list[tuple[str, str, str, str]], checks: list[CrossCheck]
    ) -> None:
        """Swap in the groups and cross-year checks of this run in one transaction."""
        with self.transaction() as db:
            db.execute("DELETE FROM report_groups")
            db.execute("DELETE FROM cross_checks")
            db.executemany("INSERT INTO report_groups VALUES (?, ?, ?, ?)", groups)
            db.executemany(
                "INSERT INTO cross_checks (file, agency, year, rule, severity, category, status,"
                " message, indicators, expected, actual, evidence)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        c.file, c.agency, c.year, c.rule, c.severity, c.category, c.status,
                        c.message, c.indicators, c.expected, c.actual, c.evidence,
                    )
                    for c in checks
                ],
            )  # fmt: skip
