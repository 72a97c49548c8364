"""Is each section of the template present and does it say something?

This is the heading-based assessment: a section is covered when a heading maps to it
and its body has substance, or (for count sections) when the statistics table reports
its block. The trained classifier of the coverage issue refines this; the output
shape (`SectionResult`) stays the same.
"""

from __future__ import annotations

import re

from auditor.model import CellValue, Document, Heading, SectionResult
from auditor.templates import Template

# "无收费及减免情况" / "未发生行政复议" / "没有…": the report says there was none
_NONE_STATEMENT = re.compile(
    r"^(?:本年度|本年|今年|全年|[我本]\S{0,3})?(?:无|没有|未(?:发生|收取|产生|收到|出现))"
)
_EMPTY_BODIES = re.compile(
    r"^(?:本年度|本年|今年|[我本]|\S{0,6}?(?:政府|局|委|办|乡|镇|县|区|市|厅|部|院|单位|机关|中心)){0,2}"
    r"(?:无|暂无|没有|不涉及|略)(?:其他|其它)?(?:需要|需)?(?:报告|说明)?(?:的)?(?:事项|情况|内容)?$"
)
_NOISE = re.compile(r"[\s。，、；：:;,.!！?？“”\"'（）()—-]")
MIN_SUBSTANCE_CHARS = 15


def _substance(body: str) -> str:
    return _NOISE.sub("", body)


def _mention(doc: Document, spec, headings: list[Heading]):
    """A sentence of the narrative that covers the section without its own heading."""
    if not spec.mention_patterns:
        return None
    start = min((h.span[0] for h in headings if h.level == 1), default=0)
    end = min((t.span[0] for t in doc.tables), default=len(doc.text))
    for pat in spec.mention_patterns:
        m = pat.search(doc.text, start, end)
        if m:
            return (m.start(), m.end())
    return None


def _result(spec, heading: str | None, span, cov: float, status: str, reason: str) -> SectionResult:
    return SectionResult(
        spec.id,
        spec.name,
        heading,
        span,
        spec.required,
        cov,
        status,  # type: ignore[arg-type]
        reason,
        spec.optional,
    )


def _assess_body(spec, body: str, has_table: bool) -> tuple[str, float, str]:
    """Status of a section that has a heading, from what its body says."""
    says_none = spec.empty_ok and len(body) < 40 and bool(_NONE_STATEMENT.match(body))
    if not body or _EMPTY_BODIES.match(body) or says_none:
        if spec.empty_ok:
            return "covered", 1.0, "报告称无此类事项"
        if has_table:
            return "covered", 0.8, "正文称无，统计表已报告该部分数据"
        return "thin", 0.3, f"正文仅为“{body or '（空）'}”"
    if len(body) < MIN_SUBSTANCE_CHARS and not has_table:
        return "thin", 0.5, f"正文仅 {len(body)} 字"
    if spec.must_mention and not any(w in body for w in spec.must_mention):
        return "thin", 0.5, f"未说明{spec.must_mention[0]}情况"
    return "covered", 1.0, ""


def assess_sections(
    doc: Document, template: Template, headings: list[Heading], cells: list[CellValue]
) -> list[SectionResult]:
    results: list[SectionResult] = []
    for spec in template.sections:
        mapped = [h for h in headings if h.level == 1 and h.section_id == spec.id]
        has_table = any(
            any(c.id.startswith(p) for p in spec.table_blocks) and c.semantic != "EMPTY"
            for c in cells
        )
        if mapped:
            body = "".join(_substance(doc.text[h.body_span[0] : h.body_span[1]]) for h in mapped)
            span = (mapped[0].span[0], mapped[-1].body_span[1])
            status, cov, reason = _assess_body(spec, body, has_table)
            results.append(_result(spec, mapped[0].text, span, cov, status, reason))
        elif has_table:
            results.append(_result(spec, None, None, 0.8, "covered", "由统计表相应部分覆盖"))
        elif (mention := _mention(doc, spec, headings)) is not None:
            results.append(
                _result(spec, None, mention, 0.6, "covered", "无单独标题，正文其他部分已说明")
            )
        else:
            results.append(_result(spec, None, None, 0.0, "missing", "未找到对应标题或表格内容"))
    return results
