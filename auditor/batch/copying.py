"""Copied narrative: the share of a report's sentences reused from another report.

X003 compares a report with the same agency's most recent earlier report (the usual
case: last year's report with new figures); X004 (opt-in, --copy-any) with every other
agency's reports of the batch (one office's report filed under two names, or a
template passed around a county). A report is flagged when more than half of its
narrative sentences have an exact or near-exact partner (see sentences.py); the matched
pairs are the evidence a reviewer reads.

For X004, sentences that occur in the reports of many agencies are boilerplate (the
regulation's own wording, the form's headings), not copying from one report: they are
not counted as matches (they stay in the denominator, which keeps the share
conservative).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict

from auditor.batch.carryover import _check
from auditor.batch.sentences import match, similar_groups
from auditor.batch.series import ReportInfo, Series
from auditor.batch.store import CrossCheck
from auditor.checks.registry import RuleSet

SHARE_LIMIT = 0.5
MIN_SENTENCES = 5
MAX_EVIDENCE = 20


def _pct(x: float) -> str:
    return f"{x * 100:.0f}"


def year_on_year(series: Series, rules: RuleSet) -> list[CrossCheck]:
    """X003 for every report that has an earlier report of its agency."""
    out: list[CrossCheck] = []
    if not rules.enabled("X003"):
        return out
    for year, r in sorted(series.years.items()):
        prev = series.latest_before(year)
        if prev is None:
            continue
        total = len(r.sentences)
        if total < MIN_SENTENCES or len(prev.sentences) < MIN_SENTENCES:
            out.append(
                _check(
                    rules, "X003", r, "not_assessable",
                    message=f"叙述句子过少（本报告 {total} 句），无法判断是否沿用"
                    f"{prev.year}年度报告",
                )
            )  # fmt: skip
            continue
        pairs = match([s[1] for s in r.sentences], [s[1] for s in prev.sentences])
        share = len(pairs) / total
        evidence = {
            "previous_file": prev.file,
            "pairs": [
                {"this": r.sentences[i][0], "previous": prev.sentences[j][0], "similarity": sim}
                for i, j, sim in pairs[:MAX_EVIDENCE]
            ],
        }
        out.append(
            _check(
                rules, "X003", r, "fail" if share > SHARE_LIMIT else "pass",
                expected=SHARE_LIMIT, actual=round(share, 3), share=_pct(share),
                matched=len(pairs), total=total, prev_year=prev.year, evidence=evidence,
            )
        )  # fmt: skip
    return out


def across_batch(kept: list[ReportInfo], rules: RuleSet) -> list[CrossCheck]:
    """X004: for each report, the other agency's report it shares most sentences with."""
    if not rules.enabled("X004"):
        return []
    reports = [r for r in kept if len(r.sentences) >= MIN_SENTENCES]
    uid: dict[str, int] = {}
    sents: list[list[int]] = []
    occ: dict[int, set[int]] = defaultdict(set)
    first_index: list[dict[int, int]] = []
    for k, r in enumerate(reports):
        ids = [uid.setdefault(norm, len(uid)) for _, norm in r.sentences]
        sents.append(ids)
        first: dict[int, int] = {}
        for i, u in enumerate(ids):
            occ[u].add(k)
            first.setdefault(u, i)
        first_index.append(first)
    limit = max(5, math.ceil(0.02 * len(reports)))
    common = {u for u, rs in occ.items() if len({reports[k].agency_key for k in rs}) > limit}
    norms = list(uid)
    live = [u for u in range(len(norms)) if u not in common]
    near: dict[int, list[int]] = defaultdict(list)
    for a, b, _ in similar_groups([norms[u] for u in live]):
        near[live[a]].append(live[b])
        near[live[b]].append(live[a])
    out: list[CrossCheck] = []
    for k, r in enumerate(reports):
        counts: Counter[int] = Counter()
        examples: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for i, u in enumerate(sents[k]):
            if u in common:
                continue
            partners: dict[int, int] = {}
            for v in (u, *near.get(u, ())):
                for other in occ[v]:
                    if other != k and reports[other].agency_key != r.agency_key:
                        partners.setdefault(other, v)
            for other, v in partners.items():
                counts[other] += 1
                examples[other].append((i, first_index[other][v]))
        if not counts:
            continue
        best = min(counts, key=lambda o: (-counts[o], reports[o].file))
        share = counts[best] / len(sents[k])
        if share <= SHARE_LIMIT:
            continue
        other = reports[best]
        evidence = {
            "other_file": other.file,
            "pairs": [
                {"this": r.sentences[i][0], "other": other.sentences[j][0]}
                for i, j in examples[best][:MAX_EVIDENCE]
            ],
        }
        out.append(
            _check(
                rules, "X004", r, "fail",
                expected=SHARE_LIMIT, actual=round(share, 3), share=_pct(share),
                matched=counts[best], total=len(sents[k]), other=other.agency_name,
                other_year=other.year, other_file=other.file, evidence=evidence,
            )
        )  # fmt: skip
    return out
