"""A process pool that can kill one stuck worker: one task at a time per worker, a
deadline per task, and a fresh worker in place of a killed or crashed one.

Why not concurrent.futures/multiprocessing.Pool: neither can end a single task that
hangs (a pathological PDF, a regex gone quadratic) without tearing down the whole pool,
and a process per file would pay the segmenter's start-up for every report. Here the
workers are forked from a fork server that has already loaded the pipeline
(`auditor.batch._preload`), so they are warm, share those pages, and a replacement
starts in milliseconds.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from auditor.batch.worker import TIMEOUT_REASON, Outcome, audit_one, failed

CRASH_REASON = "工作进程意外退出（退出码 {code}），可能是内存不足或解析库崩溃"


def _serve(conn: Connection, task: Callable[..., Outcome], extra: tuple) -> None:
    """A worker's loop: receive (key, path), send back (key, Outcome); stop on None or
    when the coordinator is gone (EOF), so an orphan never outlives a killed batch."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the coordinator's to handle
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        key, path = msg
        try:
            out = task(path, *extra)
        except BaseException as exc:  # the task catches its own errors; this is a backstop
            out = failed(f"处理该文件时发生内部错误（{type(exc).__name__}: {exc}）", "error")
        try:
            conn.send((key, out))
        except (BrokenPipeError, EOFError, OSError):
            return


@dataclass
class _Worker:
    proc: Any
    conn: Connection
    key: Any = None
    started: float = 0.0

    @property
    def busy(self) -> bool:
        return self.key is not None


def _context(preload: bool) -> Any:
    """The fork server when the platform has one (POSIX), else spawn."""
    try:
        ctx = mp.get_context("forkserver")
    except ValueError:
        return mp.get_context("spawn")
    if preload:
        ctx.set_forkserver_preload(["auditor.batch._preload"])
    return ctx


class LocalPool:
    """`workers` processes running `task(path, *extra)`, each task limited to `timeout`
    seconds. Use as a context manager; `imap` yields (key, Outcome) in completion order."""

    def __init__(
        self,
        workers: int,
        timeout: float,
        task: Callable[..., Outcome] = audit_one,
        extra: tuple = (),
        preload: bool = True,
    ) -> None:
        self.size = max(1, workers)
        self.timeout = timeout
        self.task = task
        self.extra = extra
        self.ctx = _context(preload)
        self.workers: list[_Worker] = []
        self.replaced = 0

    def __enter__(self) -> LocalPool:
        self.workers = [self._start() for _ in range(self.size)]
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(graceful=exc[0] is None)

    def _start(self) -> _Worker:
        parent, child = self.ctx.Pipe(duplex=True)
        proc = self.ctx.Process(
            target=_serve, args=(child, self.task, self.extra), daemon=True, name="auditor-worker"
        )
        proc.start()
        child.close()
        return _Worker(proc=proc, conn=parent)

    def _replace(self, w: _Worker, kill: bool) -> None:
        if kill:
            w.proc.kill()
        w.proc.join(5)
        w.conn.close()
        self.workers[self.workers.index(w)] = self._start()
        self.replaced += 1

    def close(self, graceful: bool = True) -> None:
        """Stop every worker: politely after a normal end, at once after an error."""
        for w in self.workers:
            if graceful and not w.busy:
                with contextlib.suppress(OSError):
                    w.conn.send(None)
        deadline = time.monotonic() + (2.0 if graceful else 0.0)
        for w in self.workers:
            w.proc.join(max(0.0, deadline - time.monotonic()))
            if w.proc.is_alive():
                w.proc.kill()
                w.proc.join(5)
            w.conn.close()
        self.workers = []

    def imap(self, jobs: Iterable[tuple[Any, str]]) -> Iterator[tuple[Any, Outcome]]:
        todo = iter(jobs)
        exhausted = False
        while True:
            for w in self.workers:
                if w.busy or exhausted:
                    continue
                nxt = next(todo, None)
                if nxt is None:
                    exhausted = True
                    break
                w.key, w.started = nxt[0], time.monotonic()
                w.conn.send(nxt)
            busy = [w for w in self.workers if w.busy]
            if not busy:
                return
            now = time.monotonic()
            wait_for = max(0.0, min(w.started + self.timeout for w in busy) - now)
            handles: dict[Any, _Worker] = {}
            for w in busy:
                handles[w.conn] = w
                handles[w.proc.sentinel] = w
            ready = wait(list(handles), timeout=wait_for)
            done: set[int] = set()
            for h in ready:
                w = handles[h]
                if id(w) in done:
                    continue
                done.add(id(w))
                yield from self._collect(w)
            now = time.monotonic()
            for w in [w for w in self.workers if w.busy and now - w.started >= self.timeout]:
                key = w.key
                w.key = None
                self._replace(w, kill=True)
                yield (
                    key,
                    failed(TIMEOUT_REASON.format(seconds=self.timeout), "timeout", self.timeout),
                )

    def _collect(self, w: _Worker) -> Iterator[tuple[Any, Outcome]]:
        key = w.key
        try:
            if w.conn.poll():
                got_key, out = w.conn.recv()
                w.key = None
                yield got_key, out
                return
        except (EOFError, OSError):
            pass
        # the worker died without answering (segfault, OOM killer, os._exit)
        w.proc.join(1)
        code = w.proc.exitcode
        w.key = None
        self._replace(w, kill=w.proc.is_alive())
        yield key, failed(CRASH_REASON.format(code=code), "crash")
