"""`generate`: one deterministic synthetic report; `batch`: many, for benchmarks.

Order of work (each step with its own random stream, all derived from the seed):
agency and year → cells → cell defects → narrative (from the possibly defective
cells, so the narrative agrees with what the table prints) → section and narrative
defects. No global random state is touched.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from auditor.synth import defects as dfx
from auditor.synth import forms, phrases
from auditor.synth.model import InjectedDefect, SynthReport
from auditor.synth.narrative import build
from auditor.synth.values import PROFILES, Profile, generate_cells
from auditor.synth.writers import FORMATS, normalise_format


@dataclass(frozen=True)
class Agency:
    name: str
    level: str
    we: str
    profile: Profile


def _weighted(rng: random.Random, pairs):
    items = [p for p, _ in pairs]
    weights = [w for _, w in pairs]
    return rng.choices(items, weights=weights, k=1)[0]


def _place(rng: random.Random, avoid: str = "") -> str:
    while True:
        name = rng.choice(phrases.PLACE_FIRST) + rng.choice(phrases.PLACE_SECOND)
        if name[0] != name[1] and name != avoid:
            return name


def make_agency(rng: random.Random) -> Agency:
    """A realistic agency name from syllable lists, with its level and size profile."""
    kind = _weighted(rng, phrases.AGENCY_KINDS)
    city = _place(rng)
    county = _place(rng, city)
    district = _place(rng, city)
    town = _place(rng, county)
    dept, dept_we = rng.choice(phrases.DEPARTMENTS)
    name = kind.pattern.format(city=city, county=county, district=district, town=town, dept=dept)
    we = rng.choice(kind.we) if kind.we else dept_we
    profile = PROFILES[_weighted(rng, kind.profiles)]
    return Agency(name, kind.level, we, profile)


def generate(template: str, seed: int, defects: Sequence[str] = ()) -> SynthReport:
    """A synthetic report of `template` for `seed`, with the `defects` injected.

    Deterministic: the same arguments give the same report. Without defects every
    identity of FORMATS.md §5 holds and every claim agrees with its table.
    """
    if template not in forms.TEMPLATES:
        raise ValueError(f"unknown template {template!r}; expected one of {forms.TEMPLATES}")
    unknown = [d for d in defects if d not in dfx.DEFECT_KINDS]
    if unknown:
        raise ValueError(f"unknown defect kinds {unknown}; expected {dfx.DEFECT_KINDS}")
    rng = random.Random(seed)
    values_seed, narrative_seed, defect_seed = (rng.getrandbits(64) for _ in range(3))
    agency = make_agency(rng)
    lo, hi = forms.YEARS[template]
    year = rng.randint(lo, hi)
    cells = generate_cells(template, year, agency.level, agency.profile, random.Random(values_seed))

    drng = random.Random(defect_seed)
    used: set[str] = set()
    injected: list[tuple[int, InjectedDefect]] = []
    for k, kind in enumerate(defects):
        if kind == "wrong_total":
            injected.append((k, dfx.wrong_total(drng, template, cells, used)))
        elif kind == "blank_cell":
            injected.append((k, dfx.blank_cell(drng, template, cells, used)))

    def write_narrative(omit=(), overrides=None, force=False):
        return build(
            template, agency.name, year, agency.we, cells, narrative_seed, omit, overrides, force
        )

    narrative = write_narrative()
    omit: list[str] = []
    for k, kind in enumerate(defects):
        if kind != "missing_section":
            continue
        present = [s for s, _, _ in narrative.sections if s not in omit]
        sid = dfx.missing_section(drng, template, present)
        omit.append(sid)
        heading = narrative.headings[sid]
        injected.append(
            (
                k,
                InjectedDefect(
                    kind="missing_section",
                    indicators=(),
                    expected=None,
                    actual=None,
                    description=f"缺少必需章节“{heading}”（标题和正文均已删除）",
                    section=sid,
                ),
            )
        )
    if omit:
        narrative = write_narrative(omit)

    # a falsified figure must not restate a cell another defect already changed
    touched = {i for _, d in injected for i in d.indicators}
    overrides: dict[int, int | float] = {}
    force = False
    for k, kind in enumerate(defects):
        if kind != "narrative_mismatch":
            continue
        candidates = dfx.mismatch_candidates(narrative.claims, touched)
        if not candidates and not force:
            force = True
            narrative = write_narrative(omit, overrides, force)
            candidates = dfx.mismatch_candidates(narrative.claims, touched)
        if not candidates:
            raise ValueError(f"no narrative figure to falsify in {template} seed {seed}")
        pos = drng.choice(candidates)
        claim = narrative.claims[pos]
        assert claim.indicator is not None
        expected, stated = dfx.mismatch_value(drng, claim.indicator, cells)
        slot = narrative.slots[pos]
        overrides[slot] = stated
        narrative = write_narrative(omit, overrides, force)
        said = narrative.claims[narrative.slots.index(slot)]
        injected.append(
            (
                k,
                InjectedDefect(
                    kind="narrative_mismatch",
                    indicators=(claim.indicator,),
                    expected=expected,
                    actual=stated,
                    description=f"正文称“{said.text}”，表中 {claim.indicator} 为 {expected}",
                    section=claim.section,
                ),
            )
        )

    return SynthReport(
        template=template,
        seed=seed,
        agency=agency.name,
        year=year,
        cells=cells,
        sections=narrative.sections,
        claims=narrative.claims,
        defects=[d for _, d in sorted(injected, key=lambda kd: kd[0])],
        preamble=narrative.preamble,
        agency_level=agency.level,
    )


def batch(
    n: int,
    templates: Sequence[str] = forms.TEMPLATES,
    formats: Sequence[str] = FORMATS,
    seed: int = 0,
    defect_rate: float = 0.3,
) -> list[tuple[SynthReport, str]]:
    """`n` (report, format) pairs for a benchmark: templates and formats in rotation,
    one random defect kind in a `defect_rate` share of the reports."""
    rng = random.Random(seed)
    fmts = [normalise_format(f) for f in formats]
    out: list[tuple[SynthReport, str]] = []
    for i in range(n):
        template = templates[i % len(templates)]
        fmt = fmts[(i // len(templates)) % len(fmts)]
        report_seed = rng.getrandbits(32)
        kinds = (rng.choice(dfx.DEFECT_KINDS),) if rng.random() < defect_rate else ()
        out.append((generate(template, report_seed, kinds), fmt))
    return out
