"""index.html: the batch dashboard, one self-contained page (inline CSS, JS and SVG; no
network), rebuilt from the store at the end of every run.

Why server-side rows with data attributes and a few lines of JS: the page must open
from a file share or an e-mail attachment on an offline machine, stay readable with
scripts disabled, and still let a reviewer sort and filter a few thousand reports by
agency, year, severity and rule. The filters live in the address's #fragment
(index.html#rule=X001&year=2023), so a filtered view can be bookmarked or sent on.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html import escape
from urllib.parse import quote

from auditor.batch.series import Series
from auditor.batch.store import Store
from auditor.batch.tables import SummaryRow
from auditor.checks.registry import load_rules

SEV_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


@dataclass
class DashboardData:
    rows: list[SummaryRow]
    findings: dict[str, list[tuple[str, str]]]  # file -> [(rule, severity)]
    cross: list[tuple]  # failed cross-year checks with evidence
    series: list[Series] = field(default_factory=list)
    tool_version: str = ""


def collect(
    store: Store, rows: list[SummaryRow], series: dict[str, Series], version: str
) -> DashboardData:
    """Everything the page shows, read once from the store."""
    files = {r.file for r in rows}
    per_file: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for file, rule, sev in store.db.execute(
        "SELECT file, rule, severity FROM findings"
        " UNION ALL SELECT file, rule, severity FROM cross_checks WHERE status = 'fail'"
    ):
        if file in files:
            per_file[file].append((rule, sev))
    cross = [
        row
        for row in store.db.execute(
            "SELECT file, agency, year, rule, severity, message, evidence FROM cross_checks"
            " WHERE status = 'fail' ORDER BY agency, year, rule, seq"
        )
        if row[0] in files
    ]
    return DashboardData(
        rows=rows,
        findings=per_file,
        cross=cross,
        series=[series[k] for k in sorted(series, key=lambda k: series[k].name)],
        tool_version=version,
    )


def _bar_chart(items: list[tuple[str, int, int]], title: str) -> str:
    """Horizontal bars: label, errors, warnings (stacked)."""
    if not items:
        return ""
    top = max(e + w for _, e, w in items) or 1
    width, bar_h, label_w = 520, 18, 70
    h = len(items) * (bar_h + 6) + 24
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" width="{width}" '
        f'height="{h}" viewBox="0 0 {width} {h}"><title>{escape(title)}</title>'
    ]
    for i, (label, err, warn) in enumerate(items):
        y = 18 + i * (bar_h + 6)
        scale = (width - label_w - 60) / top
        we, ww = err * scale, warn * scale
        parts.append(f'<text x="0" y="{y + 13}">{escape(label)}</text>')
        if err:
            parts.append(
                f'<rect class="e" x="{label_w}" y="{y}" width="{we:.1f}" height="{bar_h}"/>'
            )
        if warn:
            parts.append(
                f'<rect class="w" x="{label_w + we:.1f}" y="{y}" width="{ww:.1f}" '
                f'height="{bar_h}"/>'
            )
        parts.append(f'<text x="{label_w + we + ww + 4:.1f}" y="{y + 13}">{err + warn}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _year_chart(counts: Counter[int]) -> str:
    """Vertical bars: reports per year."""
    if not counts:
        return ""
    years = sorted(counts)
    top = max(counts.values())
    bw, gap, h = 26, 6, 160
    width = len(years) * (bw + gap) + 10
    parts = [
        f'<svg class="chart" role="img" aria-label="各年度报告数" width="{width}" '
        f'height="{h + 30}" viewBox="0 0 {width} {h + 30}"><title>各年度报告数</title>'
    ]
    for i, y in enumerate(years):
        bh = counts[y] / top * (h - 20)
        x = 5 + i * (bw + gap)
        parts.append(
            f'<rect class="y" x="{x}" y="{h - bh:.1f}" width="{bw}" height="{bh:.1f}"/>'
            f'<text x="{x + bw / 2}" y="{h - bh - 3:.1f}" text-anchor="middle">{counts[y]}</text>'
            f'<text x="{x + bw / 2}" y="{h + 14}" text-anchor="middle" class="s">{y}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:1.5em;
color:#222;line-height:1.45}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ccc;padding:3px 7px;
font-size:.92em;vertical-align:top}th{background:#f1f3f6;cursor:pointer;user-select:none}
th.sorted-asc::after{content:" ▲"}th.sorted-desc::after{content:" ▼"}
td.n{text-align:right}tr.failed td{background:#fff1f0}.err{color:#b00020;font-weight:bold}
.warn{color:#8a5a00}.muted{color:#777}.filters{display:flex;flex-wrap:wrap;gap:.8em;
align-items:center;background:#f8f8f8;padding:.6em;border:1px solid #ddd}
.charts{display:flex;flex-wrap:wrap;gap:2em}.chart text{font-size:11px;fill:#333}
.chart .s{font-size:10px}rect.e{fill:#c62828}rect.w{fill:#f0a202}rect.y{fill:#3f6fb5}
details{margin:.3em 0}figure{margin:0}figcaption{font-size:.85em;color:#555}blockquote{margin:.2em 0 .2em 1em;padding-left:.6em;
border-left:3px solid #ccc;font-size:.9em}.pair{margin:.4em 0}
"""

JS = """
(function(){
var tb=document.querySelector('#reports tbody');if(!tb)return;
var rows=Array.prototype.slice.call(tb.rows);
var f={agency:document.getElementById('f-agency'),year:document.getElementById('f-year'),
sev:document.getElementById('f-sev'),rule:document.getElementById('f-rule')};
var shown=document.getElementById('shown');
function apply(){var a=f.agency.value.trim(),y=f.year.value,s=f.sev.value,r=f.rule.value,n=0;
rows.forEach(function(tr){var ok=true;
if(a&&tr.dataset.agency.indexOf(a)<0&&tr.dataset.file.indexOf(a)<0)ok=false;
if(ok&&y&&tr.dataset.year!==y)ok=false;
if(ok&&s==='failed'&&tr.dataset.status!=='failed')ok=false;
if(ok&&(r||(s&&s!=='failed'))){var t=tr.dataset.rs.split(' ');ok=t.some(function(x){
var p=x.split(':');return (!r||p[0]===r)&&(!s||s==='failed'||p[1]===s);});}
tr.style.display=ok?'':'none';if(ok)n++;});shown.textContent=n;}
function save(){var q=Object.keys(f).filter(function(k){return f[k].value;}).map(
function(k){return k+'='+encodeURIComponent(f[k].value);}).join('&');
history.replaceState(null,'',q?'#'+q:location.pathname+location.search);}
location.hash.replace(/^#/,'').split('&').forEach(function(kv){var p=kv.split('=');
if(p.length===2&&f[p[0]])f[p[0]].value=decodeURIComponent(p[1]);});
['input','change'].forEach(function(ev){Object.keys(f).forEach(function(k){
f[k].addEventListener(ev,function(){apply();save();});});});
document.getElementById('f-reset').addEventListener('click',function(){
Object.keys(f).forEach(function(k){f[k].value='';});apply();save();});
var ths=document.querySelectorAll('#reports thead th');
Array.prototype.forEach.call(ths,function(th,i){th.addEventListener('click',function(){
var asc=!th.classList.contains('sorted-asc');
Array.prototype.forEach.call(ths,function(h){h.classList.remove('sorted-asc','sorted-desc');});
th.classList.add(asc?'sorted-asc':'sorted-desc');var num=th.dataset.num==='1';
rows.sort(function(x,y){var a=x.cells[i].dataset.v,b=y.cells[i].dataset.v;
if(num){a=parseFloat(a);b=parseFloat(b);a=isNaN(a)?-1:a;b=isNaN(b)?-1:b;}
var c=a<b?-1:a>b?1:0;return asc?c:-c;});
rows.forEach(function(tr){tb.appendChild(tr);});});});
apply();})();
"""


def _cell(text: object, sort: object = None, cls: str = "") -> str:
    v = text if sort is None else sort
    c = f' class="{cls}"' if cls else ""
    return f'<td{c} data-v="{escape(str(v if v is not None else ""))}">{text}</td>'


def _evidence(evidence: str) -> str:
    if not evidence:
        return ""
    try:
        data = json.loads(evidence)
    except ValueError:
        return ""
    pairs = data.get("pairs") or []
    if not pairs:
        return ""
    items = []
    for p in pairs:
        other = p.get("previous", p.get("other", ""))
        items.append(
            f'<div class="pair"><blockquote>{escape(p.get("this", ""))}</blockquote>'
            f"<blockquote>{escape(other)}</blockquote></div>"
        )
    return f"<details><summary>雷同句子（{len(pairs)} 对）</summary>{''.join(items)}</details>"


def render_dashboard(data: DashboardData) -> str:
    rules = load_rules()
    rows = data.rows
    ok_rows = [r for r in rows if r.status == "ok"]
    failed = [r for r in rows if r.status != "ok"]
    rule_counts: dict[tuple[str, str], int] = Counter()
    rule_reports: dict[str, set[str]] = defaultdict(set)
    for file, items in data.findings.items():
        for rule, sev in items:
            rule_counts[(rule, sev)] += 1
            rule_reports[rule].add(file)
    errors = sum(n for (_, s), n in rule_counts.items() if s == "error")
    warnings = sum(n for (_, s), n in rule_counts.items() if s == "warning")
    years = sorted({r.year for r in ok_rows if r.year is not None})
    used_rules = sorted(rule_reports)

    out = [
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>批量审核总览（{len(rows)} 份）</title><style>{CSS}</style></head><body>",
        "<h1>政府信息公开工作年度报告 · 批量审核总览</h1>",
        f"<p>共 {len(rows)} 份文件：审核完成 {len(ok_rows)} 份，失败 {len(failed)} 份；"
        f'<span class="err">错误 {errors} 条</span>，<span class="warn">警告 {warnings} 条</span>'
        f"（含跨年度检查）。工具版本 {escape(data.tool_version)}。"
        "明细：findings.csv、indicators.csv、audit.xlsx。</p>",
    ]
    by_rule = []
    for rule in used_rules:
        e, w = rule_counts.get((rule, "error"), 0), rule_counts.get((rule, "warning"), 0)
        if e or w:
            by_rule.append((rule, e, w))
    unique_years = Counter(r.year for r in ok_rows if r.year is not None and not r.duplicate_of)
    out.append('<div class="charts">')
    out.append(
        "<figure>"
        + _bar_chart(by_rule, "各规则问题数（红：错误，黄：警告）")
        + "<figcaption>各规则问题数（红：错误，黄：警告）</figcaption></figure>"
    )
    out.append(
        "<figure>"
        + _year_chart(unique_years)
        + "<figcaption>各年度报告数（同一机关同一年度的重复文件只计一次）</figcaption></figure>"
    )
    out.append("</div>")

    # filters and the report table
    agencies = sorted({r.agency for r in rows if r.agency})
    out.append('<h2>报告列表</h2><div class="filters">')
    out.append(
        '<label>机关 <input id="f-agency" list="agencies" placeholder="名称或文件"></label>'
        '<datalist id="agencies">'
        + "".join(f'<option value="{escape(a)}">' for a in agencies)
        + "</datalist>"
    )
    out.append(
        '<label>年度 <select id="f-year"><option value="">全部</option>'
        + "".join(f'<option value="{y}">{y}</option>' for y in years)
        + "</select></label>"
    )
    out.append(
        '<label>严重程度 <select id="f-sev"><option value="">全部</option>'
        '<option value="error">有错误</option><option value="warning">有警告</option>'
        '<option value="info">有提示</option><option value="failed">审核失败</option>'
        "</select></label>"
    )
    out.append(
        '<label>规则 <select id="f-rule"><option value="">全部</option>'
        + "".join(
            f'<option value="{r}">{r} {escape(rules[r].title) if r in rules else ""}</option>'
            for r in used_rules
        )
        + "</select></label>"
    )
    out.append(
        f'<button id="f-reset" type="button">重置</button>'
        f'<span>显示 <b id="shown">{len(rows)}</b> / {len(rows)}</span></div>'
    )
    heads = [
        ("机关", 0), ("年度", 1), ("模板", 0), ("错误", 1), ("警告", 1), ("跨年度", 1),
        ("覆盖率", 1), ("文件", 0), ("状态", 0),
    ]  # fmt: skip
    out.append('<table id="reports"><thead><tr>')
    out += [f'<th data-num="{n}">{h}</th>' for h, n in heads]
    out.append("</tr></thead><tbody>")
    for r in rows:
        rs = " ".join(sorted({f"{rule}:{sev}" for rule, sev in data.findings.get(r.file, [])}))
        attrs = (
            f'data-agency="{escape(r.agency)}" data-year="{r.year or ""}" '
            f'data-file="{escape(r.file)}" data-status="{r.status}" data-rs="{escape(rs)}"'
        )
        if r.status == "ok":
            link = f'<a href="reports/{quote(r.name)}.html">{escape(r.file)}</a>'
            status = "完成" if not r.duplicate_of else f"完成（重复，见 {escape(r.duplicate_of)}）"
            cov = f"{r.coverage:.0%}" if r.coverage is not None else ""
        else:
            link, status, cov = escape(r.file), f"失败：{escape(r.reason)}", ""
        out.append(
            f'<tr class="{"" if r.status == "ok" else "failed"}" {attrs}>'
            + _cell(escape(r.agency or "（未识别）"), r.agency)
            + _cell(r.year or "", r.year or "", "n")
            + _cell(escape(r.template), r.template)
            + _cell(r.errors, cls="n err" if r.errors else "n")
            + _cell(r.warnings, cls="n warn" if r.warnings else "n")
            + _cell(r.cross_year, cls="n")
            + _cell(cov, r.coverage if r.coverage is not None else "", "n")
            + _cell(link, r.file)
            + _cell(status, r.status)
            + "</tr>"
        )
    out.append("</tbody></table>")

    # counts per rule
    out.append("<h2>各规则问题数</h2><table><thead><tr><th>规则</th><th>名称</th>")
    out.append(
        "<th>类别</th><th>严重程度</th><th>问题数</th><th>涉及报告数</th></tr></thead><tbody>"
    )
    for (rule, sev), n in sorted(rule_counts.items()):
        meta = rules.get(rule)
        out.append(
            f"<tr><td>{rule}</td><td>{escape(meta.title) if meta else ''}</td>"
            f"<td>{escape(meta.category) if meta else ''}</td><td>{SEV_ZH.get(sev, sev)}</td>"
            f'<td class="n">{n}</td><td class="n">{len(rule_reports[rule])}</td></tr>'
        )
    out.append("</tbody></table>")

    # agency series
    out.append("<h2>机关年度系列</h2><table><thead><tr><th>机关</th><th>年度</th>")
    out.append("<th>缺失年度</th><th>重复文件</th></tr></thead><tbody>")
    for s in data.series:
        missing = "、".join(str(y) for y in s.missing)
        dups = "<br>".join(escape(d.file) for d in sorted(s.duplicates, key=lambda d: d.file))
        out.append(
            f"<tr><td>{escape(s.name)}</td><td>{'、'.join(str(y) for y in sorted(s.years))}</td>"
            f'<td class="{"warn" if missing else ""}">{missing or "无"}</td><td>{dups}</td></tr>'
        )
    out.append("</tbody></table>")

    # cross-year findings
    out.append("<h2>跨年度与跨报告问题</h2>")
    if not data.cross:
        out.append("<p>无。</p>")
    else:
        out.append("<table><thead><tr><th>机关</th><th>年度</th><th>规则</th><th>严重程度</th>")
        out.append("<th>说明</th><th>文件</th></tr></thead><tbody>")
        by_name = {r.file: r.name for r in rows}
        for file, agency, year, rule, sev, message, evidence in data.cross:
            link = escape(file)
            if file in by_name:
                link = f'<a href="reports/{quote(by_name[file])}.html">{escape(file)}</a>'
            out.append(
                f"<tr><td>{escape(agency or '')}</td><td>{year or ''}</td><td>{rule}</td>"
                f"<td>{SEV_ZH.get(sev, sev)}</td><td>{escape(message)}{_evidence(evidence)}</td>"
                f"<td>{link}</td></tr>"
            )
        out.append("</tbody></table>")

    # failed items
    out.append(f"<h2>审核失败的文件（{len(failed)}）</h2>")
    if failed:
        out.append("<table><thead><tr><th>文件</th><th>原因</th></tr></thead><tbody>")
        out += [f"<tr><td>{escape(r.file)}</td><td>{escape(r.reason)}</td></tr>" for r in failed]
        out.append("</tbody></table>")
    else:
        out.append("<p>无。</p>")
    out.append(f"<script>{JS}</script></body></html>")
    return "\n".join(out)
