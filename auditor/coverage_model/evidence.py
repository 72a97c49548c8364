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
from auditor.coverage_model.segments import Segment, segment_document, table_spans
from auditor.coverage_model.substance import substance
from auditor.model import CellValue, Document, Heading, Span
from auditor.templates import SectionSpec, Template

HEADLESS_MIN = 0.5  # a paragraph without a heading covers a section at this probability
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


def gather(
    doc: Document, template: Template, headings: list[Heading], cells: list[CellValue], model
) -> Evidence:
    """Segment and (when a model is loaded) classify the narrative once."""
    skip = table_spans(doc, cells)
    segments = segment_document(doc, headings, skip)
    result = classify(model, template.id, [s.text for s in segments]) if model else None
    return Evidence(doc, headings, segments, result, skip)


def headless(ev: Evidence, spec: SectionSpec, template: Template) -> tuple[int, float] | None:
    """The best paragraph that covers `spec` although no heading of it exists.

    Only paragraphs that no other section's heading claims are eligible (under a renamed
    heading, before any heading, or under a heading whose section is a statistics table
    in the 2019/2021 formats, where narrative about something else is misplaced, not
    merged); an old report's 概述 talks about everything and must not make every item
    covered. The preamble ("本报告包括总体情况……") names every section; the model
    learnt it as `none`.
    """
    if ev.result is None or spec.id in FOLD:
        return None  # a folded section (plan) cannot be told apart from its host
    table_sections = {s.id for s in template.sections if s.table_blocks}
    best: tuple[int, float] | None = None
    for i, seg in enumerate(ev.segments):
        # before the first heading: title and preamble, which the model reads as none
        owner = ev.headings[seg.heading].section_id if seg.heading is not None else None
        if owner is not None and not (
            owner in table_sections and template.id in ("gov2019", "gov2021")
        ):
            continue
        if FOLD.get(ev.decoded(i), ev.decoded(i)) != FOLD.get(spec.id, spec.id):
            continue
        p = ev.p(i, spec.id)
        strong = p >= HEADLESS_MIN and len(substance(seg.text)) >= MIN_EVIDENCE_CHARS
        if strong and (best is None or p > best[1]):
            best = (i, p)
    return best


def clause_at(text: str, pos: int) -> str:
    """The clause (between commas or stops) around a position."""
    start = max((m.end() for m in re.finditer(r"[。；;！!？?，,\n]", text[:pos])), default=0)
    m = _CLAUSE.match(text, start)
    return m.group(0) if m else ""


def mentions_about(
    ev: Evidence, model, template: Template, spec: SectionSpec, spans: list[Span]
) -> list[bool]:
    """For each keyword mention, whether the clause around it is about `spec` (one batch;
    without a model, or for a section the model has no class for: yes, as the keyword
    rule always said)."""
    label = FOLD.get(spec.id, spec.id)
    if model is None or ev.result is None or label not in ev.result.classes or not spans:
        return [True] * len(spans)
    proba = class_proba(model, template.id, [clause_at(ev.doc.text, s[0]) for s in spans])
    k = ev.result.classes.index(label)
    return [bool(p[k] >= MENTION_MIN) for p in proba]


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
