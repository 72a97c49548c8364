"""A process pool that can kill one stuck worker: one task at a time per worker, a
deadline per task, and a fresh worker in place of a killed or crashed one.

Why not concurrent.futures/multiprocessing.Pool: neither can end a single task that
hangs (a pathological PDF, a regex gone quadratic) without tearing down the whole pool,
and a process per file would pay the segmenter's start-up for every report. Here the
coordinator loads the pipeline once and forks its workers (Linux), so they start warm,
share those pages copy-on-write, and a replacement starts in milliseconds. Fork rather
than a fork server or spawn: those re-import the caller's __main__ in every worker,
which breaks scripts without a main guard, code read from stdin and notebooks. The
coordinator runs no other threads while it forks (the progress bar's monitor thread is
off), which is what makes fork safe here.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from auditor.batch.worker import TIMEOUT_REASON, Outcome, audit_one, failed, warm_up
from auditor.errors import InputError

CRASH_REASON = "工作进程意外退出（退出码 {code}），可能是内存不足或解析库崩溃"


def _serve(
    conn: Connection, task: Callable[..., Outcome], extra: tuple, inherited: list[Connection]
) -> None:
    """A worker's loop: receive (key, path), send back (key, Outcome); stop on None or
    when the coordinator is gone (EOF), so an orphan never outlives a killed batch.

    A forked worker inherits the coordinator's ends of its own and the other workers'
    pipes; they are closed first, else the pipe never reports EOF after the coordinator
    is killed and the worker would wait forever.
    """
    for c in inherited:
        c.close()
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


def _context() -> Any:
    """fork on Linux; elsewhere (macOS, Windows) spawn, where fork is unsafe or absent."""
    if sys.platform.startswith("linux"):
        return mp.get_context("fork")
    return mp.get_context("spawn")


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
        self.preload = preload
        self.ctx = _context()
        self.forked = self.ctx.get_start_method() == "fork"
        self.workers: list[_Worker] = []
        self.replaced = 0
        self.crashes_in_a_row = 0

    def __enter__(self) -> LocalPool:
        if self.preload:
            warm_up()  # in the coordinator, so that every forked worker starts warm
        self.workers = []
        for _ in range(self.size):  # one by one: each new worker closes the others' ends
            self.workers.append(self._start())
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(graceful=exc[0] is None)

    def _start(self) -> _Worker:
        parent, child = self.ctx.Pipe(duplex=True)
        # only a forked child inherits these; a spawned one gets nothing to close
        inherited = [parent, *(w.conn for w in self.workers)] if self.forked else []
        proc = self.ctx.Process(
            target=_serve,
            args=(child, self.task, self.extra, inherited),
            daemon=True,
            name="auditor-worker",
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
        """Run (key, path) jobs; yield (key, Outcome) as each finishes, a timed-out or
        crashed one as a failed Outcome. Jobs are taken lazily, one per idle worker."""
        todo = iter(jobs)
        requeued: deque[tuple[Any, str]] = deque()
        exhausted = False
        while True:
            for w in list(self.workers):
                if w.busy or (exhausted and not requeued):
                    continue
                nxt = requeued.popleft() if requeued else next(todo, None)
                if nxt is None:
                    exhausted = True
                    continue
                try:
                    w.conn.send(nxt)
                except OSError:  # the worker died while idle: the task never started
                    requeued.append(nxt)
                    self._crashed()
                    self._replace(w, kill=True)
                    continue
                w.key, w.started = nxt[0], time.monotonic()
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
                self.crashes_in_a_row = 0
                yield got_key, out
                return
        except (EOFError, OSError):
            pass
        # the worker died without answering (segfault, OOM killer, os._exit)
        w.proc.join(1)
        code = w.proc.exitcode
        w.key = None
        self._crashed()
        self._replace(w, kill=w.proc.is_alive())
        yield key, failed(CRASH_REASON.format(code=code), "crash")

    def _crashed(self) -> None:
        """Stop a crash loop (workers that die at start-up) instead of spinning forever."""
        self.crashes_in_a_row += 1
        if self.crashes_in_a_row > max(5, 3 * self.size):
            raise InputError(
                f"工作进程连续 {self.crashes_in_a_row} 次异常退出，批量审核已停止"
                "（已完成的报告均已保存）"
            )
