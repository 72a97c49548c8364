"""Cell values that satisfy every identity of their template by construction.

Leaves are drawn first (mostly small counts with many zeros, like real reports; a few
agencies in the thousands), then every total is computed from its parts, so a clean
report is consistent without a repair loop. The size of an agency is a `Profile`.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from dataclasses import dataclass

from auditor.synth import forms
from auditor.synth.model import CellValue


@dataclass(frozen=True)
class Profile:
    """Typical magnitudes for one size of agency (means of the main counts)."""

    name: str
    apps: float  # new applications a year
    active: float  # items published proactively
    decisions: float  # licensing / penalty decisions
    disputes: float  # review and litigation cases
    normative: float  # normative documents issued


PROFILES: dict[str, Profile] = {
    "tiny": Profile("tiny", apps=1.5, active=80, decisions=30, disputes=0.15, normative=1),
    "small": Profile("small", apps=8, active=350, decisions=200, disputes=0.5, normative=3),
    "medium": Profile("medium", apps=60, active=1500, decisions=1500, disputes=2.5, normative=8),
    "large": Profile("large", apps=900, active=9000, decisions=30000, disputes=15, normative=25),
}

#: Relative weight of each 表三 outcome row; a report uses only a random few of them.
T3_OUTCOME_WEIGHTS: dict[str, float] = {
    "granted": 40,
    "partial": 8,
    "refused.state_secret": 0.3,
    "refused.law_prohibited": 0.5,
    "refused.security": 0.3,
    "refused.third_party": 1.5,
    "refused.internal": 1.5,
    "refused.process": 2,
    "refused.enforcement": 1,
    "refused.query": 1.5,
    "unable.not_held": 18,
    "unable.needs_creation": 2,
    "unable.unclear": 3,
    "unprocessed.petition": 3,
    "unprocessed.duplicate": 2,
    "unprocessed.publication": 0.5,
    "unprocessed.excessive": 1,
    "unprocessed.confirm": 0.5,
    "other": 5,
    "other.no_correction": 2,
    "other.unpaid_fee": 0.3,
    "other.other": 3,
}

#: Applicant columns: (share of new applications, probability the column is zero).
T3_APPLICANT_SHARES: dict[str, tuple[float, float]] = {
    "natural": (1.0, 0.12),
    "commercial": (0.15, 0.6),
    "research": (0.02, 0.92),
    "social": (0.03, 0.88),
    "legal": (0.08, 0.75),
    "other_org": (0.05, 0.8),
}

#: gov2014 answer categories (申请答复数 split) and refusal reasons: relative weights.
G14_ANSWER_WEIGHTS: dict[str, float] = {
    "g14.apply.answered.already_public": 6,
    "g14.apply.answered.granted": 40,
    "g14.apply.answered.partial": 6,
    "g14.apply.answered.refused": 4,
    "g14.apply.answered.not_this_agency": 8,
    "g14.apply.answered.not_exist": 10,
    "g14.apply.answered.amend": 2,
    "g14.apply.answered.other_route": 3,
}
G14_REFUSAL_WEIGHTS: dict[str, float] = {
    "g14.apply.answered.refused.state_secret": 1,
    "g14.apply.answered.refused.trade_secret": 1,
    "g14.apply.answered.refused.privacy": 3,
    "g14.apply.answered.refused.security": 1,
    "g14.apply.answered.refused.not_gov_info": 4,
    "g14.apply.answered.refused.other_law": 2,
}


def count(rng: random.Random, mean: float, zero_p: float = 0.0) -> int:
    """A non-negative count: zero with probability `zero_p`, else exponential around `mean`.

    Two draws are always made, so callers consume the generator identically whatever
    the outcome (keeps other values stable when one parameter changes).
    """
    z, u = rng.random(), rng.random()
    if mean <= 0 or z < zero_p:
        return 0
    return max(0, round(-mean * _log1m(u)))


def _log1m(u: float) -> float:
    return math.log(1.0 - min(u, 0.999999))


def money(rng: random.Random, mean: float, zero_p: float, decimals: int = 2) -> float:
    """An amount in 万元 with up to `decimals` decimals (0.0 with probability `zero_p`)."""
    z, u = rng.random(), rng.random()
    if z < zero_p:
        return 0.0
    return round(max(0.01, -mean * _log1m(u)), decimals)


def split(rng: random.Random, n: int, weights: dict[str, float]) -> dict[str, int]:
    """Distribute `n` items over the keys of `weights` (multinomial; proportional when large)."""
    keys = list(weights)
    out = dict.fromkeys(keys, 0)
    if n <= 0 or not keys:
        return out
    w = [weights[k] for k in keys]
    if n <= 3000:
        for k in rng.choices(keys, weights=w, k=n):
            out[k] += 1
        return out
    total_w = sum(w)
    for k, wk in zip(keys, w, strict=True):
        out[k] = int(n * wk / total_w * rng.uniform(0.8, 1.2))
    rest = n - sum(out.values())
    while rest < 0:  # trim overshoot from the largest share
        k = max(out, key=out.__getitem__)
        take = min(out[k], -rest)
        out[k] -= take
        rest += take
    for k in rng.choices(keys, weights=w, k=rest):
        out[k] += 1
    return out


def _dedup_total(rng: random.Random, channels: list[int]) -> int:
    """A de-duplicated total between max(channel) and Σ channels, nearer the max."""
    lo, hi = max(channels, default=0), sum(channels)
    return lo + int((hi - lo) * rng.random() ** 2)


def _gov2014(rng: random.Random, p: Profile) -> dict[str, CellValue]:
    c: dict[str, CellValue] = {}
    a = p.active
    channels = {
        "g14.active.channel.gazette": count(rng, a * 0.05, 0.7),
        "g14.active.channel.website": count(rng, a * 0.6, 0.05),
        "g14.active.channel.weibo": count(rng, a * 0.2, 0.5),
        "g14.active.channel.wechat": count(rng, a * 0.3, 0.45),
        "g14.active.channel.other": count(rng, a * 0.3, 0.5),
    }
    total = _dedup_total(rng, list(channels.values()))
    c["g14.active.total"] = total
    c["g14.active.normative"] = min(total, count(rng, p.normative, 0.4))
    c["g14.active.normative_issued"] = int(c["g14.active.normative"]) + count(rng, 1, 0.7)
    c.update(channels)
    press = count(rng, 2, 0.6)
    interview = count(rng, 1.5, 0.7)
    response = {
        "g14.response.press": press,
        "g14.response.interview": interview,
        "g14.response.articles": count(rng, 10, 0.4),
        "g14.response.social": count(rng, 6, 0.5),
        "g14.response.other": count(rng, 10, 0.6),
    }
    c["g14.response.hotspots"] = _dedup_total(rng, list(response.values()))
    c["g14.response.press"] = press
    c["g14.response.press_leader"] = rng.randint(0, press)
    c["g14.response.interview"] = interview
    c["g14.response.interview_leader"] = rng.randint(0, interview)
    for k in ("articles", "social", "other"):
        c[f"g14.response.{k}"] = response[f"g14.response.{k}"]
    received = {
        "g14.apply.received.in_person": count(rng, p.apps * 0.3, 0.4),
        "g14.apply.received.fax": count(rng, p.apps * 0.02, 0.9),
        "g14.apply.received.online": count(rng, p.apps * 0.5, 0.3),
        "g14.apply.received.letter": count(rng, p.apps * 0.2, 0.5),
    }
    n = sum(received.values())
    c["g14.apply.received"] = n
    c.update(received)
    # 申请办结数 = 申请答复数 = 收到申请数 (the near-equal heuristic holds)
    extended = min(n, count(rng, max(0.5, n * 0.05), 0.7))
    c["g14.apply.closed"] = n
    c["g14.apply.closed.on_time"] = n - extended
    c["g14.apply.closed.extended"] = extended
    answers = split(rng, n, G14_ANSWER_WEIGHTS)
    c["g14.apply.answered"] = n
    reasons = split(rng, answers["g14.apply.answered.refused"], G14_REFUSAL_WEIGHTS)
    for key, v in answers.items():
        c[key] = v
        if key == "g14.apply.answered.refused":
            c.update(reasons)
    for block in ("review", "litigation"):
        mean = p.disputes * (1.0 if block == "review" else 0.5)
        parts = {
            f"g14.{block}.upheld": count(rng, mean * 0.6, 0.55),
            f"g14.{block}.corrected": count(rng, mean * 0.2, 0.85),
            f"g14.{block}.other": count(rng, mean * 0.3, 0.7),
        }
        c[f"g14.{block}.total"] = sum(parts.values())
        c.update(parts)
    c["g14.complaints"] = count(rng, 0.6, 0.8)
    c["g14.fees"] = money(rng, 0.05, 0.92)
    c["g14.org.units"] = rng.choice((0, 1, 1, 1, 1, 2))
    c["g14.org.reading_points"] = count(rng, 2, 0.15)
    full, part = count(rng, 1.2, 0.45), count(rng, 2.5, 0.15)
    c["g14.org.staff"] = full + part
    c["g14.org.staff.fulltime"] = full
    c["g14.org.staff.parttime"] = part
    c["g14.org.budget"] = money(rng, 4.0, 0.5, rng.choice((1, 2)))
    c["g14.meetings.meetings"] = count(rng, 2, 0.2)
    trainings = count(rng, 2, 0.3)
    c["g14.meetings.trainings"] = trainings
    c["g14.meetings.trainees"] = trainings * rng.randint(5, 60)
    return {i: c[i] for i in forms.cell_ids("gov2014", 2014)}


def _t2(rng: random.Random, template: str, p: Profile, level: str) -> dict[str, CellValue]:
    c: dict[str, CellValue] = {}
    city = level == "city"  # 规章 > 0 only for 设区的市 and above
    if template == "gov2021":
        reg = count(rng, 2, 0.6) if city else 0
        c["g21.t2.regulations.issued"] = reg
        c["g21.t2.regulations.repealed"] = count(rng, 1, 0.75) if city else 0
        c["g21.t2.regulations.in_force"] = reg + (count(rng, 30, 0.05) if city else 0)
        norm = count(rng, p.normative, 0.35)
        c["g21.t2.normative.issued"] = norm
        c["g21.t2.normative.repealed"] = count(rng, p.normative * 0.3, 0.6)
        c["g21.t2.normative.in_force"] = norm + count(rng, p.normative * 6, 0.1)
        c["g21.t2.licensing.decisions"] = count(rng, p.decisions, 0.35)
        c["g21.t2.penalty.decisions"] = count(rng, p.decisions * 0.4, 0.4)
        c["g21.t2.coercion.decisions"] = count(rng, p.decisions * 0.03, 0.7)
        c["g21.t2.fees.amount"] = money(rng, p.decisions * 0.3, 0.6)
        return c
    for kind in ("regulations", "normative"):
        made = (
            (count(rng, 2, 0.6) if city else 0)
            if kind == "regulations"
            else count(rng, p.normative, 0.35)
        )
        published = made - min(made, count(rng, 0.5, 0.8))
        c[f"g19.t2.{kind}.made"] = made
        c[f"g19.t2.{kind}.published"] = published
        c[f"g19.t2.{kind}.total_published"] = published + (
            count(rng, p.normative * 6, 0.1) if kind == "normative" or city else 0
        )
    for kind, scale in (
        ("licensing", 1.0),
        ("other_services", 0.3),
        ("penalty", 0.4),
        ("coercion", 0.03),
    ):
        prev = count(rng, 40 * scale + 2, 0.3)
        c[f"g19.t2.{kind}.prev_items"] = prev
        c[f"g19.t2.{kind}.delta"] = _delta(rng, prev)
        c[f"g19.t2.{kind}.decisions"] = count(rng, p.decisions * scale, 0.35)
    prev = count(rng, 10, 0.4)
    c["g19.t2.fees.prev_items"] = prev
    c["g19.t2.fees.delta"] = _delta(rng, prev)
    items = count(rng, 6, 0.5)
    c["g19.t2.procurement.items"] = items
    c["g19.t2.procurement.amount"] = money(rng, 60.0 * items, 0.0) if items else 0.0
    return c


def _delta(rng: random.Random, prev: int) -> int:
    """本年增/减: mostly 0, sometimes an increase or a decrease (never below −prev)."""
    z, u = rng.random(), rng.random()
    if z < 0.55:
        return 0
    span = max(1, prev // 5)
    return max(-prev, int((u * 2 - 1) * span) or 1)


def _t3(rng: random.Random, template: str, p: Profile) -> dict[str, CellValue]:
    rows = forms.t3_rows(template)
    leaves = [r.key for r in rows if r.outcome and r.key != "total"]
    used = {k: T3_OUTCOME_WEIGHTS[k] for k in leaves if k == "granted" or rng.random() < 0.35}
    c: dict[str, CellValue] = {}
    for col in forms.T3_APPLICANTS:
        share, zero_p = T3_APPLICANT_SHARES[col]
        new = count(rng, p.apps * share, zero_p)
        carried_in = count(rng, max(0.5, new * 0.05), 0.8) if new else count(rng, 0.5, 0.97)
        pool = new + carried_in
        carried_out = 0 if rng.random() < 0.7 else rng.randint(0, max(0, min(pool, pool // 6 + 1)))
        outcomes = split(rng, pool - carried_out, used)
        c[forms.t3_id(template, "new", col)] = new
        c[forms.t3_id(template, "carried_in", col)] = carried_in
        for k in leaves:
            c[forms.t3_id(template, k, col)] = outcomes.get(k, 0)
        c[forms.t3_id(template, "total", col)] = pool - carried_out
        c[forms.t3_id(template, "carried_out", col)] = carried_out
    for r in rows:
        c[forms.t3_id(template, r.key, "total")] = sum(
            int(c[forms.t3_id(template, r.key, col)] or 0) for col in forms.T3_APPLICANTS
        )
    return c


def _t4(rng: random.Random, template: str, p: Profile) -> dict[str, CellValue]:
    c: dict[str, CellValue] = {}
    for block, scale in (("review", 1.0), ("lit_direct", 0.5), ("lit_after_review", 0.3)):
        mean = p.disputes * scale
        parts = {
            "upheld": count(rng, mean * 0.6, 0.55),
            "corrected": count(rng, mean * 0.15, 0.85),
            "other": count(rng, mean * 0.3, 0.7),
            "pending": count(rng, mean * 0.25, 0.7),
        }
        for k, v in parts.items():
            c[forms.t4_id(template, block, k)] = v
        c[forms.t4_id(template, block, "total")] = sum(parts.values())
    return c


def _legacy(rng: random.Random, p: Profile, year: int, extra_rows: bool) -> dict[str, CellValue]:
    ids = forms.cell_ids("legacy", year, extra_rows)
    annual_ids = [i for i in ids if not i.endswith(forms.CUMULATIVE)]
    years_before = max(0, year - 2008)
    a: dict[str, int] = {}
    prior: dict[str, int] = {}
    for target, mean in ((a, 1.0), (prior, float(years_before))):
        total = count(rng, p.active * mean, 0.0 if target is a else 0.1)
        target["fj.active.total"] = total
        target["fj.active.website"] = total - min(total, count(rng, total * 0.1, 0.6))
        target["fj.active.gazette"] = min(total, count(rng, p.active * 0.02 * mean, 0.7))
        received_parts = {
            "fj.apply.received.in_person": count(rng, p.apps * 0.3 * mean, 0.4),
            "fj.apply.received.fax": count(rng, p.apps * 0.02 * mean, 0.9),
            "fj.apply.received.email": count(rng, p.apps * 0.1 * mean, 0.7),
            "fj.apply.received.online": count(rng, p.apps * 0.4 * mean, 0.4),
            "fj.apply.received.letter": count(rng, p.apps * 0.15 * mean, 0.6),
            "fj.apply.received.other": count(rng, p.apps * 0.05 * mean, 0.85),
            "fj.apply.received.letter_fax": count(rng, p.apps * 0.2 * mean, 0.5),
        }
        received_parts = {k: v for k, v in received_parts.items() if k in annual_ids}
        target.update(received_parts)
        target["fj.apply.received"] = sum(received_parts.values())
        answer_weights = {"fj.apply.answered.granted": 6, "fj.apply.answered.partial": 1}
        answer_weights["fj.apply.answered.refused"] = 1
        if "fj.apply.answered.other" in annual_ids:
            answer_weights["fj.apply.answered.other"] = 1
        answered = target["fj.apply.received"] - min(
            target["fj.apply.received"], count(rng, 0.5, 0.8)
        )
        target.update(split(rng, answered, answer_weights))
        target["fj.apply.answered"] = answered
        target["fj.review"] = count(rng, p.disputes * mean, 0.7)
        target["fj.litigation"] = count(rng, p.disputes * 0.4 * mean, 0.8)
        target["fj.complaints"] = count(rng, 0.5 * mean, 0.8)
        target["fj.fees"] = count(rng, 50 * mean, 0.93)
    c: dict[str, CellValue] = {}
    for i in annual_ids:
        c[i] = a[i]
    for i in annual_ids:
        c[i + forms.CUMULATIVE] = a[i] + prior[i]
    return {i: c[i] for i in ids}


def generate_cells(
    template: str, year: int, level: str, profile: Profile, rng: random.Random
) -> dict[str, CellValue]:
    """Every table cell of `template` (no derived ids), consistent with its identities."""
    if template == "gov2014":
        return _gov2014(rng, profile)
    if template == "legacy":
        extra = year <= 2013 and rng.random() < 0.5
        return _legacy(rng, profile, year, extra)
    cells = _t2(rng, template, profile, level)
    cells.update(_t3(rng, template, profile))
    cells.update(_t4(rng, template, profile))
    return {i: cells[i] for i in forms.cell_ids(template, year)}


def derived_value(cells: Mapping[str, CellValue], indicator: str) -> CellValue:
    """Value of a cell or derived id; None when it or any component is blank/absent."""
    if indicator in forms.DERIVED:
        parts = [cells.get(i) for i in forms.DERIVED[indicator]]
        if any(v is None for v in parts):
            return None
        return sum(parts)  # type: ignore[arg-type]
    return cells.get(indicator)
