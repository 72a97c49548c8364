"""Render one report in five formats with the same content.

- text: title, narrative, tables as tab-separated lines (the seed's layout); merged
  cells print once, their other positions are empty fields;
- HTML: a government-site page (nav, breadcrumb, article in a content div), tables
  with real rowspan/colspan, numbers sometimes in <span>, sometimes with &nbsp;;
- Markdown: pipe tables, the first grid row as header, merged labels repeated;
- DOCX: python-docx tables merged with cell.merge like the official blank form;
- PDF: laid out page by page with ruled, merged tables (`pdf_writer.to_pdf`).
Writers draw their cosmetic variation from the report's seed: same report, same bytes.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import random

from auditor.synth.layout import Grid, build_grids
from auditor.synth.model import SynthReport
from auditor.synth.phrases import BREADCRUMB, NAV_ITEMS

FORMATS = ("text", "html", "markdown", "docx", "pdf")
EXTENSIONS = {"text": "txt", "html": "html", "markdown": "md", "docx": "docx", "pdf": "pdf"}
_ALIASES = {"txt": "text", "md": "markdown", "htm": "html"}


def _placed(report: SynthReport) -> tuple[dict[str, list[Grid]], list[Grid]]:
    """Grids by the section they follow, and grids printed after the narrative."""
    by_section: dict[str, list[Grid]] = {}
    tail: list[Grid] = []
    for g in build_grids(report):
        if g.section:
            by_section.setdefault(g.section, []).append(g)
        else:
            tail.append(g)
    return by_section, tail


def _paragraphs(body: str) -> list[str]:
    return [p for p in body.split("\n") if p.strip()]


# --- text --------------------------------------------------------------------------------


def to_text(report: SynthReport) -> str:
    """Plain text like a copied or PDF-exported report (tables tab-separated)."""
    by_section, tail = _placed(report)
    lines = [report.title, ""]
    if report.preamble:
        lines += [report.preamble, ""]
    for sid, heading, body in report.sections:
        lines += [heading, ""]
        for p in _paragraphs(body):
            lines += [p, ""]
        for g in by_section.get(sid, []):
            lines += ["\t".join(row) for row in g.matrix(repeat=False)] + [""]
    for g in tail:
        if g.caption:
            lines += [g.caption, ""]
        lines += ["\t".join(row) for row in g.matrix(repeat=False)] + [""]
    return "\n".join(lines)


# --- markdown ----------------------------------------------------------------------------


def _md_table(g: Grid) -> list[str]:
    m = g.matrix(repeat=True)
    out = ["| " + " | ".join(m[0]) + " |", "|" + "---|" * g.n_cols]
    out += ["| " + " | ".join(c if c else " " for c in row) + " |" for row in m[1:]]
    return out


def to_markdown(report: SynthReport) -> str:
    """Markdown with pipe tables; merged header and row-group labels are repeated."""
    by_section, tail = _placed(report)
    lines = [f"# {report.title}", ""]
    if report.preamble:
        lines += [report.preamble, ""]
    for sid, heading, body in report.sections:
        lines += [f"## {heading}", ""]
        for p in _paragraphs(body):
            lines += [p, ""]
        for g in by_section.get(sid, []):
            lines += [*_md_table(g), ""]
    for g in tail:
        if g.caption:
            lines += [g.caption, ""]
        lines += [*_md_table(g), ""]
    return "\n".join(lines)


# --- html --------------------------------------------------------------------------------


def _html_cell_text(text: str, rng: random.Random) -> str:
    """A cell's content as real pages spell it: sometimes <span>, sometimes &nbsp;."""
    if not text:
        return "&nbsp;" if rng.random() < 0.5 else ""
    out = html.escape(text)
    if rng.random() < 0.3:
        out = f'<span style="font-family:仿宋_GB2312;font-size:14pt;">{out}</span>'
    if rng.random() < 0.15:
        out = "&nbsp;" + out if rng.random() < 0.5 else out + "&nbsp;"
    return out


def _html_table(g: Grid, rng: random.Random) -> str:
    rows = []
    for row in g.rows():
        tds = []
        for c in row:
            attrs = ""
            if c.rowspan > 1:
                attrs += f' rowspan="{c.rowspan}"'
            if c.colspan > 1:
                attrs += f' colspan="{c.colspan}"'
            align = ' style="text-align:center;"' if c.header or c.indicator else ""
            tds.append(f"<td{attrs}{align}><p>{_html_cell_text(c.text, rng)}</p></td>")
        rows.append("<tr>" + "".join(tds) + "</tr>")
    return (
        '<table border="1" cellspacing="0" cellpadding="0" '
        'style="border-collapse:collapse;width:100%;">\n<tbody>\n'
        + "\n".join(rows)
        + "\n</tbody>\n</table>"
    )


def to_html(report: SynthReport) -> str:
    """A realistic government page: navigation, breadcrumb, article, tables with spans."""
    rng = random.Random(f"{report.seed}:html")
    h_tag = rng.choice(("strong", "h3", "b"))
    indent = ' style="text-indent:2em;"' if rng.random() < 0.6 else ""
    by_section, tail = _placed(report)
    esc = html.escape

    def heading(text: str) -> str:
        if h_tag == "h3":
            return f"<h3>{esc(text)}</h3>"
        return f"<p{indent}><{h_tag}>{esc(text)}</{h_tag}></p>"

    body: list[str] = []
    if report.preamble:
        body.append(f"<p{indent}>{esc(report.preamble)}</p>")
    for sid, head, text in report.sections:
        body.append(heading(head))
        body += [f"<p{indent}>{esc(p)}</p>" for p in _paragraphs(text)]
        body += [_html_table(g, rng) for g in by_section.get(sid, [])]
    for g in tail:
        if g.caption:
            body.append(f'<p style="text-align:center;"><strong>{esc(g.caption)}</strong></p>')
        body.append(_html_table(g, rng))
    site = report.agency
    nav = "".join(f'<li><a href="/{k}/">{esc(n)}</a></li>' for k, n in enumerate(NAV_ITEMS))
    crumbs = " &gt; ".join(f'<a href="/c{k}/">{esc(n)}</a>' for k, n in enumerate(BREADCRUMB))
    pub = f"{report.year + 1}-01-{10 + report.seed % 18:02d}"
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="ArticleTitle" content="{esc(report.title)}">
<meta name="PubDate" content="{pub}">
<title>{esc(report.title)}_政府信息公开年报_{esc(site)}</title>
</head>
<body>
<div class="header"><div class="site-name">{esc(site)}</div></div>
<div class="nav"><ul>{nav}</ul></div>
<div class="breadcrumb">当前位置：{crumbs}</div>
<div class="content">
<h1 class="article-title">{esc(report.title)}</h1>
<div class="article-info">发布时间：{pub}　来源：{esc(site)}</div>
<div class="TRS_Editor" id="zoom">
{chr(10).join(body)}
</div>
</div>
<div class="footer">主办单位：{esc(site)}　版权所有</div>
</body>
</html>
"""


# --- docx --------------------------------------------------------------------------------


def _docx_table(doc, g: Grid) -> None:
    """Fill the origin cells, then merge spans (python-docx keeps the non-empty text).

    Cells are reached through the row/cell XML directly: `Table.cell` rebuilds the whole
    cell list on every call, which made a 表三 take seconds.
    """
    from docx.table import _Cell

    table = doc.add_table(rows=g.n_rows, cols=g.n_cols)
    table.style = "Table Grid"
    tcs = [list(tr.tc_lst) for tr in table._tbl.tr_lst]
    for c in g.cells:
        _Cell(tcs[c.row][c.col], table).text = c.text
    for c in g.cells:
        if c.rowspan > 1 or c.colspan > 1:
            last = tcs[c.row + c.rowspan - 1][c.col + c.colspan - 1]
            _Cell(tcs[c.row][c.col], table).merge(_Cell(last, table))


def to_docx(report: SynthReport, path: str) -> None:
    """A Word document: title, headings, paragraphs, tables merged like the official form."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    rng = random.Random(f"{report.seed}:docx")
    styled_headings = rng.random() < 0.5
    doc = Document()
    props = doc.core_properties
    props.title = report.title
    props.author = report.agency
    stamp = dt.datetime(report.year + 1, 1, 15, 9, 0, 0)
    props.created = props.modified = stamp
    props.last_modified_by = report.agency
    props.revision = 1
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(report.title).bold = True
    by_section, tail = _placed(report)
    if report.preamble:
        doc.add_paragraph(report.preamble)
    for sid, heading, body in report.sections:
        if styled_headings:
            doc.add_heading(heading, level=2)
        else:
            doc.add_paragraph().add_run(heading).bold = True
        for p in _paragraphs(body):
            doc.add_paragraph(p)
        for g in by_section.get(sid, []):
            _docx_table(doc, g)
    for g in tail:
        if g.caption:
            cap = doc.add_paragraph()
            cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
            cap.add_run(g.caption).bold = True
        _docx_table(doc, g)
    doc.save(path)


# --- files -------------------------------------------------------------------------------


def normalise_format(fmt: str) -> str:
    fmt = _ALIASES.get(fmt.lower(), fmt.lower())
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {FORMATS}")
    return fmt


def file_name(report: SynthReport, fmt: str) -> str:
    """A stable ASCII name: template, year, seed and defect kinds."""
    kinds = "-".join(d.kind for d in report.defects) or "clean"
    return f"synth_{report.template}_{report.year}_{report.seed}_{kinds}.{EXTENSIONS[fmt]}"


def write(report: SynthReport, fmt: str, directory: str) -> str:
    """Write `report` as `fmt` into `directory`; return the file's path."""
    fmt = normalise_format(fmt)
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, file_name(report, fmt))
    if fmt == "docx":
        to_docx(report, path)
        return path
    if fmt == "pdf":
        from auditor.synth.pdf_writer import to_pdf

        to_pdf(report, path)
        return path
    render = {"text": to_text, "html": to_html, "markdown": to_markdown}[fmt]
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(render(report))
    return path
