"""The unit of work of a batch: audit one file and return everything to store.

It runs in a worker process of the local pool or in a Dask worker; it never touches
the store or OUT, so a killed worker can lose nothing that was committed, and the two
executors cannot drift apart. Every failure becomes an `Outcome` with a Chinese reason
(an `InputError`'s own message, or the exception's type and text), never an exception
that would stop the batch.
"""

from __future__ import annotations

import json
import os
import resource
import threading
import time
from dataclasses import dataclass

from auditor.batch.rows import ReportRows, rows_from_result
from auditor.checks.registry import RuleSet
from auditor.errors import InputError

TIMEOUT_REASON = "超时（超过 {seconds:g} 秒仍未完成，已终止该文件的审核）"


@dataclass
class Outcome:
    """The result of one file: either the JSON, HTML and rows, or why it failed."""

    ok: bool
    reason: str = ""
    kind: str = ""  # input | error | timeout | crash (for failed items)
    json_text: str = ""
    html_text: str = ""
    rows: ReportRows | None = None
    elapsed: float = 0.0
    cpu: float = 0.0  # CPU seconds of this audit (elapsed minus waiting for a core)
    rss_mb: float = 0.0
    pid: int = 0


def peak_rss_mb() -> float:
    """This process's peak resident set size (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def failed(reason: str, kind: str, elapsed: float = 0.0) -> Outcome:
    return Outcome(
        ok=False, reason=reason, kind=kind, elapsed=elapsed, rss_mb=peak_rss_mb(), pid=os.getpid()
    )


_WARM = False


def warm_up() -> None:
    """Load everything the pipeline loads lazily (segmenter dictionary, templates, the
    section-coverage model, the format readers, the renderer) once, by auditing one
    generated report per template and per format. Run in the coordinator before the
    workers are forked, so that no worker pays these seconds inside its first reports
    (and all share the pages); once per process. Never fails: a problem here shows up
    again, with its reason, on a real file."""
    global _WARM
    if _WARM:
        return
    _WARM = True
    import tempfile

    from auditor.pipeline import audit
    from auditor.render.html import render_html
    from auditor.synth import TEMPLATES, generate, write

    samples = [(t, "text") for t in TEMPLATES] + [
        ("gov2021", fmt) for fmt in ("html", "markdown", "docx")
    ]
    with tempfile.TemporaryDirectory(prefix="auditor-warm-") as tmp:
        for template, fmt in samples:  # every template, every reader
            try:
                path = write(generate(template, seed=1), fmt, os.path.join(tmp, fmt))
                render_html(audit(path, config=RuleSet(), coverage_model=True))
            except Exception:  # warming is best effort
                continue


def audit_one(path: str, rules: RuleSet | None = None) -> Outcome:
    """Audit `path`; return the JSON, the HTML and the rows, or the reason it failed."""
    from auditor.pipeline import audit
    from auditor.render.html import render_html

    t0, c0 = time.perf_counter(), time.process_time()
    try:
        # the section classifier on every report: loaded once per worker (warm_up), it
        # also judges the sections that have headings (off-topic bodies, sub-topics)
        result = audit(path, config=rules if rules is not None else RuleSet(), coverage_model=True)
        data = result.to_dict()
        json_text = json.dumps(data, ensure_ascii=False, indent=2)  # = result.to_json()
        html_text = render_html(result)
        rows = rows_from_result(data)
    except InputError as exc:
        return failed(str(exc), "input", time.perf_counter() - t0)
    except MemoryError:
        return failed("内存不足，无法审核该文件", "error", time.perf_counter() - t0)
    except Exception as exc:  # one bad file must not stop a batch of thousands
        reason = f"处理该文件时发生内部错误（{type(exc).__name__}: {exc}）"
        return failed(reason, "error", time.perf_counter() - t0)
    return Outcome(
        ok=True,
        json_text=json_text,
        html_text=html_text,
        rows=rows,
        elapsed=time.perf_counter() - t0,
        cpu=time.process_time() - c0,
        rss_mb=peak_rss_mb(),
        pid=os.getpid(),
    )


def audit_with_deadline(path: str, rules: RuleSet | None, timeout: float) -> Outcome:
    """`audit_one` under a time limit, for executors that cannot kill a task (Dask runs
    tasks in threads): past the limit the file is recorded as timed out and the worker
    goes on; the abandoned thread finishes in the background (a daemon thread)."""
    box: list[Outcome] = []
    thread = threading.Thread(target=lambda: box.append(audit_one(path, rules)), daemon=True)
    thread.start()
    thread.join(timeout)
    if box:
        return box[0]
    return failed(TIMEOUT_REASON.format(seconds=timeout), "timeout", timeout)
