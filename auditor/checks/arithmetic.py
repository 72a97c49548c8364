"""The tables' own arithmetic: sums, de-duplicated bounds, 其中 rows, near-equalities.

Every check reads only cells that are numbers. A blank (EMPTY), not-applicable (NA) or
text cell among its inputs makes it "not assessable" with the reason, never a zero.
"""

from __future__ import annotations

from auditor.checks.context import CheckContext
from auditor.checks.registry import RuleSet
from auditor.model import CheckResult


def _numbers(ctx: CheckContext, ids: list[str]) -> list[float] | None:
    out = []
    for i in ids:
        c = ctx.cells.get(i)
        if c is None or not c.has_number or c.inferred:
            return None
        out.append(c.value)
    return out  # type: ignore[return-value]


def _missing_reason(ctx: CheckContext, ids: list[str]) -> str:
    missing = [ctx.label(i) for i in ids if i not in ctx.cells]
    blank = [ctx.label(i) for i in ids if i in ctx.cells and not ctx.cells[i].has_number]
    inferred = [ctx.label(i) for i in ids if i in ctx.cells and ctx.cells[i].inferred]
    parts = []
    if inferred:
        parts.append(
            "含由粘连文本按勾稽关系推断的数值，不能再用同一关系核对：" + "、".join(inferred[:6])
        )
    if missing:
        parts.append("表中未找到：" + "、".join(missing))
    if blank:
        parts.append("非数字或空白：" + "、".join(blank))
    return "；".join(parts)


def _not_assessable(
    ctx: CheckContext,
    rules: RuleSet,
    code: str,
    ids: list[str],
    what: str,
    reason: str | None = None,
) -> CheckResult:
    """A check whose inputs are not all printed numbers: says which, never guesses."""
    why = reason if reason is not None else _missing_reason(ctx, ids)
    return rules.result(
        code, "not_assessable", indicators=ids, spans=ctx.cell_spans(ids), message=f"{what}：{why}"
    )


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b)) + 0.005 * (
        not (float(a).is_integer() and float(b).is_integer())
    )


def _sum_parts(
    ctx: CheckContext, variants: tuple[tuple[str, ...], ...], suffix: str
) -> list[str] | None:
    """The first part list fully present in the table (local forms changed rows).

    A local form may print one row for a whole row group (（六）其他处理 as a single row
    in a 2021 report): its derived group total then stands for the missing sub-rows.
    """
    for variant in variants:
        ids = [p + suffix for p in variant]
        if all(i in ctx.cells for i in ids):
            return ids
        substituted = _with_group_totals(ctx, ids)
        if substituted is not None:
            return substituted
    return None


def _with_group_totals(ctx: CheckContext, ids: list[str]) -> list[str] | None:
    missing = [i for i in ids if i not in ctx.cells]
    if not missing or not ctx.template:
        return None
    out = [i for i in ids if i in ctx.cells]
    covered: set[str] = set()
    for ind in ctx.template.indicators.values():
        if (
            ind.derived
            and ind.id in ctx.cells
            and ind.equals_sum_of
            and set(ind.equals_sum_of) <= set(missing)
        ):
            out.append(ind.id)
            covered.update(ind.equals_sum_of)
    return out if covered == set(missing) else None


def check_sums(ctx: CheckContext, rules: RuleSet) -> list[CheckResult]:
    out: list[CheckResult] = []
    if not ctx.template or not rules.enabled("A001"):
        return out
    for ind in ctx.template.indicators.values():
        if not ind.equals_sum_of or (ind.derived and ind.id not in ctx.cells):
            # a derived group total is checked only where a local form prints it
            # (a 小计 row under （三）不予公开 …)
            continue
        variants = ind.sum_variants or (ind.equals_sum_of,)
        # a second value column (历年累计) obeys the same sums as the annual one
        for suffix in ("", "@cumulative"):
            total_id = ind.id + suffix
            all_parts = {p + suffix for v in variants for p in v}
            if total_id not in ctx.cells and not any(p in ctx.cells for p in all_parts):
                continue  # the block is absent altogether: E002 reports it
            parts = _sum_parts(ctx, variants, suffix)
            ids = [total_id, *(parts or list(variants[0]))]
            label = ctx.label(ind.id) + ("（历年累计）" if suffix else "")
            vals = _numbers(ctx, ids) if parts is not None else None
            if vals is None:
                reason = _missing_reason(ctx, ids) if parts is not None else "表中分项不全"
                out.append(
                    _not_assessable(
                        ctx, rules, "A001", ids, f"无法核对“{label}”是否等于分项之和", reason=reason
                    )
                )
                continue
            total, part_sum = vals[0], sum(vals[1:])
            status = "pass" if _close(total, part_sum) else "fail"
            out.append(
                rules.result(
                    "A001",
                    status,
                    indicators=ids,
                    spans=ctx.cell_spans(ids),
                    expected=part_sum,
                    actual=total,
                    label=label,
                )
            )
    return out


def check_bounds(ctx: CheckContext, rules: RuleSet) -> list[CheckResult]:
    out: list[CheckResult] = []
    if not ctx.template:
        return out
    for bound in ctx.template.bounds:
        total_id, channels = bound["total"], list(bound["channels"])
        ids = [total_id, *channels]
        if total_id not in ctx.cells:
            continue
        vals = _numbers(ctx, ids)
        label = ctx.label(total_id)
        if vals is None:
            if rules.enabled("A002"):
                out.append(
                    _not_assessable(ctx, rules, "A002", ids, f"无法核对“{label}”与各渠道数的关系")
                )
            continue
        total, chans = vals[0], vals[1:]
        if rules.enabled("A002"):
            status = "pass" if total <= sum(chans) + 1e-9 else "fail"
            out.append(
                rules.result(
                    "A002",
                    status,
                    indicators=ids,
                    spans=ctx.cell_spans(ids),
                    expected=sum(chans),
                    actual=total,
                    label=label,
                )
            )
        if rules.enabled("A003"):
            top = max(range(len(chans)), key=lambda k: chans[k])
            status = "pass" if chans[top] <= total + 1e-9 else "uncertain"
            out.append(
                rules.result(
                    "A003",
                    status,
                    indicators=[total_id, channels[top]],
                    spans=ctx.cell_spans([total_id, channels[top]]),
                    expected=total,
                    actual=chans[top],
                    label=label,
                    part_label=ctx.label(channels[top]),
                )
            )
    return out


def check_at_most(ctx: CheckContext, rules: RuleSet) -> list[CheckResult]:
    out: list[CheckResult] = []
    if not ctx.template or not rules.enabled("A004"):
        return out
    for ind in ctx.template.indicators.values():
        if not ind.at_most or ind.id not in ctx.cells:
            continue
        ids = [ind.id, ind.at_most]
        vals = _numbers(ctx, ids)
        if vals is None:
            out.append(
                _not_assessable(
                    ctx, rules, "A004", ids, f"无法核对“{ctx.label(ind.id)}”不超过其上级项"
                )
            )
            continue
        status = "pass" if vals[0] <= vals[1] + 1e-9 else "fail"
        out.append(
            rules.result(
                "A004",
                status,
                indicators=ids,
                spans=ctx.cell_spans(ids),
                expected=vals[1],
                actual=vals[0],
                label=ctx.label(ind.id),
                parent_label=ctx.label(ind.at_most),
            )
        )
    return out


def check_near_equal(ctx: CheckContext, rules: RuleSet) -> list[CheckResult]:
    out: list[CheckResult] = []
    if not ctx.template or not rules.enabled("A005"):
        return out
    for pair in ctx.template.near_equal:
        ids = [pair["left"], pair["right"]]
        vals = _numbers(ctx, ids)
        if vals is None:
            if any(i in ctx.cells for i in ids):
                out.append(
                    _not_assessable(
                        ctx,
                        rules,
                        "A005",
                        ids,
                        f"无法比较“{ctx.label(ids[0])}”与“{ctx.label(ids[1])}”",
                    )
                )
            continue
        status = "pass" if _close(vals[0], vals[1]) else "fail"
        out.append(
            rules.result(
                "A005",
                status,
                indicators=ids,
                spans=ctx.cell_spans(ids),
                expected=vals[1],
                actual=vals[0],
                label=ctx.label(ids[0]),
                other_label=ctx.label(ids[1]),
            )
        )
    return out


def check_equations(ctx: CheckContext, rules: RuleSet) -> list[CheckResult]:
    """Printed identities "a + b = c + d" (表三 balance per column)."""
    out: list[CheckResult] = []
    if not ctx.template or not rules.enabled("A006"):
        return out
    for ind in ctx.template.indicators.values():
        if ind.equation is None:
            continue
        left, right = list(ind.equation[0]), list(ind.equation[1])
        ids = left + right
        if not any(i in ctx.cells for i in ids):
            continue
        label = ind.label.replace(" | ", "·")
        vals = _numbers(ctx, ids)
        if vals is None:
            out.append(_not_assessable(ctx, rules, "A006", ids, f"无法核对“{label}”"))
            continue
        lsum, rsum = sum(vals[: len(left)]), sum(vals[len(left) :])
        out.append(
            rules.result(
                "A006",
                "pass" if _close(lsum, rsum) else "fail",
                indicators=ids,
                spans=ctx.cell_spans(ids),
                expected=lsum,
                actual=rsum,
                label=label,
                left_desc="+".join(ctx.label(i) for i in left),
                right_desc="+".join(ctx.label(i) for i in right),
            )
        )
    return out


_ORG_COLS = ("commercial", "research", "social", "legal", "other_org")


def check_org_subtotals(ctx: CheckContext, rules: RuleSet) -> list[CheckResult]:
    """A local 法人或其他组织 小计 column against its five parts (A007)."""
    out: list[CheckResult] = []
    if not ctx.template or not rules.enabled("A007"):
        return out
    for cid in ctx.cells:
        if not cid.endswith(".org_subtotal"):
            continue
        row = cid[: -len(".org_subtotal")]
        ids = [cid, *(f"{row}.{c}" for c in _ORG_COLS)]
        label = ctx.label(f"{row}.natural").split("（")[0]
        vals = _numbers(ctx, ids)
        if vals is None:
            out.append(_not_assessable(ctx, rules, "A007", ids, f"无法核对“{label}”的小计栏"))
            continue
        out.append(
            rules.result(
                "A007",
                "pass" if _close(vals[0], sum(vals[1:])) else "fail",
                indicators=ids,
                spans=ctx.cell_spans(ids),
                expected=sum(vals[1:]),
                actual=vals[0],
                label=label,
            )
        )
    return out


CHECKS = [
    check_sums,
    check_org_subtotals,
    check_equations,
    check_bounds,
    check_at_most,
    check_near_equal,
]
