"""Paragraph-sized segments of a report's narrative, with their headings cut out.

The classifier reads *segments*, not sections: a section heading can lie (renamed,
merged, renumbered, kept over unrelated text), so the evidence for a section is what the
paragraphs themselves say. A segment is a paragraph: lines that PDF conversion wrapped
are joined back, crawler text (a whole report on one line) is cut at its inline
headings, and anything longer than `MAX_CHARS` is cut into groups of whole sentences,
so that a run-on page and the same report as HTML give comparable units.

Heading titles (levels 1 and 2) are removed from the segment text: the heading is what
the classifier is meant to check, so it must not also be what it reads. Tables (the
document's own, those read from running text, located by their cells, and left-over
table lines) are skipped; signatures, dates and page furniture become segments of their
own so that they never dilute a section's last paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from auditor.coverage_model.substance import is_template_text
from auditor.model import CellValue, Document, Heading, Span

MAX_CHARS = 160  # longer paragraphs are cut into sentence groups of about this size
# without headings, run-on text has no other cuts: smaller groups let the sequence
# decoder find a one-sentence section between its neighbours
HEADLESS_MAX_CHARS = 80
SENTENCE = re.compile(r"[^。；;！!？?]*(?:[。；;！!？?]+[”’」』）)]?|$)")
_FINAL = re.compile(r"[。；;！!？?：:][”’」』）)]?\s*$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_DIGIT = re.compile(r"\d")
_TABLE_WORDS = re.compile(
    r"第二十条第|信息内容|本年新制作数量|本年制发件数|本年处理决定数量|上一年项目数量|结果维持"
    r"|结果纠正|尚未审结|申请人情况|统计指标|计量单位|指标名称|历年累计|单位\s*统计数"
    r"|本年新收|上年结转|本年度办理结果|勾稽关系|自然人|法人或其他组织|商业企业|科研机构"
    r"|复议后起诉|未经复议|行政复议行政诉讼|结转下年度"
)
# a bare answer is content even when it is as short as a table's header fragment
_ANSWER = re.compile(r"^(?:无|暂无|没有|略|不涉及)")
# "平潭综合实验区财政金融局 2020年1月2日 附件下载", "二〇一三年一月二十日", crawler chrome
_TRAILER = re.compile(
    r"(?:\S{0,30}?(?:(?:19|20)\d{2}年\d{1,2}月\d{1,2}日|二[〇○零ＯO一二三四五六七八九]{3}年"
    r"[一二三四五六七八九十]{1,2}月(?:[一二三四五六七八九十]{1,3}日)?))?(?:附件下载|附件[:：]\S*)?$"
)
# "…工作。 平潭综合实验区财政金融局": an agency name closing the last paragraph
_SIGNATURE = re.compile(
    r"(?<=[。；！？])\s*\S{2,30}(?:人民政府|管委会|委员会|局|委|办公室|中心)\s*$"
)
# cells closer than this belong to one table read from running text
_CELL_GAP = 120
_TABLE_LEAD = 80  # a table's title and header words just before its first cell


@dataclass(frozen=True)
class Segment:
    """One paragraph (or sentence group) of the narrative.

    `text` is the segment with heading titles removed; `heading` is the index in the
    heading list of the last level-1 heading before it (None before the first one);
    `lead` is the level-2 heading title that opens the segment, if any.
    """

    span: Span
    text: str
    heading: int | None
    lead: str | None = None


def looks_like_table(text: str) -> bool:
    """A line of a table that no reader turned into cells (header words, runs of digits)."""
    flat = re.sub(r"\s", "", text)
    if not flat or is_trailer(text):
        return False
    if "\t" in text.strip() or len(re.findall(r"\S+", text)) >= 6 and "。" not in text:
        return True
    if "。" in text or "，" in text:
        return len(_TABLE_WORDS.findall(text)) >= 3
    if len(_CJK.findall(flat)) <= 6 and not _ANSWER.match(flat) and not is_template_text(flat):
        return True  # header fragments of a table broken by PDF conversion
    digits = len(_DIGIT.findall(flat))
    return bool(_TABLE_WORDS.search(text)) or digits / len(flat) > 0.25


def is_trailer(text: str) -> bool:
    """Signature, date or attachment line closing a report."""
    flat = re.sub(r"\s", "", text)
    return (
        bool(flat)
        and len(flat) <= 60
        and bool(_TRAILER.fullmatch(flat))
        and ("年" in flat or "附件" in flat)
    )


def table_spans(doc: Document, cells: list[CellValue]) -> list[Span]:
    """Spans to skip: the document's tables and the regions of cells read from text."""
    spans = [t.span for t in doc.tables]
    cell_spans = sorted(
        c.span for c in cells if c.span and not any(s <= c.span[0] < e for s, e in spans)
    )
    regions: list[list[int]] = []
    for s, e in cell_spans:
        if regions and s - regions[-1][1] <= _CELL_GAP:
            regions[-1][1] = max(regions[-1][1], e)
        else:
            regions.append([s, e])
    text = doc.text
    for start, end in regions:
        lead = max(0, start - _TABLE_LEAD)
        cuts = [m.end() for m in re.finditer(r"[。！？\n]", text[lead:start])]
        spans.append((lead + cuts[-1] if cuts else lead, end))
    return sorted(spans)


def _complement(length: int, skip: list[Span]) -> list[Span]:
    out: list[Span] = []
    cursor = 0
    for s, e in sorted(skip):
        if s > cursor:
            out.append((cursor, s))
        cursor = max(cursor, e)
    if cursor < length:
        out.append((cursor, length))
    return out


def _lines(text: str, start: int, end: int) -> list[Span]:
    out = []
    cursor = start
    while cursor < end:
        nl = text.find("\n", cursor, end)
        stop = end if nl < 0 else nl
        if text[cursor:stop].strip():
            out.append((cursor, stop))
        cursor = stop + 1
    return out


def _paragraphs(text: str, start: int, end: int, heading_starts: list[int]) -> list[Span]:
    """Lines cut at inline headings, wrapped lines joined back into paragraphs."""
    pieces: list[tuple[int, int, bool]] = []  # start, end, starts at a heading
    for ls, le in _lines(text, start, end):
        cuts = [ls] + [p for p in heading_starts if ls < p < le] + [le]
        for a, b in zip(cuts, cuts[1:], strict=False):
            pieces.append((a, b, a in heading_starts))
    out: list[list[int]] = []
    joinable = False
    for a, b, at_heading in pieces:
        chunk = text[a:b]
        table = looks_like_table(chunk)
        if out and joinable and not at_heading and not table and not is_trailer(chunk):
            out[-1][1] = b
        else:
            out.append([a, b])
        # a line cut short by the page width (no final punctuation) continues below
        joinable = not table and not _FINAL.search(chunk) and len(chunk.strip()) >= 12
    return [(a, b) for a, b in out]


def _sentence_groups(text: str, start: int, end: int, limit: int = MAX_CHARS) -> list[Span]:
    """Whole sentences of [start, end) in groups of about `limit`; table lines dropped,
    a trailing signature or date kept apart."""
    sentences: list[Span] = []
    for m in SENTENCE.finditer(text, start, end):
        if m.end() > m.start():
            sentences.append((m.start(), m.end()))
        if m.end() >= end:
            break
    # a signature glued after the last full stop ("…事项。 某局 2020年1月2日")
    if sentences:
        s, e = sentences[-1]
        tail = text[s:e]
        m = re.search(r"\s\S{0,30}?\s*(?:(?:19|20)\d{2}年\d{1,2}月\d{1,2}日|附件下载)", tail)
        m = m if m and is_trailer(tail[m.start() :]) else _SIGNATURE.search(tail)
        if m:
            cut = s + m.start()
            sentences[-1:] = [x for x in ((s, cut), (cut, e)) if x[1] > x[0]]
    groups: list[list[int]] = []
    alone = False
    for s, e in sentences:
        chunk = text[s:e]
        if not chunk.strip() or looks_like_table(chunk):
            alone = True
            continue
        trailer = is_trailer(chunk)
        if groups and not alone and not trailer and e - groups[-1][0] <= limit:
            groups[-1][1] = e
        else:
            groups.append([s, e])
        alone = trailer
    return [(s, e) for s, e in groups]


def segment_document(
    doc: Document, headings: list[Heading], skip: list[Span] | None = None
) -> list[Segment]:
    """The narrative's segments in order (see module doc)."""
    text = doc.text
    top = [(i, h) for i, h in enumerate(headings) if h.level == 1]
    limit = MAX_CHARS if len(top) >= 2 else HEADLESS_MAX_CHARS
    titled = [h for h in headings if h.level <= 2]
    heading_starts = sorted({h.span[0] for h in titled})
    out: list[Segment] = []
    for rs, re_ in _complement(len(text), skip or []):
        for ps, pe in _paragraphs(text, rs, re_, heading_starts):
            lead = None
            body_start = ps
            for h in titled:
                if h.span[0] == ps:
                    body_start = max(body_start, min(h.span[1], pe))
                    lead = h.text if h.level == 2 else None
            head_idx = None
            for i, h in top:
                if h.span[0] <= ps:
                    head_idx = i
            for k, (gs, ge) in enumerate(_sentence_groups(text, body_start, pe, limit)):
                seg_text = text[gs:ge].strip()
                if not _CJK.search(seg_text):
                    continue
                out.append(Segment((gs, ge), seg_text, head_idx, lead if k == 0 else None))
    return out
