"""Text of one table cell whose content came in several lines or paragraphs.

Shared by the DOCX and PDF readers: a label wrapped over two lines ("商业" / "企业")
must read "商业企业", while two Latin or numeric fragments keep a space so that
"1" / "2" never becomes "12".
"""

from __future__ import annotations


def is_cjk(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" or "\u3000" <= ch <= "\u303f"


def join_cell_lines(parts: list[str]) -> str:
    """Join a cell's lines: no space, except between two non-Chinese fragments."""
    text = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if text and not (is_cjk(text[-1]) or is_cjk(part[0])):
            text += " "
        text += part
    return text
