"""What makes a section body say nothing: empty answers, template instructions, copies.

Shared by the weak labeller (such segments are labelled `none`: they carry no topic)
and by the coverage decision (a heading over such a body is *thin*, unless the section
accepts "无" as a complete answer).
"""

from __future__ import annotations

import re

# "无" / "暂无" / "本年度无其他需要报告的事项" / "我局没有…情况" / "略"
EMPTY_BODY = re.compile(
    r"^(?:本年度|本年|今年|[我本]|\S{0,6}?(?:政府|局|委|办|乡|镇|县|区|市|厅|部|院|单位|机关|中心)){0,2}"
    r"(?:无|暂无|没有|不涉及|略)(?:其他|其它)?(?:需要|需)?(?:报告|说明)?(?:的)?(?:事项|情况|内容)?$"
)
# "无收费及减免情况" / "未发生行政复议": the report says there was none
NONE_STATEMENT = re.compile(
    r"^(?:本年度|本年|今年|全年|[我本]\S{0,3})?(?:无|没有|未(?:发生|收取|产生|收到|出现))"
)
# instructions of the official blank template left in: "（文字描述）", "（此处填写…）"
TEMPLATE_TEXT = re.compile(
    r"^[（(](?:文字描述|此处|请|填写|填报|示例|[^）)]{0,30}(?:填写|填报))[^）)]{0,60}[）)]$"
    r"|^文字描述|^(?:此处|请)(?:填写|填报|描述|在此)|^(?:XX|××|某某|＊＊|\*\*)\S{0,10}$"
)
_NOISE = re.compile(r"[\s。，、；：:;,.!！?？“”\"'（）()—-]")


def substance(text: str) -> str:
    """The text without spaces and punctuation: what a body actually says."""
    return _NOISE.sub("", text)


def is_empty_answer(text: str) -> bool:
    """A bare "无" / "暂无…" / "略" with no topic of its own."""
    return bool(EMPTY_BODY.match(substance(text)))


def is_template_text(text: str) -> bool:
    """An instruction of the blank template, not report content."""
    return bool(TEMPLATE_TEXT.match(re.sub(r"\s", "", text)))


def shingles(text: str, n: int = 3) -> set[str]:
    flat = substance(text)
    return {flat[i : i + n] for i in range(max(1, len(flat) - n + 1))}


def overlap(a: str, b: str) -> float:
    """Share of a's character trigrams found in b (1.0: a is copied from b)."""
    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / len(sa) if sa else 0.0
