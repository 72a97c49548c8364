"""The identities a template's cells must satisfy (FORMATS.md §5), as named instances.

The generator needs them to inject a defect that breaks exactly one instance and to
declare which instances a blank cell makes unassessable. Each instance has a stable
name ("t3.balance.natural", "sum:g14.review.total", …) so a defect can cite it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from auditor.synth import forms
from auditor.synth.model import CellValue

Kind = Literal["sum", "balance", "bound", "at_most"]
Status = Literal["pass", "fail", "not_assessable"]

_TOLERANCE = 0.005  # money has at most 2 decimals


@dataclass(frozen=True)
class Identity:
    """One identity instance.

    sum: left[0] = Σ right; balance: Σ left = Σ right; bound: max(right) ≤ left[0] ≤
    Σ right (de-duplicated totals); at_most: left[0] ≤ right[0] (其中 rows, 历年累计 ≥
    annual is written as annual at_most cumulative).
    """

    name: str
    kind: Kind
    left: tuple[str, ...]
    right: tuple[str, ...]
    description: str

    @property
    def ids(self) -> tuple[str, ...]:
        return self.left + self.right


def _sum_identity(total: str, parts: tuple[str, ...], desc: str) -> Identity:
    return Identity(f"sum:{total}", "sum", (total,), parts, desc)


def _gov2014() -> list[Identity]:
    out = [_sum_identity(t, p, f"{t} = {' + '.join(p)}") for t, p in forms.GOV2014_SUMS]
    out += [
        Identity(f"bound:{t}", "bound", (t,), ch, f"max(渠道) ≤ {t} ≤ Σ渠道（不同渠道去重）")
        for t, ch in forms.GOV2014_BOUNDS
    ]
    out += [
        Identity(f"at_most:{p}", "at_most", (p,), (parent,), f"其中 {p} ≤ {parent}")
        for p, parent in forms.GOV2014_AT_MOST
    ]
    return out


def _grid(template: str) -> list[Identity]:
    out: list[Identity] = []
    cols = [c for c, _ in forms.T3_COLUMNS]
    rows = forms.t3_rows(template)
    for r in rows:
        total = forms.t3_id(template, r.key, "total")
        parts = tuple(forms.t3_id(template, r.key, c) for c in forms.T3_APPLICANTS)
        out.append(
            Identity(
                f"t3.row.{r.key}", "sum", (total,), parts, f"表三 {r.label} 总计 = 六类申请人之和"
            )
        )
    leaves = [r.key for r in rows if r.outcome and r.key != "total"]
    for c in cols:
        total = forms.t3_id(template, "total", c)
        parts = tuple(forms.t3_id(template, k, c) for k in leaves)
        out.append(
            Identity(
                f"t3.outcomes.{c}",
                "sum",
                (total,),
                parts,
                f"表三 （七）总计 = 各办理结果之和（{c}列）",
            )
        )
        out.append(
            Identity(
                f"t3.balance.{c}",
                "balance",
                (forms.t3_id(template, "new", c), forms.t3_id(template, "carried_in", c)),
                (forms.t3_id(template, "total", c), forms.t3_id(template, "carried_out", c)),
                f"表三 新收 + 上年结转 = 办理结果总计 + 结转下年度（{c}列）",
            )
        )
    for block, _ in forms.T4_BLOCKS:
        total = forms.t4_id(template, block, "total")
        parts = tuple(forms.t4_id(template, block, r) for r, _ in forms.T4_RESULTS if r != "total")
        out.append(
            Identity(f"t4.{block}", "sum", (total,), parts, f"表四 {block} 总计 = 四种结果之和")
        )
    return out


def _legacy(cell_ids: set[str]) -> list[Identity]:
    out: list[Identity] = []
    for suffix in ("", forms.CUMULATIVE):
        received = tuple(p + suffix for p in forms.LEGACY_RECEIVED_PARTS if p + suffix in cell_ids)
        answered = tuple(p + suffix for p in forms.LEGACY_ANSWERED_PARTS if p + suffix in cell_ids)
        out.append(_sum_identity("fj.apply.received" + suffix, received, "受理总数 = 各渠道之和"))
        out.append(_sum_identity("fj.apply.answered" + suffix, answered, "答复总数 = 各类答复之和"))
        out += [
            Identity(
                f"at_most:{p}{suffix}", "at_most", (p + suffix,), (parent + suffix,), "其中 ≤ 总数"
            )
            for p, parent in forms.LEGACY_AT_MOST
        ]
    annual = sorted(i for i in cell_ids if not i.endswith(forms.CUMULATIVE))
    out += [
        Identity(f"cumulative:{i}", "at_most", (i,), (i + forms.CUMULATIVE,), "历年累计 ≥ 本年度")
        for i in annual
        if i + forms.CUMULATIVE in cell_ids
    ]
    return out


def identities(template: str, cell_ids: Mapping[str, object] | set[str]) -> list[Identity]:
    """Every identity instance of `template` over the cells present."""
    ids = set(cell_ids)
    if template == "gov2014":
        return _gov2014()
    if template == "legacy":
        return _legacy(ids)
    return _grid(template)


def evaluate(identity: Identity, cells: Mapping[str, CellValue]) -> Status:
    """pass / fail, or not_assessable when any input is blank (blank is not zero)."""
    values = [cells.get(i) for i in identity.ids]
    if any(v is None for v in values):
        return "not_assessable"
    left = [float(cells[i]) for i in identity.left]  # type: ignore[arg-type]
    right = [float(cells[i]) for i in identity.right]  # type: ignore[arg-type]
    if identity.kind in ("sum", "balance"):
        ok = abs(sum(left) - sum(right)) <= _TOLERANCE
    elif identity.kind == "bound":
        ok = (max(right, default=0.0) - _TOLERANCE) <= left[0] <= sum(right) + _TOLERANCE
    else:
        ok = left[0] <= right[0] + _TOLERANCE
    return "pass" if ok else "fail"


def failing(template: str, cells: Mapping[str, CellValue]) -> list[Identity]:
    """Identity instances that fail (blank inputs are not failures)."""
    return [i for i in identities(template, cells) if evaluate(i, cells) == "fail"]
