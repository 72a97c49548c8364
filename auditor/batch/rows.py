"""Flatten one audit's JSON (the DESIGN.md contract) into the rows the batch stores.

Why here and not in the runner: the worker computes these rows next to the audit, so
the coordinating process only commits them (it is one of the machine's two cores'
tenants, so it must stay light), and the same function serves the local pool and Dask,
which keeps the two executors' results identical by construction.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass, field
from typing import Any

from auditor.batch.sentences import narrative_sentences


def num_text(v: Any) -> str:
    """A number as its JSON text ("3", "24252.311082"), "" for none: the store keeps the
    printed form so CSV output never turns 3 into 3.0."""
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return json.dumps(v)


@dataclass
class ReportRows:
    """Everything the store needs from one successful audit."""

    agency: str | None
    year: int | None
    template: str
    media_type: str
    errors: int
    warnings: int
    checks: int
    coverage: float
    findings: list[tuple] = field(default_factory=list)
    indicators: list[tuple] = field(default_factory=list)
    sentences: list[tuple[str, str]] = field(default_factory=list)


def _line_starts(text: str) -> list[int]:
    starts = [0]
    pos = text.find("\n")
    while pos >= 0:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return starts


def location(where: dict | None, line_starts: list[int]) -> str:
    """Where a cell was read, for a reviewer: "第12行（字符 340–343）" or "第3页"."""
    if not where:
        return ""
    if where.get("page") is not None:
        return f"第{where['page']}页"
    span = where.get("span")
    if not span:
        return ""
    line = bisect.bisect_right(line_starts, span[0])
    return f"第{line}行（字符 {span[0]}–{span[1]}）"


def rows_from_result(d: dict) -> ReportRows:
    """The summary, failed checks, cells (long format) and narrative sentences."""
    report, summary = d["report"], d["summary"]
    text = d.get("text") or ""
    starts = _line_starts(text)
    findings = [
        (
            c["rule"],
            c["severity"],
            c["category"],
            c["status"],
            c["message"],
            ";".join(c.get("indicators") or []),
            num_text(c.get("expected")),
            num_text(c.get("actual")),
        )
        for c in d["checks"]
        if c["status"] == "fail"
    ]
    indicators = []
    spans = []
    for c in d["cells"]:
        where = c.get("where") or {}
        if where.get("span"):
            spans.append(tuple(where["span"]))
        indicators.append(
            (
                c["id"],
                num_text(c.get("value")),
                c.get("raw") or "",
                c.get("unit") or "",
                c.get("semantic") or "",
                location(where, starts),
                1 if c.get("inferred") else 0,
            )
        )
    return ReportRows(
        agency=report.get("agency"),
        year=report.get("year"),
        template=report.get("template") or "unknown",
        media_type=d["source"].get("media_type") or "",
        errors=int(summary.get("errors", 0)),
        warnings=int(summary.get("warnings", 0)),
        checks=int(summary.get("checks", 0)),
        coverage=float(summary.get("coverage", 0.0)),
        findings=findings,
        indicators=indicators,
        sentences=narrative_sentences(text, spans),
    )
