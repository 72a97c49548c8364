"""How well the table could be read: unmapped rows, missing indicators, blank cells."""

from __future__ import annotations

from auditor.checks.context import CheckContext
from auditor.checks.registry import RuleSet
from auditor.model import CheckResult


def _names(items: list[str], limit: int = 8) -> str:
    shown = "、".join(items[:limit])
    return shown + (f" 等 {len(items)} 项" if len(items) > limit else "")


def check_extraction(ctx: CheckContext, rules: RuleSet) -> list[CheckResult]:
    out: list[CheckResult] = []
    tpl = ctx.template
    if tpl is None:
        return out
    if tpl.table.get("layout") not in ("long", "grid", "forms"):
        if rules.enabled("E004") and not ctx.cells:
            out.append(rules.result("E004", "fail", template_name=tpl.name))
        return out
    ext = ctx.extraction
    doc = ctx.doc
    if rules.enabled("E006") and doc.pages_without_text:
        pages = "、".join(str(p) for p in doc.pages_without_text[:20])
        done = [p for p in doc.pages_without_text if p in doc.ocr_pages]
        note = (
            "；已用OCR识别，识别结果按不确定数据对待" if done else "（未安装OCR，该页内容未审核）"
        )
        out.append(rules.result("E006", "fail", pages=pages, ocr_note=note))
    inferred = [c.id for c in ctx.cells.values() if c.inferred]
    if rules.enabled("E005") and (ext.unreadable or inferred):
        out.append(
            rules.result(
                "E005",
                "fail",
                indicators=sorted(ext.unreadable) + inferred,
                inferred=len(inferred),
                unreadable=len(ext.unreadable),
            )
        )
    if not ctx.cells:
        return out  # S003 reports the missing table
    if rules.enabled("E001"):
        labels = [lbl for lbl, _ in ext.unmapped]
        spans = [s for _, s in ext.unmapped if s]
        out.append(
            rules.result(
                "E001",
                "fail" if labels else "pass",
                spans=spans,
                count=len(labels),
                labels=_names(labels),
            )
        )
    if rules.enabled("E002") and not tpl.forms:  # local forms change their rows by year
        # only tables that were found at all: a missing table is S003's finding
        found_tables = {c.split(".")[1] for c in ctx.cells} if tpl.grids else None
        unreadable = set(ext.unreadable)  # E005 reports those
        missing = [
            i.id
            for i in tpl.cell_indicators()
            if i.id not in ctx.cells
            and i.id not in unreadable
            and (found_tables is None or i.block in found_tables)
            and (tpl.id != "legacy" or (ext.form or "") in i.block.split("|"))
        ]
        out.append(
            rules.result(
                "E002",
                "fail" if missing else "pass",
                indicators=missing,
                count=len(missing),
                labels=_names([ctx.label(i) for i in missing]),
            )
        )
    if rules.enabled("E003"):
        blank = [c for c in ctx.cells.values() if c.semantic == "EMPTY"]
        out.append(
            rules.result(
                "E003",
                "fail" if blank else "pass",
                indicators=[c.id for c in blank],
                spans=[c.span for c in blank if c.span],
                count=len(blank),
                labels=_names([ctx.label(c.id) for c in blank]),
            )
        )
    return out


CHECKS = [check_extraction]
