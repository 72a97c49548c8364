"""Defects injected on purpose, each declared exactly (cells, values, identities).

The point of a benchmark is to prove the auditor finds what is there and nothing else,
so a defect must break precisely what it declares:
- wrong_total: one total cell changed so that exactly one identity instance fails;
- blank_cell: one cell of some identity made blank (those instances become
  not assessable, none fails);
- missing_section: one required narrative section removed (heading and body);
- narrative_mismatch: one narrative figure differs from its table value (and from any
  other value the quote may legitimately mean).
Cell defects never touch an identity instance already used by another defect.
"""

from __future__ import annotations

import random
from collections.abc import Mapping

from auditor.synth import forms, phrases
from auditor.synth.identities import Identity, evaluate, identities
from auditor.synth.model import CellValue, ExpectedClaim, InjectedDefect, Number
from auditor.synth.values import derived_value

DEFECT_KINDS = ("wrong_total", "narrative_mismatch", "missing_section", "blank_cell")
CELL_DEFECTS = ("wrong_total", "blank_cell")

#: Cells never chosen as a wrong total: changing them would also trip a heuristic check.
_PROTECTED = frozenset(forms.GOV2014_NEAR_EQUAL)


def _deltas(rng: random.Random, base: int) -> list[int]:
    """Candidate non-zero changes of a count, in a random order, keeping it ≥ 0."""
    sizes = [1, 1, 2, 3, 5, 10, max(1, base // 10)]
    rng.shuffle(sizes)
    out: list[int] = []
    for size in sizes:
        sign = 1 if rng.random() < 0.6 else -1
        for delta in (sign * size, -sign * size):
            if base + delta >= 0 and delta not in out:
                out.append(delta)
    return out


def wrong_total(
    rng: random.Random, template: str, cells: dict[str, CellValue], used: set[str]
) -> InjectedDefect:
    """Change one total so that exactly one identity instance (a new one) fails."""
    all_ids = identities(template, cells)
    baseline = {i.name for i in all_ids if evaluate(i, cells) == "fail"}
    totals = sorted({i.left[0] for i in all_ids if i.kind == "sum"} - _PROTECTED)
    rng.shuffle(totals)
    for target in totals:
        base = cells.get(target)
        touch = [i for i in all_ids if target in i.ids]
        if not isinstance(base, int) or any(i.name in used or i.name in baseline for i in touch):
            continue
        for delta in _deltas(rng, base):
            trial = dict(cells)
            trial[target] = base + delta
            broken = [i for i in touch if evaluate(i, trial) == "fail"]
            if len(broken) != 1:
                continue
            cells[target] = base + delta
            used.update(i.name for i in touch)
            others = tuple(i for i in broken[0].ids if i != target)
            return InjectedDefect(
                kind="wrong_total",
                indicators=(target, *others),
                expected=base,
                actual=base + delta,
                description=f"{target} 应为 {base}，表中为 {base + delta}（{broken[0].description}）",
                identities=(broken[0].name,),
            )
    raise ValueError(f"no total of {template} can break exactly one identity")


def blank_cell(
    rng: random.Random, template: str, cells: dict[str, CellValue], used: set[str]
) -> InjectedDefect:
    """Blank one cell that some identity reads (its instances become not assessable)."""
    by_cell: dict[str, list[Identity]] = {}
    for ident in identities(template, cells):
        for cid in ident.ids:
            by_cell.setdefault(cid, []).append(ident)
    candidates = [
        cid
        for cid in cells
        if cells[cid] is not None
        and cid in by_cell
        and not any(i.name in used for i in by_cell[cid])
    ]
    if not candidates:
        raise ValueError(f"no cell of {template} left to blank")
    target = rng.choice(candidates)
    before = cells[target]
    cells[target] = None
    touched = by_cell[target]
    used.update(i.name for i in touched)
    others = tuple(dict.fromkeys(c for i in touched for c in i.ids if c != target))
    return InjectedDefect(
        kind="blank_cell",
        indicators=(target, *others),
        expected=before,
        actual=None,
        description=f"{target} 为空（应为 {before}），相关勾稽关系无法核对",
        identities=tuple(i.name for i in touched),
    )


def missing_section(rng: random.Random, template: str, present: list[str]) -> str:
    """Pick a required narrative-only section to remove (see phrases.NARRATIVE_ONLY)."""
    candidates = [s for s in phrases.NARRATIVE_ONLY[template] if s in present]
    if not candidates:
        raise ValueError(f"no removable section in {template}")
    return rng.choice(candidates)


def mismatch_candidates(claims: list[ExpectedClaim], avoid: set[str] = frozenset()) -> list[int]:
    """Positions of claims whose stated count can be falsified (linked integer counts
    that agree, and whose cells are not in `avoid`: cells other defects changed)."""
    out = []
    for k, c in enumerate(claims):
        if c.indicator is None or not c.agrees or not isinstance(c.value, int) or c.unit == "%":
            continue
        if c.indicator in forms.MONEY_IDS:
            continue
        if {c.indicator, *forms.DERIVED.get(c.indicator, ())} & avoid:
            continue
        out.append(k)
    return out


def mismatch_value(
    rng: random.Random, indicator: str, cells: Mapping[str, CellValue]
) -> tuple[Number, Number]:
    """(table value, a different stated value ≥ 1 that no accepted reading equals)."""
    value = derived_value(cells, indicator)
    assert isinstance(value, int)
    forbidden = {value}
    for parts in phrases.ALTERNATES.get(indicator, ()):
        vals = [derived_value(cells, p) for p in parts]
        if all(isinstance(v, int | float) for v in vals):
            forbidden.add(sum(vals))  # type: ignore[arg-type]
    for delta in _deltas(rng, value) + list(range(1, 50)):
        stated = value + delta
        if stated >= 1 and stated not in forbidden:
            return value, stated
    raise ValueError("no mismatching value")  # pragma: no cover - range above is ample
