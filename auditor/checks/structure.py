"""Required sections and tables present; sections with substance."""

from __future__ import annotations

from auditor.checks.context import CheckContext
from auditor.checks.registry import RuleSet
from auditor.model import CheckResult


def check_sections(ctx: CheckContext, rules: RuleSet) -> list[CheckResult]:
    out: list[CheckResult] = []
    specs = {s.id: s for s in ctx.template.sections} if ctx.template else {}
    for sec in ctx.sections:
        if not sec.required:
            continue
        spans = [sec.span] if sec.span else []
        if rules.enabled("S001"):
            status = "fail" if sec.status == "missing" else "pass"
            res = rules.result("S001", status, spans=spans, name=sec.name)
            spec = specs.get(sec.id)
            if spec and spec.missing_severity and "S001" not in rules.severity:
                # sections many reports leave out when there is nothing to say
                res.severity = spec.missing_severity  # type: ignore[assignment]
            out.append(res)
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


_TABLE_NAMES = {
    "t2": "表二（主动公开政府信息情况）",
    "t3": "表三（收到和处理政府信息公开申请情况）",
    "t4": "表四（政府信息公开行政复议、行政诉讼情况）",
}


def check_table_present(ctx: CheckContext, rules: RuleSet) -> list[CheckResult]:
    if not ctx.template or ctx.template.id == "legacy" or not rules.enabled("S003"):
        return []
    layout = ctx.template.table.get("layout")
    if layout == "long":
        status = "pass" if ctx.cells else "fail"
        return [rules.result("S003", status, table_name=f"{ctx.template.name}的统计表")]
    out = []
    for grid in ctx.template.grids:
        prefix = f"{ctx.template.prefix}.{grid.table}."
        present = any(cid.startswith(prefix) for cid in ctx.cells)
        out.append(
            rules.result(
                "S003",
                "pass" if present else "fail",
                table_name=_TABLE_NAMES.get(grid.table, grid.table),
            )
        )
    return out


CHECKS = [check_sections, check_table_present]
