"""Reading one table cell: number, zero, blank, not-applicable or text.

Blank is not zero (FORMATS.md §7): a blank cell is EMPTY and makes dependent checks
"not assessable"; "/", "-", "—", 不适用 are NA; anything else that is not a number
is TEXT. Numbers may carry thousands separators and a unit suffix (251000元).
"""

from __future__ import annotations

import re

from auditor.ingest.normalize import to_halfwidth
from auditor.model import Semantic

_NA = {"/", "-", "—", "——", "－", "–", "/ ", "不适用", "无此项", "\\", "─"}
_NUMBER = re.compile(
    r"^(?P<sign>[-+])?(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?\s*(?P<unit>万元|元|条|件|次|篇|个|人次|人|项|%)?$"
)


def parse_cell(raw: str) -> tuple[float | int | None, str | None, Semantic]:
    """Return (value, unit suffix, semantic) for the raw text of a cell."""
    text = to_halfwidth(raw).strip().replace(" ", "")
    if not text:
        return None, None, "EMPTY"
    if text in _NA:
        return None, None, "NA"
    m = _NUMBER.match(text)
    if not m:
        return None, None, "TEXT"
    digits = m.group("num").replace(",", "")
    value: float | int
    value = float(f"{digits}.{m.group('frac')}") if m.group("frac") is not None else int(digits)
    if m.group("sign") == "-":
        value = -value
    semantic: Semantic = "ZERO" if value == 0 else "NUMBER"
    return value, m.group("unit"), semantic


def decimals_of(raw: str) -> int:
    """Printed decimal places of a number's text, for tolerance in comparisons."""
    m = re.search(r"\.(\d+)", raw)
    return len(m.group(1)) if m else 0
