"""Which template a report follows, and whether it is an annual report at all.

Detection reads header words, not the year: late adopters kept the old table for a
year or two, and Fujian kept its own form until 2018. The confidence is the best
template's share of the total score, so two templates with the same words (gov2019
and gov2021 share table 3) give a low confidence rather than a wrong certainty.
"""

from __future__ import annotations

import re

from auditor.model import Document, TemplateMatch
from auditor.templates import all_templates

_ANNUAL_MARKERS = re.compile(r"年度报告|年报|工作报告|信息公开工作.{0,6}情况")
_DISCLOSURE = re.compile(r"政府信息公开|政务公开|信息公开")
_SQUEEZE = re.compile(r"\s+")


def detect_template(doc: Document) -> TemplateMatch:
    text = _SQUEEZE.sub("", doc.text)
    scores: dict[str, float] = {}
    evidence: dict[str, list[str]] = {}
    for tpl in all_templates():
        score = 0.0
        found: list[str] = []
        for word, weight in tpl.detect_words.items():
            if word in text:
                score += weight
                found.append(word)
        scores[tpl.id] = score
        evidence[tpl.id] = found
    head = text[:600]
    is_annual = bool(_ANNUAL_MARKERS.search(text[:3000])) and bool(_DISCLOSURE.search(head + text))
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    best, best_score = ranked[0]
    second_score = ranked[1][1] if len(ranked) > 1 else 0.0
    if best_score < 3.0:
        # No statistics table words: a narrative-only report can still be legacy
        # (2008-2013 reports often had no table) if it reads like an annual report.
        if is_annual:
            return TemplateMatch("legacy", 0.4, True, ["无统计表特征词，按叙述型旧版报告处理"])
        return TemplateMatch("unknown", 0.0, False, [])
    confidence = round(best_score / (best_score + second_score), 3)
    return TemplateMatch(best, confidence, is_annual or best_score >= 6.0, evidence[best])
