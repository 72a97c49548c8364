"""The local pool: a stuck task is killed and its worker replaced; a crashed worker is
reported and replaced; the rest of the batch goes on."""

from __future__ import annotations

import os
import time
from pathlib import Path

from auditor.batch.pool import LocalPool
from auditor.batch.worker import Outcome


def slow_or_fast(path: str) -> Outcome:
    """A stand-in for an audit: "sleep" hangs, "crash" kills its process, else quick."""
    if path == "sleep":
        time.sleep(30)
    if path == "crash":
        os._exit(3)
    return Outcome(ok=True, reason=path, pid=os.getpid())


def test_timeout_kills_only_the_stuck_worker_and_the_batch_goes_on():
    jobs = [(i, p) for i, p in enumerate(["a", "sleep", "b", "c", "crash", "d", "e"])]
    t0 = time.monotonic()
    with LocalPool(2, timeout=1.0, task=slow_or_fast, preload=False) as pool:
        got = dict(pool.imap(jobs))
        replaced = pool.replaced
    assert time.monotonic() - t0 < 15
    assert sorted(got) == list(range(7))
    assert not got[1].ok and got[1].kind == "timeout" and "超时" in got[1].reason
    assert not got[4].ok and got[4].kind == "crash" and "退出码 3" in got[4].reason
    assert all(got[i].ok and got[i].reason == p for i, p in jobs if p not in ("sleep", "crash"))
    assert replaced == 2


def test_pool_with_fewer_jobs_than_workers_and_no_jobs():
    with LocalPool(3, timeout=5, task=slow_or_fast, preload=False) as pool:
        assert [k for k, _ in pool.imap([("x", "x")])] == ["x"]
        assert list(pool.imap([])) == []


def test_workers_exit_when_the_coordinator_is_killed(tmp_path):
    """A SIGKILLed coordinator leaves no worker behind (they see EOF on their pipe)."""
    import signal
    import subprocess
    import sys

    script = tmp_path / "coord.py"
    script.write_text(
        "import os, sys, time\n"
        "from auditor.batch.pool import LocalPool\n"
        "from auditor.batch.worker import Outcome\n"
        "def task(p):\n"
        "    return Outcome(ok=True, pid=os.getpid())\n"
        "if __name__ == '__main__':\n"
        "    with LocalPool(2, 10, task=task, preload=False) as pool:\n"
        "        list(pool.imap([(1, 'a')]))\n"
        "        pool._replace(pool.workers[0], kill=True)\n"
        "        print(' '.join(str(w.proc.pid) for w in pool.workers), flush=True)\n"
        "        time.sleep(60)\n",
        encoding="utf-8",
    )
    root = Path(__file__).resolve().parent.parent
    proc = subprocess.Popen(
        [sys.executable, str(script)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    pids = [int(p) for p in proc.stdout.readline().split()]
    assert len(pids) == 2
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    alive = pids
    while alive and time.monotonic() < deadline:
        time.sleep(0.05)
        alive = [p for p in pids if _alive(p)]
    for p in alive:  # do not leave this test's own processes behind on failure
        os.kill(p, signal.SIGKILL)
    assert not alive


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as fh:
            return fh.read().split()[2] != "Z"
    except FileNotFoundError:
        return False
