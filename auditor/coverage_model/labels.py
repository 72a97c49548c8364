"""Label sets of the classifier and the weak labels read from headings.

Two families of templates, two label sets: reports under the 2007 Regulations (legacy,
gov2014) list the Art. 32 items and the 统计表 blocks; reports in the 2019/2021 formats
have six fixed sections, and what the old reports said under 回应关切 or 机构建设 they
say inside 总体情况. The same sentence therefore belongs to different sections in the
two families, so each family has its own classifier.

`NONE` is everything that belongs to no section: title, preamble, crawler page chrome,
signature and date, bare "无" answers and template instructions. Weak labels come from
the level-1 heading a segment sits under (mapped to a section id by the template's
patterns); in old-style reports a sub-heading that names one of the statistics blocks or
work-plan items ("（五）回应社会关切情况" under 主动公开) labels its paragraphs. Segments
under a heading that maps to nothing are left unlabelled rather than guessed.
"""

from __future__ import annotations

import re

from auditor.coverage_model.segments import Segment, is_trailer
from auditor.coverage_model.substance import is_empty_answer, is_template_text
from auditor.model import Heading

NONE = "none"
FAMILIES = {"gov2014": "art32", "legacy": "art32", "gov2019": "grid", "gov2021": "grid"}
LABELS = {
    "art32": (
        "overview",
        "active",
        "applications",
        "fees",
        "review_litigation",
        "problems",
        "other",
        "response",
        "org",
        "meetings_training",
        "key_areas",
        "internet_plus",
        "npc_cppcc",
        "plan",
        NONE,
    ),
    "grid": ("overview", "active", "applications", "review_litigation", "problems", "other", NONE),
}
# old-style sub-topics that a level-2 heading may name inside another section
SUBTOPICS = frozenset(
    {"response", "org", "meetings_training", "key_areas", "internet_plus", "npc_cppcc"}
)

# Segments that are never section content, whatever heading they sit under.
_BOILERPLATE = re.compile(
    r"^(?:附件下载$|附件[:：]?\S{0,40}$|当前位置[:：].*|来源[:：].*时间[:：].*"
    r"|(?:标题|发布时间|文号|发布机构|栏目|原文链接|本地目录)[:：].*|页面链接与图片详见.*"
    r"|=+\s*正文\s*=+|正文$|-?\s*\d+\s*-?$|第\s*\d+\s*页.*"
    r"|\S{0,30}(?:人民政府|管委会|委员会|局|委|办公室|办公厅|中心)$)"
)


def is_boilerplate(text: str) -> bool:
    """Signature, date, crawler header, page furniture, bare "无", template text."""
    flat = re.sub(r"\s", "", text)
    return (
        is_trailer(text)
        or bool(_BOILERPLATE.match(flat))
        or is_empty_answer(text)
        or is_template_text(text)
    )


def weak_labels(
    segments: list[Segment], headings: list[Heading], family: str, sub_map=None
) -> list[str | None]:
    """The section each segment sits under (None: unknown).

    `sub_map(title) -> section id | None` maps level-2 titles (art32 family only).
    """
    out: list[str | None] = []
    for seg in segments:
        if is_boilerplate(seg.text) or seg.heading is None:
            out.append(NONE)
            continue
        label = headings[seg.heading].section_id
        if family == "art32" and sub_map is not None:
            sub = _sub_heading(seg, headings)
            mapped = sub_map(sub.text) if sub is not None else None
            if mapped in SUBTOPICS:
                label = mapped
        out.append(label)
    return out


def _sub_heading(seg: Segment, headings: list[Heading]) -> Heading | None:
    """The level-2 heading whose body holds the segment, if any."""
    for h in headings:
        if h.level == 2 and h.span[0] <= seg.span[0] < h.body_span[1]:
            return h
    return None
