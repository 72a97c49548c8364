"""The short summary printed after an audit: what a reviewer reads first."""

from __future__ import annotations

from auditor.model import AuditResult

_SEV_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def summary_lines(result: AuditResult, limit: int = 20) -> list[str]:
    d = result.to_dict()
    rep = d["report"]
    s = d["summary"]
    lines = [
        f"{rep['agency'] or '（未识别机关）'} {rep['year'] or '（未识别年度）'} · 格式 {rep['template']}"
        f"（置信度 {rep['template_confidence']:.2f}）",
        f"统计表单元格 {len(d['cells'])} 个 · 正文数字 {len(d['claims'])} 个"
        f"（已关联 {sum(1 for c in d['claims'] if c['indicator'])} 个）· 检查 {s['checks']} 项",
        f"错误 {s['errors']} · 警告 {s['warnings']} · 章节覆盖 {s['coverage'] * 100:.0f}%",
    ]
    failed = [
        k for k in d["checks"] if k["status"] == "fail" and k["severity"] in ("error", "warning")
    ]
    failed.sort(key=lambda k: (k["severity"] != "error", k["rule"]))
    for k in failed[:limit]:
        where = ""
        if k["spans"]:
            where = f"（第 {d['text'].count(chr(10), 0, k['spans'][0][0]) + 1} 行）"
        lines.append(f"  [{_SEV_ZH[k['severity']]}] {k['rule']} {k['message']}{where}")
    if len(failed) > limit:
        lines.append(f"  …另有 {len(failed) - limit} 项，见 JSON/HTML 报告")
    return lines
