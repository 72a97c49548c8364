"""Agency and report year, read from the title.

Titles look like "灵武市白土岗乡2018年政府信息公开工作 年度报告" or
"平潭综合实验区2013年度政府信息公开工作年度报告" (sometimes with 二〇一八年). The
agency is everything before the year; crawler breadcrumbs and 标题: prefixes are
skipped.
"""

from __future__ import annotations

import re

from auditor.cn_numbers import cn_to_int
from auditor.model import Document, Span

_YEAR = r"(?P<year>(?:19|20)\d{2}|[二][〇○零ＯO一二三四五六七八九]{3})"
_TITLE = re.compile(
    r"(?P<agency>[^\n，。：:；;、\"“”《》（）()]{2,40}?)\s*" + _YEAR + r"\s*年\s*度?\s*(?:的)?\s*"
    r"(?:政府)?(?:信息|政务)公开\s*(?:工作)?\s*(?:年\s*度\s*)?(?:报\s*告|年\s*报)"
)
# "2019年上海市人民政府办公厅政府信息公开工作年度报告": the year first
_TITLE_YEAR_FIRST = re.compile(
    _YEAR + r"\s*年\s*度?\s*(?P<agency>[^\n，。：:；;、\"“”《》（）()\d]{2,40}?)\s*"
    r"(?:政府)?(?:信息|政务)公开\s*(?:工作)?\s*(?:年\s*度\s*)?(?:报\s*告|年\s*报)"
)
_TITLE_NO_AGENCY = re.compile(
    _YEAR
    + r"\s*年\s*度?\s*(?:政府)?(?:信息|政务)公开\s*(?:工作)?\s*(?:年\s*度\s*)?(?:报\s*告|年\s*报)"
)
_PREFIXES = re.compile(r"^(?:标题[:：]|当前位置[:：].*?\s)")


def parse_year(s: str) -> int | None:
    return int(s) if s.isdigit() else cn_to_int(s)


def find_title(doc: Document) -> tuple[str | None, int | None, Span | None]:
    """Return (agency, year, span of the title) from the first matching title."""
    head = doc.text[:4000]
    for m in _TITLE.finditer(head):
        agency = _PREFIXES.sub("", m.group("agency")).strip()
        agency = re.sub(r"^(?:关于|印发)", "", agency).strip()
        year = parse_year(m.group("year"))
        if agency and year:
            return agency, year, (m.start(), m.end())
    m = _TITLE_YEAR_FIRST.search(head)
    if m and m.group("agency").strip() not in ("", "度"):
        return m.group("agency").strip(), parse_year(m.group("year")), (m.start(), m.end())
    m = _TITLE_NO_AGENCY.search(head)
    if m:
        return None, parse_year(m.group("year")), (m.start(), m.end())
    return None, None, None
