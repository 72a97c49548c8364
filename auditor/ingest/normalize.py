"""Character normalisation that keeps every offset mappable to the original.

Reports mix full-width and half-width digits (１２２条 vs 122条), ideographic spaces,
CRLF line ends and invisible editor characters (U+200B from UEditor, BOMs). The
auditor works on one normalised text; `source_offsets` maps each of its characters
back to the decoded original so that evidence can point into the file a reviewer has.
"""

from __future__ import annotations

# Full-width forms that carry meaning for numbers and units; Chinese punctuation
# (，。：；（）) is kept as written because headings and quotes are shown to reviewers.
_FULLWIDTH_RANGES = [
    (0xFF10, 0xFF19),  # ０-９
    (0xFF21, 0xFF3A),  # Ａ-Ｚ
    (0xFF41, 0xFF5A),  # ａ-ｚ
]
_FULLWIDTH_SINGLES = {
    "％": "%",
    "．": ".",
    "＋": "+",
    "－": "-",
    "／": "/",
    "＜": "<",
    "＞": ">",
    "＝": "=",
}
_SPACES = {"\u3000": " ", "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u202f": " "}
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}


def _build_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for lo, hi in _FULLWIDTH_RANGES:
        for code in range(lo, hi + 1):
            table[chr(code)] = chr(code - 0xFEE0)
    table.update(_FULLWIDTH_SINGLES)
    table.update(_SPACES)
    return table


_MAP = _build_table()


def normalize_text(raw: str) -> tuple[str, list[int]]:
    """Return the normalised text and, for each of its characters, the original offset.

    Line ends become "\\n"; invisible characters are dropped; full-width digits,
    letters and number signs become ASCII. Every kept character maps 1:1, so the
    offset list is exact.
    """
    out: list[str] = []
    offsets: list[int] = []
    i = 0
    n = len(raw)
    while i < n:
        ch = raw[i]
        if ch == "\r":
            out.append("\n")
            offsets.append(i)
            if i + 1 < n and raw[i + 1] == "\n":
                i += 2
            else:
                i += 1
            continue
        if ch in _INVISIBLE:
            i += 1
            continue
        out.append(_MAP.get(ch, ch))
        offsets.append(i)
        i += 1
    return "".join(out), offsets


def to_halfwidth(s: str) -> str:
    """Normalise a short string (a label, a cell) the same way as the document text."""
    return "".join(_MAP.get(ch, ch) for ch in s if ch not in _INVISIBLE)
