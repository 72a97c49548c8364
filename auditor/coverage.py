"""Is each section of the template present, and does it say something?

Headings alone lie: reports rename, merge, renumber or empty their sections, promote
sub-topics to the top level, or keep a heading over text about something else. So a
section's status combines three kinds of evidence:

- its heading (a level-1 heading mapped by the template's patterns) and what the body
  under it says: empty ("无"), template instructions left in, a copy of another
  section, or paragraphs the classifier reads as another topic make it *thin*;
- the statistics table, for the sections a table reports (gov2014/legacy counts, the
  2019/2021 tables 二–四);
- paragraphs without a heading of their own that the trained classifier
  (`auditor.coverage_model`) assigns to the section, and keyword mentions whose clause it
  confirms ("无单独标题，正文其他部分已说明").

Without a usable model file the assessment falls back to headings, tables and keyword
mentions alone, and every reason says so. The output shape (`SectionResult`) and the
JSON contract do not change.
"""

from __future__ import annotations

import os
import re

from auditor.coverage_model import evidence as ev_mod
from auditor.coverage_model.infer import load_model
from auditor.coverage_model.labels import NONE, is_furniture
from auditor.coverage_model.substance import (
    NONE_STATEMENT,
    is_empty_answer,
    is_template_text,
    overlap,
    substance,
)
from auditor.model import CellValue, Document, Heading, SectionResult
from auditor.templates import SectionSpec, Template

MIN_SUBSTANCE_CHARS = 15
LIE_MAX = 0.15  # body support below this, with another topic dominant: heading over other text
LIE_DOMINANT = 0.5
GENERIC_MAX_CHARS = 40  # one short sentence the classifier cannot place is boilerplate
COPY_MIN = 0.85  # share of character trigrams shared with an earlier section's body
COPY_MIN_CHARS = 30
MAX_MENTIONS = 12  # keyword hits read per section
FALLBACK_NOTE = "（未使用分类模型：{why}，仅按标题判断）"
SKIPPED = "必备章节均有标题或统计表，未加载"


def _result(
    spec: SectionSpec, required: bool, heading: str | None, span, cov: float, status: str, why: str
) -> SectionResult:
    return SectionResult(
        spec.id,
        spec.name,
        heading,
        span,
        required,
        round(cov, 3),
        status,  # type: ignore[arg-type]
        why,
        spec.optional and not required,
    )


def _assess_body(
    spec: SectionSpec, body: str, has_table: bool, raw: str = ""
) -> tuple[str, float, str]:
    """Status of a section that has a heading, from what its body says (rules).

    `body` is the text without spaces and punctuation, `raw` the text as written (for
    template instructions, which are recognised by their brackets)."""
    says_none = spec.empty_ok and len(body) < 40 and bool(NONE_STATEMENT.match(body))
    if not body and has_table:
        return "covered", 0.8, "本部分内容为统计表"
    if not body or is_empty_answer(body) or says_none:
        if spec.empty_ok:
            return "covered", 1.0, "报告称无此类事项"
        if has_table:
            return "covered", 0.8, "正文称无，统计表已报告该部分数据"
        return "thin", 0.3, f"正文仅为“{body or '（空）'}”"
    if is_template_text(raw or body) and not has_table:
        return "thin", 0.2, "正文仍是模板的填写说明"
    if len(body) < MIN_SUBSTANCE_CHARS and not has_table:
        return "thin", 0.5, f"正文仅 {len(body)} 字"
    if spec.must_mention and not any(w in body for w in spec.must_mention):
        return "thin", 0.5, f"未说明{spec.must_mention[0]}情况"
    return "covered", 1.0, ""


def _model_check(
    ev, spec: SectionSpec, idx: list[int], body: str, names: dict[str, str]
) -> tuple[str, float, str]:
    """A body the rules accept, read by the classifier: on topic, generic or off topic."""
    s = ev.support(idx, spec.id)
    top, top_p = ev.dominant(idx)
    if len(idx) == 1 and len(body) <= GENERIC_MAX_CHARS and top == NONE and s < LIE_MAX:
        return "thin", 0.4, "正文只有一句套话，没有本部分的实质内容"
    if s < LIE_MAX and top_p >= LIE_DOMINANT:
        if top == NONE:
            return "thin", 0.4, "正文没有本部分的实质内容"
        return "thin", 0.4, f"标题下的正文讲的是“{names.get(top, top)}”，不是本部分"
    return "covered", round(0.6 + 0.4 * s, 3), ""


def _headless_result(
    spec: SectionSpec, required: bool, ev, found: tuple[int, float], cap: float, what: str
) -> SectionResult:
    """Covered without a heading of its own, by paragraph `found` (index, probability)."""
    i, p = found
    seg = ev.segments[i]
    where = ev.headings[seg.heading].text if seg.heading is not None else "正文"
    return _result(
        spec, required, None, seg.span, min(cap, p), "covered", f"无对应标题，“{where}”{what}"
    )


def _required(spec: SectionSpec, agency: str | None) -> bool:
    if spec.required:
        return True
    return bool(agency) and any(re.search(p, agency) for p in spec.required_for)


def _mention(ev, spec: SectionSpec):
    """A sentence of the narrative that covers the section without its own heading: a
    keyword hit whose clause the classifier reads as the section (减免税 is not 收费)."""
    if not spec.mention_patterns:
        return None
    # the segments the model reads as no section (title, preamble) name every section
    none = (
        [seg.span for i, seg in enumerate(ev.segments) if ev.decoded(i) == NONE]
        if ev.result is not None
        else []
    )
    hits = [h for h in ev.hits.get(spec.id, []) if not any(a <= h[0] < b for a, b in none)][
        :MAX_MENTIONS
    ]
    verdicts = ev_mod.mentions_about(ev, spec, hits)
    return next((h for h, ok in zip(hits, verdicts, strict=True) if ok), None)


def _free_segment(ev, headings: list[Heading], i: int, section_id: str) -> bool:
    """Headless evidence counts only from text no other section's heading claims
    (a renamed or unnumbered heading, the preamble); a sentence inside “主动公开” is
    that section's text even when it reads like an overview."""
    h = ev.segments[i].heading
    if h is None:
        return True
    top = headings[h]
    while top.level > 1:
        parents = [x for x in headings if x.level == 1 and x.span[0] <= top.span[0]]
        if not parents:
            break
        top = parents[-1]
    return top.section_id in (None, section_id)


def needs_model(template: Template, headings: list[Heading], cells: list[CellValue]) -> bool:
    """Whether the classifier has something to decide that the headings cannot.

    Loading scikit-learn costs a second or more per process; a single `auditor audit`
    of a report whose every required section has its heading or its table keeps the
    heading rules (fast cold start), while batch runs and reports with a missing,
    renamed or merged section use the classifier. AUDITOR_COVERAGE_MODEL=always forces it.
    """
    mapped = {h.section_id for h in headings if h.level == 1 and h.section_id}
    for spec in template.sections:
        if not spec.required or spec.id in mapped:
            continue
        if not any(any(c.id.startswith(p) for p in spec.table_blocks) for c in cells):
            return True
    return False


def assess_sections(
    doc: Document,
    template: Template,
    headings: list[Heading],
    cells: list[CellValue],
    use_model: bool | str = True,
) -> list[SectionResult]:
    """One SectionResult per section of the template (see module doc)."""
    from auditor.templates.metadata import find_title

    skipped = use_model == "auto" and not (
        needs_model(template, headings, cells)
        or os.environ.get("AUDITOR_COVERAGE_MODEL") == "always"
    )
    if skipped:
        # every required section has its heading or table: only a missing optional item
        # could have been found by the model (inside another section), so only such
        # rows say that the model was not consulted
        model, note, missing_note = None, "", FALLBACK_NOTE.format(why=SKIPPED)
    else:
        model, why = load_model() if use_model else (None, "已关闭")
        note = missing_note = FALLBACK_NOTE.format(why=why) if model is None else ""
    ev = ev_mod.gather(doc, template, headings, cells, model)
    agency = find_title(doc)[0] if any(s.required_for for s in template.sections) else None
    bodies: list[tuple[str, str]] = []  # (section name, body) in order, for copies
    results: list[SectionResult] = []
    for spec in template.sections:
        required = _required(spec, agency)
        mapped_ids = {i for i, h in enumerate(headings) if h.level == 1 and h.section_id == spec.id}
        mapped = [headings[i] for i in sorted(mapped_ids)]
        has_table = any(
            any(c.id.startswith(p) for p in spec.table_blocks) and c.semantic != "EMPTY"
            for c in cells
        )
        if mapped:
            # signatures, dates and page furniture are not what a section says
            idx = [i for i in ev.under(mapped_ids) if not is_furniture(ev.segments[i].text)]
            raw = "".join(ev.segments[i].text for i in idx)
            body = substance(raw)
            status, cov, reason = _assess_body(spec, body, has_table, raw)
            if status == "covered" and not has_table and body and not reason:
                copied = next((n for n, b in bodies if overlap(body, b) >= COPY_MIN), None)
                if copied and len(body) >= COPY_MIN_CHARS:
                    status, cov, reason = "thin", 0.3, f"正文与“{copied}”部分基本相同"
                elif ev.result is not None and idx and required:
                    # optional items overlap the overview too much to overrule a heading
                    names = {s.id: s.name for s in template.sections}
                    status, cov, reason = _model_check(ev, spec, idx, body, names)
                elif ev.result is not None and idx:
                    cov = round(0.6 + 0.4 * ev.support(idx, spec.id), 3)
            if spec.id == "overview" and (promoted := ev_mod.promoted_subtopics(ev)):
                reason = (reason + "；" if reason else "") + (
                    "总体情况的子项被编为一级标题：" + "、".join(promoted)
                )
            bodies.append((spec.name, body))
            span = (mapped[0].span[0], mapped[-1].body_span[1])
            results.append(
                _result(spec, required, mapped[0].text, span, cov, status, reason + note)
            )
        elif has_table:
            results.append(
                _result(spec, required, None, None, 0.8, "covered", "由统计表相应部分覆盖" + note)
            )
        elif (found := ev_mod.headless(ev, spec, inside_others=not required)) is not None and (
            not required or _free_segment(ev, headings, found[0], spec.id)
        ):
            results.append(_headless_result(spec, required, ev, found, 0.9, "下的内容已说明"))
        elif (found := ev_mod.headless_sentence(ev, model, spec, template)) is not None:
            results.append(_headless_result(spec, required, ev, found, 0.8, "下有一句已说明"))
        elif (mention := _mention(ev, spec)) is not None:
            results.append(
                _result(
                    spec,
                    required,
                    None,
                    mention,
                    0.6,
                    "covered",
                    "无单独标题，正文其他部分已说明" + note,
                )
            )
        else:
            results.append(
                _result(
                    spec,
                    required,
                    None,
                    None,
                    0.0,
                    "missing",
                    "未找到对应标题或表格内容" + missing_note,
                )
            )
    return results
