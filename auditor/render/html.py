"""A self-contained HTML audit report for reviewers (Chinese, no external resources).

Every finding lists its evidence as links into the annotated report text below it,
so a reviewer can check each claim where the report makes it.
"""

from __future__ import annotations

from functools import cache
from html import escape
from importlib import resources

from jinja2 import Environment
from markupsafe import Markup

from auditor.checks.registry import load_rules
from auditor.model import AuditResult
from auditor.templates import TEMPLATE_IDS, load_template

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
STATUS_ZH = {"covered": "已覆盖", "thin": "内容单薄", "missing": "缺失"}
SEMANTIC_ZH = {"ZERO": "零", "NUMBER": "数字", "EMPTY": "空白", "NA": "不适用", "TEXT": "文字"}
CLAIM_ZH = {
    "match": "一致",
    "mismatch": "不一致",
    "unlinked": "未关联指标",
    "not_assessable": "无法比对",
}
_SEV_ORDER = {"error": 0, "warning": 1, "info": 2}


def _read(name: str) -> str:
    return resources.files("auditor.render").joinpath(name).read_text(encoding="utf-8")


@cache
def _page_template():
    """The compiled page template (compiling costs more than an audit; batch runs reuse it)."""
    return Environment(autoescape=True).from_string(_read("report.html.j2"))


@cache
def _css() -> Markup:
    return Markup(_read("report.css"))


def _snippet(text: str, start: int, end: int, width: int = 24) -> dict:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    return {
        "start": start,
        "line": text.count("\n", 0, start) + 1,
        "before": text[max(line_start, start - width) : start],
        "text": text[start:end],
        "after": text[end : min(line_end, end + width)],
    }


def _annotate(text: str, marks: list[tuple[int, int, str]]) -> Markup:
    """Wrap spans in <mark> with anchors; overlapping spans keep the first one."""
    marks = sorted(marks, key=lambda m: (m[0], -(m[1] - m[0])))
    out: list[str] = []
    pos = 0
    for start, end, cls in marks:
        if start < pos or end <= start:
            continue
        out.append(escape(text[pos:start]))
        out.append(f'<mark id="off-{start}" class="{cls}">{escape(text[start:end])}</mark>')
        pos = end
    out.append(escape(text[pos:]))
    return Markup("".join(out))


def render_html(result: AuditResult) -> str:
    d = result.to_dict()
    text = d["text"]
    rules = load_rules()
    checks = d["checks"]
    for k in checks:
        k["evidence"] = [_snippet(text, s, e) for s, e in k["spans"]]
    problems = sorted(
        (k for k in checks if k["status"] == "fail"),
        key=lambda k: (_SEV_ORDER[k["severity"]], k["rule"]),
    )
    flagged_spans = {tuple(s) for k in problems for s in k["spans"]}
    flagged_ids = {i for k in problems for i in k["indicators"]}
    marks: list[tuple[int, int, str]] = []
    for c in d["claims"]:
        s, e = c["span"]
        cls = f"claim-{c['status']}" + (" flag" if (s, e) in flagged_spans else "")
        marks.append((s, e, cls))
    for c in d["cells"]:
        span = c["where"].get("span")
        c["line"] = text.count("\n", 0, span[0]) + 1 if span else None
        if span:
            marks.append(
                (span[0], span[1], "cell" + (" flag" if tuple(span) in flagged_spans else ""))
            )
    covered = {(s, e) for s, e, _ in marks}
    for s, e in flagged_spans:
        if (s, e) not in covered:
            marks.append((s, e, "flag"))
    for sec in d["sections"]:
        if sec["span"]:
            marks.append((sec["span"][0], sec["span"][0] + len(sec["heading"] or ""), "heading"))
    tpl_id = d["report"]["template"]
    template_name = load_template(tpl_id).name if tpl_id in TEMPLATE_IDS else "未识别"
    return _page_template().render(
        css=_css(),
        tool=d["tool"],
        source=d["source"],
        report=d["report"],
        summary=d["summary"],
        template_name=template_name,
        counts={
            s: sum(1 for k in checks if k["status"] == s)
            for s in ("pass", "uncertain", "not_assessable")
        },
        problems=problems,
        uncertain=[k for k in checks if k["status"] == "uncertain"],
        not_assessable=[k for k in checks if k["status"] == "not_assessable"],
        passed=[k for k in checks if k["status"] == "pass"],
        sections=d["sections"],
        cells=d["cells"],
        claims=d["claims"],
        flagged_ids=flagged_ids,
        annotated_text=_annotate(text, marks),
        rule_titles={code: r.title for code, r in rules.items()},
        severity_zh=SEVERITY_ZH,
        status_zh=STATUS_ZH,
        semantic_zh=SEMANTIC_ZH,
        claim_zh=CLAIM_ZH,
    )
