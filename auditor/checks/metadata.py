"""Agency, year, and whether the document is an annual report at all."""

from __future__ import annotations

import re

from auditor.checks.context import CheckContext
from auditor.checks.registry import RuleSet
from auditor.model import CheckResult

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_OPENING = re.compile(r"^\s*((?:19|20)\d{2})\s*年\s*[，,度]")


def check_identity(ctx: CheckContext, rules: RuleSet) -> list[CheckResult]:
    out: list[CheckResult] = []
    spans = [ctx.title_span] if ctx.title_span else []
    if rules.enabled("M004"):
        out.append(
            rules.result("M004", "pass" if ctx.match.is_annual_report else "fail", spans=spans)
        )
    if rules.enabled("M001"):
        out.append(rules.result("M001", "pass" if ctx.agency else "fail", spans=spans))
    if rules.enabled("M002"):
        out.append(rules.result("M002", "pass" if ctx.year else "fail", spans=spans))
    return out


def check_year_consistency(ctx: CheckContext, rules: RuleSet) -> list[CheckResult]:
    """Table title, opening sentence and headings must name the report year."""
    if not rules.enabled("M003") or ctx.year is None:
        return []
    out: list[CheckResult] = []
    text = ctx.doc.text
    places: list[tuple[str, int, int, set[int]]] = []  # where, start, end, allowed years
    for table in ctx.doc.tables:
        if table.title:
            start = text.find(table.title, table.span[0])
            places.append(("统计表标题", start, start + len(table.title), {ctx.year}))
    body_start = ctx.title_span[1] if ctx.title_span else 0
    para = re.search(r"\n\s*\S", text[body_start:])
    if para:
        p0 = body_start + para.end() - 1
        m = _OPENING.match(text, p0)
        if m:
            places.append(("开篇语", m.start(1), m.end(1), {ctx.year}))
    for h in ctx.headings:
        if h.level == 1:
            # a plan for next year legitimately names the following year
            places.append((f"标题“{h.text}”", h.span[0], h.span[1], {ctx.year, ctx.year + 1}))
    for where, start, end, allowed in places:
        if start < 0:
            continue
        for m in _YEAR.finditer(text, start, end):
            y = int(m.group(1))
            status = "pass" if y in allowed else "fail"
            out.append(
                rules.result(
                    "M003",
                    status,
                    spans=[(m.start(1), m.end(1))],
                    expected=float(ctx.year),
                    actual=float(y),
                    where=where,
                )
            )
    return out


CHECKS = [check_identity, check_year_consistency]
