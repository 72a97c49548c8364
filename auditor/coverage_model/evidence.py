"""What the classifier says about each section of one report.

`gather` segments the narrative and classifies it once; the helpers answer the questions
`auditor.coverage` asks of a section: how strongly its own body is about it, whether
paragraphs elsewhere cover it without a heading, whether a keyword mention really is
about it, and which renamed headings hold overview sub-topics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from auditor.coverage_model.infer import Classified, class_proba, classify
from auditor.coverage_model.labels import FOLD, NONE
from auditor.coverage_model.segments import SENTENCE, Segment, segment_document, table_spans
from auditor.coverage_model.substance import substance
from auditor.model import CellValue, Document, Heading, Span
from auditor.templates import SectionSpec, Template

HEADLESS_MIN = 0.5  # a paragraph without a heading covers a section at this probability
# ... and at this one even when the sequence decoder reads its block as another section
# (a problems paragraph followed by improvement measures that read like an overview)
HEADLESS_STRONG = 0.8
MENTION_MIN = 0.5  # a keyword mention counts when its clause is this likely the section
MIN_EVIDENCE_CHARS = 10
_CLAUSE = re.compile(r"[^。；;！!？?，,\n]*")


@dataclass
class Evidence:
    doc: Document
    headings: list[Heading]
    segments: list[Segment]
    result: Classified | None
    skip: list[Span] = field(default_factory=list)
    # per segment: no other section's heading claims it (see `headless`)
    free: list[bool] = field(default_factory=list)
    # some level-1 heading maps to a section: text before the first one is the preamble
    structured: bool = False
    hits: dict[str, list[Span]] = field(default_factory=dict)  # keyword hits per section
    clauses: dict[str, np.ndarray] = field(default_factory=dict)  # their clauses, read
    sentences: list | None = None  # free sentences and their probabilities, when asked

    def under(self, heading_ids: set[int]) -> list[int]:
        """Segments in the bodies of the given level-1 headings."""
        return [i for i, s in enumerate(self.segments) if s.heading in heading_ids]

    def p(self, i: int, section: str) -> float:
        """Probability that segment i is about `section` (plan is read as problems)."""
        assert self.result is not None
        return self.result.p(i, FOLD.get(section, section))

    def decoded(self, i: int) -> str:
        assert self.result is not None
        return self.result.decoded[i]

    def support(self, idx: list[int], section: str) -> float:
        """How strongly the best of these segments is about `section`."""
        return max((self.p(i, section) for i in idx), default=0.0)

    def dominant(self, idx: list[int]) -> tuple[str, float]:
        """The label with the highest mean probability over these segments."""
        assert self.result is not None
        if not idx:
            return NONE, 0.0
        mean = self.result.proba[idx].mean(axis=0)
        k = int(np.argmax(mean))
        return self.result.classes[k], float(mean[k])


def mention_hits(doc: Document, headings: list[Heading], skip: list[Span], spec: SectionSpec):
    """Keyword hits of a section, sorted: from the first heading (the preamble lists every
    section's name) to the first table, tables left out. Without a heading before the
    tables the window starts at 0 and `auditor.coverage` drops the hits inside segments
    the model reads as no section (title, preamble)."""
    end = min([t.span[0] for t in doc.tables] + [a for a, _b in skip], default=len(doc.text))
    start = min((h.span[0] for h in headings if h.level == 1 and h.span[0] < end), default=0)
    return sorted(
        {
            (m.start(), m.end())
            for pat in spec.mention_patterns
            for m in pat.finditer(doc.text, start, end)
            if not any(a <= m.start() < b for a, b in skip)
        }
    )


def gather(
    doc: Document, template: Template, headings: list[Heading], cells: list[CellValue], model
) -> Evidence:
    """Segment and (when a model is loaded) classify the narrative once, together with
    the clauses around the sections' keywords: one call of the classifier per report
    (each call has a fixed cost of a few milliseconds)."""
    skip = table_spans(doc, cells)
    segments = segment_document(doc, headings, skip)
    table_sections = {s.id for s in template.sections if s.table_blocks}
    grid = template.id in ("gov2019", "gov2021")
    owners = [headings[s.heading].section_id if s.heading is not None else None for s in segments]
    ev = Evidence(
        doc,
        headings,
        segments,
        None,
        skip,
        free=[o is None or (grid and o in table_sections) for o in owners],
        structured=any(h.level == 1 and h.section_id for h in headings),
        hits={
            s.id: mention_hits(doc, headings, skip, s)
            for s in template.sections
            if s.mention_patterns
        },
    )
    if model:
        clauses = sorted({clause_at(doc.text, a) for hits in ev.hits.values() for a, _b in hits})
        ev.result, extra = classify(model, template.id, [s.text for s in segments], clauses)
        ev.clauses = dict(zip(clauses, extra, strict=True))
    return ev


def headless(
    ev: Evidence, spec: SectionSpec, inside_others: bool = False
) -> tuple[int, float] | None:
    """The best paragraph that covers `spec` although no heading of it exists.

    For a required section only paragraphs that no other section's heading claims are
    eligible (under a renamed heading, before any heading, or under a heading whose
    section is a statistics table in the 2019/2021 formats, where narrative about
    something else is misplaced, not merged): an old report's 概述 talks about everything
    and must not make a removed 依申请公开 section covered. A non-required item (重点领域,
    解读回应, 互联网+…) is commonly reported as a sub-topic inside 概述: with
    `inside_others` a paragraph under any heading counts when the decoder assigns it to
    the item with a high probability. The preamble ("本报告包括总体情况……") names every
    section; the model learnt it as `none`.
    """
    if ev.result is None or spec.id in FOLD:
        return None  # a folded section (plan) cannot be told apart from its host
    label = FOLD.get(spec.id, spec.id)
    best: tuple[int, float] | None = None
    for i, seg in enumerate(ev.segments):
        # before the first heading: title and preamble, which the model reads as none
        free = ev.free[i]
        if not (free or inside_others):
            continue
        p = ev.p(i, spec.id)
        decoded = FOLD.get(ev.decoded(i), ev.decoded(i)) == label
        clear = p >= HEADLESS_STRONG
        # free text: decoded as the section, or clearly about it (the preamble: decoded);
        # text under another section's heading: both
        ok = (decoded or (clear and not _preamble(ev, seg))) if free else (decoded and clear)
        if not ok:
            continue
        strong = p >= HEADLESS_MIN and len(substance(seg.text)) >= MIN_EVIDENCE_CHARS
        if strong and (best is None or p > best[1]):
            best = (i, p)
    return best


def _preamble(ev: Evidence, seg: Segment) -> bool:
    """Text before the first heading of a report whose sections have headings: title and
    preamble, which often open with a sentence that reads like the overview; only a
    paragraph the decoder assigns to a section counts there."""
    return seg.heading is None and ev.structured


def _free_sentences(ev: Evidence, model, template: Template) -> list[tuple[int, str, np.ndarray]]:
    """(segment index, sentence, probabilities) of every sentence of a segment that has
    no heading above it and several sentences, classified once per report (memoised on
    the Evidence)."""
    if ev.sentences is None:
        found: list[tuple[int, str]] = []
        for i, seg in enumerate(ev.segments):
            # text with no level-1 heading above it at all (not the preamble of a report
            # that has headings): under any heading, even a renamed one, the paragraph
            # is read whole, since one overview-like sentence of a 网上办事 section must
            # not stand for a deleted 概述
            if seg.heading is not None or _preamble(ev, seg):
                continue
            parts = [m.group(0) for m in SENTENCE.finditer(seg.text) if m.group(0).strip()]
            if len(parts) > 1:
                found += [(i, t) for t in parts]
        proba = class_proba(model, template.id, [t for _i, t in found]) if found else []
        ev.sentences = [(i, t, p) for (i, t), p in zip(found, proba, strict=True)]
    return ev.sentences


def headless_sentence(
    ev: Evidence, model, spec: SectionSpec, template: Template
) -> tuple[int, float] | None:
    """A single sentence, inside a free paragraph, that is clearly about `spec`.

    Without headings (run-on crawler text, a report that dropped its numbering) a
    one-sentence section — "收到政府信息公开申请1件", "无收取信息处理费情况" — is glued to
    its neighbours' sentence group and the group reads as the neighbours. Reading the
    sentences of such groups on their own, at the strict threshold, finds it; text
    under another section's heading is never read this way (a 概述 mentions everything).
    """
    label = FOLD.get(spec.id, spec.id)
    if model is None or ev.result is None or spec.id in FOLD or label not in ev.result.classes:
        return None
    k = ev.result.classes.index(label)
    best: tuple[int, float] | None = None
    for i, text, proba in _free_sentences(ev, model, template):
        p = float(proba[k])
        clear = p >= HEADLESS_STRONG and len(substance(text)) >= MIN_EVIDENCE_CHARS
        if clear and (best is None or p > best[1]):
            best = (i, p)
    return best


def clause_at(text: str, pos: int) -> str:
    """The clause (between commas or stops) around a position."""
    start = max((m.end() for m in re.finditer(r"[。；;！!？?，,\n]", text[:pos])), default=0)
    m = _CLAUSE.match(text, start)
    return m.group(0) if m else ""


def mentions_about(ev: Evidence, spec: SectionSpec, spans: list[Span]) -> list[bool]:
    """For each keyword mention, whether the clause around it (read in `gather`) is about
    `spec`; without a model, or for a section the model has no class for: yes, as the
    keyword rule always said."""
    label = FOLD.get(spec.id, spec.id)
    if ev.result is None or label not in ev.result.classes or not spans:
        return [True] * len(spans)
    k = ev.result.classes.index(label)
    return [bool(ev.clauses[clause_at(ev.doc.text, s[0])][k] >= MENTION_MIN) for s in spans]


def promoted_subtopics(ev: Evidence) -> list[str]:
    """Renamed level-1 headings whose paragraphs are overview content (2019/2021 formats:
    the overview's sub-topics numbered as sections of their own)."""
    if ev.result is None:
        return []
    out = []
    for hi, h in enumerate(ev.headings):
        if h.level != 1 or h.section_id is not None:
            continue
        idx = ev.under({hi})
        if idx and sum(ev.decoded(i) == "overview" for i in idx) * 2 > len(idx):
            out.append(h.text)
    return out
