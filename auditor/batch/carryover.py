"""Cross-year arithmetic of one agency's series.

X001 (error): this year's 表三 "上年结转政府信息公开申请数量" must equal last year's
"结转下年度继续办理", column by column. Both forms since 2019 have the two rows with the
same column ids, so 2021's g21.t3.carried_in.* is checked against 2020's
g19.t3.carried_out.* across the template change.

X002 (warning): 表二's 现行有效件数 carries over: in_force(Y) = in_force(Y−1) + issued(Y)
− repealed(Y), for 规章 and 行政规范性文件. Only a warning: after a 集中清理 (a bulk
review of the document library) the count is legitimately re-based.

Both read only cells that hold a number (blank is not zero) and need the report of the
directly preceding year; otherwise the check says "not assessable", it never guesses.
"""

from __future__ import annotations

import json
import re

from auditor.batch.rows import num_text
from auditor.batch.series import ReportInfo, Series
from auditor.batch.store import CrossCheck
from auditor.checks.registry import RuleSet

COLUMNS = {
    "natural": "自然人",
    "commercial": "商业企业",
    "research": "科研机构",
    "social": "社会公益组织",
    "legal": "法律服务机构",
    "other_org": "其他",
    "total": "总计",
}
KINDS = {"regulations": "规章", "normative": "行政规范性文件"}
_CARRIED = re.compile(r"^(g19|g21)\.t3\.carried_(in|out)\.(.+)$")


def _carried(r: ReportInfo, direction: str) -> dict[str, tuple[str, float]]:
    out: dict[str, tuple[str, float]] = {}
    for cid, value in r.cells.items():
        m = _CARRIED.match(cid)
        if m and m.group(2) == direction and value is not None:
            out[m.group(3)] = (cid, value)
    return out


def _check(rules: RuleSet, code: str, r: ReportInfo, status: str, **kw: object) -> CrossCheck:
    evidence = kw.pop("evidence", None)
    res = rules.result(code, status, **kw)  # type: ignore[arg-type]
    return CrossCheck(
        file=r.file,
        agency=r.agency_name,
        year=r.year,
        rule=code,
        severity=res.severity,
        category=res.category,
        status=status,
        message=res.message,
        indicators=";".join(res.indicators),
        expected=num_text(res.expected),
        actual=num_text(res.actual),
        evidence=json.dumps(evidence, ensure_ascii=False) if evidence else "",
    )


def carry_over(series: Series, rules: RuleSet) -> list[CrossCheck]:
    """X001 for every report of the series that prints 上年结转."""
    out: list[CrossCheck] = []
    if not rules.enabled("X001"):
        return out
    for year, r in sorted(series.years.items()):
        this = _carried(r, "in")
        if not this:
            continue
        prev = series.previous(year)
        if prev is None:
            out.append(
                _check(
                    rules, "X001", r, "not_assessable",
                    message=f"缺少{year - 1}年度报告，无法核对上年结转申请数量",
                    indicators=[cid for cid, _ in this.values()],
                )
            )  # fmt: skip
            continue
        last = _carried(prev, "out")
        if not last:
            out.append(
                _check(
                    rules, "X001", r, "not_assessable",
                    message=f"{year - 1}年度报告中没有“结转下年度继续办理”的数字，无法核对",
                    indicators=[cid for cid, _ in this.values()],
                )
            )  # fmt: skip
            continue
        for col, (cid, value) in this.items():
            if col not in last:
                continue
            prev_id, prev_value = last[col]
            ok = abs(value - prev_value) < 1e-9
            out.append(
                _check(
                    rules, "X001", r, "pass" if ok else "fail",
                    indicators=[cid, prev_id], expected=prev_value, actual=value,
                    column=COLUMNS.get(col, col), prev_year=year - 1,
                    evidence={"previous_file": prev.file, "previous_indicator": prev_id},
                )
            )  # fmt: skip
    return out


def in_force(series: Series, rules: RuleSet) -> list[CrossCheck]:
    """X002 for every report of the series with a 现行有效件数 and last year's."""
    out: list[CrossCheck] = []
    if not rules.enabled("X002"):
        return out
    for year, r in sorted(series.years.items()):
        prev = series.previous(year)
        for kind, label in KINDS.items():
            ids = {f: f"g21.t2.{kind}.{f}" for f in ("in_force", "issued", "repealed")}
            cur = {f: r.cells.get(i) for f, i in ids.items()}
            if cur["in_force"] is None:
                continue
            last = prev.cells.get(ids["in_force"]) if prev else None
            if prev is None or last is None or cur["issued"] is None or cur["repealed"] is None:
                continue  # nothing to carry over from: not a finding, not worth a row
            assert cur["issued"] is not None and cur["repealed"] is not None
            expected = last + cur["issued"] - cur["repealed"]
            ok = abs(expected - cur["in_force"]) < 1e-9
            out.append(
                _check(
                    rules, "X002", r, "pass" if ok else "fail",
                    indicators=[ids["in_force"], ids["issued"], ids["repealed"]],
                    expected=expected, actual=cur["in_force"], kind=label,
                    prev=last, issued=cur["issued"], repealed=cur["repealed"],
                    prev_year=year - 1,
                    evidence={"previous_file": prev.file},
                )
            )  # fmt: skip
    return out
