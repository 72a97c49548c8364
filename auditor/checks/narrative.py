"""Narrative against table, and the narrative against itself.

N001 compares each linked claim with its table value (the comparison itself is done
in the claims stage, where the unit conversion and tolerance live); N002 checks
"总数…其中A…B…" enumerations against the template's sums; N003 checks figures outside
the tables that the text explicitly splits into parts (分为两部分…).
"""

from __future__ import annotations

import re

from auditor.checks.context import CheckContext
from auditor.checks.registry import RuleSet
from auditor.model import CheckResult, Claim
from auditor.tables import cn_number

_SENTENCE_END = re.compile(r"[。；;！!？?]")
_PARTITION = re.compile(
    r"分为\s*(?P<n>[两二三四五六七八九十]|\d+)\s*(?:个)?(?:部分|段|类|期|批|项)"
)
_HEADING_LINE = re.compile(r"\n\s*[一二三四五六七八九十]{1,3}\s*[、.．]")


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def check_claims(ctx: CheckContext, rules: RuleSet) -> list[CheckResult]:
    out: list[CheckResult] = []
    if not rules.enabled("N001"):
        return out
    for claim in ctx.claims:
        if claim.indicator is None:
            continue
        ind_ids = [claim.indicator]
        ind = ctx.template.indicators.get(claim.indicator) if ctx.template else None
        if ind is not None and ind.derived:
            ind_ids += list(ind.equals_sum_of)
        spans = [claim.span, *ctx.cell_spans(ind_ids)]
        label = ctx.label(claim.indicator)
        if claim.status == "not_assessable":
            why = claim.note or "统计表中该指标为空白或未找到"
            out.append(
                rules.result(
                    "N001",
                    "not_assessable",
                    indicators=ind_ids,
                    spans=spans,
                    actual=claim.value,
                    message=f"正文“{claim.context}{claim.text}”对应{label}，但无法比对：{why}",
                )
            )
            continue
        status = "pass" if claim.status == "match" else "fail"
        res = rules.result(
            "N001",
            status,
            indicators=ind_ids,
            spans=spans,
            expected=claim.table_value,
            actual=claim.value,
            context=claim.context[-24:],
            figure=claim.text,
            label=label,
            unit=claim.unit or "",
        )
        if claim.note:
            res.message += f"（{claim.note}）"  # bounds, alternatives, 均获维持 …
        out.append(res)
    return out


def _sentence_of(text: str, pos: int) -> tuple[int, int]:
    start = 0
    for m in _SENTENCE_END.finditer(text, 0, pos):
        start = m.end()
    m = _SENTENCE_END.search(text, pos)
    return start, (m.start() if m else len(text))


def check_enumerations(ctx: CheckContext, rules: RuleSet) -> list[CheckResult]:
    """总数 … 其中 A x、B y …: parts that are components of the total must add up."""
    out: list[CheckResult] = []
    if not ctx.template or not rules.enabled("N002"):
        return out
    text = ctx.doc.text
    claims = sorted(ctx.claims, key=lambda c: c.span[0])
    for i, total in enumerate(claims):
        if total.indicator is None:
            continue
        ind = ctx.template.indicators.get(total.indicator)
        if ind is None or not ind.equals_sum_of:
            continue
        s_start, s_end = _sentence_of(text, total.span[0])
        qi = text.find("其中", total.span[1], s_end)
        if qi < 0:
            continue
        components = set(ind.equals_sum_of)
        parts: list[Claim] = []
        for c in claims[i + 1 :]:
            if c.span[0] >= s_end:
                break
            if c.span[0] > qi and c.indicator in components and c.unit == total.unit:
                parts.append(c)
        if len(parts) < 2:
            continue
        listed = {p.indicator for p in parts}
        part_sum = sum(p.value for p in parts)
        complete = listed == components
        ok = abs(part_sum - total.value) < 1e-9 if complete else part_sum <= total.value + 1e-9
        ids = [total.indicator, *[p.indicator for p in parts]]  # type: ignore[list-item]
        out.append(
            rules.result(
                "N002",
                "pass" if ok else "fail",
                indicators=ids,
                spans=[total.span, *[p.span for p in parts]],
                expected=float(total.value),
                actual=float(part_sum),
                unit=total.unit or "",
            )
        )
    return out


def check_partitions(ctx: CheckContext, rules: RuleSet) -> list[CheckResult]:
    """A whole split explicitly into N parts: the parts of each unit must add up."""
    out: list[CheckResult] = []
    if not rules.enabled("N003"):
        return out
    text = ctx.doc.text
    claims = sorted(ctx.claims, key=lambda c: c.span[0])
    for m in _PARTITION.finditer(text):
        n_raw = m.group("n")
        n = int(n_raw) if n_raw.isdigit() else (2 if n_raw == "两" else cn_number(n_raw))
        if not n or n < 2:
            continue
        para_start = text.rfind("\n\n", 0, m.start())
        para_start = 0 if para_start < 0 else para_start
        nxt = _HEADING_LINE.search(text, m.end())
        region_end = nxt.start() if nxt else len(text)
        for table in ctx.doc.tables:
            if m.end() <= table.span[0] < region_end:
                region_end = table.span[0]
        before = [c for c in claims if para_start <= c.span[0] < m.start() and c.indicator is None]
        after = [c for c in claims if m.end() <= c.span[0] < region_end and c.indicator is None]
        for unit in dict.fromkeys(c.unit for c in after):
            parts = [c for c in after if c.unit == unit]
            wholes = [c for c in before if c.unit == unit]
            if len(parts) != n or not wholes or any(c.approx for c in parts + wholes):
                continue
            whole = wholes[-1]
            total = sum(p.value for p in parts)
            decimals = max([whole.decimals, *[p.decimals for p in parts]])
            tol = 0.5 * 10 ** (-decimals) if decimals else 1e-9
            ok = abs(total - whole.value) <= tol
            out.append(
                rules.result(
                    "N003",
                    "pass" if ok else "fail",
                    spans=[whole.span, *[p.span for p in parts]],
                    expected=float(whole.value),
                    actual=round(float(total), 6),
                    unit=unit or "",
                    parts_count=n,
                )
            )
    return out


_SHARE_LINK = re.compile(r"^[，,、\s]*(约)?(占|占比|比例为|比重为)")


def check_percentages(ctx: CheckContext, rules: RuleSet) -> list[CheckResult]:
    """ "予以公开258件，占33.9%": the share recomputed on the table's bases."""
    out: list[CheckResult] = []
    tpl = ctx.template
    if not tpl or not tpl.percent or not rules.enabled("N004"):
        return out
    from auditor.claims import indicator_value

    text = ctx.doc.text
    claims = sorted(ctx.claims, key=lambda c: c.span[0])
    for i, pct in enumerate(claims):
        if pct.unit != "%" or i == 0:
            continue
        part = claims[i - 1]
        if not part.indicator or not part.indicator.startswith(tpl.percent.get("parts", "\0")):
            continue
        if not _SHARE_LINK.match(text[part.span[1] : pct.span[0]]) or part.status == "unlinked":
            continue
        # reports round or truncate to the printed precision: one unit in the last place
        tol = 10 ** (-pct.decimals) + 1e-9
        tried = []
        for base_id in tpl.percent.get("bases", []):
            base = indicator_value(base_id, ctx.cells, tpl)
            if base:
                computed = 100.0 * float(part.value) / base
                tried.append((base_id, base, computed))
                if abs(computed - float(pct.value)) <= tol:
                    break
        else:
            if not tried:
                continue
            base_id, base, computed = tried[0]
            base_label = ctx.label(base_id)
            out.append(
                rules.result(
                    "N004",
                    "fail",
                    indicators=[part.indicator, base_id],
                    spans=[part.span, pct.span],
                    expected=round(computed, 2),
                    actual=float(pct.value),
                    figure=part.text,
                    pct=f"{pct.value:g}",
                    base=f"{base:g}",
                    base_label=base_label,
                    computed=f"{computed:.{max(1, pct.decimals)}f}",
                )
            )
            continue
        out.append(
            rules.result(
                "N004",
                "pass",
                indicators=[part.indicator],
                spans=[part.span, pct.span],
                message=f"正文称{part.text}占{pct.value:g}%，与表中基数一致",
            )
        )
    return out


CHECKS = [check_claims, check_enumerations, check_partitions, check_percentages]
