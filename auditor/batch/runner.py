"""One batch run: discover → decide what to (re)do → audit in parallel, committing each
report as it arrives → rebuild cross-year results and every aggregate output.

Why this order makes the run safe to kill: per-report outputs are written atomically
before the report's row is committed, and the row is the only thing that marks a file
as done; the aggregate outputs are derived from the store at the very end. A kill at
any point therefore loses at most the reports in flight, and the next run redoes
exactly the files without a committed row for their current content and tool version.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import json
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from auditor import __version__
from auditor.batch.discover import SourceFile, content_hashes, find_reports, stable_names
from auditor.batch.store import Store
from auditor.batch.worker import Outcome
from auditor.checks.registry import RuleSet, load_config
from auditor.errors import InputError
from auditor.io_utils import write_atomic


@dataclass
class BatchOptions:
    in_dir: str
    out_dir: str
    workers: int = 0  # 0 = one per CPU
    timeout: float = 120.0
    executor: str = "local"
    scheduler: str | None = None
    config: str | None = None
    aliases: str | None = None
    copy_any: bool = False
    retry_failed: bool = False
    quiet: bool = False


@dataclass
class BatchResult:
    """What the run did (also in the store's runs table)."""

    run_id: int
    files: int
    audited: int
    skipped: int
    failed_now: int
    failed_total: int
    errors: int
    warnings: int
    cross_year: int
    seconds: float
    out_dir: str
    failures: list[tuple[str, str]] = field(default_factory=list)
    audit_seconds: float = 0.0  # from the first task sent to the last report committed
    finalize_seconds: float = 0.0  # cross-year checks and aggregate outputs
    coordinator_cpu: float = 0.0  # this process's CPU seconds between first and last commit


def _fingerprint(rules: RuleSet) -> str:
    """The rule settings are part of a result's key: re-graded rules must re-audit."""
    if not rules.disabled and not rules.severity:
        return "default"
    blob = json.dumps([sorted(rules.disabled), sorted(rules.severity.items())])
    return hashlib.sha256(blob.encode()).hexdigest()[:12]


def _clean_temporaries(out_dir: str) -> None:
    """Remove write_atomic temporaries left by a run killed mid-write."""
    for pattern in (".tmp-*", os.path.join("reports", ".tmp-*")):
        for tmp in glob.glob(os.path.join(out_dir, pattern)):
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _remove_outputs(reports_dir: str, name: str) -> None:
    for ext in (".json", ".html"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(os.path.join(reports_dir, name + ext))


def _progress(total: int, quiet: bool) -> Any:
    from tqdm import tqdm

    class Bar(tqdm):
        monitor_interval = 0  # no monitor thread: the pool forks workers (see pool.py)

    return Bar(
        total=total,
        desc="审核",
        unit="份",
        file=sys.stderr,
        disable=quiet or not sys.stderr.isatty(),
        dynamic_ncols=True,
        smoothing=0.1,
    )


def run_batch(opts: BatchOptions) -> BatchResult:
    """Run (or resume) the batch described by `opts`; raises InputError for bad usage."""
    t0 = time.perf_counter()
    in_dir, out_dir = os.path.abspath(opts.in_dir), os.path.abspath(opts.out_dir)
    if not os.path.isdir(in_dir):
        raise InputError(f"输入目录不存在或不是目录：{opts.in_dir}")
    if os.path.realpath(in_dir) == os.path.realpath(out_dir):
        raise InputError("输出目录不能与输入目录相同，请用 --out 指定另一个目录")
    if opts.executor not in ("local", "dask"):
        raise InputError(f"未知的执行方式：{opts.executor}（可选 local 或 dask）")
    rules = load_config(opts.config)
    aliases = None
    if opts.aliases:
        from auditor.batch.agency import read_aliases

        try:
            aliases = read_aliases(opts.aliases)
        except OSError as exc:
            raise InputError(f"无法读取机关别名文件：{opts.aliases}（{exc.strerror}）") from exc
    reports_dir = os.path.join(out_dir, "reports")
    try:
        os.makedirs(reports_dir, exist_ok=True)
    except OSError as exc:
        raise InputError(f"无法创建输出目录：{out_dir}（{exc.strerror}）") from exc
    lock = _lock(out_dir)
    try:
        _clean_temporaries(out_dir)
        store = Store(os.path.join(out_dir, "audit.sqlite"))
        try:
            return _run(opts, rules, aliases, store, in_dir, out_dir, reports_dir, t0)
        finally:
            store.close()
    finally:
        os.close(lock)


def _lock(out_dir: str) -> int:
    """One run per OUT_DIR at a time. A POSIX record lock: released when this process
    ends however it ends, and not inherited by the forked workers (so a killed run's
    lingering worker cannot block the rerun)."""
    import fcntl

    fd = os.open(os.path.join(out_dir, ".batch.lock"), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        os.close(fd)
        raise InputError(f"另一个批量审核正在使用输出目录 {out_dir}，请等它结束后再运行") from exc
    return fd


def _run(
    opts: BatchOptions,
    rules: RuleSet,
    aliases: dict[str, str] | None,
    store: Store,
    in_dir: str,
    out_dir: str,
    reports_dir: str,
    t0: float,
) -> BatchResult:
    files = find_reports(in_dir, exclude=(out_dir,))
    stored = store.reports()

    def cached(f: SourceFile) -> str | None:
        row = stored.get(f.rel)
        if row and row.size == f.size and row.mtime_ns == f.mtime_ns:
            return row.sha256
        return None

    hashes = content_hashes(files, cached)
    names = stable_names([f.rel for f in files])
    current = {f.rel for f in files}
    gone = [rel for rel in stored if rel not in current]
    for rel in gone:
        if stored[rel].name not in names.values():
            _remove_outputs(reports_dir, stored[rel].name)
    store.forget(gone)
    store.set_meta("in_dir", in_dir)

    fingerprint = _fingerprint(rules)
    todo = []
    for f in files:
        key = f"{hashes[f.rel]}|{__version__}|{fingerprint}"
        row = stored.get(f.rel)
        name = names[f.rel]
        if row is not None and row.name != name and row.name not in names.values():
            _remove_outputs(reports_dir, row.name)  # renamed (a new colliding path)
        done = (
            row is not None
            and row.key == key
            and row.name == name
            and (
                (row.status == "failed" and not opts.retry_failed)
                or (
                    row.status == "ok"
                    and os.path.exists(os.path.join(reports_dir, name + ".json"))
                    and os.path.exists(os.path.join(reports_dir, name + ".html"))
                )
            )
        )
        if done:
            assert row is not None
            if (row.size, row.mtime_ns) != (f.size, f.mtime_ns):
                store.touch_name(f.rel, name, f.size, f.mtime_ns)
        else:
            todo.append((f, key))

    workers = opts.workers or os.cpu_count() or 1
    run_id = store.start_run(__version__, opts.executor, workers, len(files), len(todo))
    failures: list[tuple[str, str]] = []
    status = "interrupted"
    try:
        by_rel = {f.rel: (f, key) for f, key in todo}
        jobs = [(f.rel, f.path) for f, _ in todo]
        t_audit = time.perf_counter()
        cpu_first: float | None = None
        with _progress(len(jobs), opts.quiet) as bar:
            for rel, out in _outcomes(opts, jobs, rules, workers):
                if cpu_first is None:
                    cpu_first = time.process_time()
                f, key = by_rel[rel]
                _commit(store, run_id, reports_dir, f, names[f.rel], hashes[f.rel], key, out)
                if not out.ok:
                    failures.append((rel, out.reason))
                    bar.set_postfix_str(f"失败 {len(failures)}")
                bar.update(1)
        from auditor.batch.finalize import finalize

        t_final = time.perf_counter()
        coordinator_cpu = time.process_time() - cpu_first if cpu_first is not None else 0.0
        totals = finalize(store, out_dir, current, rules, aliases, opts.copy_any)
        t_end = time.perf_counter()
        status = "done"
    finally:
        store.finish_run(run_id, status)
    return BatchResult(
        run_id=run_id,
        files=len(files),
        audited=len(todo),
        skipped=len(files) - len(todo),
        failed_now=len(failures),
        failed_total=totals["failed"],
        errors=totals["errors"],
        warnings=totals["warnings"],
        cross_year=totals["cross_year"],
        seconds=time.perf_counter() - t0,
        out_dir=out_dir,
        failures=failures,
        audit_seconds=t_final - t_audit,
        finalize_seconds=t_end - t_final,
        coordinator_cpu=coordinator_cpu,
    )


def _outcomes(
    opts: BatchOptions, jobs: list[tuple[str, str]], rules: RuleSet, workers: int
) -> Iterator[tuple[str, Outcome]]:
    if not jobs:
        return
    if opts.executor == "dask":
        from auditor.batch.dask_exec import dask_outcomes

        yield from dask_outcomes(opts.scheduler or "", jobs, rules, opts.timeout)
        return
    from auditor.batch.pool import LocalPool

    with LocalPool(min(workers, len(jobs)), opts.timeout, extra=(rules,)) as pool:
        yield from pool.imap(jobs)


def _commit(
    store: Store,
    run_id: int,
    reports_dir: str,
    f: SourceFile,
    name: str,
    sha: str,
    key: str,
    out: Outcome,
) -> None:
    """Outputs first (atomically), then the row that marks the file as done."""
    if out.ok:
        write_atomic(os.path.join(reports_dir, name + ".json"), out.json_text)
        write_atomic(os.path.join(reports_dir, name + ".html"), out.html_text)
    else:
        _remove_outputs(reports_dir, name)  # a previous version's outputs are stale now
    store.commit_report(
        run_id, f.rel, name, sha, f.size, f.mtime_ns, key, out.rows,
        reason=out.reason, fail_kind=out.kind, elapsed=out.elapsed, cpu=out.cpu, rss_mb=out.rss_mb,
        worker_pid=out.pid,
    )  # fmt: skip
