"""The narrative: section headings and bodies with varied wording, and the claims it makes.

Every figure written is recorded as an `ExpectedClaim` (quote, value, unit, indicator).
Randomness is drawn per section from a seed string and in a fixed pattern (every
optional item draws whether or not it is used), so that removing a section or changing
one stated figure leaves the rest of the text byte-identical: a defect report differs
from its clean twin only where the defect says.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from auditor.synth import phrases
from auditor.synth.model import CellValue, ExpectedClaim, Number
from auditor.synth.phrases import CLAIMS, EXTRAS, TEXTS, SectionWording
from auditor.synth.values import derived_value

_CN_ORDINALS = "一二三四五六七八九十"


def cn_ordinal(n: int) -> str:
    """一 … 二十 for section numbering."""
    if n <= 10:
        return _CN_ORDINALS[n - 1]
    if n < 20:
        return "十" + _CN_ORDINALS[n - 11]
    return "二十"


def fmt_number(value: Number) -> str:
    """Counts as integers; money with at most two decimals and no trailing zeros."""
    if isinstance(value, float):
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        return text or "0"
    return str(value)


def _pick(options: Sequence[str], draw: float) -> str:
    return options[min(int(draw * len(options)), len(options) - 1)]


def _unit_of(phrase: str) -> str | None:
    after = phrase.split("{n}", 1)[1] if "{n}" in phrase else ""
    return next((u for u in phrases.UNITS if after.startswith(u)), None)


@dataclass
class Narrative:
    """Result of `build`: preamble, sections in order, claims, and all chosen headings."""

    preamble: str
    sections: list[tuple[str, str, str]]
    claims: list[ExpectedClaim]
    headings: dict[str, str] = field(default_factory=dict)
    slots: list[int] = field(default_factory=list)  # slot of each claim, for overrides


@dataclass
class _Ctx:
    template: str
    agency: str
    year: int
    we: str
    cells: Mapping[str, CellValue]
    overrides: Mapping[int, Number]
    force: bool
    claims: list[ExpectedClaim] = field(default_factory=list)
    slots: list[int] = field(default_factory=list)
    section: str = ""
    next_slot: int = 0

    def slot(self) -> int:
        """Number every figure the plan *could* state, said or not, so an override
        keyed by slot always hits the same figure whatever else is omitted."""
        self.next_slot += 1
        return self.next_slot - 1

    def fill(self, text: str) -> str:
        return text.format(year=self.year, next_year=self.year + 1, we=self.we, agency=self.agency)

    def add(
        self, quote: str, value: Number, unit: str | None, ind: str | None, agrees: bool, slot: int
    ) -> None:
        self.claims.append(ExpectedClaim(quote, value, unit, ind, agrees, self.section))
        self.slots.append(slot)


def _render_figure(ctx: _Ctx, phrase: str, value: Number, cn_draw: float) -> str:
    unit = _unit_of(phrase)
    if isinstance(value, int) and 1 <= value <= 9 and unit in phrases.CN_UNITS and cn_draw < 0.12:
        digits = "两" if value == 2 else phrases.CN_DIGITS[value]
        return phrase.replace("{n}", digits)
    return phrase.replace("{n}", fmt_number(value))


def _claim(ctx: _Ctx, rng: random.Random, key: str) -> str | None:
    """One sentence restating a table figure (with "占Y%" where the wording asks)."""
    d_lead, d_phrase, d_cn, d_pct, d_dec = (rng.random() for _ in range(5))
    slot, pct_slot = ctx.slot(), ctx.slot()
    indicator = phrases.CLAIM_INDICATORS[ctx.template].get(key)
    if indicator is None:
        return None
    value = derived_value(ctx.cells, indicator)
    if value is None:
        return None
    w = CLAIMS[key]
    stated = ctx.overrides.get(slot, value)
    if stated == 0:
        if not w.zero:
            return None
        phrase = _pick(w.zero, d_phrase)
        ctx.add(phrase, 0, None, indicator, value == 0, slot)
        return ctx.fill(_pick(w.zero_leads, d_lead)) + phrase + "。"
    body = _render_figure(ctx, _pick(w.phrases, d_phrase), stated, d_cn)
    ctx.add(body, stated, _unit_of(_pick(w.phrases, d_phrase)), indicator, stated == value, slot)
    suffix = ""
    base = derived_value(ctx.cells, phrases.PCT_BASE[ctx.template]) if w.pct else None
    if w.pct and base and value:
        pct = round(100.0 * float(value) / float(base), 1 if d_dec < 0.7 else 2)
        suffix = _pick(phrases.PCT_SUFFIXES, d_pct).replace("{pct}", fmt_number(pct))
        ctx.add(suffix.lstrip("，"), pct, "%", None, True, pct_slot)
    return ctx.fill(_pick(w.leads, d_lead)) + body + suffix + "。"


def _extra(ctx: _Ctx, rng: random.Random, key: str) -> str | None:
    """One sentence with a figure that is in no table (indicator None)."""
    d_lead, d_phrase, d_cn, d_zero, d_value = (rng.random() for _ in range(5))
    slot = ctx.slot()
    w = EXTRAS[key]
    value = w.low + min(int(d_value * (w.high - w.low + 1)), w.high - w.low)
    if w.templates and ctx.template not in w.templates:
        return None
    if any(i in ctx.cells for i in w.unless):
        return None
    if d_zero < w.zero_p:
        phrase = _pick(w.zero, d_phrase)
        ctx.add(phrase, 0, None, None, True, slot)
        return ctx.fill(_pick(w.zero_leads, d_lead)) + phrase + "。"
    template = _pick(w.phrases, d_phrase)
    body = _render_figure(ctx, template, value, d_cn)
    ctx.add(body, value, _unit_of(template), None, True, slot)
    return ctx.fill(_pick(w.leads, d_lead)) + body + "。"


def _channel_list(ctx: _Ctx, rng: random.Random) -> str | None:
    """ "通过不同渠道和方式公开政府信息X条，其中A a条、B b条" (gov2014 only)."""
    spec = phrases.CHANNEL_LIST
    draws = [rng.random() for _ in range(1 + len(spec["parts"]))]
    slots = [ctx.slot() for _ in draws]
    total = derived_value(ctx.cells, spec["indicator"])
    if not total:
        return None
    parts: list[str] = []
    stated = ctx.overrides.get(slots[0], total)
    head = _pick(spec["total"], draws[0]).replace("{n}", fmt_number(stated))
    ctx.add(head, stated, "条", spec["indicator"], stated == total, slots[0])
    for (ind, options), d, slot in zip(spec["parts"], draws[1:], slots[1:], strict=True):
        value = ctx.cells.get(ind)
        if not value:
            continue
        said = ctx.overrides.get(slot, value)
        text = _pick(options, d).replace("{n}", fmt_number(said))
        ctx.add(text, said, "条", ind, said == value, slot)
        parts.append(text)
    lead = "二是" if draws[0] < 0.5 else ""
    return lead + head + ("，其中" + "、".join(parts) if parts else "") + "。"


def _text(ctx: _Ctx, rng: random.Random, key: str, used: set[str]) -> str:
    options = TEXTS[key]
    start = int(rng.random() * len(options))
    for k in range(len(options)):
        choice = options[(start + k) % len(options)]
        if choice not in used:
            used.add(choice)
            return ctx.fill(choice)
    return ctx.fill(options[start % len(options)])


def _section_body(
    ctx: _Ctx, rng: random.Random, plan: tuple[tuple[phrases.Item, ...], ...], inline: bool
) -> str:
    """Paragraphs of one section; a sub-topic label leads its paragraph or stands alone."""
    paragraphs: list[str] = []
    used: set[str] = set()
    for para in plan:
        label: str | None = None
        sentences: list[str] = []
        for kind, key, prob in para:
            draw = rng.random()
            if draw >= prob and not (ctx.force and kind in ("c", "l")):
                # keep the draw pattern: consume what the item would have consumed
                _skip(ctx, rng, kind)
                continue
            if kind == "h":
                label = _text(ctx, rng, key, used)
                continue
            sentence = _render_item(ctx, rng, kind, key, used)
            if sentence:
                sentences.append(sentence)
        if label and inline:
            paragraphs.append(label + phrases.SUBHEAD_INLINE_SEP + "".join(sentences))
        else:
            if label:
                paragraphs.append(label)
            if sentences:
                paragraphs.append("".join(sentences))
    return "\n".join(paragraphs)


def _render_item(ctx: _Ctx, rng: random.Random, kind: str, key: str, used: set[str]) -> str | None:
    if kind == "t":
        return _text(ctx, rng, key, used)
    if kind == "c":
        return _claim(ctx, rng, key)
    if kind == "x":
        return _extra(ctx, rng, key)
    return _channel_list(ctx, rng)


def _skip(ctx: _Ctx, rng: random.Random, kind: str) -> None:
    """Consume the draws and slots an item would have used, so that later items draw the
    same numbers and keep their slots whether or not this one is said."""
    draws, slots = _ITEM_COST[kind]
    for _ in range(draws):
        rng.random()
    for _ in range(slots):
        ctx.slot()


#: (random draws, claim slots) each item kind uses.
_ITEM_COST: dict[str, tuple[int, int]] = {
    "h": (1, 0),
    "t": (1, 0),
    "c": (5, 2),
    "x": (5, 1),
    "l": (1 + len(phrases.CHANNEL_LIST["parts"]), 1 + len(phrases.CHANNEL_LIST["parts"])),
}


def _sections_for(template: str, year: int, rng: random.Random) -> list[tuple[SectionWording, str]]:
    """Which sections this report has, each with its chosen heading text (no number)."""
    grid = template in ("gov2019", "gov2021")
    specs = phrases.SECTIONS_GRID if grid else phrases.SECTIONS_ART32
    chosen: list[tuple[SectionWording, str]] = []
    for spec in specs:
        d_in, d_head = rng.random(), rng.random()
        if spec.templates and template not in spec.templates:
            continue
        if year < spec.min_year or d_in >= spec.probability:
            continue
        chosen.append((spec, _pick(spec.headings, d_head)))
    return chosen


def build(
    template: str,
    agency: str,
    year: int,
    we: str,
    cells: Mapping[str, CellValue],
    seed: int,
    omit: Sequence[str] = (),
    overrides: Mapping[int, Number] | None = None,
    force: bool = False,
) -> Narrative:
    """Write the narrative for a report.

    `omit` drops sections (heading and body; numbering closes up), `overrides` replaces
    the stated figure of the claim in that slot (`Narrative.slots`; a mismatch),
    `force` includes every optional figure (used when a mismatch needs a candidate).
    """
    ctx = _Ctx(template, agency, year, we, cells, overrides or {}, force)
    structure = random.Random(f"{seed}:structure")
    inline_subheads = structure.random() < 0.5
    chosen = _sections_for(template, year, structure)
    plan = phrases.PLAN_GRID if template in ("gov2019", "gov2021") else phrases.PLAN_ART32
    headings = {spec.id: text for spec, text in chosen}
    sections: list[tuple[str, str, str]] = []
    number = 0
    for spec, text in chosen:
        if spec.id in omit:
            continue
        number += 1
        ctx.section = spec.id
        body = _section_body(
            ctx, random.Random(f"{seed}:{spec.id}"), plan[spec.id], inline_subheads
        )
        sections.append((spec.id, f"{cn_ordinal(number)}、{text}", body))
    pre_rng = random.Random(f"{seed}:preamble")
    parts = "、".join(text for spec, text in chosen if spec.id not in omit)
    preamble = _pick(TEXTS["preamble"], pre_rng.random())
    preamble = preamble.replace("{parts}", parts)
    return Narrative(ctx.fill(preamble), sections, ctx.claims, headings, ctx.slots)
