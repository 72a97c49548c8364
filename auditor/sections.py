"""Headings of the narrative and the section each one belongs to.

Reports number their headings 一、二、… (level 1) and （一）（二）… (level 2); "一是/二是"
enumerations are paragraph structure, not headings. A level-1 heading is mapped to a
template section by the section's patterns (data, see templates/data/sections_*.toml);
one heading may name two sections ("政府信息公开行政复议、行政诉讼情况" is one section,
"收费及复议诉讼" would be two) and several headings may map to one section.
"""

from __future__ import annotations

import re

from auditor.model import Document, Heading, Span
from auditor.tables import cn_number
from auditor.templates import Template

_LEVEL1 = re.compile(
    r"^[ \t]*(?P<num>[一二三四五六七八九十]{1,3})\s*[、.．]\s*(?P<title>[^\n]{1,80})", re.M
)
_LEVEL2 = re.compile(
    r"^[ \t]*[（(](?P<num>[一二三四五六七八九十]{1,3})[)）]\s*(?P<title>[^\n]{1,80})", re.M
)
_LEVEL3 = re.compile(
    r"(?:^|(?<=[。；;！!？?\n]))[ \t]*(?P<num>[一二三四五六七八九十]{1,3})是(?P<title>[^。；;\n]{1,60})",
    re.M,
)
_SENTENCE_END = re.compile(r"[。；;！!？?]")
# Run-on text (crawler output, one line per page): a heading starts after a space, a
# full stop or a closing quote, and its title ends at a space, a sub-heading or one of
# the words that close headings.
_INLINE1 = re.compile(
    r"(?<![\u4e00-\u9fff第])(?P<num>[一二三四五六七八九十]{1,2})\s*、\s*(?=(?P<rest>[^\n]{2,60}))"
)
_TITLE_END = re.compile(r"\s|[（(][一二三四五六七八九十]|[。；]|(?<=[\u4e00-\u9fff])(?=\d{4}\s*年)")
_TITLE_WORD_END = re.compile(r"(?:情况|事项|概述|概况|问题|措施|计划|安排|说明|附表|统计表|工作)")
LONG_LINE = 400


def _heading_title(raw: str) -> str:
    """Cut an inline heading ("（一）严格公开流程。进一步明确…") at its first full stop."""
    m = _SENTENCE_END.search(raw)
    title = raw[: m.start()] if m else raw
    return title.strip().rstrip("。：:")


def _in_spans(pos: int, spans: list[Span]) -> bool:
    return any(s <= pos < e for s, e in spans)


def _has_long_lines(text: str) -> bool:
    return any(len(line) > LONG_LINE for line in text.split("\n"))


def _inline_title(rest: str) -> str:
    m = _TITLE_END.search(rest)
    title = rest[: m.start()] if m else rest
    if len(title) > 24:
        ends = list(_TITLE_WORD_END.finditer(rest, 2, 32))
        title = rest[: ends[-1].end()] if ends else ""
    return title.strip()


def _names_section(title: str) -> bool:
    return bool(re.search(r"情况|事项|问题|概述", title)) and len(title) <= 24


def _inline_headings(text: str, table_spans: list[Span]) -> list[tuple[int, int, int, str]]:
    """Level-1 headings inside long lines, numbered in sequence (一、 二、 三、 …)."""
    found: list[tuple[int, int, int, str]] = []
    expected = 1
    for m in _INLINE1.finditer(text):
        if _in_spans(m.start(), table_spans):
            continue
        num = cn_number(m.group("num"))
        if num is None:
            continue
        title = _inline_title(m.group("rest"))
        if len(title) < 2 or (num not in (expected, expected + 1) and not _names_section(title)):
            continue
        end = m.start("rest") + len(title)
        found.append((m.start(), end, 1, title))
        expected = num + 1
    return found


def map_heading(title: str, template: Template) -> str | None:
    """The section id whose patterns best match a heading title (longest match wins)."""
    best_id, best_len = None, 0
    for spec in template.sections:
        for pat in spec.patterns:
            m = pat.search(title)
            if m and len(m.group(0)) > best_len:
                best_id, best_len = spec.id, len(m.group(0))
    return best_id


def find_headings(
    doc: Document, template: Template, exclude: list[Span] | None = None
) -> list[Heading]:
    """Headings of the narrative in order, with their bodies: level 1 (一、), level 2
    (（一）) and level 3 (一是/二是 enumerated points)."""
    table_spans = [t.span for t in doc.tables] + list(exclude or [])
    found: list[tuple[int, int, int, str]] = []  # start, end, level, title
    expected_next = 1
    for m in _LEVEL1.finditer(doc.text):
        if _in_spans(m.start(), table_spans):
            continue
        num = cn_number(m.group("num"))
        title = _heading_title(m.group("title"))
        if num is None or not title or len(title) > 40:
            continue
        # Headings are numbered in sequence; a stray "三、" inside a sentence is not one,
        # unless its title names a section (converters renumber: two "一、" in a row).
        if (
            num not in (expected_next, expected_next + 1)
            and found
            and not map_heading(title, template)
        ):
            continue
        expected_next = num + 1
        found.append((m.start(), m.start() + len(m.group(0).split("\n")[0]), 1, title))
    if _has_long_lines(doc.text) and len([f for f in found if f[2] == 1]) < 3:
        found = [f for f in found if f[2] != 1] + _inline_headings(doc.text, table_spans)
    for m in _LEVEL2.finditer(doc.text):
        if _in_spans(m.start(), table_spans):
            continue
        title = _heading_title(m.group("title"))
        if title:
            end = m.start() + m.group(0).find(title) + len(title)
            found.append((m.start(), end, 2, title))
    for m in _LEVEL3.finditer(doc.text):
        # "一是…。二是…。": enumerated points inside a section body, kept as level 3
        if _in_spans(m.start(), table_spans):
            continue
        title = m.group("title").strip()
        found.append((m.start(), m.start() + len(m.group(0)), 3, f"{m.group('num')}是{title}"))
    found.sort()
    narrative_end = min((s for s, _ in table_spans), default=len(doc.text))
    headings: list[Heading] = []
    for idx, (start, end, level, title) in enumerate(found):
        nxt = len(doc.text)
        for s2, _e2, lvl2, _t in found[idx + 1 :]:
            if lvl2 <= level:
                nxt = s2
                break
        body_end = min(nxt, narrative_end) if start < narrative_end else nxt
        section_id = map_heading(title, template) if level == 1 else None
        headings.append(Heading(title, (start, end), level, section_id, (end, max(end, body_end))))
    # level-2 headings inherit the section of the level-1 heading they sit under
    current: str | None = None
    for h in headings:
        if h.level == 1:
            current = h.section_id
        elif current is not None:
            h.section_id = current
    return headings
