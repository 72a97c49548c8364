"""The same audits on a Dask distributed cluster (`--executor dask --scheduler tcp://…`).

Why the same worker function: each task runs `worker.audit_with_deadline`, which returns
the very `Outcome` the local pool returns, and the coordinator commits it the same way,
so a cluster run writes the same store, CSV and reports as a local one. Dask is an
optional extra, imported only here and only when asked for.

Requirements: every Dask worker has this package installed and sees IN_DIR at the same
path (a shared or replicated file system). A Dask task cannot be killed; a file past
--timeout is recorded as timed out and its thread is abandoned (see worker.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

from auditor.batch.worker import Outcome, audit_with_deadline, failed
from auditor.checks.registry import RuleSet
from auditor.errors import InputError

MISSING = (
    "使用 --executor dask 需要安装 Dask 扩展：pip install 'gov-report-auditor[dask]'"
    "（即 dask[distributed]）"
)


def _client(scheduler: str, connect_timeout: float) -> Any:
    try:
        from distributed import Client
    except ImportError as exc:
        raise InputError(MISSING) from exc
    try:
        client = Client(scheduler, timeout=connect_timeout, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise InputError(f"无法连接 Dask 调度器 {scheduler}：{exc}") from exc
    try:
        client.wait_for_workers(1, timeout=connect_timeout)
    except (OSError, TimeoutError) as exc:
        client.close()
        raise InputError(f"Dask 调度器 {scheduler} 上没有可用的工作节点") from exc
    return client


def dask_outcomes(
    scheduler: str,
    jobs: list[tuple[str, str]],
    rules: RuleSet,
    timeout: float,
    connect_timeout: float = 30.0,
) -> Iterator[tuple[str, Outcome]]:
    """Yield (key, Outcome) as tasks finish; at most two tasks per worker thread are in
    flight, so an interrupted run leaves little computed-but-uncommitted work behind."""
    if not scheduler:
        raise InputError(
            "使用 --executor dask 时必须用 --scheduler 指定调度器地址（tcp://主机:端口）"
        )
    client = _client(scheduler, connect_timeout)
    from distributed import as_completed  # importable: _client checked it

    try:
        threads = max(1, sum(client.nthreads().values()))
        window = 2 * threads
        todo = iter(jobs)
        keys: dict[Any, str] = {}
        run = uuid.uuid4().hex[:8]
        counter = iter(range(len(jobs)))
        pending = as_completed(loop=client.loop)

        def submit(n: int) -> None:
            for _ in range(n):
                nxt = next(todo, None)
                if nxt is None:
                    return
                key, path = nxt
                fut = client.submit(
                    audit_with_deadline, path, rules, timeout, pure=False,
                    key=f"auditor-{run}-{next(counter)}",
                )  # fmt: skip
                keys[fut] = key
                pending.add(fut)

        submit(window)
        for fut in pending:
            key = keys.pop(fut)
            try:
                out = fut.result()
            except Exception as exc:  # a lost worker or an unpicklable result
                out = failed(f"Dask 任务失败（{type(exc).__name__}: {exc}）", "crash")
            fut.release()
            yield key, out
            submit(1)
    finally:
        client.close()
