"""Required sections and tables present; sections with substance."""

from __future__ import annotations

from auditor.checks.context import CheckContext
from auditor.checks.registry import RuleSet
from auditor.model import CheckResult


def check_sections(ctx: CheckContext, rules: RuleSet) -> list[CheckResult]:
    out: list[CheckResult] = []
    for sec in ctx.sections:
        if not sec.required:
            continue
        spans = [sec.span] if sec.span else []
        if rules.enabled("S001"):
            out.append(
                rules.result(
                    "S001",
                    "fail" if sec.status == "missing" else "pass",
                    spans=spans,
                    name=sec.name,
                )
            )
        if rules.enabled("S002") and sec.status != "missing":
            out.append(
                rules.result(
                    "S002",
                    "fail" if sec.status == "thin" else "pass",
                    spans=spans,
                    name=sec.name,
                    reason=sec.reason,
                )
            )
    return out


def check_table_present(ctx: CheckContext, rules: RuleSet) -> list[CheckResult]:
    if not ctx.template or ctx.template.id == "legacy" or not rules.enabled("S003"):
        return []
    layout = ctx.template.table.get("layout")
    if layout != "long":
        return []  # grids are read by the structured-input readers (E004 says so meanwhile)
    status = "pass" if ctx.cells else "fail"
    return [rules.result("S003", status, template_name=ctx.template.name)]


CHECKS = [check_sections, check_table_present]
