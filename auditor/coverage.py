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

_EMPTY_BODIES = re.compile(
    r"^(?:本年度|本年|今年|[我本](?:局|委|办|乡|镇|县|区|市|厅|部|院|单位|机关|中心|政府)){0,2}"
    r"(?:无|暂无|没有|不涉及|略)(?:其他|其它)?(?:需要|需)?(?:报告|说明)?(?:的)?(?:事项|情况|内容)?$"
)
_NOISE = re.compile(r"[\s。，、；：:;,.!！?？“”\"'（）()—-]")
MIN_SUBSTANCE_CHARS = 15


def _substance(body: str) -> str:
    return _NOISE.sub("", body)


def assess_sections(
    doc: Document, template: Template, headings: list[Heading], cells: list[CellValue]
) -> list[SectionResult]:
    results: list[SectionResult] = []
    for spec in template.sections:
        mapped = [h for h in headings if h.level == 1 and h.section_id == spec.id]
        table_cells = [
            c
            for c in cells
            if any(c.id.startswith(p) for p in spec.table_blocks) and c.semantic != "EMPTY"
        ]
        if mapped:
            first = mapped[0]
            body = "".join(_substance(doc.text[h.body_span[0] : h.body_span[1]]) for h in mapped)
            span = (first.span[0], mapped[-1].body_span[1])
            if _EMPTY_BODIES.match(body) or not body:
                if spec.empty_ok:
                    status, cov, reason = "covered", 1.0, "报告称无此类事项"
                elif table_cells:
                    status, cov, reason = "covered", 0.8, "正文称无，统计表已报告该部分数据"
                else:
                    status, cov, reason = "thin", 0.3, f"正文仅为“{body or '（空）'}”"
            elif len(body) < MIN_SUBSTANCE_CHARS and not table_cells:
                status, cov, reason = "thin", 0.5, f"正文仅 {len(body)} 字"
            elif spec.must_mention and not any(w in body for w in spec.must_mention):
                status, cov, reason = (
                    "thin",
                    0.5,
                    "未说明" + "、".join(spec.must_mention[:1]) + "情况",
                )
            else:
                status, cov, reason = "covered", 1.0, ""
            results.append(
                SectionResult(
                    spec.id,
                    spec.name,
                    first.text,
                    span,
                    spec.required,
                    cov,
                    status,
                    reason,
                    spec.optional,
                )
            )  # type: ignore[arg-type]
        elif table_cells:
            results.append(
                SectionResult(
                    spec.id,
                    spec.name,
                    None,
                    None,
                    spec.required,
                    0.8,
                    "covered",
                    "由统计表相应部分覆盖",
                    spec.optional,
                )
            )
        else:
            results.append(
                SectionResult(
                    spec.id,
                    spec.name,
                    None,
                    None,
                    spec.required,
                    0.0,
                    "missing",
                    "未找到对应标题或表格内容",
                    spec.optional,
                )
            )
    return results
