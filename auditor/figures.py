"""Figures in running text: Arabic numbers with units, approximations, multipliers.

Only figures followed by a unit or counted noun are claims; dates (2018年7月23日),
ordinals (第3次) and identifiers are not. Approximation words (近/约/余/多/以上/超过)
turn a figure into a bound instead of an exact value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from auditor.cn_numbers import cn_to_int
from auditor.model import Span

UNITS = (
    "人次",
    "万元",
    "亿元",
    "公里",
    "千米",
    "平方米",
    "余条",
    "余件",
    "%",
    "个",
    "条",
    "件",
    "次",
    "篇",
    "人",
    "元",
    "起",
    "项",
    "期",
    "场",
    "份",
    "家",
    "户",
    "名",
    "处",
    "宗",
    "批",
    "部",
    "本",
    "册",
    "台",
    "套",
    "天",
    "小时",
)
_UNIT_RE = "|".join(
    re.escape(u) for u in sorted(set(UNITS) - {"余条", "余件"}, key=len, reverse=True)
)
FIGURE = re.compile(
    r"(?P<pre>近|约|超过|逾|达到|达|共计|共)?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"\s*(?P<mult>万|亿)?\s*(?P<post>余|多)?\s*"
    r"(?P<unit>" + _UNIT_RE + r")"
    r"(?P<after>以上|以下|左右)?"
)
_APPROX_PRE = {"近": "about", "约": "about", "超过": "more", "逾": "more"}
_APPROX_POST = {"余": "more", "多": "more", "以上": "more", "左右": "about", "以下": "less"}


@dataclass
class Figure:
    span: Span  # the whole match, number to unit
    number_span: Span
    value: float
    unit: str
    raw: str
    decimals: int
    approx: str | None


CN_FIGURE = re.compile(
    r"(?<![第零〇一二两三四五六七八九十百千万])(?P<num>[零〇一二两三四五六七八九十百千]{1,6})(?P<wan>万)?\s*(?P<post>余|多)?"
    r"(?P<unit>人次|件|条|次|起|个|人|项|场|篇|份|家)(?![是性])"
)
# "一个""一次""一项" are idioms far more often than counts; a lone 一 counts cases only
_ONE_UNITS = {"件", "起", "条", "份"}


def _cn_figures(text: str, start: int, end: int) -> list[Figure]:
    out: list[Figure] = []
    for m in CN_FIGURE.finditer(text, start, end):
        num = m.group("num")
        closes_clause = m.end() >= len(text) or text[m.end()] in "，。；;,！!？?、）)\n"
        if num == "一" and m.group("unit") not in _ONE_UNITS and not closes_clause:
            continue  # "开展一次培训": an idiom, unless the count closes its clause
        value = cn_to_int(num)
        if value is None:
            continue
        if m.group("wan"):
            value *= 10_000
        approx = _APPROX_POST.get(m.group("post") or "")
        out.append(
            Figure(
                (m.start(), m.end()),
                m.span("num"),
                float(value),
                m.group("unit"),
                m.group(0),
                0,
                approx,
            )
        )
    return out


def find_figures(text: str, start: int = 0, end: int | None = None) -> list[Figure]:
    """Every unit-bearing figure in text[start:end], as absolute spans."""
    end = len(text) if end is None else end
    out: list[Figure] = []
    for m in FIGURE.finditer(text, start, end):
        ns, ne = m.span("num")
        before = text[max(0, ns - 1) : ns]
        if before == "第" or (ns > 0 and text[ns - 1].isdigit()):
            continue
        if ns > 1 and text[ns - 1] in ".," and text[ns - 2].isdigit():
            continue  # the tail of a longer number
        if ns > 0 and text[ns - 1].isascii() and text[ns - 1].isalpha():
            continue  # identifiers such as G20, 5G
        raw = m.group("num")
        value = float(raw.replace(",", ""))
        unit = m.group("unit")
        mult = m.group("mult")
        if mult == "万" and unit == "元":
            unit = "万元"
        elif mult == "亿" and unit == "元":
            unit = "亿元"
        elif mult == "万":
            value *= 10_000
        elif mult == "亿":
            value *= 100_000_000
        approx = _APPROX_POST.get(m.group("post") or "") or _APPROX_POST.get(m.group("after") or "")
        approx = approx or _APPROX_PRE.get(m.group("pre") or "")
        decimals = len(raw.split(".")[1]) if "." in raw else 0
        s = ns
        out.append(
            Figure(
                (s, m.end("unit")),
                (ns, ne),
                value,
                unit,
                m.group(0)[s - m.start() :],
                decimals,
                approx,
            )
        )
    out += _cn_figures(text, start, end)
    out.sort(key=lambda f: f.span[0])
    return out
