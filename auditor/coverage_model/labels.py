"""Label sets of the classifier and the weak labels read from headings.

Two families of templates, two label sets: reports under the 2007 Regulations (legacy,
gov2014) list the Art. 32 items and the 统计表 blocks; reports in the 2019/2021 formats
have six fixed sections, and what the old reports said under 回应关切 or 机构建设 they
say inside 总体情况. The same sentence therefore belongs to different sections in the
two families, so each family has its own classifier.

`NONE` is everything that belongs to no section: title, preamble, crawler page chrome,
signature and date, bare "无" answers and template instructions. Weak labels come from
the level-1 heading a segment sits under (mapped to a section id by the template's
patterns). Sub-headings are not used: a sub-heading naming a topic ("（一）着力加强公开解读
回应工作") often heads paragraphs on many others, and would teach the model noise; the few
sub-sections that really are another item are relabelled by hand (data/hard_cases.jsonl).
Segments under a heading that maps to nothing are left unlabelled rather than guessed.
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
        NONE,
    ),
    "grid": ("overview", "active", "applications", "review_litigation", "problems", "other", NONE),
}
# Sections read as another one: a 下一年度工作计划 is the 改进措施 half of 存在的主要问题及改进
# 情况 in every report we have (the seed has both headings, the others only the latter).
FOLD = {"plan": "problems"}

# Segments that are never section content, whatever heading they sit under.
_BOILERPLATE = re.compile(
    r"^(?:附件下载$|附件[:：]?\S{0,40}$|当前位置[:：].*|来源[:：].*时间[:：].*"
    r"|(?:标题|发布时间|文号|发布机构|栏目|原文链接|本地目录)[:：].*|页面链接与图片详见.*"
    r"|=+\s*正文\s*=+|正文$|-?\s*\d+\s*-?$|第\s*\d+\s*页.*"
    r"|\S{0,30}(?:人民政府|管委会|委员会|局|委|办公室|办公厅|中心)$)"
)


def is_furniture(text: str) -> bool:
    """Signature, date, crawler header or page furniture: never what a section says."""
    return is_trailer(text) or bool(_BOILERPLATE.match(re.sub(r"\s", "", text)))


def is_boilerplate(text: str) -> bool:
    """Furniture, a bare "无" or a template instruction: names no section (label none)."""
    return is_furniture(text) or is_empty_answer(text) or is_template_text(text)


def weak_labels(segments: list[Segment], headings: list[Heading]) -> list[str | None]:
    """The section each segment sits under, by its level-1 heading (None: unknown)."""
    out: list[str | None] = []
    for seg in segments:
        if is_boilerplate(seg.text) or seg.heading is None:
            out.append(NONE)
        else:
            sid = headings[seg.heading].section_id
            out.append(FOLD.get(sid, sid) if sid else None)
    return out
